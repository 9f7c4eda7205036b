"""One write path (foundation.services) for the admin and the API: the same rules, the same
version checks, inline rows included, under two real concurrent writers."""

import threading
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from foundation import services
from foundation.models import EditConflict, Membership, Organisation, Verification
from foundation.roles import EDITOR_GROUP
from tests.admin_forms import form_data

MEMBERSHIP = "amd-board-pytorch-foundation"


def admin_url(obj):
    return reverse(f"admin:foundation_{obj._meta.model_name}_change", args=[obj.pk])


def new_editor(name):
    user = get_user_model().objects.create_user(name, password="a-long-test-passphrase")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    return user


def inline_row(page, membership):
    """(form data, the prefix of the membership's row) on its organisation's change form."""
    data = form_data(page)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for index, form in enumerate(formset.forms):
            if formset.model is Membership and form.instance.pk == membership.pk:
                return data, f"{formset.prefix}-{index}"
    raise AssertionError("the membership is not on its organisation's form")


def organisation_form_edit(user, membership, role):
    """A browser that opened the organisation's form and changed the membership's row."""
    browser = Client(headers={"accept-language": "en"})
    browser.force_login(user)
    organisation = membership.organisation
    data, row = inline_row(browser.get(admin_url(organisation)), membership)
    data[f"{row}-role_en"] = role
    return lambda: browser.post(admin_url(organisation), data)


def membership_form_edit(user, membership, role):
    browser = Client(headers={"accept-language": "en"})
    browser.force_login(user)
    data = form_data(browser.get(admin_url(membership)))
    data["role_en"] = role
    return lambda: browser.post(admin_url(membership), data)


def api_edit(user, membership, role):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    url = reverse("api:membership-detail", kwargs={"slug": membership.slug})
    etag = client.get(url)["ETag"]
    return lambda: client.patch(url, {"role_en": role}, format="json", HTTP_IF_MATCH=etag)


def saved(response):
    """An API write answers 200; an admin form redirects (and shows itself again if refused)."""
    if response["Content-Type"].startswith("application/json"):
        return response.status_code == HTTPStatus.OK
    return response.status_code == HTTPStatus.FOUND


def at_once(*writes):
    """Run each write in its own thread (its own database connection), released together."""
    barrier = threading.Barrier(len(writes))
    responses = [None] * len(writes)

    def run(index, write):
        try:
            barrier.wait()
            responses[index] = write()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(writes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("second", [api_edit, membership_form_edit], ids=["api", "membership-form"])
def test_two_editors_change_the_same_membership_at_once_and_exactly_one_is_saved(second):
    call_command("load_seed", verbosity=0)
    membership = Membership.objects.get(slug=MEMBERSHIP)
    first_user, second_user = new_editor("first-editor"), new_editor("second-editor")
    writes = {
        "organisation form": organisation_form_edit(first_user, membership, "by the first"),
        "other": second(second_user, membership, "by the second"),
    }

    responses = dict(zip(writes, at_once(*writes.values()), strict=True))

    outcome = {name: saved(response) for name, response in responses.items()}
    assert sorted(outcome.values()) == [False, True], {
        name: response.status_code for name, response in responses.items()
    }
    winner = "by the first" if outcome["organisation form"] else "by the second"
    membership.refresh_from_db()
    assert membership.role_en == winner
    assert membership.version == 2
    refused = next(responses[name] for name, ok in outcome.items() if not ok)
    if refused.status_code == HTTPStatus.PRECONDITION_FAILED:
        assert "changed since you read it" in refused.json()["detail"]
    else:
        page = refused.content.decode()
        assert refused.status_code == HTTPStatus.OK
        assert "Nothing was saved" in page and "reload the page" in page
    loser = second_user if outcome["organisation form"] else first_user
    assert not membership.history.filter(history_user=loser).exists()


def test_a_stale_membership_row_on_its_organisations_form_is_refused_by_name(seed, editor):
    membership = Membership.objects.get(slug=MEMBERSHIP)
    write = organisation_form_edit(editor, membership, "stale edit")
    other = Membership.objects.get(pk=membership.pk)
    services.save_record(record=other, user=editor, expected_version=other.version)

    response = write()

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "This record was changed by" in page and str(membership.role) in page
    membership.refresh_from_db()
    assert membership.role_en != "stale edit"


def test_an_unchanged_membership_row_does_not_block_its_organisations_form(seed, editor):
    membership = Membership.objects.get(slug=MEMBERSHIP)
    browser = Client()
    browser.force_login(editor)
    organisation = membership.organisation
    data, _row = inline_row(browser.get(admin_url(organisation)), membership)
    # Someone else changes the membership; this editor changes only the organisation.
    other = Membership.objects.get(pk=membership.pk)
    services.save_record(record=other, user=editor, expected_version=other.version)
    data["name_en"] = "PyTorch Foundation (edited)"

    assert browser.post(admin_url(organisation), data).status_code == HTTPStatus.FOUND
    organisation.refresh_from_db()
    assert organisation.name_en == "PyTorch Foundation (edited)"


def test_the_admin_form_and_the_api_record_the_same_checker(seed, editor, editor_client):
    organisation = Organisation.objects.get(slug="amd")
    Organisation.objects.filter(pk=organisation.pk).update(verification=Verification.UNVERIFIED)
    data = form_data(editor_client.get(admin_url(organisation)))
    data["verification"] = "checked"

    response = editor_client.post(admin_url(organisation), data)

    assert response.status_code == HTTPStatus.FOUND
    organisation.refresh_from_db()
    assert organisation.verification == Verification.CHECKED
    assert organisation.verified_by == editor and organisation.verified_at is not None


def test_a_write_with_a_stale_version_changes_nothing(seed, editor):
    organisation = Organisation.objects.get(slug="amd")
    stale = organisation.version
    services.save_record(record=organisation, user=editor, expected_version=stale)
    organisation.name_en = "Overwritten"

    with pytest.raises(EditConflict):
        services.save_record(record=organisation, user=editor, expected_version=stale)

    assert Organisation.objects.get(pk=organisation.pk).name_en != "Overwritten"
