"""Which of a record's facts a cited passage supports, read from the passage itself.

A record cites passages as a whole; a reader wants to know what each one vouches for: the
name, the role, the date, the words of a quotation. The passage's own words say it, so
nothing is stored that could drift from the text: a fact is supported when its value is
in the passage, folded for case, accents, apostrophes and spaces (foundation/text.py).
"""

import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from foundation.fastpaths import formatted_date
from foundation.text import fold

from .models.dates import Precision

# The record's own text fields that state a fact a passage can show.
TEXT_FACTS = ("name", "role", "text", "title")
# Choices a passage may word ("sur son blog"); bookkeeping choices (status, precision) are not
# facts of the record.
CHOICE_FACTS = ("kind", "medium")
# A quotation's words are found when its first words are in the passage: a long quote may be
# cited in parts, each part supporting "the words".
QUOTE_WORDS = 6
SHORTEST_SURNAME = 4


@dataclass(frozen=True)
class Fact:
    label: str
    terms: tuple
    # A part of another fact (a date's day and month without its year): named only when the
    # whole is not in the passage.
    part_of: str = ""


def facts(record):
    """The facts a reader sees on the record, each with the spellings that show it."""
    found = []
    for field in record._meta.concrete_fields:
        value = getattr(record, field.attname)
        if value in (None, ""):
            continue
        label = capfirst(field.verbose_name)
        if field.name in TEXT_FACTS:
            found.append(Fact(label, _text_terms(record, field.name)))
        elif field.name == "other_names":
            found.append(Fact(label, tuple(record.alias_list)))
        elif field.name in getattr(record, "precise_dates", ()):
            precision = getattr(record, f"{field.name}_precision")
            found.append(Fact(label, _date_terms(value, precision)))
            if precision == Precision.DAY:
                partial = _("%(fact)s (day and month)") % {"fact": label}
                found.append(Fact(partial, _day_and_month_terms(value), part_of=label))
        elif field.name in CHOICE_FACTS and field.choices:
            found.append(Fact(label, _choice_terms(field, value)))
        elif isinstance(field, models.ForeignKey) and hasattr(field.related_model, "name"):
            target = getattr(record, field.name)
            found.append(Fact(label, _name_terms(target)))
    return [fact for fact in found if any(fact.terms)]


def supported_facts(record, passage_text):
    """The labels of the record's facts that the passage shows, in the record's field order."""
    passage = fold(passage_text)
    shown = []
    for fact in facts(record):
        if fact.part_of in shown or not _shows(passage, fact.terms):
            continue
        shown.append(fact.label)
    return shown


def _shows(passage, terms):
    for term in terms:
        folded = fold(term)
        if folded and re.search(rf"(?<!\w){re.escape(folded)}(?!\w)", passage):
            return True
    return False


def _text_terms(record, name):
    values = {getattr(record, name)}
    # Translated fields: the passage may carry the source's language, whichever is active.
    for language, _label in _languages():
        values.add(getattr(record, f"{name}_{language}", None))
    values.discard(None)
    values.discard("")
    if name == "text":
        return tuple(" ".join(value.split()[:QUOTE_WORDS]) for value in values)
    if name == "name":
        return tuple(values) + _surnames(record, values)
    return tuple(values)


def _choice_terms(field, value):
    """A choice as the page shows it, in each language ('blog', 'Blog')."""
    label = dict(field.flatchoices).get(value)
    if label is None:
        return ()
    terms = set()
    for language, _label in _languages():
        with translation.override(language):
            terms.add(str(label))
    return tuple(terms)


def _name_terms(target):
    if target is None:
        return ()
    names = {target.name, *getattr(target, "alias_list", ())}
    return tuple(names) + _surnames(target, names)


def _surnames(record, names):
    """A person is often named by their surname alone after the first mention."""
    if record._meta.model_name != "person":
        return ()
    return tuple(
        name.split()[-1]
        for name in names
        if len(name.split()) > 1 and len(name.split()[-1]) >= SHORTEST_SURNAME
    )


def _date_terms(value, precision):
    """The date as sources write it: '2016', 'septembre 2022', '12 septembre 2022', both
    languages, and '1er' for the first of a month in French."""
    if not isinstance(value, datetime.date):
        return ()
    terms = []
    for language, _label in _languages():
        with translation.override(language):
            if precision == Precision.DAY:
                terms.append(formatted_date(value, "j F Y"))
                terms.append(formatted_date(value, "F j, Y"))
                if value.day == 1 and language == "fr":
                    terms.append(formatted_date(value, "\\1\\e\\r F Y"))
            elif precision == Precision.MONTH:
                terms.append(formatted_date(value, "F Y"))
    if precision == Precision.YEAR:
        terms.append(str(value.year))
    return tuple(terms)


def _day_and_month_terms(value):
    terms = []
    for language, _label in _languages():
        with translation.override(language):
            terms += [formatted_date(value, "j F"), formatted_date(value, "F j")]
    return tuple(terms)


def _languages():
    from django.conf import settings

    return settings.LANGUAGES
