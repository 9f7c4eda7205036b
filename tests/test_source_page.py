"""The source page guides the eye: numbers in reading order, a record's passages brought forward,
and each record's evidence saying which of its facts a passage supports."""

import re

import pytest
from django.test import Client
from django.utils import translation

from foundation.models import Citation, Statement, Status
from foundation.views.sources import FOCUS
from tests.page_helpers import get_ok, url

pytestmark = pytest.mark.django_db

SOURCE = "pytorch-rejoint-la-linux-foundation"
QUOTE = "chintala-blog-quote"


def text_section(html):
    return html.split('id="text-heading"', 1)[1].split('id="supports-heading"', 1)[0]


def numbers_in_text(html):
    return [int(n) for n in re.findall(r'class="passage-ref"[^>]*>\[(\d+)\]', text_section(html))]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_passage_numbers_read_in_order_through_the_text(client, seed, language):
    html = get_ok(client, url("source-detail", language, slug=SOURCE))
    numbers = numbers_in_text(html)
    assert numbers == list(range(1, Citation.objects.count() + 1))


def test_a_records_evidence_leads_to_its_passages_brought_forward(client, seed):
    statement = Statement.objects.get(slug=QUOTE)
    own = set(statement.citations.values_list("pk", flat=True))
    page = get_ok(client, statement.get_absolute_url())
    links = re.findall(rf'href="([^"]*\?{FOCUS}=statements/{QUOTE}#passage-\d+)"', page)
    assert len(links) == len(own)

    html = get_ok(client, links[0].split("#")[0])
    text = text_section(html)
    focused = set(map(int, re.findall(r'id="passage-(\d+)" class="passage focus"', text)))
    dimmed = set(map(int, re.findall(r'id="passage-(\d+)" class="passage dimmed"', text)))
    assert focused == own
    assert dimmed == set(Citation.objects.values_list("pk", flat=True)) - own
    assert str(statement) in html.split('class="focus-note"', 1)[1].split("</p>", 1)[0]
    # Each of the record's passages leads to the next and back.
    ordered = sorted(own, key=lambda pk: text.index(f'id="passage-{pk}"'))
    steps = re.findall(r'class="passage-steps">(.*?)</span>', text)
    expected = [
        [str(pk) for pk in (before, after) if pk is not None]
        for before, after in zip([None, *ordered[:-1]], [*ordered[1:], None], strict=True)
    ]
    assert [re.findall(r'href="#passage-(\d+)"', step) for step in steps] == expected


@pytest.mark.parametrize("key", ["statements/no-such-record", "nothing", "people/", "x/\x00"])
def test_an_unknown_record_shows_every_passage_alike_with_a_notice(client, seed, key):
    html = get_ok(client, url("source-detail", slug=SOURCE) + f"?{FOCUS}={key}")
    assert "is not known: every passage is shown alike" in html
    assert "passage focus" not in html
    assert "passage dimmed" not in html


def test_a_draft_record_reads_as_an_unknown_one_to_a_visitor(editor_client, seed):
    Statement.objects.filter(slug=QUOTE).update(status=Status.DRAFT)
    address = url("source-detail", slug=SOURCE) + f"?{FOCUS}=statements/{QUOTE}"
    visitor = get_ok(Client(), address)
    assert "is not known" in visitor
    assert "passage focus" not in visitor
    assert "passage focus" in get_ok(editor_client, address)


def test_the_evidence_list_says_which_facts_each_passage_supports(client, seed):
    page = get_ok(client, url("statement-detail", slug=QUOTE))
    evidence = page.split('id="evidence-heading"', 1)[1]
    supports = re.findall(r'class="meta supports-facts">([^<]*)<', evidence)
    # One passage holds the words, one says where they were said ("sur son blog"), one who.
    assert sorted(supports) == ["Supports: Medium", "Supports: Speaker", "Supports: Text"]
    person = get_ok(client, url("person-detail", slug="jim-zemlin"))
    assert "Supports: Name" in person.split('id="evidence-heading"', 1)[1]


def test_a_year_left_out_of_a_passage_is_not_claimed_as_supported(seed):
    from foundation import evidence
    from foundation.models import Event

    event = Event.objects.exclude(date=None).filter(date_precision="day").first()
    event.date = event.date.replace(month=9)
    day = f"le {event.date.day} septembre"
    translation.activate("en")
    assert evidence.supported_facts(event, f"{day}, rien de plus") == ["Date (day and month)"]
    assert evidence.supported_facts(event, f"{day} {event.date.year}") == ["Date"]
