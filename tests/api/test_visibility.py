"""The API reads every record through the models' one rule (`Model.objects.visible_to`).

A record hidden from the reader is absent from every read: lists, details, nested objects,
counts, CSV and Popolo exports; a link to it is empty. (Filters: test_filter_visibility.py.)
"""

import csv
import io
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from foundation.models import Organisation, Statement

from .conftest import list_of, slugs, token_client

pytestmark = pytest.mark.django_db


# --- Nested objects and links --------------------------------------------------------------


def test_a_figure_does_not_give_the_id_of_a_hidden_passage(world, anon, editor_api):
    url = reverse("api:statement-detail", kwargs={"slug": "alice-quote"})
    figures = {figure["position"]: figure["citation"] for figure in anon.get(url).json()["figures"]}
    assert figures[1] is None and figures[2] is not None
    edited = {
        figure["position"]: figure["citation"] for figure in editor_api.get(url).json()["figures"]
    }
    assert edited[1]["id"] == world["secret_passage"]


def test_a_statement_does_not_name_its_hidden_organisation_or_event(world, anon, editor_api):
    url = reverse("api:statement-detail", kwargs={"slug": "alice-quote"})
    links = ("on_behalf_of", "on_behalf_of_url", "event", "event_url")
    detail = anon.get(url).json()
    assert [detail[link] for link in links] == [None] * 4
    assert detail["speaker"] == "alice"
    listed = list_of(anon, "statement", slug="alice-quote")["results"][0]
    assert [listed[link] for link in links] == [None] * 4
    chosen = list_of(anon, "statement", slug="alice-quote", fields="slug,event_url")["results"]
    assert chosen == [{"slug": "alice-quote", "event_url": None}]
    assert editor_api.get(url).json()["on_behalf_of"] == "secret-org"


def test_details_leave_out_hidden_nested_records(world, anon, editor_api):
    foundation = anon.get(reverse("api:organisation-detail", kwargs={"slug": "foundation"})).json()
    assert [member["member"] for member in foundation["members"]] == ["alice"]
    assert foundation["children"] == []
    assert [passage["id"] for passage in foundation["citations"]] == [world["open_passage"]]
    alice = anon.get(reverse("api:person-detail", kwargs={"slug": "alice"})).json()
    assert [position["organisation"] for position in alice["memberships"]] == ["foundation"]
    assert alice["statements"] == ["alice-quote"]
    launch = anon.get(reverse("api:event-detail", kwargs={"slug": "launch"})).json()
    assert launch["participants"] == [{"person": "alice", "organisation": None, "role": "speaker"}]
    assert launch["statements"] == []
    edited = editor_api.get(reverse("api:event-detail", kwargs={"slug": "launch"})).json()
    assert len(edited["participants"]) == 3 and edited["statements"] == ["secret-quote"]


def test_a_child_does_not_name_its_hidden_parent(world, anon):
    child = list_of(anon, "organisation", slug="child-co")["results"][0]
    assert (child["parent"], child["parent_url"]) == (None, None)


# --- A membership with a hidden end does not appear at all ---------------------------------

HIDDEN_MEMBERSHIPS = {"secret-person-board", "secret-org-board", "member-co-in-secret"}


def test_a_membership_of_a_hidden_record_appears_nowhere(world, anon, editor_api):
    listed = list_of(anon, "membership")
    assert slugs(listed) == {"alice-board"} and listed["count"] == 1
    assert list_of(anon, "membership", fields="slug")["results"] == [{"slug": "alice-board"}]
    exported = anon.get(reverse("api:membership-list"), {"format": "csv"}).content.decode()
    assert {row["slug"] for row in csv.DictReader(io.StringIO(exported))} == {"alice-board"}
    for slug in HIDDEN_MEMBERSHIPS:
        detail = anon.get(reverse("api:membership-detail", kwargs={"slug": slug}))
        assert detail.status_code == HTTPStatus.NOT_FOUND
    popolo = anon.get(reverse("api:export-popolo")).json()
    assert {entry["id"] for entry in popolo["memberships"]} == {"alice-board"}
    assert HIDDEN_MEMBERSHIPS <= slugs(list_of(editor_api, "membership"))


def test_the_popolo_export_is_the_anonymous_reading(world, editor_api):
    document = editor_api.get(reverse("api:export-popolo")).json()
    assert {person["id"] for person in document["persons"]} == {"alice"}
    organisations = {org["id"]: org for org in document["organizations"]}
    assert set(organisations) == {"foundation", "member-co", "child-co"}
    assert organisations["child-co"]["parent_id"] is None
    (launch,) = document["events"]
    assert launch["participants"] == [{"person_id": "alice", "role": "speaker"}]
    text = str(document)
    assert "secret" not in text.lower()


# --- Writing a record read with hidden links -------------------------------------------------


def test_a_writer_who_cannot_see_a_link_does_not_erase_it(world):
    """A token user may change statements without seeing draft organisations: what they read
    has the link empty, what they save keeps it."""
    writer = get_user_model().objects.create_user("statement-writer", "w@example.org", "pw-x1")
    writer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_statement", "change_statement"])
    )
    client = token_client(writer)
    url = reverse("api:statement-detail", kwargs={"slug": "alice-quote"})
    read = client.get(url)
    assert read.json()["on_behalf_of"] is None
    response = client.patch(url, {"medium": "blog"}, format="json", HTTP_IF_MATCH=read["ETag"])
    assert response.status_code == HTTPStatus.OK, response.content
    assert (response.json()["medium"], response.json()["on_behalf_of"]) == ("blog", None)
    assert Statement.objects.get(slug="alice-quote").on_behalf_of.slug == "secret-org"


def test_a_writer_who_cannot_see_a_link_deletes_the_record_whole(world):
    """The deleted record's last history row keeps its links, hidden or not."""
    writer = get_user_model().objects.create_user("statement-remover", "r@example.org", "pw-x2")
    writer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_statement", "delete_statement"])
    )
    client = token_client(writer)
    url = reverse("api:statement-detail", kwargs={"slug": "alice-quote"})
    read = client.get(url)
    assert client.delete(url, HTTP_IF_MATCH=read["ETag"]).status_code == HTTPStatus.NO_CONTENT
    last = Statement.history.filter(slug="alice-quote").latest("history_date")
    assert (last.history_type, last.on_behalf_of.slug) == ("-", "secret-org")


def test_a_writer_cannot_link_a_record_they_cannot_see(world):
    """Naming a draft organisation answers exactly as naming an unknown one: no probing."""
    writer = get_user_model().objects.create_user("statement-linker", "l@example.org", "pw-x3")
    writer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_statement", "change_statement"])
    )
    client = token_client(writer)
    url = reverse("api:statement-detail", kwargs={"slug": "alice-quote"})
    answers = []
    for slug in ("secret-org", "no-such-organisation"):
        etag = client.get(url)["ETag"]
        response = client.patch(url, {"on_behalf_of": slug}, format="json", HTTP_IF_MATCH=etag)
        assert response.status_code == HTTPStatus.BAD_REQUEST
        answers.append(response.json()["on_behalf_of"][0].replace(slug, "<slug>"))
    assert answers[0] == answers[1]


def test_a_detail_reads_anew_once_a_linked_record_is_hidden(world, anon, editor_api):
    """The ETag covers what the reader was shown: no 304 keeps a link that is now hidden, and
    an editor's fuller reading is not a visitor's."""
    url = reverse("api:organisation-detail", kwargs={"slug": "child-co"})
    Organisation.objects.filter(slug="secret-org").update(status="published")
    first = anon.get(url)
    assert first.json()["parent"] == "secret-org"
    Organisation.objects.filter(slug="secret-org").update(status="draft")

    again = anon.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == HTTPStatus.OK
    assert again.json()["parent"] is None
    assert editor_api.get(url)["ETag"] != again["ETag"]
    assert anon.get(url, HTTP_IF_NONE_MATCH=again["ETag"]).status_code == HTTPStatus.NOT_MODIFIED
