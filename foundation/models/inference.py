"""Inference per field: which of a record's values the source does not state, and why.

A record keeps `inferences = {key: reason}`. A key names one of the model's
`inferable_fields` ("date"), or only the year of a date field ("date.year": the source gives
the day and month, "le 12 septembre dernier", and not the year). The reason says how the
value was inferred, in each language the site reads: {"fr": "…", "en": "…"}; a bare string is
an English reason (the notes' first language). A page shows the reason in its language, or,
where the editors gave none, in the other one marked with its language (`reason_language`).

Every surface asks the record (`record.inference("date")`, `record.inferred_fields`) or the
template filter built on it (`inference_mark`), so a value shown anywhere carries its mark
and the rule of what "inferred" covers is written here only.
"""

from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from foundation.text import french_typography, reading_languages

YEAR = "year"
# A reason given as a bare string is in this language.
PLAIN_REASON_LANGUAGE = "en"


def reason_texts(reason):
    """A stored reason as {language: text}, each text non-empty (a bare string is English)."""
    if isinstance(reason, str):
        return {PLAIN_REASON_LANGUAGE: reason} if reason.strip() else {}
    if isinstance(reason, dict):
        return {
            language: text
            for language, text in reason.items()
            if language in settings.MODELTRANSLATION_LANGUAGES
            and isinstance(text, str)
            and text.strip()
        }
    return {}


def reason_problem(reason):
    """What is wrong with a stored reason, or None."""
    if isinstance(reason, dict):
        unknown = set(reason) - set(settings.MODELTRANSLATION_LANGUAGES)
        if unknown or any(not isinstance(text, str) for text in reason.values()):
            return "languages"
    if not reason_texts(reason):
        return "missing"
    return None


def read_reason(texts):
    """(text, language) of a reason's {language: text} for a reader of the active language:
    its own where the editors gave it, else the first of the fallbacks; French typeset as
    French is written (an editor's plain spaces before « : » too)."""
    order = reading_languages()
    language = next((code for code in order if code in texts), order[0])
    text = texts.get(language, "")
    return (french_typography(text) if language == "fr" else text), language


def read_reasons(inferences):
    """{key: reason} as a reader of the active language reads `inferences`."""
    if not isinstance(inferences, dict):
        return {}
    return {key: read_reason(reason_texts(reason))[0] for key, reason in inferences.items()}


def written_reasons(old, new, language):
    """`inferences` after a write of `new` in `language` (the writer's: the admin's or the
    API request's) over `old`: a reason written as an object sets each language it names;
    one written as a text sets `language`'s and keeps the other languages' reasons, unless
    it is the text a reader was shown (written back unchanged). Keys left out are no longer
    inferred."""
    if not isinstance(new, dict):
        return new
    old = old if isinstance(old, dict) else {}
    merged = {}
    for key, reason in new.items():
        if not isinstance(reason, str):
            merged[key] = reason
            continue
        if key not in old:
            merged[key] = {language: reason}
            continue
        texts = reason_texts(old[key])
        shown, _language = read_reason(texts)
        merged[key] = old[key] if reason == shown else {**texts, language: reason}
    return merged


class Inference(NamedTuple):
    field: str
    part: str  # "year" when only the year of a date is inferred, else ""
    reasons: dict  # {language: text}

    @property
    def reason(self):
        """How the value was inferred, as a reader of the active language reads it."""
        return read_reason(self.reasons)[0]

    @property
    def reason_language(self):
        """The language `reason` is in (the active one unless the editors gave it only in
        another)."""
        return read_reason(self.reasons)[1]

    @property
    def key(self):
        return f"{self.field}.{self.part}" if self.part else self.field

    @property
    def label(self):
        """'year inferred' or 'inferred', in the active language."""
        return gettext("year inferred") if self.part == YEAR else gettext("inferred")

    @property
    def text(self):
        """The mark as plain text, for feeds, CSV and exports: 'year inferred: <reason>'."""
        return f"{self.label}: {self.reason}"


def split_key(key):
    field, _dot, part = key.partition(".")
    return field, part


class Inferable(models.Model):
    """A record some of whose values may be inferred rather than stated by its source."""

    inferences = models.JSONField(
        _("inferred values"),
        default=dict,
        blank=True,
        help_text=_(
            "The values the source does not state, each with how it was inferred, e.g. "
            '{"date.year": "The article gives the day and month only; the year is that of the '
            'announcement."}, or the reason in each language: {"date.year": {"fr": "…", "en": '
            "\"…\"}}; a reason typed as one text is in the admin's language. A date's key may end "
            'in ".year" when only its year is inferred.'
        ),
    )

    # The fields whose value may be inferred; a date field's year may be inferred alone.
    inferable_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not exclude or "inferences" not in exclude:
            problems = self.inference_problems()
            if problems:
                errors.setdefault("inferences", []).extend(problems)
        if errors:
            raise ValidationError(errors)

    def inference_problems(self):
        """What is wrong with `inferences`: a list of messages (empty when it is valid)."""
        value = self.inferences
        if not isinstance(value, dict):
            return [_("Give the inferred values as an object: {field: how it was inferred}.")]
        problems = []
        for key, reason in value.items():
            field, part = split_key(str(key))
            if field not in self.inferable_fields or part not in ("", YEAR):
                problems.append(
                    _("“%(key)s” cannot be marked inferred here; choose among: %(fields)s.")
                    % {"key": key, "fields": ", ".join(self.inference_keys()) or "—"}
                )
            elif part == YEAR and not isinstance(self._meta.get_field(field), models.DateField):
                problems.append(_("Only a date has a year: “%(key)s”.") % {"key": key})
            elif (problem := reason_problem(reason)) == "languages":
                problems.append(
                    _(
                        "Give the reason for “%(key)s” as a text, or as texts by language: "
                        '{"fr": "…", "en": "…"}.'
                    )
                    % {"key": key}
                )
            elif problem == "missing":
                problems.append(
                    _("Say how “%(key)s” was inferred: the reason is missing.") % {"key": key}
                )
            elif self.inferred_value_missing(field):
                problems.append(
                    _("“%(key)s” is empty: there is no value to mark inferred.") % {"key": key}
                )
        return problems

    def inferred_value_missing(self, field):
        model_field = self._meta.get_field(field)
        value = getattr(self, model_field.attname)
        return value is None or value == ""

    @classmethod
    def inference_keys(cls):
        """Every key `inferences` accepts, in the model's order."""
        keys = []
        for name in cls.inferable_fields:
            keys.append(name)
            if isinstance(cls._meta.get_field(name), models.DateField):
                keys.append(f"{name}.{YEAR}")
        return keys

    def inference(self, field):
        """The Inference of `field` (whole or its year), or None when the source states it."""
        value = self.inferences if isinstance(self.inferences, dict) else {}
        if field in value:
            return Inference(field, "", reason_texts(value[field]))
        key = f"{field}.{YEAR}"
        if key in value:
            return Inference(field, YEAR, reason_texts(value[key]))
        return None

    @property
    def inferred_fields(self):
        """Each inferred value, in the model's field order."""
        found = (self.inference(name) for name in self.inferable_fields)
        return [inference for inference in found if inference is not None]

    @property
    def is_inferred(self):
        return bool(self.inferences)

    def marked_text(self, field, shown):
        """`shown` (the field's value as words) with its mark: '12 September 2022 (year
        inferred)'; for text surfaces (feeds, diagrams' text, exports)."""
        inference = self.inference(field)
        return f"{shown} ({inference.label})" if inference and shown else shown

    def inference_notes(self):
        """Each inferred value as a sentence: 'Year of the date, inferred: <reason>'."""
        return [
            gettext("%(what)s, inferred: %(reason)s")
            % {"what": capfirst(self.inferred_field_label(inference)), "reason": inference.reason}
            for inference in self.inferred_fields
        ]

    def inferred_field_label(self, inference):
        """'date', 'year of the date'… in the active language."""
        name = self._meta.get_field(inference.field).verbose_name
        if inference.part == YEAR:
            return gettext("year of the %(field)s") % {"field": name}
        return str(name)
