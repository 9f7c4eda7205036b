"""?as_of=: lists and details as a visitor (or an editor) could read them at a past moment."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from foundation import services
from foundation.models import Citation, Person, Source, Statement

from .conftest import list_of, slugs

pytestmark = pytest.mark.django_db

FUTURE = "2999-01-01T00:00:00Z"
KINDS = ("source", "citation", "organisation", "person", "membership", "event", "statement")


def key(item):
    return item.get("slug", item["id"])


@pytest.mark.parametrize("basename", KINDS)
def test_history_read_now_gives_what_the_api_gives_now(seed, anon, editor_api, basename):
    """The rule applied to history at this moment is the rule applied today, record by
    record and nested list by nested list (a moment after now reads as now)."""
    for client in (anon, editor_api):
        now = list_of(client, basename)
        assert list_of(client, basename, as_of=FUTURE) == now
        for item in now["results"]:
            expand = "source" if basename != "source" else None
            params = {"as_of": FUTURE, **({"expand": expand} if expand else {})}
            then = client.get(item["url"], params)
            assert then.status_code == HTTPStatus.OK, then.content
            today = client.get(item["url"], {"expand": expand} if expand else {}).json()
            assert then.json() == today, key(item)


@pytest.fixture
def timeline(db, reviewer):
    """A published statement whose speaker is then unpublished (the statement is hidden with
    him) and published again, the statement's words corrected, another statement deleted:
    the moments between."""
    moments = {}
    source = Source.objects.create(
        slug="s", title="S", language="fr", text="Alpha dit oui. Beta dit non.", status="published"
    )
    passage = Citation.objects.create(source=source, start=0, end=14, text="Alpha dit oui.")
    speaker = services.save_record(
        record=Person(slug="alpha", name="Alpha", status="published"),
        user=reviewer,
        citations=[passage],
    )
    said = services.save_record(
        record=Statement(
            slug="alpha-says-yes",
            kind="quote",
            text_fr="Oui.",
            language="fr",
            speaker=speaker,
            status="published",
        ),
        user=reviewer,
        citations=[passage],
    )
    gone = services.save_record(
        record=Statement(
            slug="claim-gone", kind="claim", text_fr="Non.", language="fr", status="published"
        ),
        user=reviewer,
        citations=[passage],
    )
    moments["all_published"] = timezone.now()
    services.unpublish(records=[Person.objects.get(pk=speaker.pk)], user=reviewer)
    moments["speaker_draft"] = timezone.now()
    services.publish(records=[Person.objects.get(pk=speaker.pk)], user=reviewer)
    moments["published"] = timezone.now()
    said = Statement.objects.get(pk=said.pk)
    said.text_fr = "Oui, vraiment."
    services.save_record(record=said, user=reviewer, expected_version=said.version)
    moments["corrected"] = timezone.now()
    gone = Statement.objects.get(pk=gone.pk)
    services.delete_record(record=gone, user=reviewer, expected_version=gone.version)
    moments["deleted"] = timezone.now()
    return moments


def at(moment):
    return moment.isoformat()


def test_a_statement_whose_speaker_was_a_draft_then_is_hidden_then(timeline, anon, editor_api):
    before = list_of(anon, "statement", as_of=at(timeline["all_published"]))
    assert slugs(before) == {"alpha-says-yes", "claim-gone"}
    then = list_of(anon, "statement", as_of=at(timeline["speaker_draft"]))
    assert slugs(then) == {"claim-gone"}
    url = reverse("api:statement-detail", kwargs={"slug": "alpha-says-yes"})
    assert anon.get(url, {"as_of": at(timeline["speaker_draft"])}).status_code == 404
    # An editor sees drafts, then as now.
    assert "alpha-says-yes" in slugs(
        list_of(editor_api, "statement", as_of=at(timeline["speaker_draft"]))
    )
    published = anon.get(url, {"as_of": at(timeline["published"])}).json()
    assert published["text_fr"] == "Oui."
    assert [passage["text"] for passage in published["citations"]] == ["Alpha dit oui."]
    assert anon.get(url, {"as_of": at(timeline["corrected"])}).json()["text_fr"] == "Oui, vraiment."


def test_a_deleted_record_is_read_until_its_deletion(timeline, anon):
    url = reverse("api:statement-detail", kwargs={"slug": "claim-gone"})
    assert anon.get(url, {"as_of": at(timeline["corrected"])}).json()["text_fr"] == "Non."
    assert anon.get(url, {"as_of": at(timeline["deleted"])}).status_code == 404
    assert "claim-gone" not in slugs(list_of(anon, "statement", as_of=at(timeline["deleted"])))


def test_before_a_record_existed_it_is_not_found(timeline, anon):
    url = reverse("api:person-detail", kwargs={"slug": "alpha"})
    assert anon.get(url, {"as_of": "2000-01-01T00:00:00Z"}).status_code == 404
    assert list_of(anon, "person", as_of="2000-01-01")["count"] == 0


@pytest.mark.parametrize(
    "value", ["yesterday", "2024-13-01T00:00:00Z", "", "0000-01-01T00:00:00Z", "1-1-1-1"]
)
def test_a_bad_moment_is_a_400_naming_as_of(seed, anon, value):
    for url in (
        reverse("api:statement-list"),
        reverse("api:person-detail", kwargs={"slug": "soumith-chintala"}),
    ):
        response = anon.get(url, {"as_of": value})
        assert response.status_code == HTTPStatus.BAD_REQUEST, (url, value)
        assert list(response.json()) == ["as_of"]


def test_filters_that_follow_todays_relations_are_refused_by_name(seed, anon):
    response = anon.get(
        reverse("api:statement-list"), {"as_of": FUTURE, "search": "PyTorch", "has_figures": 1}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "has_figures, search" in response.json()["as_of"][0]
    kept = list_of(anon, "statement", as_of=FUTURE, speaker="soumith-chintala", kind="paraphrase")
    assert kept == list_of(anon, "statement", speaker="soumith-chintala", kind="paraphrase")


def test_reading_history_costs_the_same_queries_for_five_records_or_fifty(db, anon, reviewer):
    source = Source.objects.create(
        slug="s", title="S", language="fr", text="P dit.", status="published"
    )
    passage = Citation.objects.create(source=source, start=0, end=6, text="P dit.")
    speaker = services.save_record(
        record=Person(slug="p", name="P", status="published"), user=reviewer, citations=[passage]
    )
    for number in range(50):
        services.save_record(
            record=Statement(
                slug=f"s-{number}",
                kind="quote",
                text_fr=f"{number}",
                language="fr",
                speaker=speaker,
                status="published",
            ),
            user=reviewer,
            citations=[passage],
        )
    counts = []
    anon.get(reverse("api:statement-list"), {"as_of": FUTURE, "page_size": 1})
    for size in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            body = list_of(anon, "statement", as_of=FUTURE, page_size=size, expand="speaker")
        assert len(body["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8
    with CaptureQueriesContext(connection) as queries:
        anon.get(reverse("api:person-detail", kwargs={"slug": "p"}), {"as_of": FUTURE})
    assert len(queries) <= 10


def test_the_schema_documents_as_of(anon):
    schema = anon.get(reverse("api:schema"), {"format": "json"}).json()
    for path in ("/api/v1/statements/", "/api/v1/statements/{slug}/"):
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert parameters["as_of"]["schema"] == {"type": "string", "format": "date-time"}
