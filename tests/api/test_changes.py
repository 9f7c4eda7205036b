"""The change feed: every write a caller may see, in commit order, with tombstones, from any
writer (API, admin, services, the seed loader)."""

import threading
from http import HTTPStatus

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from foundation import services
from foundation.changes import record_changes
from foundation.models import Citation, EditConflict, Organisation, Person, Statement

from .conftest import token_client

pytestmark = pytest.mark.django_db

FEED = "/api/v1/changes/"


def read_all(client, after=None, limit=None):
    """Every page of the feed from `after`: (changes, the last cursor)."""
    seen = []
    params = {}
    if after:
        params["after"] = after
    if limit:
        params["limit"] = limit
    while True:
        response = client.get(FEED, params)
        assert response.status_code == HTTPStatus.OK, response.content
        body = response.json()
        seen += body["results"]
        params["after"] = body["cursor"]
        if not body["more"]:
            return seen, body["cursor"]


def about(changes, slug):
    return [(change["kind"], change["version"]) for change in changes if change["slug"] == slug]


def test_api_writes_appear_in_order_with_their_url(anon, reviewer, passage):
    editor_api = token_client(reviewer)
    _, start = read_all(anon)
    editor_api.post(
        reverse("api:organisation-list"),
        {
            "slug": "acme",
            "name_fr": "Acmé",
            "kind": "company",
            "status": "published",
            "citations": [passage.pk],
        },
        format="json",
    )
    url = reverse("api:organisation-detail", kwargs={"slug": "acme"})
    etag = editor_api.get(url)["ETag"]
    editor_api.patch(url, {"name_fr": "Acmé SA"}, format="json", HTTP_IF_MATCH=etag)
    etag = editor_api.get(url)["ETag"]
    editor_api.delete(url, HTTP_IF_MATCH=etag)

    changes, _ = read_all(anon, after=start)
    assert about(changes, "acme") == [("created", 1), ("updated", 2), ("deleted", 3)]
    created = changes[0]
    assert created["type"] == "organisation"
    assert created["url"] == "http://testserver" + url
    assert created["survivor"] is None


def test_a_visitor_sees_nothing_of_a_draft_and_a_tombstone_when_it_goes(
    anon, editor_api, reviewer, passage
):
    editor = reviewer
    _, start = read_all(anon)
    person = Person(slug="draft-name", name="Draft")
    services.save_record(record=person, user=editor, citations=[passage])
    person.slug = "public-name"
    services.save_record(record=person, user=editor, expected_version=person.version)
    services.publish(records=[person], user=editor)
    person.name = "Public"
    services.save_record(record=person, user=editor, expected_version=person.version)
    services.unpublish(records=[person], user=editor)

    changes, _ = read_all(anon, after=start)
    assert [(c["kind"], c["slug"]) for c in changes] == [
        ("published", "public-name"),
        ("updated", "public-name"),
        ("unpublished", "public-name"),
    ]
    assert "draft-name" not in str(changes)
    # The editor sees every change, drafts included.
    every, _ = read_all(editor_api, after=start)
    assert [c["kind"] for c in every] == [
        "created",
        "updated",
        "published",
        "updated",
        "unpublished",
    ]


def test_unpublishing_a_speaker_tombstones_their_statements_for_visitors(anon, seed, reviewer):
    editor = reviewer
    _, start = read_all(anon)
    statement = Statement.objects.filter(status="published").select_related("speaker").first()
    speaker = statement.speaker
    services.unpublish(records=[speaker], user=editor)

    changes, cursor = read_all(anon, after=start)
    kinds = {(c["type"], c["slug"]): c["kind"] for c in changes}
    assert kinds[("person", speaker.slug)] == "unpublished"
    assert kinds[("statement", statement.slug)] == "unpublished"
    # The statement did not change: the version the feed gives is the one it has.
    services.publish(records=[Person.objects.get(pk=speaker.pk)], user=editor)
    changes, _ = read_all(anon, after=cursor)
    kinds = {(c["type"], c["slug"]): c["kind"] for c in changes}
    assert kinds[("statement", statement.slug)] == "published"


def test_pages_resume_without_skipping_or_repeating(anon, seed):
    whole, _ = read_all(anon)
    paged, _ = read_all(anon, limit=7)
    assert [c["cursor"] for c in paged] == [c["cursor"] for c in whole]
    assert len({c["cursor"] for c in whole}) == len(whole)
    # The seed's public records are all there, once, as created.
    created = {(c["type"], c["slug"]) for c in whole if c["kind"] == "created"}
    assert ("organisation", "pytorch-foundation") in created
    assert len(created) == len([c for c in whole if c["kind"] == "created"])


@pytest.mark.parametrize("after", ["nope", "Yzk6MQ", "%00", "YzE6LTE"])
def test_a_bad_cursor_is_a_400_naming_it(anon, after):
    response = anon.get(FEED, {"after": after})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "after" in response.json()


def test_admin_delete_leaves_a_tombstone(editor_client, anon, seed):
    _, start = read_all(anon)
    organisation = Organisation(slug="to-go", name_fr="À supprimer", kind="other")
    services.save_record(record=organisation, user=None, citations=[Citation.objects.first()])
    services.publish(records=[organisation], user=None)
    url = reverse("admin:foundation_organisation_delete", args=[organisation.pk])
    response = editor_client.post(url, {"post": "yes"})
    assert response.status_code == HTTPStatus.FOUND
    changes, _ = read_all(anon, after=start)
    assert about(changes, "to-go")[-1][0] == "deleted"


def test_a_page_costs_the_same_queries_however_long(anon, seed):
    anon.get(FEED, {"limit": 1})
    with CaptureQueriesContext(connection) as one:
        anon.get(FEED, {"limit": 2})
    with CaptureQueriesContext(connection) as many:
        response = anon.get(FEED, {"limit": 500})
    assert len(response.json()["results"]) > 50
    assert len(many) == len(one) <= 4


def test_a_token_reader_without_permissions_sees_what_visitors_see(reader, seed):
    Organisation.objects.create(slug="secret-co", name_fr="Secret", kind="other")
    changes, _ = read_all(token_client(reader))
    assert "secret-co" not in str(changes)


@pytest.mark.django_db(transaction=True)
def test_writers_committing_in_reverse_order_are_neither_skipped_nor_repeated(anon, passage):
    """Two real concurrent writers: the first to write commits last. A reader polling in
    between must still get both, once each, in commit order (PostgreSQL; SQLite serialises
    writers from their start, so the case cannot arise there)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers: run with DATABASE_URL=postgres://…")
    _, start = read_all(anon)
    first_wrote, release_first = threading.Event(), threading.Event()
    errors = []

    def write(slug, before=None, after=None):
        try:
            if before:
                assert before.wait(10)
            with transaction.atomic():
                record = Organisation(slug=slug, name_fr=slug, kind="other", status="published")
                services.save_record(record=record, user=None, citations=[passage])
                if after:
                    after()
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    def hold():
        first_wrote.set()
        assert release_first.wait(10)

    first = threading.Thread(target=write, args=("first-writer",), kwargs={"after": hold})
    second = threading.Thread(target=write, args=("second-writer", first_wrote))
    first.start()
    second.start()
    assert first_wrote.wait(10)
    # The second writer is done by now, or waiting for its turn to number its change.
    second.join(1.0)
    polled, cursor = read_all(anon, after=start)
    release_first.set()
    first.join(10)
    second.join(10)
    assert not errors
    rest, _ = read_all(anon, after=cursor)
    slugs = [change["slug"] for change in polled + rest]
    assert slugs == ["first-writer", "second-writer"]


@pytest.mark.django_db(transaction=True)
def test_the_log_is_numbered_in_commit_order_whatever_else_the_writers_lock(reader, seed):
    # A signed-in reader: visitors' pages are cached by content version, which the log
    # alone does not move.
    client = token_client(reader)
    """The same race on the change log alone: nothing but its own lock orders the writers."""
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers: run with DATABASE_URL=postgres://…")
    _, start = read_all(client)
    first_wrote, release_first = threading.Event(), threading.Event()
    errors = []
    records = list(Organisation.objects.filter(status="published").order_by("pk")[:2])

    def log(record, before=None, after=None):
        try:
            if before:
                assert before.wait(10)
            with transaction.atomic():
                record_changes([(record, "updated")])
                if after:
                    first_wrote.set()
                    assert release_first.wait(10)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=log, args=(records[0],), kwargs={"after": True})
    second = threading.Thread(target=log, args=(records[1], first_wrote))
    first.start()
    second.start()
    assert first_wrote.wait(10)
    second.join(1.0)
    polled, cursor = read_all(client, after=start)
    release_first.set()
    first.join(10)
    second.join(10)
    assert not errors
    rest, _ = read_all(client, after=cursor)
    seen = [change["slug"] for change in polled + rest if change["type"] == "organisation"]
    assert seen[:2] == [records[0].slug, records[1].slug]


def test_the_schema_documents_the_feed(anon):
    schema = anon.get(reverse("api:schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/changes/"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} >= {"after", "limit"}
    page = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    change = schema["components"]["schemas"]["Change"]
    assert page.endswith("/ChangePage")
    assert {"cursor", "kind", "type", "slug", "version", "at", "url", "survivor"} <= set(
        change["properties"]
    )
    assert "400" in operation["responses"]


def test_a_merged_record_is_a_tombstone_naming_its_survivor(anon, seed):
    _, start = read_all(anon)
    survivor = Organisation.objects.get(slug="pytorch-foundation")
    duplicate = Organisation.objects.get(slug="meta")
    with transaction.atomic():
        record_changes([(duplicate, "merged")], survivor=survivor)
    changes, _ = read_all(anon, after=start)
    (merged,) = [change for change in changes if change["kind"] == "merged"]
    assert merged["slug"] == "meta"
    assert merged["survivor"] == {
        "type": "organisation",
        "id": survivor.pk,
        "slug": "pytorch-foundation",
        "url": "http://testserver/api/v1/organisations/pytorch-foundation/",
    }


def test_a_write_that_fails_leaves_no_change(anon, reviewer, passage):
    _, start = read_all(anon)
    person = Person(slug="kept", name="Kept", status="published")
    services.save_record(record=person, user=reviewer, citations=[passage])
    stale = person.version
    person.name = "Changed"
    services.save_record(record=person, user=reviewer, expected_version=stale)
    person.name = "Lost"
    with pytest.raises(EditConflict):
        services.save_record(record=person, user=reviewer, expected_version=stale)
    changes, _ = read_all(anon, after=start)
    assert about(changes, "kept") == [("created", 1), ("updated", 2)]
