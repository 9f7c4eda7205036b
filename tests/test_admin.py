"""The editors' admin, driven through its real forms: login, edits, history, revert, conflicts."""

from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.test import Client
from django.urls import reverse

from foundation.models import (
    Citation,
    Event,
    EventParticipant,
    Figure,
    Membership,
    Organisation,
    Person,
    Source,
    Statement,
    Status,
    Verification,
)
from foundation.roles import EDITOR_GROUP
from tests.admin_forms import form_data, login_form_data

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-passphrase"


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def history_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])


def changelist_url(model):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def logged_in(user, password=PASSWORD):
    """A browser-like client that logs in through the admin login form, CSRF enforced."""
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("admin:login"))
    data = login_form_data(page)
    data.update(username=user.get_username(), password=password)
    response = client.post(reverse("admin:login"), data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    return client


def errors_of(response):
    """Every error on an admin form page: {field or '__all__': [messages]}."""
    found = {}
    form = response.context["adminform"].form
    for name, errors in form.errors.items():
        found.setdefault(name, []).extend(errors)
    for inline in response.context.get("inline_admin_formsets", []):
        for index, errors in enumerate(inline.formset.errors):
            for name, messages in errors.items():
                found.setdefault(f"{inline.formset.prefix}-{index}-{name}", []).extend(messages)
        found.setdefault("__all__", []).extend(inline.formset.non_form_errors())
    return {name: messages for name, messages in found.items() if messages}


# The one field each model's edit changes, and the value it takes.
EDITS = {
    Source: ("publisher", "Edited publisher"),
    Citation: ("note", "Edited note"),
    Organisation: ("name_en", "Edited organisation name"),
    Person: ("sort_name", "Edited, Sort"),
    Membership: ("role_en", "edited role"),
    Event: ("title_en", "Edited event title"),
    EventParticipant: ("role", "other"),
    Statement: ("text_en", "Edited translation of the statement."),
    Figure: ("scope_en", "edited scope"),
}


@pytest.fixture
def editor_browser(editor):
    return logged_in(editor)


@pytest.mark.parametrize("model", list(EDITS), ids=lambda model: model.__name__)
def test_editor_changes_a_record_of_each_model_and_history_names_them(
    seed, editor, editor_browser, model
):
    obj = model.objects.order_by("pk").first()
    field, value = EDITS[model]
    page = editor_browser.get(change_url(obj))
    assert page.status_code == HTTPStatus.OK
    data = form_data(page)
    assert field in data, sorted(data)
    data[field] = value

    response = editor_browser.post(change_url(obj), data)

    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    obj.refresh_from_db()
    assert getattr(obj, field) == value
    latest = obj.history.first()
    assert latest.history_user == editor
    assert getattr(latest, field) == value
    history_page = editor_browser.get(history_url(obj))
    assert history_page.status_code == HTTPStatus.OK
    assert editor.get_username() in history_page.content.decode()
