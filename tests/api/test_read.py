"""Reading the API: lists, details, filters answering real questions, pagination, exports."""

import csv
import datetime
import io
from http import HTTPStatus

import pytest
from django.urls import reverse

from foundation.models import Organisation, Person, Statement

pytestmark = pytest.mark.django_db

LISTS = ["source", "citation", "organisation", "person", "membership", "event", "statement"]


def slugs(response):
    return [item["slug"] for item in response.json()["results"]]


@pytest.mark.parametrize("basename", LISTS)
def test_every_list_answers_with_a_counted_page(anon, seed, basename):
    response = anon.get(reverse(f"api:{basename}-list"))
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["count"] == len(body["results"]) > 0
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("basename", "lookup", "expected"),
    [
        (
            "organisation",
            "pytorch-foundation",
            {"parent": "linux-foundation", "kind": "foundation"},
        ),
        ("person", "jim-zemlin", {"name": "Jim Zemlin"}),
        ("event", "pytorch-development-begins", {"date": "2016-01-01", "date_precision": "year"}),
        ("statement", "zemlin-neutral-home-quote", {"speaker": "jim-zemlin", "kind": "quote"}),
        (
            "membership",
            "amd-board-pytorch-foundation",
            {"person": None, "member_organisation": None, "on_behalf_of": "amd"},
        ),
    ],
)
def test_detail_gives_the_record_with_its_etag(anon, seed, basename, lookup, expected):
    response = anon.get(reverse(f"api:{basename}-detail", kwargs={"slug": lookup}))
    assert response.status_code == HTTPStatus.OK
    assert expected.items() <= response.json().items()
    assert response["ETag"].startswith(f'"{basename}-')


def test_detail_is_richer_than_the_list_item(anon, seed):
    item = anon.get(reverse("api:organisation-list"), {"slug": "pytorch-foundation"}).json()
    detail = anon.get(reverse("api:organisation-detail", kwargs={"slug": "pytorch-foundation"}))
    listed = item["results"][0]
    assert "members" not in listed and "description" not in listed
    seats = {
        member["on_behalf_of"]
        for member in detail.json()["members"]
        if member["member_type"] == "unnamed_representative" and member["member"] is None
    }
    assert {"meta", "amd", "amazon-web-services", "google", "microsoft", "nvidia"} <= seats


def test_all_statements_by_jim_zemlin(anon, seed):
    response = anon.get(reverse("api:statement-list"), {"speaker": "jim-zemlin"})
    assert set(slugs(response)) == {"zemlin-neutral-home-quote", "zemlin-neutrality-essential"}


def test_events_of_2022(anon, seed):
    response = anon.get(reverse("api:event-list"), {"year": 2022})
    assert set(slugs(response)) == {"pytorch-joins-linux-foundation", "pytorch-foundation-launch"}


def test_members_of_the_pytorch_foundation_board(anon, seed):
    response = anon.get(
        reverse("api:membership-list"), {"organisation": "pytorch-foundation", "role": "board"}
    )
    seats = {item["on_behalf_of"] for item in response.json()["results"]}
    assert seats == {"meta", "amd", "amazon-web-services", "google", "microsoft", "nvidia"}
    assert {item["member_organisation"] for item in response.json()["results"]} == {None}


def test_name_filter_matches_aliases(anon, seed):
    response = anon.get(reverse("api:organisation-list"), {"name": "AWS"})
    assert slugs(response) == ["amazon-web-services"]


def test_kind_filter_takes_an_or_list(anon, seed):
    response = anon.get(reverse("api:organisation-list"), {"kind": "company,foundation"})
    kinds = {item["kind"] for item in response.json()["results"]}
    assert kinds == {"company", "foundation"}
    assert {"pytorch-foundation", "nvidia"} <= set(slugs(response))


def test_parent_filter_lists_the_organisations_within(anon, seed):
    response = anon.get(reverse("api:organisation-list"), {"parent": "linux-foundation"})
    assert "pytorch-foundation" in slugs(response)


def test_date_comparisons_bound_events(anon, seed):
    response = anon.get(
        reverse("api:event-list"), {"date__gte": "2016-06-01", "date__lte": "2021-12-31"}
    )
    assert slugs(response) == ["pytorch-initial-release"]


def test_participant_filter_finds_events_of_a_person(anon, seed):
    response = anon.get(reverse("api:event-list"), {"participant": "soumith-chintala"})
    assert "pytorch-joins-linux-foundation" in slugs(response)


def test_statement_filters_by_kind_language_and_event(anon, seed):
    response = anon.get(reverse("api:statement-list"), {"kind": "quote", "language": "fr"})
    assert set(slugs(response)) >= {"zemlin-neutral-home-quote", "chintala-blog-quote"}
    assert all(item["kind"] == "quote" for item in response.json()["results"])


def test_citation_filter_by_source(anon, seed):
    source = anon.get(reverse("api:source-list")).json()["results"][0]["slug"]
    response = anon.get(reverse("api:citation-list"), {"source": source})
    assert response.json()["count"] > 10


def test_search_ignores_case_and_accents(anon, seed):
    response = anon.get(reverse("api:statement-list"), {"search": "NEUTRALITE"})
    assert "zemlin-neutral-home-quote" in slugs(response)


def test_updated_since_returns_only_later_changes(anon, seed):
    organisation = Organisation.objects.get(slug="meta")
    organisation.website = "https://about.meta.com"
    organisation.save()
    since = organisation.updated_at.isoformat()
    response = anon.get(reverse("api:organisation-list"), {"updated_since": since})
    assert slugs(response) == ["meta"]


def test_ordering_is_stable_and_reversible(anon, seed):
    forward = slugs(anon.get(reverse("api:event-list"), {"ordering": "date"}))
    backward = slugs(anon.get(reverse("api:event-list"), {"ordering": "-date"}))
    assert forward[0] == "pytorch-development-begins"
    assert backward[0] in {"pytorch-joins-linux-foundation", "pytorch-foundation-launch"}


def test_fields_parameter_chooses_the_fields(anon, seed):
    response = anon.get(reverse("api:person-list"), {"fields": "slug,name"})
    assert all(set(item) == {"slug", "name"} for item in response.json()["results"])


@pytest.mark.parametrize(
    ("basename", "params", "parameter"),
    [
        ("event", {"year": "twenty"}, "year"),
        ("event", {"year": "99999"}, "year"),
        ("event", {"date__gte": "2022-13-45"}, "date__gte"),
        ("organisation", {"kind": "company,spaceship"}, "kind"),
        ("statement", {"speaker": "nobody-at-all"}, "speaker"),
        ("statement", {"speaker": "jim\x00zemlin"}, "speaker"),
        ("statement", {"search": "nul\x00byte"}, "search"),
        ("membership", {"start_date__lte": "yesterday"}, "start_date__lte"),
        ("organisation", {"updated_since": "last week"}, "updated_since"),
        ("organisation", {"ordering": "password"}, "ordering"),
        ("person", {"fields": "slug,secret"}, "fields"),
        ("citation", {"start__gte": "-1"}, "start__gte"),
        ("person", {"page_size": "0"}, "page_size"),
        ("person", {"page": "first"}, "page"),
    ],
)
def test_invalid_parameter_is_a_400_naming_it(anon, seed, basename, params, parameter):
    response = anon.get(reverse(f"api:{basename}-list"), params)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert parameter in response.json()


def test_page_size_defaults_to_50_and_is_capped_at_200(anon, bulk):
    url = reverse("api:person-list")
    assert len(anon.get(url).json()["results"]) == 50
    assert len(anon.get(url, {"page_size": 10}).json()["results"]) == 10
    assert len(anon.get(url, {"page_size": 1000}).json()["results"]) == 200


def test_pages_cover_every_record_exactly_once(anon, bulk):
    url, seen, page = reverse("api:membership-list"), [], 1
    while True:
        body = anon.get(url, {"page": page, "page_size": 70, "ordering": "start_date"}).json()
        seen += [item["slug"] for item in body["results"]]
        if not body["next"]:
            break
        page += 1
    assert len(seen) == len(set(seen)) == body["count"] == 300


def test_page_past_the_end_is_a_404(anon, seed):
    response = anon.get(reverse("api:person-list"), {"page": 99})
    assert response.status_code == HTTPStatus.NOT_FOUND


# Every request also makes REQUEST_OVERHEAD queries that are not the API's: the site-wide
# content-version lookup and ATOMIC_REQUESTS' savepoint pair (inside the test transaction).
REQUEST_OVERHEAD = 3


# Budgets on 300 records of every kind (the seed has about 20): a list is a COUNT and a SELECT.
@pytest.mark.parametrize(
    ("basename", "budget"),
    [
        ("source", 2),
        ("citation", 2),
        ("organisation", 2),
        ("person", 2),
        ("membership", 2),
        ("event", 2),
        ("statement", 2),
    ],
)
def test_list_queries_stay_constant_as_data_grows(
    anon, bulk, basename, budget, django_assert_max_num_queries
):
    with django_assert_max_num_queries(budget + REQUEST_OVERHEAD):
        response = anon.get(reverse(f"api:{basename}-list"), {"page_size": 200})
    assert response.json()["results"]


@pytest.mark.parametrize(
    ("basename", "slug", "budget"),
    [
        ("organisation", "bulk-parent", 6),  # its relations both ways: one query
        ("person", "bulk-person-1", 4),
        ("event", "bulk-event-1", 4),
        ("statement", "bulk-statement-1", 3),
        ("membership", "bulk-membership-1", 2),
    ],
)
def test_detail_queries_stay_constant(
    anon, bulk, basename, slug, budget, django_assert_max_num_queries
):
    with django_assert_max_num_queries(budget + REQUEST_OVERHEAD):
        response = anon.get(reverse(f"api:{basename}-detail", kwargs={"slug": slug}))
    assert response.status_code == HTTPStatus.OK


def test_csv_export_respects_filters(anon, seed):
    response = anon.get(reverse("api:organisation-list"), {"kind": "company", "format": "csv"})
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["slug"] for row in rows} >= {"meta", "nvidia", "amd"}
    assert {row["kind"] for row in rows} == {"company"}
    assert not any(row["url"].endswith("format=csv") for row in rows)


def test_csv_export_is_not_paginated(anon, bulk):
    response = anon.get(reverse("api:person-list"), {"format": "csv"})
    assert len(response.content.decode().splitlines()) == 300 + 1


def test_csv_cells_cannot_run_as_spreadsheet_formulas(anon, source):
    Organisation.objects.create(
        slug="formula", name_fr="=HYPERLINK(1)", kind="other", status="published"
    )
    response = anon.get(reverse("api:organisation-list"), {"format": "csv"})
    assert "'=HYPERLINK(1)" in response.content.decode()


def test_popolo_export_holds_the_published_dataset_with_sources(anon, seed):
    Statement.objects.filter(slug="chintala-blog-quote").update(status="draft")
    Organisation.objects.filter(slug="nvidia").update(status="draft")
    response = anon.get(reverse("api:export-popolo"))
    assert response.status_code == HTTPStatus.OK
    document = response.json()
    persons = {person["id"]: person for person in document["persons"]}
    assert persons["jim-zemlin"]["sources"][0]["note"]
    organizations = {org["id"]: org for org in document["organizations"]}
    assert organizations["pytorch-foundation"]["parent_id"] == "linux-foundation"
    assert "nvidia" not in organizations
    board = [
        m["on_behalf_of_id"]
        for m in document["memberships"]
        if m["organization_id"] == "pytorch-foundation" and "on_behalf_of_id" in m
    ]
    assert set(board) == {"meta", "amd", "amazon-web-services", "google", "microsoft"}
    events = {event["id"]: event for event in document["events"]}
    assert events["pytorch-development-begins"]["start_date"] == "2016"


def test_popolo_export_queries_are_bounded(anon, bulk, django_assert_max_num_queries):
    with django_assert_max_num_queries(9 + REQUEST_OVERHEAD):
        response = anon.get(reverse("api:export-popolo"))
    assert len(response.json()["persons"]) == 300


def test_english_is_served_on_request(anon, seed):
    response = anon.get(
        reverse("api:organisation-detail", kwargs={"slug": "pytorch-foundation"}),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json()["name"] == "PyTorch Foundation"
    assert response.json()["name_fr"] == "Fondation PyTorch"


@pytest.mark.parametrize(
    "path", ["/api/v1/people/%C2%84/", "/api/v1/citations/not-a-number/", "/api/v1/events/x.y/"]
)
def test_unknown_record_address_is_a_json_404(anon, seed, path):
    response = anon.get(path)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"] == "application/json"


def test_csv_export_errors_come_back_as_json(anon, seed):
    response = anon.get(reverse("api:event-list"), {"year": "x", "format": "csv"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {"year": [response.json()["year"][0]]}


def test_times_are_given_in_utc_even_for_distant_years(editor_api, editor):
    ancient = datetime.datetime(259, 7, 30, 18, 45, 51, tzinfo=datetime.UTC)
    Person.objects.create(
        slug="ancient",
        name="Ancient",
        verification="checked",
        verified_by=editor,
        verified_at=ancient,
    )
    response = editor_api.get(reverse("api:person-detail", kwargs={"slug": "ancient"}))
    assert response.json()["verified_at"] == "0259-07-30T18:45:51Z"
    assert response.json()["updated_at"].endswith("Z")


def test_updated_since_out_of_range_is_a_400(anon, seed):
    since = "0001-01-01T00:00:00+14:00"
    response = anon.get(reverse("api:person-list"), {"updated_since": since})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "updated_since" in response.json()


def test_every_list_with_search_text_answers_a_search(anon, seed):
    # Memberships have no page but do have search text: their list searched it without an index
    # on PostgreSQL (a 500) until the indexes followed every model's search_fields.
    response = anon.get(reverse("api:membership-list"), {"search": "conseil"})
    assert response.status_code == HTTPStatus.OK
    assert response.json()["count"] == 6
