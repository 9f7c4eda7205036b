"""Constraints reject bad data with messages that name the field and the fix."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import translation

from foundation.models import (
    Citation,
    EditConflict,
    Event,
    EventParticipant,
    Membership,
    Organisation,
    Person,
    Precision,
    Source,
    Statement,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(db):
    return Source.objects.create(
        slug="s", title="Source", language="fr", text="Jim Zemlin dirige la Fondation Linux."
    )


@pytest.fixture
def lf(db):
    return Organisation.objects.create(slug="lf", name="Linux Foundation", kind="foundation")


@pytest.fixture
def zemlin(db):
    return Person.objects.create(slug="zemlin", name="Jim Zemlin")


def errors_of(record):
    """The record's validation errors, in English (the wording the tests read)."""
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            record.full_clean()
        return {
            field: [str(m) for m in messages]
            for field, messages in caught.value.message_dict.items()
        }


def test_citation_locates_its_passage_when_offsets_are_left_empty(source):
    citation = Citation(source=source, text="la Fondation Linux")
    citation.full_clean()
    assert (citation.start, citation.end) == (18, 36)


def test_citation_that_does_not_match_its_source_is_refused(source):
    errors = errors_of(Citation(source=source, text="la Fondation", start=0, end=12))
    assert "does not match the source at 0–12" in errors["text"][0]
    errors = errors_of(Citation(source=source, text="absent"))
    assert "not in the source" in errors["text"][0]


def test_ambiguous_passage_lists_each_occurrence_with_its_context(db):
    doubled = Source.objects.create(slug="d", title="D", language="fr", text="oui, dit-il : oui")
    message = errors_of(Citation(source=doubled, text="oui"))["start"][0]
    assert "occurs 2 times" in message
    assert "At 0: …[oui], dit-il : oui…" in message
    assert "At 14: …oui, dit-il : [oui]…" in message


def test_cited_source_text_is_frozen(source):
    Citation.objects.create(source=source, text="Jim", start=0, end=3)
    source.text = "Autre texte"
    assert "cannot change" in errors_of(source)["text"][0]


def test_membership_needs_exactly_one_member(lf, zemlin):
    other = Organisation.objects.create(slug="meta", name="Meta", kind="company")
    both = Membership(
        person=zemlin, member_organisation=other, organisation=lf, role="x", slug="both"
    )
    assert "exactly one member" in errors_of(both)["person"][0]
    neither = Membership(organisation=lf, role="x", slug="neither")
    assert "exactly one member" in errors_of(neither)["person"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        neither.save()


def test_membership_cannot_end_before_it_starts(lf, zemlin):
    membership = Membership(
        person=zemlin,
        organisation=lf,
        role="directeur",
        start_date=datetime.date(2022, 9, 12),
        start_date_precision=Precision.DAY,
        end_date=datetime.date(2021, 1, 1),
        end_date_precision=Precision.YEAR,
    )
    assert "before the start date" in errors_of(membership)["end_date"][0]
    membership.slug = "bad-order"
    with pytest.raises(IntegrityError), transaction.atomic():
        membership.save()


def test_a_generated_membership_slug_never_carries_another_records_slug(lf, zemlin):
    membership = Membership(person=zemlin, organisation=lf, role="Directeur exécutif")
    membership.full_clean()
    assert membership.slug.startswith("directeur-executif-")
    assert zemlin.slug not in membership.slug and lf.slug not in membership.slug


def test_slugs_are_unique(lf):
    duplicate = Organisation(slug="lf", name="Other", kind="company")
    assert "slug" in errors_of(duplicate)
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(slug="lf", name="Other", kind="company")


def test_organisation_cannot_be_its_own_ancestor(lf):
    child = Organisation.objects.create(slug="pf", name="PyTorch Foundation", kind="foundation")
    child.parent = lf
    child.save()
    lf.parent = child
    assert "own ancestor" in errors_of(lf)["parent"][0]


def test_a_date_needs_its_precision_and_displays_by_it(db):
    event = Event(slug="e", title="Début", kind="development", date=datetime.date(2016, 5, 4))
    assert "year, a month or a day" in errors_of(event)["date_precision"][0]
    event.date_precision = Precision.YEAR
    event.full_clean()
    assert event.date == datetime.date(2016, 1, 1)
    assert event.date_display == "2016"
    assert event.date_end == datetime.date(2016, 12, 31)
    event.date, event.date_precision = datetime.date(2022, 9, 12), Precision.MONTH
    with translation.override("en"):
        assert event.date_display == "September 2022"
    event.date_precision = Precision.DAY
    with translation.override("fr"):
        assert event.date_display == "12 septembre 2022"


def test_an_inference_names_a_field_of_the_record_that_holds_a_value_and_says_why(db):
    event = Event(slug="e", title="E", kind="other", inferences={"date.year": "The article…"})
    assert "is empty" in errors_of(event)["inferences"][0]
    event.date, event.date_precision = datetime.date(2022, 9, 12), Precision.DAY
    event.inferences = {"title": "Ours.", "date": "  "}
    problems = errors_of(event)["inferences"]
    assert "choose among: date, date.year" in problems[0]
    assert "the reason is missing" in problems[1]
    event.inferences = {"date.year": "Only the day and month are given."}
    event.full_clean()
    inference = event.inference("date")
    with translation.override("en"):
        assert (inference.field, inference.part, inference.label) == (
            "date",
            "year",
            "year inferred",
        )
    assert event.inference("title") is None


def test_verification_states_need_their_evidence(db):
    person = Person(slug="p", name="P", verification="checked")
    assert "date it was checked" in errors_of(person)["verified_at"][0]
    assert "names who checked" in errors_of(person)["verified_by"][0]
    person.verification = "disputed"
    assert "disputed or retracted" in errors_of(person)["verification_note"][0]


def test_quotation_needs_a_speaker_and_a_translation_needs_a_translator(zemlin):
    quote = Statement(slug="q", kind="quote", text="Bonjour", language="fr")
    assert "needs its speaker" in errors_of(quote)["speaker"][0]
    quote.speaker = zemlin
    quote.original_language = "en"
    assert "who translated it" in errors_of(quote)["rendered_by"][0]
    quote.rendered_by = Statement.RenderedBy.SOURCE
    quote.full_clean()
    assert quote.is_translation


def test_participant_is_a_person_or_an_organisation(lf, zemlin):
    event = Event.objects.create(slug="e", title="E", kind="other")
    both = EventParticipant(event=event, person=zemlin, organisation=lf, role="host")
    assert "exactly one participant" in errors_of(both)["person"][0]


def test_search_text_is_folded_and_kept_current(lf):
    lf.other_names = "Fondation Linux\nLinux Fondation"
    lf.save()
    lf.refresh_from_db()
    assert "fondation linux" in lf.search_text
    lf.name_en = "Linux Foundation Europe"
    lf.save()
    lf.refresh_from_db()
    assert "europe" in lf.search_text


def test_save_if_version_refuses_a_stale_version(lf):
    assert lf.version == 1
    lf.description = "first"
    lf.save_if_version(1)
    stale = Organisation.objects.get(pk=lf.pk)
    stale.version = 1
    stale.description = "second"
    with pytest.raises(EditConflict):
        stale.save_if_version(1)
    lf.refresh_from_db()
    assert (lf.description, lf.version) == ("first", 2)


@pytest.mark.django_db(transaction=True)
def test_of_two_concurrent_guarded_saves_exactly_one_wins():
    record = Organisation.objects.create(slug="race", name="Race", kind="other")
    barrier = threading.Barrier(2)
    outcomes = []

    def write(description):
        try:
            mine = Organisation.objects.get(pk=record.pk)
            mine.description = description
            barrier.wait(timeout=10)
            mine.save_if_version(1)
            outcomes.append(("saved", description))
        except EditConflict:
            outcomes.append(("conflict", description))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=write, args=(d,)) for d in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(kind for kind, _ in outcomes) == ["conflict", "saved"]
    winner = next(d for kind, d in outcomes if kind == "saved")
    record.refresh_from_db()
    assert (record.description, record.version) == (winner, 2)
