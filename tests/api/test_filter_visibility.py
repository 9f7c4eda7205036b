"""Filters see what the list sees (foundation/api/filters.py): naming a record hidden from the
reader answers exactly as naming one that does not exist, and no hidden relation row (a
membership, a participation, a passage) changes what a list matches or counts."""

import pytest
from django.urls import reverse

from .conftest import list_of, slugs

UNKNOWN_SLUG = "no-such-record"
UNKNOWN_ID = 2_000_000_000

pytestmark = pytest.mark.django_db


# --- Filters naming a hidden record answer as for an unknown one ------------------------------

NAMED = [
    ("membership", "member", "secret-person"),
    ("membership", "member", "secret-org"),
    ("membership", "person", "secret-person"),
    ("membership", "member_organisation", "secret-org"),
    ("membership", "organisation", "secret-org"),
    ("organisation", "parent", "secret-org"),
    ("organisation", "member_of", "secret-org"),
    ("person", "member_of", "secret-org"),
    ("event", "participant", "secret-person"),
    ("event", "participant", "secret-org"),
    ("statement", "speaker", "secret-person"),
    ("statement", "organisation", "secret-org"),
    ("statement", "event", "secret-event"),
    ("citation", "source", "secret-source"),
]


@pytest.mark.parametrize(("basename", "parameter", "hidden"), NAMED)
@pytest.mark.parametrize("role", ["anon", "reader"])
def test_a_filter_naming_a_hidden_record_answers_as_for_an_unknown_one(
    world, anon, reader_api, editor_api, role, basename, parameter, hidden
):
    client = {"anon": anon, "reader": reader_api}[role]
    url = reverse(f"api:{basename}-list")
    named, unknown = (
        client.get(url, {parameter: hidden}),
        client.get(url, {parameter: UNKNOWN_SLUG}),
    )
    assert (named.status_code, named.json()) == (unknown.status_code, unknown.json())
    # Not a vacuous comparison: the hidden record does match something for an editor.
    assert editor_api.get(url, {parameter: hidden}).json()["count"] > 0


@pytest.mark.parametrize("basename", ["organisation", "person", "membership", "event", "statement"])
def test_a_citation_filter_naming_a_hidden_passage_answers_as_for_an_unknown_id(
    world, anon, editor_api, basename
):
    url = reverse(f"api:{basename}-list")
    named = anon.get(url, {"citation": world["secret_passage"]})
    unknown = anon.get(url, {"citation": UNKNOWN_ID})
    assert (named.status_code, named.json()) == (unknown.status_code, unknown.json())
    assert editor_api.get(url, {"citation": world["secret_passage"]}).json()["count"] > 0


def test_a_draft_person_taking_part_does_not_make_an_event_match_a_role(world, anon, editor_api):
    assert "launch" not in slugs(list_of(anon, "event", participant_role="host"))
    assert "launch" not in slugs(list_of(anon, "event", participant_role="founder"))
    assert "launch" in slugs(list_of(anon, "event", participant_role="speaker"))
    assert "launch" in slugs(list_of(editor_api, "event", participant_role="host"))


def test_member_of_follows_the_readers_rule_for_editors_too(world, anon, editor_api):
    # A draft membership of member-co in the foundation: editors see it, visitors do not.
    assert "member-co" not in slugs(list_of(anon, "organisation", member_of="foundation"))
    assert "member-co" in slugs(list_of(editor_api, "organisation", member_of="foundation"))
    assert slugs(list_of(anon, "person", member_of="foundation")) == {"alice"}
    assert slugs(list_of(editor_api, "person", member_of="foundation")) == {
        "alice",
        "secret-person",
    }


def test_has_figures_counts_only_visible_statements(world, anon):
    assert slugs(list_of(anon, "statement", has_figures="true")) == {"alice-quote"}
