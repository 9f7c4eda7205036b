"""Who may do what, on every surface: one table, exact status codes, drafts kept out of sight.

Roles: an anonymous visitor; an authenticated user without any permission; a staff user
without any permission; an editor (staff, in the Editor group). Each row of the table names a
surface, a method and a target, and the status each role gets, in that order. Rows that read a
list also say whether the draft appears in it.
"""

from dataclasses import dataclass
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from foundation.models import Citation, Event, Organisation, Person, Source, Status

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "reader", "staff", "editor")
DRAFT_SLUG = "secret-draft-consortium"
DRAFT_NAME = "Secret Draft Consortium"
PUBLISHED_SLUG = "pytorch-foundation"
DRAFT_PERSON, DRAFT_EVENT = "secret-draft-person", "secret-draft-event"

OK, CREATED, NO_CONTENT = HTTPStatus.OK, HTTPStatus.CREATED, HTTPStatus.NO_CONTENT
FOUND, NOT_FOUND, FORBIDDEN = HTTPStatus.FOUND, HTTPStatus.NOT_FOUND, HTTPStatus.FORBIDDEN
UNAUTHORIZED, NOT_ALLOWED = HTTPStatus.UNAUTHORIZED, HTTPStatus.METHOD_NOT_ALLOWED
PRECONDITION_REQUIRED = HTTPStatus.PRECONDITION_REQUIRED


@dataclass(frozen=True)
class Row:
    name: str
    surface: str  # "page", "admin" or "api"
    method: str
    target: str  # a URL name, called with slug_arg when set
    slug_arg: str | None
    expected: tuple  # status per role, in ROLES order
    draft_listed: tuple | None = None  # per role: does the draft appear in the body?
    body: dict | None = None
    if_match: bool = True  # writes send the ETag they read
    query: str = ""
    marker: str = DRAFT_SLUG  # what betrays the draft in a body

    def url(self):
        url = reverse(self.target, args=[self.slug_arg] if self.slug_arg else [])
        return url + self.query


NEW_ORGANISATION = {"slug": "matrix-new-org", "name_fr": "Nouvelle", "kind": "company"}

MATRIX = [
    # --- public pages -------------------------------------------------------------------
    Row("page list", "page", "get", "foundation:organisation-list", None, (OK, OK, OK, OK),
        draft_listed=(False, False, False, True)),
    Row("page published detail", "page", "get", "foundation:organisation-detail",
        PUBLISHED_SLUG, (OK, OK, OK, OK)),
    Row("page draft detail", "page", "get", "foundation:organisation-detail", DRAFT_SLUG,
        (NOT_FOUND, NOT_FOUND, NOT_FOUND, OK)),
    Row("page search", "page", "get", "foundation:search", None, (OK, OK, OK, OK),
        draft_listed=(False, False, False, True), query="?q=Consortium"),
    Row("page post", "page", "post", "foundation:organisation-detail", PUBLISHED_SLUG,
        (NOT_ALLOWED,) * 4),
    Row("page delete", "page", "delete", "foundation:organisation-detail", PUBLISHED_SLUG,
        (NOT_ALLOWED,) * 4),
    # --- admin --------------------------------------------------------------------------
    Row("admin index", "admin", "get", "admin:index", None, (FOUND, FOUND, OK, OK)),
    Row("admin changelist", "admin", "get", "admin:foundation_organisation_changelist", None,
        (FOUND, FOUND, FORBIDDEN, OK), draft_listed=(False, False, False, True)),
    Row("admin draft change form", "admin", "get", "admin:foundation_organisation_change",
        "draft-pk", (FOUND, FOUND, FORBIDDEN, OK)),
    Row("admin add form", "admin", "get", "admin:foundation_organisation_add", None,
        (FOUND, FOUND, FORBIDDEN, OK)),
    Row("admin delete page", "admin", "get", "admin:foundation_organisation_delete",
        "draft-pk", (FOUND, FOUND, FORBIDDEN, OK)),
    Row("admin users", "admin", "get", "admin:auth_user_changelist", None,
        (FOUND, FOUND, FORBIDDEN, FORBIDDEN)),
    Row("admin tokens", "admin", "get", "admin:authtoken_tokenproxy_changelist", None,
        (FOUND, FOUND, FORBIDDEN, FORBIDDEN)),
    # One's own API token (tests/test_tokens.py): for users who write content.
    Row("admin own token page", "admin", "get", "admin:token", None,
        (FOUND, FOUND, FORBIDDEN, OK)),
    Row("admin own token create", "admin", "post", "admin:token", None,
        (FOUND, FOUND, FORBIDDEN, OK), body={"action": "create"}),
    Row("admin own token put", "admin", "put", "admin:token", None,
        (FOUND, FOUND, FORBIDDEN, NOT_ALLOWED)),
    # --- API ----------------------------------------------------------------------------
    Row("api list", "api", "get", "api:organisation-list", None, (OK, OK, OK, OK),
        draft_listed=(False, False, False, True)),
    Row("api published detail", "api", "get", "api:organisation-detail", PUBLISHED_SLUG,
        (OK, OK, OK, OK)),
    Row("api draft detail", "api", "get", "api:organisation-detail", DRAFT_SLUG,
        (NOT_FOUND, NOT_FOUND, NOT_FOUND, OK)),
    Row("api search", "api", "get", "api:organisation-list", None, (OK, OK, OK, OK),
        draft_listed=(False, False, False, True), query="?search=Secret"),
    # The export is the public dataset: published records only, whoever asks.
    Row("api popolo export", "api", "get", "api:export-popolo", None, (OK, OK, OK, OK),
        draft_listed=(False, False, False, False)),
    Row("api create", "api", "post", "api:organisation-list", None,
        (UNAUTHORIZED, FORBIDDEN, FORBIDDEN, CREATED), body=NEW_ORGANISATION),
    Row("api update published", "api", "patch", "api:organisation-detail", PUBLISHED_SLUG,
        (UNAUTHORIZED, FORBIDDEN, FORBIDDEN, OK), body={"website": "https://example.org/"}),
    Row("api update draft", "api", "patch", "api:organisation-detail", DRAFT_SLUG,
        (UNAUTHORIZED, FORBIDDEN, FORBIDDEN, OK), body={"website": "https://example.org/"}),
    Row("api update without If-Match", "api", "patch", "api:organisation-detail",
        PUBLISHED_SLUG, (UNAUTHORIZED, FORBIDDEN, FORBIDDEN, PRECONDITION_REQUIRED),
        body={"website": "https://example.org/"}, if_match=False),
    Row("api delete draft", "api", "delete", "api:organisation-detail", DRAFT_SLUG,
        (UNAUTHORIZED, FORBIDDEN, FORBIDDEN, NO_CONTENT)),
    # --- the same promises for the other kinds of record -------------------------------
    *[
        row
        for kind, slug, name in (
            ("person", DRAFT_PERSON, "Secret Draft Person"),
            ("event", DRAFT_EVENT, "Secret Draft Event"),
        )
        for row in (
            Row(f"page {kind} list", "page", "get", f"foundation:{kind}-list", None,
                (OK, OK, OK, OK), draft_listed=(False, False, False, True), marker=slug),
            Row(f"page draft {kind}", "page", "get", f"foundation:{kind}-detail", slug,
                (NOT_FOUND, NOT_FOUND, NOT_FOUND, OK)),
            Row(f"api {kind} list", "api", "get", f"api:{kind}-list", None, (OK, OK, OK, OK),
                draft_listed=(False, False, False, True), marker=slug),
            Row(f"api draft {kind}", "api", "get", f"api:{kind}-detail", slug,
                (NOT_FOUND, NOT_FOUND, NOT_FOUND, OK)),
            Row(f"api update draft {kind}", "api", "patch", f"api:{kind}-detail", slug,
                (UNAUTHORIZED, FORBIDDEN, FORBIDDEN, OK), body={"status": "review"}),
            Row(f"admin draft {kind}", "admin", "get", f"admin:foundation_{kind}_changelist",
                None, (FOUND, FOUND, FORBIDDEN, OK), draft_listed=(False, False, False, True),
                marker=name),
        )
    ],
    Row("api delete without If-Match", "api", "delete", "api:organisation-detail", DRAFT_SLUG,
        (UNAUTHORIZED, FORBIDDEN, FORBIDDEN, PRECONDITION_REQUIRED), if_match=False),
]  # fmt: skip


@pytest.fixture
def draft(db):
    # A small world is enough: the seed's 110 records would only slow the 100 cases down.
    Organisation.objects.create(
        slug=PUBLISHED_SLUG, name="PyTorch Foundation", kind="foundation", status=Status.PUBLISHED
    )
    person = Person.objects.create(
        slug=DRAFT_PERSON, name="Secret Draft Person", status=Status.DRAFT
    )
    event = Event.objects.create(
        slug=DRAFT_EVENT, title="Secret Draft Event", kind="announcement", status=Status.DRAFT
    )
    # Cited, as a record must be to be published (the editor's PATCH publishes them).
    source = Source.objects.create(slug="s", title="S", language="fr", text="Vu.", status="draft")
    passage = Citation.objects.create(source=source, start=0, end=3, text="Vu.")
    person.citations.add(passage)
    event.citations.add(passage)
    return Organisation.objects.create(
        slug=DRAFT_SLUG, name=DRAFT_NAME, name_fr=DRAFT_NAME, kind="company", status=Status.DRAFT
    )


@pytest.fixture
def users(editor, reader):
    staff = get_user_model().objects.create_user(
        "staff-test", "staff@example.org", "a-long-staff-pw-1", is_staff=True
    )
    return {"anonymous": None, "reader": reader, "staff": staff, "editor": editor}


def client_for(surface, user):
    if surface == "api":
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        return client
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def call(row, client, draft):
    url = row.url().replace("draft-pk", str(draft.pk))
    if row.slug_arg == "draft-pk":
        url = reverse(row.target, args=[draft.pk]) + row.query
    headers = {}
    if row.surface == "api" and row.method in {"patch", "put", "delete"} and row.if_match:
        # Read the ETag as an editor would; a role that may not read it gets a made-up one.
        etag = client.get(url).get("ETag") or '"unknown"'
        headers["HTTP_IF_MATCH"] = etag
    kwargs = {"format": "json"} if row.surface == "api" else {}
    if row.body is not None:
        kwargs["data"] = row.body
    return getattr(client, row.method)(url, **kwargs, **headers)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", MATRIX, ids=lambda row: row.name.replace(" ", "-"))
def test_access_matrix(row, role, users, draft):
    cache.clear()  # the API's throttle counters live in the cache
    response = call(row, client_for(row.surface, users[role]), draft)
    index = ROLES.index(role)
    assert response.status_code == row.expected[index], (
        f"{row.name} as {role}: {response.status_code}, "
        f"expected {row.expected[index]}: {response.content[:300]!r}"
    )
    if row.draft_listed is not None:
        body = response.content.decode()
        assert (row.marker in body or DRAFT_NAME in body) is row.draft_listed[index]
    if response.status_code == FOUND and row.surface == "admin":
        assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", ["anonymous", "reader", "staff"])
def test_denied_writes_change_nothing(role, users, draft):
    cache.clear()
    client = client_for("api", users[role])
    before = Organisation.objects.count(), set(Organisation.objects.values_list("website"))
    for row in MATRIX:
        if row.surface == "api" and row.method != "get":
            call(row, client, draft)
    after = Organisation.objects.count(), set(Organisation.objects.values_list("website"))
    assert after == before
