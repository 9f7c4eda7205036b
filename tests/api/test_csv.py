"""CSV exports open safely in a spreadsheet, whatever separator its locale splits on.

Every field is quoted, and no cell a spreadsheet could make of the file starts a formula: not
when it reads the file with `,`, `;`, tab or `|` as the separator, nor when it splits a field
again on any of them or on a line break ("text to columns"). The data stays faithful: the
documented rule (CSVRenderer) gives every value back exactly.
"""

import csv
import io
import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from foundation.models import Citation, Event, Membership, Organisation, Person, Source, Statement

pytestmark = pytest.mark.django_db

FRENCH_EXAMPLE = "Dupont;=cmd|' /C calc'!A0"
PAYLOADS = [
    FRENCH_EXAMPLE,
    '=HYPERLINK("http://example.org/?x","clic")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "Dupont,=1+1",
    "Dupont|=1+1",
    "Dupont\t=1+1",
    "Dupont\n@SUM(1)",
    "Dupont\r\n-1+1",
    "Dupont; =1+1",
    'Dupont;"=1+1"',
    'Dupont;""+1+1',
    "Dupont;\u00a0=1+1",
    "Dupont ;\u202f@SUM(1)",
    "\uff1d1+1",
    "Dupont;\uff0b1+1",
    "Dupont;\uff0d1+1",
    "Dupont;\uff201",
    "'=1+1",
    "Dupont;''=1+1",
    "Dupont;;=1+1",
    "=",
]
# Read as they are: a negative number is a number, the rest is text.
HARMLESS = ["-12", "Dupont;-3.5", "-3,5", "Jean-Pierre O'Brien", "a - b", "2022-09-12", "x@y.org"]

SEPARATORS = ",;\t|\r\n"
FORMULA_STARTS = tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b")
BLANKS = ' \u00a0\u202f\u2009\u200b\ufeff"'
NUMBER = re.compile(r"-[0-9]+(\.[0-9]+)?")


def export(client, basename, **params):
    response = client.get(reverse(f"api:{basename}-list"), {"format": "csv", **params})
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/csv")
    return response.content.decode("utf-8")


def cells_a_spreadsheet_may_make(text):
    """Every cell: the file read with each separator (quotes honoured or not), each field split
    again on every separator."""
    for delimiter in ",;\t|":
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield from row
        for line in text.splitlines():
            yield from line.split(delimiter)
    for row in csv.reader(io.StringIO(text, newline="")):
        for field in row:
            yield from re.split(f"[{SEPARATORS}]", field)


def assert_no_formula(text):
    for cell in cells_a_spreadsheet_may_make(text):
        # A spreadsheet may skip blanks and quotes first; tab and CR count as formula starts.
        shown = cell.lstrip(BLANKS)
        if NUMBER.fullmatch(shown):
            continue
        assert not shown.startswith(FORMULA_STARTS), f"{cell!r} runs as a formula in {text!r}"


def undo(value):
    """The renderer's documented rule, backwards: one apostrophe less before a formula sign."""
    blanks = '(?:[^\\S\\t\\r\\n]|[\\u200b\\ufeff"])*'
    starts = re.escape("".join(FORMULA_STARTS))
    return re.sub(f"(?:^|(?<=[{SEPARATORS}]))({blanks})'('*)(?=[{starts}])", r"\1\2", value)


def column(text, name):
    return [row[name] for row in csv.DictReader(io.StringIO(text, newline=""))]


@pytest.fixture
def records(db):
    """One record of every kind per payload, the payload in each text field the lists show."""
    source = Source.objects.create(
        slug="csv-source",
        title=FRENCH_EXAMPLE,
        publisher=FRENCH_EXAMPLE,
        language="fr",
        text="".join(PAYLOADS),
        status="published",
    )
    start = 0
    for i, payload in enumerate(PAYLOADS):
        end = start + len(payload)
        Citation.objects.create(source=source, start=start, end=end, text=payload)
        start = end
        person = Person.objects.create(
            slug=f"p{i}", name=payload, sort_name=payload, other_names=payload, status="published"
        )
        org = Organisation.objects.create(
            slug=f"o{i}", name_fr=payload, other_names=f"{payload}\n{payload}", kind="other",
            status="published",
        )  # fmt: skip
        Membership.objects.create(
            slug=f"m{i}", person=person, organisation=org, role_fr=payload, status="published"
        )
        event = Event.objects.create(
            slug=f"e{i}", title_fr=payload, kind="other", status="published"
        )
        Statement.objects.create(
            slug=f"s{i}", kind="quote", text_fr=payload, speaker=person, event=event,
            language="fr", status="published",
        )  # fmt: skip


BASENAMES = ["person", "organisation", "membership", "event", "statement", "source", "citation"]


def test_every_field_is_quoted(anon, seed):
    text = export(anon, "person")
    quoted = re.compile(r'"(?:[^"]|"")*"')
    for line in text.split("\r\n")[:-1]:
        assert re.fullmatch(f"{quoted.pattern}(?:,{quoted.pattern})*", line), line


def test_the_french_locale_example_is_text_in_every_cell(anon, records):
    text = export(anon, "person", search="Dupont")
    assert "\"Dupont;'=cmd|' /C calc'!A0\"" in text
    # A spreadsheet in a French locale splits on ';': its second cell is text, not a formula.
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=";"):
        for cell in row[1:]:
            assert not cell.lstrip(BLANKS).startswith(FORMULA_STARTS), cell
    assert_no_formula(text)


@pytest.mark.parametrize("basename", BASENAMES)
def test_no_cell_a_spreadsheet_may_make_starts_a_formula(anon, records, basename):
    assert_no_formula(export(anon, basename))


@pytest.mark.parametrize("basename", ["person", "organisation", "statement", "citation"])
def test_the_rule_gives_every_value_back(anon, records, basename):
    name = {"person": "name", "organisation": "name", "statement": "text", "citation": "text"}
    exported = {undo(value) for value in column(export(anon, basename), name[basename])}
    assert exported >= set(PAYLOADS)


def test_lists_of_names_are_neutralised_as_one_cell(anon, records):
    for value in column(export(anon, "organisation"), "other_names"):
        assert_no_formula(value)


def test_numbers_and_ordinary_text_are_left_as_they_are(anon, db):
    for i, value in enumerate(HARMLESS):
        Person.objects.create(slug=f"h{i}", name=value, status="published")
    assert set(column(export(anon, "person"), "name")) == set(HARMLESS)
