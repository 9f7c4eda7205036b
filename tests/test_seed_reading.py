"""A reading of the seed article against every record of the fixtures (issue 12, point 7).

For each record, every name, number, qualifier and date it shows must be in the passages it
cites (read in the article itself, seeds/, at their offsets), or be marked inferred with a
reason. The reading is generic: each linked organisation or person is a name, each precise
date a date, a role a qualifier, a figure's number and qualifier its words, a quotation its
exact words, and every capitalised word of a French text a name, so a new kind of record is
read without a new rule.
"""

import datetime
import functools
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import models

from foundation.management.commands.load_seed import fixture_entries
from foundation.models import (
    Event,
    EventParticipant,
    Figure,
    Organisation,
    Person,
    Source,
    Statement,
)
from foundation.models.kinds import cited_models
from foundation.text import fold

pytestmark = pytest.mark.django_db

ARTICLE = (Path(settings.BASE_DIR) / "seeds" / "000_f754d39028b1c723.txt").read_text("utf-8")
MONTHS = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
).split()
# A figure's qualifier, as the article words it just before the number.
QUALIFIER_WORDS = {
    Figure.Qualifier.MORE_THAN: ("plus de",),
    Figure.Qualifier.NEARLY: ("près de", "presque"),
    Figure.Qualifier.ABOUT: ("environ", "quelque", "autour de"),
    Figure.Qualifier.LESS_THAN: ("moins de",),
    Figure.Qualifier.EXACTLY: ("",),
}
MEDIUM_WORDS = {
    Statement.Medium.BLOG: "blog",
    Statement.Medium.PRESS_RELEASE: "communiqué de presse",
    Statement.Medium.INTERVIEW: "entretien",
    Statement.Medium.ARTICLE: "article",
}
# Words of a role that say nothing of it ("l'un des créateurs": only "créateurs" counts).
ROLE_FILLER = {"l'un", "des", "de", "du", "la", "le", "les", "d'un", "en", "et", "un", "une"}
NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+")


@pytest.fixture
def seed(seeded, db):
    """The seed, loaded once for the module (this module only reads it)."""


def passages_of(record):
    """The words the record cites, read from the article at each passage's offsets."""
    if isinstance(record, Figure):  # its number's words, and what its statement cites
        citations = [record.citation, *record.statement.citations.all()]
    elif isinstance(record, EventParticipant):
        citations = list(record.event.citations.all())
    else:
        citations = list(record.citations.all())
    for citation in citations:
        assert ARTICLE[citation.start : citation.end] == citation.text, citation
    return " ".join(citation.text for citation in citations)


def names_of(linked):
    if isinstance(linked, Organisation):
        return [linked.name_fr, linked.name_en, *linked.alias_list]
    if isinstance(linked, Person):
        return [linked.name, *linked.alias_list]
    return []


@functools.cache
def actor_names():
    """Each organisation's and person's names in all their forms."""
    actors = [*Organisation.objects.all(), *Person.objects.all()]
    return [tuple(name for name in names_of(actor) if name) for actor in actors]


def stem(word):
    return fold(word)[:5]


def date_words(value, precision):
    """What the article must say of a date: its day and month ('12 septembre'), its year."""
    shown = {"year": str(value.year)}
    if precision in ("month", "day"):
        month = MONTHS[value.month - 1]
        shown["day and month"] = f"{value.day} {month}" if precision == "day" else month
    return shown


class Reading:
    """What one record shows that its passages do not say, and is not marked inferred."""

    def __init__(self, record):
        self.record, self.text = record, passages_of(record)
        self.folded = fold(self.text)
        self.unsupported = []

    def says(self, words):
        return fold(words) in self.folded

    def missing(self, field, what, value):
        inference = self.record.inference(field) if hasattr(self.record, "inference") else None
        if inference is not None and inference.reason.strip():
            if inference.part == "" or what == "year":
                return
        label = getattr(self.record, "slug", None) or str(self.record)
        self.unsupported.append(f"{type(self.record).__name__} {label}: {field} ({what}) {value!r}")

    def name(self, field, linked):
        names = [name for name in names_of(linked) if name]
        if names and not any(self.says(name) for name in names):
            self.missing(field, "name", names[0])

    def date(self, field):
        value = getattr(self.record, field)
        if value is None:
            return
        precision = getattr(self.record, f"{field}_precision")
        for what, words in date_words(value, precision).items():
            if not self.says(words):
                self.missing(field, what, words)

    def qualifier(self, field, words):
        content = [word for word in fold(words).split() if word not in ROLE_FILLER]
        stems = {stem(word) for word in re.findall(r"[\w']+", self.folded)}
        if not all(stem(word) in stems for word in content):
            self.missing(field, "qualifier", words)

    def capitalised_names(self, field, text):
        """Every capitalised word of a French text, but the first, is a name to be read: in
        the passages, or part of a name of an organisation or person they name in one of its
        forms ('Fondation PyTorch' where the passage says 'PyTorch Foundation')."""
        words = re.findall(r"(?<![\w'’-])[A-Z][\w-]*", text or "")
        for word in words[1:] if text and text[0].isupper() else words:
            if not self.says(word) and not self.names_by_another_form(word):
                self.missing(field, "name", word)

    def names_by_another_form(self, word):
        return any(
            fold(word) in fold(" ".join(forms)) and any(self.says(form) for form in forms)
            for forms in actor_names()
        )

    def read(self):
        record = self.record
        for field in record._meta.concrete_fields:
            if field.is_relation and field.related_model in (Organisation, Person):
                linked = getattr(record, field.name)
                if linked is not None:
                    self.name(field.name, linked)
            elif isinstance(field, models.DateField) and f"{field.name}_precision" in {
                f.name for f in record._meta.concrete_fields
            }:
                self.date(field.name)
        for field in getattr(record, "translated_fields", ()):
            self.capitalised_names(field, getattr(record, f"{field}_fr", ""))
        if hasattr(record, "role_fr") and record.role_fr:
            self.qualifier("role", record.role_fr)
        if isinstance(record, Organisation | Person):
            self.name("name", record)
        if isinstance(record, Statement):
            self.statement()
        if isinstance(record, Figure):
            self.figure()
        return self.unsupported

    def statement(self):
        record = self.record
        if record.kind == Statement.Kind.QUOTE and fold(record.text_fr) not in self.folded:
            self.missing("text", "quotation", record.text_fr[:60])
        for number in NUMBER.findall(record.text_fr):
            if number not in self.text:
                self.missing("text", "number", number)
        if record.medium in MEDIUM_WORDS and not self.says(MEDIUM_WORDS[record.medium]):
            self.missing("medium", "qualifier", MEDIUM_WORDS[record.medium])

    def figure(self):
        """The number and its qualifier are read in the words that give the number."""
        record = self.record
        words = fold(record.citation.text)
        numbers = {int(re.sub(r"\D", "", found)) for found in NUMBER.findall(words)}
        if record.value not in numbers:
            self.missing("value", "number", record.value_display)
        said = any(
            re.search(rf"{re.escape(fold(before))}\s*(?:{NUMBER.pattern})", words)
            for before in QUALIFIER_WORDS[record.qualifier]
        )
        if not said:
            self.missing("qualifier", "qualifier", Figure.Qualifier(record.qualifier).value)


def fixture_records():
    """Every record the fixtures hold: each kind of cited record, figures, participants."""
    for model in (*cited_models(), Figure, EventParticipant):
        yield from model.objects.all()


def test_every_record_shows_only_what_its_passages_say_or_marks_it_inferred(seed):
    unsupported = []
    read = 0
    for record in fixture_records():
        unsupported += Reading(record).read()
        read += 1
    # Every record of the fixtures but the source and its passages (read above).
    kinds = [entry["model"] for entry in fixture_entries()]
    assert read == len(kinds) - kinds.count("foundation.citation") - kinds.count(
        "foundation.source"
    )
    assert unsupported == [], "\n".join(unsupported)


def test_the_source_shows_only_what_the_article_says_or_marks_it_inferred(seed):
    source = Source.objects.get()
    assert source.text == ARTICLE
    assert source.title not in ARTICLE and source.inference("title").reason
    inferred = source.inference("published_on")
    assert str(source.published_on.year) not in ARTICLE.split("12 septembre")[0]
    assert "2022 or later" in inferred.reasons["en"]


def test_figures_as_of_the_articles_today_depend_on_its_inferred_publication_date(seed):
    source = Source.objects.get()
    for figure in Figure.objects.all():
        inference = figure.inference("as_of")
        assert figure.as_of.year == source.published_on.year
        assert "publication date, itself inferred" in inference.reasons["en"], figure


def test_the_reading_catches_a_fact_the_article_does_not_give(seed):
    """The reading itself: a date, a name, a number or a qualifier that the passages do not
    give is caught, unless it is marked inferred with a reason."""
    event = Event.objects.get(slug="pytorch-development-begins")
    event.date = datetime.date(2015, 1, 1)
    assert Reading(event).read() == [
        "Event pytorch-development-begins: date (year) '2015'",
    ]
    event.inferences = {"date": "A guess, for the test."}
    assert Reading(event).read() == []
    figure = Figure.objects.get(value=80)
    figure.qualifier = Figure.Qualifier.NEARLY
    figure.value = Decimal(81)
    assert [line.split(": ", 1)[1] for line in Reading(figure).read()] == [
        "value (number) '81'",
        "qualifier (qualifier) 'nearly'",
    ]
    statement = Statement.objects.get(slug="claim-pytorch-widely-used")
    statement.text_fr = "PyTorch est utilisé par Apple."
    assert Reading(statement).read() == [
        "Statement claim-pytorch-widely-used: text (name) 'Apple'",
    ]
