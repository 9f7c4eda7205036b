"""Each save can carry a reason, shown in the record's history; a revert says which version
it went back to. In the French admin, as a French editor reads it."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from foundation.models import Organisation
from tests.admin_forms import form_data, login_form_data
from tests.test_admin import PASSWORD, change_url, errors_of, history_url

pytestmark = pytest.mark.django_db


def french_browser(user):
    client = Client(enforce_csrf_checks=True, headers={"accept-language": "fr"})
    page = client.get(reverse("admin:login"))
    data = {**login_form_data(page), "username": user.get_username(), "password": PASSWORD}
    assert client.post(reverse("admin:login"), data).status_code == HTTPStatus.FOUND
    return client


def test_a_reason_given_on_save_is_shown_in_the_history(seed, editor):
    browser = french_browser(editor)
    record = Organisation.objects.get(slug="pytorch-foundation")
    page = browser.get(change_url(record))
    assert "Motif de la modification" in page.content.decode()
    data = {**form_data(page), "name_en": "The PyTorch Foundation"}
    data["change_reason"] = "Nom anglais d’après le communiqué"

    saved = browser.post(change_url(record), data)

    assert saved.status_code == HTTPStatus.FOUND, errors_of(saved)
    assert record.history.first().history_change_reason == "Nom anglais d’après le communiqué"
    history = browser.get(history_url(record)).content.decode()
    assert "Nom anglais d’après le communiqué" in history


def test_a_revert_says_which_version_it_restored(seed, editor):
    browser = french_browser(editor)
    record = Organisation.objects.get(slug="pytorch-foundation")
    first = record.history.first()
    page = browser.get(change_url(record))
    browser.post(change_url(record), {**form_data(page), "name_en": "A wrong name"})

    revert_url = reverse(
        "admin:foundation_organisation_simple_history", args=[record.pk, first.history_id]
    )
    revert_page = browser.get(revert_url)
    reverted = browser.post(revert_url, form_data(revert_page), follow=True)

    assert reverted.status_code == HTTPStatus.OK
    said = [str(message) for message in reverted.context["messages"]]
    assert f"fiche rétablie à la version {first.version}." in " ".join(said), said
    record.refresh_from_db()
    assert record.name_en == first.name_en
    assert record.history.first().history_change_reason == (
        f"Rétablie à la version {first.version}"
    )
    history = browser.get(history_url(record)).content.decode()
    assert f"Rétablie à la version {first.version}" in history
