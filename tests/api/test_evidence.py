"""Evidence inline: passages in details, ?expand= for linked records, figures as numbers."""

import json
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from foundation.models import Statement

from .conftest import list_of

pytestmark = pytest.mark.django_db


def test_a_detail_embeds_its_passages_with_the_source_page_at_each(anon, client, seed):
    statement = Statement.objects.public().exclude(citations=None).first()
    url = reverse("api:statement-detail", kwargs={"slug": statement.slug})
    passages = anon.get(url).json()["citations"]
    assert passages
    for passage in passages:
        cited = statement.citations.get(pk=passage["id"])
        assert passage["text"] == cited.source.text[passage["start"] : passage["end"]]
        assert passage["source"] == cited.source.slug
        assert passage["source_url"].endswith(f"/api/v1/sources/{cited.source.slug}/")
        page, anchor = passage["passage_url"].split("#")
        assert anchor == f"passage-{cited.pk}"
        # The anchor is the one the public source page gives the passage.
        html = client.get(page.removeprefix("http://testserver")).content.decode()
        assert f'id="{anchor}"' in html


def test_figures_are_json_numbers_with_their_unit_qualifier_scope_and_date(editor_api, passage):
    body = {
        "slug": "gamma-claim",
        "kind": "claim",
        "text_fr": "Gamma compte plus de 2 400 contributeurs.",
        "language": "fr",
        "figures": [
            {
                "value": 2400.5,
                "qualifier": "more_than",
                "unit_fr": "contributeurs",
                "scope_fr": "dans le monde",
                "as_of": "2022-09-12",
                "as_of_precision": "day",
                "citation": passage.pk,
            },
            {"value": "1234567.0001", "unit_fr": "x", "citation": passage.pk},
        ],
    }
    created = editor_api.post(reverse("api:statement-list"), body, format="json")
    assert created.status_code == HTTPStatus.CREATED, created.content
    raw = editor_api.get(created["Location"]).content.decode()
    # Exact numbers in the JSON text itself: no quotes, no binary rounding.
    assert '"value":2400.5,' in raw and '"value":1234567.0001,' in raw
    first = json.loads(raw)["figures"][0]
    assert (first["qualifier"], first["unit_fr"], first["scope_fr"], first["as_of"]) == (
        "more_than",
        "contributeurs",
        "dans le monde",
        "2022-09-12",
    )
    assert first["citation"]["text"] == "Alpha Beta"


def test_expand_embeds_each_linked_record_as_its_own_list_gives_it(anon, seed):
    body = list_of(anon, "statement", expand="speaker,organisation,event,source")
    people = {item["slug"]: item for item in list_of(anon, "person")["results"]}
    events = {item["slug"]: item for item in list_of(anon, "event")["results"]}
    sources = {item["slug"]: item for item in list_of(anon, "source")["results"]}
    assert any(item["expanded"]["speaker"] for item in body["results"])
    for item in body["results"]:
        expanded = item["expanded"]
        assert set(expanded) == {"speaker", "organisation", "event", "source"}
        assert expanded["speaker"] == people.get(item["speaker"])
        assert expanded["event"] == events.get(item["event"])
        assert [source["slug"] for source in expanded["source"]]
        assert all(source == sources[source["slug"]] for source in expanded["source"])
        detail = anon.get(item["url"], {"expand": "speaker,organisation,event,source"}).json()
        assert detail["expanded"] == expanded


def test_expand_costs_the_same_queries_for_ten_records_or_two_hundred(anon, bulk):
    counts = []
    # The first list of a content version counts its records (then cached): not measured.
    anon.get(reverse("api:statement-list"), {"page_size": 1})
    for size in (10, 200):
        with CaptureQueriesContext(connection) as queries:
            response = anon.get(
                reverse("api:statement-list"),
                {"page_size": size, "expand": "speaker,organisation,event,source"},
            )
        assert response.status_code == HTTPStatus.OK
        assert all(item["expanded"]["event"] for item in response.json()["results"])
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 12


def test_expand_never_shows_a_hidden_record(world, anon, editor_api):
    url = reverse("api:statement-detail", kwargs={"slug": "alice-quote"})
    shown = anon.get(url, {"expand": "organisation,event,source"}).json()["expanded"]
    assert (shown["organisation"], shown["event"]) == (None, None)
    assert [source["slug"] for source in shown["source"]] == ["open-source"]
    edited = editor_api.get(url, {"expand": "organisation,source"}).json()["expanded"]
    assert edited["organisation"]["slug"] == "secret-org"
    assert {source["slug"] for source in edited["source"]} == {"open-source", "secret-source"}


def test_expand_with_fields_returns_only_the_fields_asked_for(anon, seed):
    body = list_of(anon, "statement", fields="slug", expand="speaker")
    assert all(set(item) == {"slug", "expanded"} for item in body["results"])


@pytest.mark.parametrize(
    ("basename", "value"),
    [("statement", "speaker,colour"), ("source", "speaker"), ("person", "speaker")],
)
def test_an_unknown_expansion_is_a_400_naming_the_parameter(anon, seed, basename, value):
    response = anon.get(reverse(f"api:{basename}-list"), {"expand": value})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert list(response.json()) == ["expand"]
    assert value.split(",")[-1] in response.json()["expand"][0]


def test_the_schema_reads_passages_and_writes_their_ids(anon):
    schema = anon.get(reverse("api:schema"), {"format": "json"}).json()
    components = schema["components"]["schemas"]
    read = components["Statement"]["properties"]
    assert read["citations"]["items"]["allOf"][0]["$ref"].endswith("/Passage")
    assert components["StatementRequest"]["properties"]["citations"]["items"]["type"] == "integer"
    assert components["Figure"]["properties"]["value"]["type"] == "number"
    assert "passage_url" in components["Passage"]["properties"]
    parameters = schema["paths"]["/api/v1/statements/"]["get"]["parameters"]
    assert "expand" in {parameter["name"] for parameter in parameters}
