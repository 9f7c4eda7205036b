"""Consistency checks across records (foundation/consistency.py): warnings on a record's form
and on the admin's Problems page; partial dates compare by their precision."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation

from foundation import consistency
from foundation.models import (
    Citation,
    Event,
    EventParticipant,
    Membership,
    Organisation,
    Person,
    Source,
    Status,
)
from tests.test_admin import change_url, logged_in

pytestmark = pytest.mark.django_db

SEPT_12 = datetime.date(2016, 9, 12)
YEAR_2016 = datetime.date(2016, 1, 1)
YEAR_2015 = datetime.date(2015, 1, 1)


def organisation(slug, founded=None, precision="", **fields):
    return Organisation.objects.create(
        slug=slug,
        name_fr=slug.title(),
        kind="foundation",
        founded=founded,
        founded_precision=precision,
        **fields,
    )


def membership(org, start, precision, person=None):
    person = person or Person.objects.create(slug=f"p-{Person.objects.count()}", name="Member")
    return Membership.objects.create(
        person=person,
        organisation=org,
        role_fr="membre",
        start_date=start,
        start_date_precision=precision,
    )


def messages_about(record):
    with translation.override("en"):
        return [finding.message for finding in consistency.findings(record)]


@pytest.mark.parametrize(
    ("founded", "founded_precision", "start", "start_precision", "warned"),
    [
        # 2016 is not before 12 September 2016, nor is 12 September 2016 before 2016.
        (SEPT_12, "day", YEAR_2016, "year", False),
        (YEAR_2016, "year", SEPT_12, "day", False),
        (SEPT_12, "day", datetime.date(2016, 8, 1), "month", True),
        (SEPT_12, "day", datetime.date(2015, 1, 1), "year", True),
        (SEPT_12, "day", datetime.date(2016, 9, 11), "day", True),
        (SEPT_12, "day", datetime.date(2016, 9, 1), "month", False),
    ],
)
def test_a_membership_before_its_organisation_was_founded_compares_by_precision(
    founded, founded_precision, start, start_precision, warned
):
    org = organisation("pytorch-foundation", founded, founded_precision)
    member = membership(org, start, start_precision)

    found = messages_about(member)

    assert bool(found) is warned, found
    if warned:
        assert "before « Pytorch-Foundation » was founded (12 September 2016)" in found[0]
        # The organisation's form says it too.
        assert messages_about(org) == found


def test_an_event_after_the_publication_of_its_source_is_found():
    source = Source.objects.create(
        slug="article",
        title="Article",
        language="fr",
        text="PyTorch rejoint la Linux Foundation.",
        published_on=SEPT_12,
        published_on_precision="day",
    )
    passage = Citation.objects.create(source=source, start=0, end=7, text="PyTorch")
    same_year = Event.objects.create(
        slug="same-year", title_fr="Même année", kind="other", date=YEAR_2016, date_precision="year"
    )
    later = Event.objects.create(
        slug="later",
        title_fr="Plus tard",
        kind="other",
        date=datetime.date(2016, 10, 1),
        date_precision="month",
    )
    for event in (same_year, later):
        event.citations.add(passage)

    assert messages_about(same_year) == []
    (message,) = messages_about(later)
    assert "dated October 2016, after the publication of « Article » (12 September 2016)" in message


def test_an_event_before_a_participating_organisation_was_founded_is_found():
    org = organisation("pytorch-foundation", SEPT_12, "day")
    event = Event.objects.create(
        slug="e", title_fr="Avant", kind="other", date=YEAR_2015, date_precision="year"
    )
    EventParticipant.objects.create(event=event, organisation=org, role="subject")

    (message,) = messages_about(event)
    assert "before « Pytorch-Foundation », which takes part in it, was founded" in message
    assert messages_about(org) == [message]


def test_names_shared_by_two_people_are_likely_duplicates():
    first = Person.objects.create(slug="soumith-chintala", name="Soumith Chintala")
    second = Person.objects.create(slug="s", name="S. Chintala", other_names="SOUMITH CHINTALA")
    Person.objects.create(slug="other", name="Jim Zemlin")

    (message,) = messages_about(second)
    assert "shares the name « S. Chintala »" not in message
    assert "« Soumith Chintala »" in message and "Merge them" in message
    assert len(messages_about(first)) == 1


def test_a_published_record_whose_only_evidence_is_unpublished_is_found():
    source = Source.objects.create(slug="draft", title="Brouillon", language="fr", text="Meta AI")
    passage = Citation.objects.create(source=source, start=0, end=7, text="Meta AI")
    org = organisation("meta-ai", status=Status.PUBLISHED)
    org.citations.add(passage)

    (message,) = messages_about(org)
    assert "only evidence is in sources that are not: « Brouillon »" in message
    source.status = Status.PUBLISHED
    source.save()
    assert messages_about(org) == []


def test_the_form_shows_findings_as_warnings_and_still_saves(editor):
    org = organisation("pytorch-foundation", SEPT_12, "day")
    member = membership(org, datetime.date(2015, 1, 1), "year")
    browser = logged_in(editor)

    page = browser.get(change_url(member))

    warnings = [m for m in page.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "It begins (2015) before « Pytorch-Foundation » was founded" in str(warnings[0])


def test_the_problems_page_lists_every_finding_for_editors_only(editor, reader, client):
    org = organisation("pytorch-foundation", SEPT_12, "day")
    for year in range(2010, 2013):
        membership(org, datetime.date(year, 1, 1), "year")
    url = reverse("admin:problems")
    browser = logged_in(editor)

    page = browser.get(url)

    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    assert html.count("was founded (12 September 2016)") == 3
    assert f'href="{change_url(org)}"' in html
    assert client.get(url).status_code == HTTPStatus.FOUND  # anonymous: to the login page
    client.force_login(reader)
    assert client.get(url).status_code == HTTPStatus.FOUND  # not staff: to the login page


def test_the_problems_page_reads_the_same_number_of_queries_however_many_records(
    editor, django_assert_max_num_queries
):
    org = organisation("pytorch-foundation", SEPT_12, "day")
    browser = logged_in(editor)
    membership(org, datetime.date(2010, 1, 1), "year")
    with django_assert_max_num_queries(40) as few:
        browser.get(reverse("admin:problems"))
    for year in range(2000, 2010):
        membership(org, datetime.date(year, 1, 1), "year")
    with django_assert_max_num_queries(len(few.captured_queries)):
        browser.get(reverse("admin:problems"))


def test_the_problems_page_speaks_french_in_french(editor):
    org = organisation("pytorch-foundation", SEPT_12, "day")
    membership(org, datetime.date(2015, 1, 1), "year")
    browser = logged_in(editor)

    page = browser.get(reverse("admin:problems"), headers={"accept-language": "fr"})

    html = page.content.decode()
    assert "Problèmes" in html
    assert "Elle commence (2015) avant la fondation de « Pytorch-Foundation »" in html
