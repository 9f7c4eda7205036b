"""Each editor's own API token, in the admin (foundation/admin/tokens.py).

An editor creates a token, sees its key once, writes to the API with it, rotates it (the old
key stops working), revokes it; nobody reaches another user's token through the page; the key
never reaches a log or a later page; every change is a POST with a CSRF token.
"""

import json
import logging
from http import HTTPStatus

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from foundation.models import Organisation, Status
from foundation.roles import EDITOR_GROUP
from tests.admin_forms import form_data

# The Chromium fixture (`browser`) and helpers of the admin's own CSP test.
from tests.test_security_csp_browser import browser, log_in, violations, visit  # noqa: F401

pytestmark = pytest.mark.django_db

PAGE = "admin:token"
SLUG = "token-test-org"


@pytest.fixture(autouse=True)
def clear_throttles():
    cache.clear()  # the API's throttle counters live in the cache


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(
        slug=SLUG, name="Token Test Org", kind="company", status=Status.PUBLISHED
    )


def new_user(username, *, staff=True, group=EDITOR_GROUP, **extra):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", "a-long-test-passphrase", is_staff=staff, **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def signed_in(user):
    """A signed-in browser that must send the CSRF token, as a real one does."""
    client = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def press(client, form_id):
    """Submit one of the page's forms as the browser would, CSRF token included."""
    page = client.get(reverse(PAGE))
    assert page.status_code == HTTPStatus.OK
    return client.post(reverse(PAGE), form_data(page, form_id))


def shown_key(response):
    """The key the page shows once (its read-only field), or None."""
    assert response.status_code == HTTPStatus.OK, response.content[:500]
    return response.context["new_key"]


def api_write(key):
    """A PATCH under If-Match with this key: the status of the write (or of the read)."""
    client = APIClient()
    if key is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    url = reverse("api:organisation-detail", args=[SLUG])
    read = client.get(url)
    if read.status_code != HTTPStatus.OK:
        return read.status_code
    response = client.patch(
        url, {"website": "https://example.org/"}, format="json", HTTP_IF_MATCH=read["ETag"]
    )
    return response.status_code


def test_an_editor_creates_a_token_sees_it_once_and_writes_with_it(editor, organisation):
    client = signed_in(editor)
    assert "create-form" in client.get(reverse(PAGE)).content.decode()

    created = press(client, "create-form")

    key = shown_key(created)
    assert key == Token.objects.get(user=editor).key
    assert key in created.content.decode()
    assert created["Cache-Control"].count("no-store") == 1
    assert api_write(key) == HTTPStatus.OK
    assert Organisation.objects.get(slug=SLUG).website == "https://example.org/"
    # Afterwards the page says a token exists, when it was made and how its key ends; no more.
    later = client.get(reverse(PAGE))
    page = later.content.decode()
    assert key not in page
    assert later.context["new_key"] is None
    assert f"<code>{key[-4:]}</code>" in page
    assert key[:-4] not in page
    assert "rotate-form" in page and "revoke-form" in page and "create-form" not in page


def test_rotating_gives_a_new_key_once_and_the_old_one_stops_working(editor, organisation):
    client = signed_in(editor)
    old = shown_key(press(client, "create-form"))

    rotated = press(client, "rotate-form")

    new = shown_key(rotated)
    assert new != old
    assert Token.objects.get(user=editor).key == new
    assert "Your previous key no longer works." in rotated.content.decode()
    assert api_write(old) == HTTPStatus.UNAUTHORIZED
    assert api_write(new) == HTTPStatus.OK
    assert new not in client.get(reverse(PAGE)).content.decode()


def test_revoking_deletes_the_token_and_its_key_stops_working(editor, organisation):
    client = signed_in(editor)
    key = shown_key(press(client, "create-form"))

    revoked = press(client, "revoke-form")

    assert revoked.status_code == HTTPStatus.FOUND
    assert revoked["Location"] == reverse(PAGE)
    assert not Token.objects.filter(user=editor).exists()
    assert api_write(key) == HTTPStatus.UNAUTHORIZED
    page = client.get(reverse(PAGE)).content.decode()
    assert "Your API token was revoked" in page
    assert "create-form" in page and "rotate-form" not in page


def test_an_action_that_does_not_fit_the_state_changes_nothing(editor):
    client = signed_in(editor)
    page = client.get(reverse(PAGE))
    csrf = form_data(page, "create-form")["csrfmiddlewaretoken"]
    for action in ("rotate", "revoke"):
        response = client.post(reverse(PAGE), {"csrfmiddlewaretoken": csrf, "action": action})
        assert response.status_code == HTTPStatus.FOUND
        assert not Token.objects.filter(user=editor).exists()
    key = shown_key(press(client, "create-form"))

    again = client.post(reverse(PAGE), {"csrfmiddlewaretoken": csrf, "action": "create"})

    assert again.status_code == HTTPStatus.FOUND
    assert Token.objects.get(user=editor).key == key
    assert "You already have an API token" in client.get(reverse(PAGE)).content.decode()
    unknown = client.post(reverse(PAGE), {"csrfmiddlewaretoken": csrf, "action": "steal"})
    assert unknown.status_code == HTTPStatus.BAD_REQUEST
    assert Token.objects.get(user=editor).key == key


def test_a_second_editor_can_neither_see_nor_change_the_first_editors_token(editor):
    first_key = shown_key(press(signed_in(editor), "create-form"))
    first = Token.objects.get(user=editor)
    second = new_user("second-editor")
    client = signed_in(second)

    # The page shows the second editor's state only: no token, nothing of the first's.
    page = client.get(reverse(PAGE), {"user": editor.pk, "username": editor.get_username()})
    assert page.context["token"] is None
    assert first_key[-4:] not in page.content.decode()
    csrf = form_data(page, "create-form")["csrfmiddlewaretoken"]
    # Naming the first editor, their token or their key anywhere in a request changes nothing
    # of theirs: rotate and revoke find no token of the second editor's, create makes one.
    names_the_first = {
        "user": editor.pk,
        "user_id": editor.pk,
        "username": editor.get_username(),
        "key": first_key,
        "token": first_key,
        "pk": first_key,
    }
    for action in ("rotate", "revoke", "create"):
        data = {"csrfmiddlewaretoken": csrf, "action": action, **names_the_first}
        response = client.post(
            reverse(PAGE) + f"?user={editor.pk}", data, HTTP_AUTHORIZATION=f"Token {first_key}"
        )
        assert response.status_code in {HTTPStatus.OK, HTTPStatus.FOUND}
        assert first_key not in response.content.decode()
        assert Token.objects.get(user=editor).key == first_key
    assert Token.objects.get(user=editor).created == first.created
    assert Token.objects.get(user=second).key != first_key
    # No address names a user; the superusers' Tokens admin and the user pages stay closed.
    for url in (
        f"{reverse(PAGE)}{editor.pk}/",
        f"{reverse(PAGE)}{first_key}/",
        reverse("admin:authtoken_tokenproxy_changelist"),
        reverse("admin:authtoken_tokenproxy_change", args=[editor.pk]),
        reverse("admin:authtoken_tokenproxy_delete", args=[editor.pk]),
        reverse("admin:auth_user_change", args=[editor.pk]),
        reverse("admin:auth_user_history", args=[editor.pk]),
    ):
        response = client.get(url)
        assert response.status_code in {HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND}, url
        if first_key not in url:  # a 404 page repeats the address it was asked for
            assert first_key not in response.content.decode()
    assert api_write(first_key) != HTTPStatus.UNAUTHORIZED


def test_the_key_never_reaches_a_log_and_each_change_is_logged(editor, caplog):
    caplog.set_level(logging.DEBUG)
    client = signed_in(editor)

    keys = [shown_key(press(client, "create-form")), shown_key(press(client, "rotate-form"))]
    press(client, "revoke-form")

    for key in keys:
        assert key not in caplog.text
        assert key[-4:] not in caplog.text
    security = [r.getMessage() for r in caplog.records if r.name == "foundation.security"]
    changes = [message for message in security if message.startswith("api-token")]
    assert changes == [
        f"api-token {action} user={editor.get_username()} ip=127.0.0.1"
        for action in ("create", "rotate", "revoke")
    ]
    # The admin's log, on the user's history: what happened, never the key.
    entries = LogEntry.objects.filter(user=editor).order_by("pk")
    assert [entry.get_change_message() for entry in entries] == [
        "Added Token “editor-test”.",
        "Changed Key for Token “editor-test”.",
        "Deleted Token “editor-test”.",
    ]
    stored = json.dumps(list(entries.values()), default=str)
    assert not any(key in stored or key[-4:] in stored for key in keys)


def test_changes_need_the_csrf_token(editor):
    client = signed_in(editor)
    client.get(reverse(PAGE))  # the CSRF cookie is set; the form's token is not sent

    response = client.post(reverse(PAGE), {"action": "create"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Token.objects.filter(user=editor).exists()
    shown_key(press(client, "create-form"))
    key = Token.objects.get(user=editor).key
    for action in ("rotate", "revoke"):
        assert client.post(reverse(PAGE), {"action": action}).status_code == 403
    assert Token.objects.get(user=editor).key == key


def test_changes_are_post_only(editor):
    client = signed_in(editor)

    assert client.get(reverse(PAGE), {"action": "create"}).status_code == HTTPStatus.OK
    csrf = client.cookies["csrftoken"].value
    for method in ("put", "patch", "delete"):
        response = getattr(client, method)(
            reverse(PAGE),
            "action=create",
            content_type="application/x-www-form-urlencoded",
            HTTP_X_CSRFTOKEN=csrf,
        )
        assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED, method
    assert not Token.objects.filter(user=editor).exists()


@pytest.mark.parametrize("role", ["anonymous", "reader", "inactive editor"])
def test_anonymous_non_staff_and_inactive_users_are_sent_to_the_login(role, reader):
    user = {
        "anonymous": None,
        "reader": reader,
        "inactive editor": new_user("inactive-editor", is_active=False),
    }[role]
    client = Client()  # CSRF aside: the login comes first (test_changes_need_the_csrf_token)
    if user is not None:
        client.force_login(user)

    for response in (client.get(reverse(PAGE)), client.post(reverse(PAGE), {"action": "create"})):
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("admin:login"))
    assert not Token.objects.exists()


def test_staff_who_cannot_write_content_get_403_and_no_link(organisation):
    viewer = new_user("content-viewer", group=None)
    viewer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client = Client(headers={"accept-language": "en"})  # CSRF aside: refused before that
    client.force_login(viewer)

    assert client.get(reverse(PAGE)).status_code == HTTPStatus.FORBIDDEN
    assert client.post(reverse(PAGE), {"action": "create"}).status_code == HTTPStatus.FORBIDDEN
    assert not Token.objects.exists()
    assert reverse(PAGE) not in client.get(reverse("admin:index")).content.decode()


def test_editors_and_superusers_find_the_page_in_the_user_tools(editor, admin_user):
    for user in (editor, admin_user):
        index = signed_in(user).get(reverse("admin:index")).content.decode()
        assert f'<a href="{reverse(PAGE)}">API token</a>' in index


def test_superusers_keep_the_tokens_admin_and_their_own_page(admin_user, editor):
    Token.objects.create(user=editor)
    client = signed_in(admin_user)

    assert client.get(reverse("admin:authtoken_tokenproxy_changelist")).status_code == 200
    created = press(client, "create-form")

    assert shown_key(created) == Token.objects.get(user=admin_user).key
    assert Token.objects.count() == 2


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_page_works_under_the_content_security_policy(request, live_server, editor):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    chromium = request.getfixturevalue("browser")
    log_in(chromium, live_server, editor)
    chromium.find_element(By.CSS_SELECTOR, f"#user-tools a[href='{reverse(PAGE)}']").click()
    chromium.find_element(By.CSS_SELECTOR, "#create-form [type=submit]").click()

    # The click submits a form: wait for the page that shows the new key.
    shown = (
        WebDriverWait(chromium, 10)
        .until(lambda driver: driver.find_elements(By.ID, "new-token-key"))[0]
        .get_attribute("value")
    )
    assert shown == Token.objects.get(user=editor).key
    assert violations(chromium) == []
    assert visit(chromium, live_server, reverse(PAGE)) == []
    assert shown not in chromium.page_source
