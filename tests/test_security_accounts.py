"""Accounts: password rules, the login throttle, session rotation, security event logging."""

import logging
from datetime import timedelta
from http import HTTPStatus

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-passphrase"


@pytest.fixture
def login_url():
    return reverse("admin:login")


def attempt_login(client, login_url, username, password, ip="203.0.113.7"):
    return client.post(
        login_url,
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip,
    )


# --- Password rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "complaint"),
    [
        ("Tr0ub4dor&3", "at least 12 characters"),
        ("password1234", "too common"),
        ("384920175638", "entirely numeric"),
        ("editor-test-2026", "too similar"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(editor, password, complaint):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        validate_password(password, user=editor)
    assert any(complaint in message for message in refused.value.messages)


def test_a_long_uncommon_passphrase_is_accepted(editor):
    validate_password("copper kettle under the stairs", user=editor)


def test_admin_password_change_enforces_the_rules(editor):
    form = AdminPasswordChangeForm(editor, {"password1": "short1", "password2": "short1"})
    assert not form.is_valid()
    assert "password2" in form.errors


# --- Login throttle ---------------------------------------------------------------------------


def test_failed_logins_are_throttled_per_user_and_ip_with_429(client, editor, login_url):
    for _ in range(settings.LOGIN_FAILURES_ALLOWED):
        response = attempt_login(client, login_url, editor.username, "wrong password!")
        assert response.status_code == HTTPStatus.OK  # the form again, with its error
    # The (N+1)th try is refused.
    response = attempt_login(client, login_url, editor.username, "wrong password!")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    # The next try is refused even with the right password, and says when to come back.
    response = attempt_login(client, login_url, editor.username, PASSWORD)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert "_auth_user_id" not in client.session


def test_lockout_does_not_spill_to_other_users_or_addresses(client, editor, reader, login_url):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt_login(client, login_url, editor.username, "wrong password!")
    assert attempt_login(client, login_url, editor.username, PASSWORD).status_code == 429
    # Same user from another address, another user from the same address: both still get in.
    response = attempt_login(client, login_url, editor.username, PASSWORD, ip="198.51.100.9")
    assert response.status_code == HTTPStatus.FOUND
    client.logout()
    reader.is_staff = True
    reader.save()
    response = attempt_login(client, login_url, reader.username, "a-long-pw-1")
    assert response.status_code == HTTPStatus.FOUND


def test_lockout_lifts_after_the_cool_off(client, editor, login_url):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt_login(client, login_url, editor.username, "wrong password!")
    assert attempt_login(client, login_url, editor.username, PASSWORD).status_code == 429
    past = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=past)
    response = attempt_login(client, login_url, editor.username, PASSWORD)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("admin:index")


def test_a_success_resets_the_failure_count(client, editor, login_url):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt_login(client, login_url, editor.username, "wrong password!")
    assert attempt_login(client, login_url, editor.username, PASSWORD).status_code == 302
    client.logout()
    response = attempt_login(client, login_url, editor.username, "wrong password!")
    assert response.status_code == HTTPStatus.OK


# --- Sessions ---------------------------------------------------------------------------------


def test_login_rotates_the_session_key(client, editor, login_url):
    session = client.session
    session["probe"] = "before login"
    session.save()
    before = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = before
    response = attempt_login(client, login_url, editor.username, PASSWORD)
    assert response.status_code == HTTPStatus.FOUND
    after = response.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not SessionStore().exists(before)  # a fixed session cannot be reused


def test_logout_ends_the_session_on_the_server(client, editor, login_url):
    attempt_login(client, login_url, editor.username, PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK
    response = client.post(reverse("admin:logout"))
    assert response.status_code == HTTPStatus.OK
    assert not SessionStore().exists(key)
    # A copy of the old cookie is worth nothing now.
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    response = client.get(reverse("admin:index"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("admin:login"))


# --- Security event log -----------------------------------------------------------------------


def security_records(caplog):
    return [r for r in caplog.records if r.name == "foundation.security"]


def test_logins_and_failures_are_logged_with_user_ip_and_time_never_the_password(
    client, editor, login_url, caplog
):
    caplog.set_level(logging.INFO, logger="foundation.security")
    attempt_login(client, login_url, editor.username, "my-secret-wrong-guess", ip="203.0.113.7")
    attempt_login(client, login_url, editor.username, PASSWORD, ip="203.0.113.7")
    client.post(reverse("admin:logout"), REMOTE_ADDR="203.0.113.7")
    messages = [r.getMessage() for r in security_records(caplog)]
    assert f"login-failed user={editor.username} ip=203.0.113.7" in messages
    assert f"login user={editor.username} ip=203.0.113.7" in messages
    assert f"logout user={editor.username} ip=203.0.113.7" in messages
    assert all(r.created > 0 for r in security_records(caplog))
    for text in [caplog.text, *messages]:
        assert "my-secret-wrong-guess" not in text
        assert PASSWORD not in text


def test_forbidden_and_throttled_answers_are_logged(client, editor, login_url, caplog):
    caplog.set_level(logging.INFO, logger="foundation.security")
    client.force_login(editor)
    # Editors have no rights on user accounts: the admin answers 403.
    response = client.get(reverse("admin:auth_user_changelist"), REMOTE_ADDR="192.0.2.4")
    assert response.status_code == HTTPStatus.FORBIDDEN
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt_login(client, login_url, "someone", "wrong password!", ip="192.0.2.5")
    messages = [r.getMessage() for r in security_records(caplog)]
    assert (
        f"denied status=403 user={editor.username} ip=192.0.2.4 method=GET "
        f"path={reverse('admin:auth_user_changelist')}" in messages
    )
    assert f"denied status=429 user=anonymous ip=192.0.2.5 method=POST path={login_url}" in (
        messages
    )
    assert "wrong password!" not in caplog.text


def test_tokens_in_query_strings_never_reach_the_log(client, caplog):
    caplog.set_level(logging.INFO, logger="foundation.security")
    client.get(reverse("admin:auth_user_changelist") + "?token=sekrit-token-value")
    client.get("/api/v1/?access_token=sekrit-token-value", HTTP_AUTHORIZATION="Token sekrit-2")
    assert "sekrit" not in caplog.text


def test_the_user_model_never_stores_plain_passwords(editor):
    stored = get_user_model().objects.get(pk=editor.pk).password
    assert PASSWORD not in stored
