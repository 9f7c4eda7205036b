"""Who may do what: anonymous / reader token / editor token × every endpoint × every method."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from foundation.models import Citation, Event, Organisation, Person, Source, Statement

pytestmark = pytest.mark.django_db

ENDPOINTS = ["source", "citation", "organisation", "person", "membership", "event", "statement"]
SEED_RECORD = {
    "source": lambda: Source.objects.first().slug,
    "citation": lambda: Citation.objects.first().pk,
    "organisation": lambda: "pytorch-foundation",
    "person": lambda: "jim-zemlin",
    "membership": lambda: "amd-board-pytorch-foundation",
    "event": lambda: "pytorch-initial-release",
    "statement": lambda: "zemlin-neutral-home-quote",
}
# The editor's writes pass the permission check and stop at the next guard: an empty body is a
# 400, a change without If-Match a 428. Nothing is written.
EXPECTED = {
    "anon": {"list": 200, "detail": 200, "post": 401, "put": 401, "patch": 401, "delete": 401},
    "reader": {"list": 200, "detail": 200, "post": 403, "put": 403, "patch": 403, "delete": 403},
    "editor": {"list": 200, "detail": 200, "post": 400, "put": 428, "patch": 428, "delete": 428},
}


@pytest.fixture
def clients(anon, reader_api, editor_api):
    return {"anon": anon, "reader": reader_api, "editor": editor_api}


def detail_url(basename):
    lookup = SEED_RECORD[basename]()
    key = "pk" if basename == "citation" else "slug"
    return reverse(f"api:{basename}-detail", kwargs={key: lookup})


@pytest.mark.parametrize("basename", ENDPOINTS)
def test_permission_matrix(seed, clients, basename):
    list_url, one = reverse(f"api:{basename}-list"), detail_url(basename)
    answers = {}
    for role, client in clients.items():
        answers[role] = {
            "list": client.get(list_url).status_code,
            "detail": client.get(one).status_code,
            "post": client.post(list_url, {}, format="json").status_code,
            "put": client.put(one, {}, format="json").status_code,
            "patch": client.patch(one, {}, format="json").status_code,
            "delete": client.delete(one).status_code,
        }
    assert answers == EXPECTED
    assert clients["anon"].get(one).status_code == HTTPStatus.OK  # still there


def test_anonymous_write_is_told_how_to_authenticate(anon, seed):
    response = anon.post(reverse("api:person-list"), {}, format="json")
    assert response["WWW-Authenticate"] == "Token"


DRAFTS = {
    "organisation": lambda: Organisation.objects.create(
        slug="draft-org", name_fr="Brouillon", kind="other"
    ),
    "person": lambda: Person.objects.create(slug="draft-person", name="Draft"),
    "event": lambda: Event.objects.create(slug="draft-event", title_fr="Brouillon", kind="other"),
    "statement": lambda: Statement.objects.create(
        slug="draft-statement", kind="claim", text_fr="Brouillon", language="fr"
    ),
    "source": lambda: Source.objects.create(
        slug="draft-source", title="Draft", language="fr", text="Draft text"
    ),
}


@pytest.mark.parametrize("basename", DRAFTS)
@pytest.mark.parametrize(("role", "sees"), [("anon", False), ("reader", False), ("editor", True)])
def test_drafts_are_seen_by_editors_only(clients, basename, role, sees):
    draft = DRAFTS[basename]()
    client = clients[role]
    detail = client.get(reverse(f"api:{basename}-detail", kwargs={"slug": draft.slug}))
    listed = client.get(reverse(f"api:{basename}-list"), {"slug": draft.slug}).json()["count"]
    assert (detail.status_code == HTTPStatus.OK, listed == 1) == (sees, sees)
    if not sees:
        assert detail.status_code == HTTPStatus.NOT_FOUND


def test_citations_of_a_draft_source_are_hidden(clients):
    source = DRAFTS["source"]()
    Citation.objects.create(source=source, start=0, end=5, text="Draft")
    assert clients["anon"].get(reverse("api:citation-list")).json()["count"] == 0
    assert clients["editor"].get(reverse("api:citation-list")).json()["count"] == 1


def test_a_published_record_does_not_reveal_its_draft_parent(clients, seed):
    Organisation.objects.filter(slug="linux-foundation").update(status="draft")
    url = reverse("api:organisation-detail", kwargs={"slug": "pytorch-foundation"})
    assert clients["anon"].get(url).json()["parent"] is None
    assert clients["editor"].get(url).json()["parent"] == "linux-foundation"


def test_a_draft_cannot_be_used_as_a_filter_value_by_visitors(clients, seed):
    Person.objects.filter(slug="jim-zemlin").update(status="draft")
    url = reverse("api:statement-list")
    assert clients["anon"].get(url, {"speaker": "jim-zemlin"}).status_code == 400
    assert clients["editor"].get(url, {"speaker": "jim-zemlin"}).json()["count"] == 2


def test_session_login_works_for_the_browsable_clients(editor_client, seed):
    response = editor_client.post(reverse("api:person-list"), {}, content_type="application/json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
