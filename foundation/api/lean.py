"""The read path of list endpoints: a list serializer's output, computed from value rows.

DRF serializes a record field by field through model instances: for a page of 50 statements
with their speaker, organisation and event, that is most of the endpoint's time on every
request. A list item only holds plain columns, links and translations, so a `LeanReader`
reads the serializer's own declared fields once, maps each to the columns it needs, and
turns `QuerySet.values()` rows straight into the same dictionaries, at a fraction of the
cost. The serializer stays the one definition of the output, its documentation included;
a field this module does not know is an error at the first request, not a silent difference
(tests/api/test_lean.py compares both paths on every list).

Who may see what is not decided here: the view's queryset is `Model.objects.visible_to(user)`,
so a link it requires is visible (or empty) on every row, and a link it shows only when
visible comes with the rule's boolean column (`shown_column`), read here as "empty".
"""

import datetime
import re
from functools import cache
from urllib.parse import quote

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language
from modeltranslation.fields import NONE
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import resolution_order
from rest_framework import serializers

from foundation.fastpaths import url_around
from foundation.models.inference import read_reasons
from foundation.models.visibility import hidden_links

from .serializers import AliasesField, InferencesField, SlugLink, TextRenderingField, URLLink

_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]+")


def _iso_date(value):
    return None if value is None else value.isoformat()


def _utc_datetime(value):
    """As DRF's DateTimeField in UTC: ISO 8601 with a Z."""
    if value is None:
        return None
    text = value.astimezone(datetime.UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _aliases(value):
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def _translated_fields(model):
    try:
        return translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return {}


class _Translation:
    """modeltranslation's fallback rule (TranslationFieldDescriptor.__get__) on a row."""

    def __init__(self, model, name):
        self.field = model._meta.get_field(name)
        self.descriptor = getattr(model, name)
        self.columns = {field.language: field.name for field in _translated_fields(model)[name]}
        undefined = self.descriptor.fallback_undefined
        self.undefined = self.field.get_default() if undefined is NONE else undefined
        fallback = self.descriptor.fallback_value
        self.fallback = self.field.get_default() if fallback is NONE else fallback

    def order(self):
        languages = resolution_order(get_language(), self.descriptor.fallback_languages)
        return [self.columns[language] for language in languages if language in self.columns]

    def pick(self, row, order):
        for column in order:
            value = row[column]
            if value is not None and value != self.undefined:
                return value
        return self.fallback


class _Plan:
    """What one serializer field needs from a row, and how to turn it into output."""

    def __init__(self, name, columns, kind, **details):
        self.name, self.columns, self.kind, self.details = name, columns, kind, details


def _plan(name, field, model):
    translated = _translated_fields(model)
    if isinstance(field, serializers.HyperlinkedIdentityField):
        lookup = field.lookup_field
        return _Plan(name, [lookup], "url", view_name=field.view_name, lookup=lookup)
    if isinstance(field, SlugLink | URLLink):
        columns = [f"{field.source}__slug"]
        if isinstance(field, URLLink):
            return _Plan(name, columns, "link_url", view_name=field.view_name, link=field.source)
        return _Plan(name, columns, "link_slug", link=field.source)
    if isinstance(field, TextRenderingField):
        return _Plan(name, list(field.columns), "row", field=field)
    if isinstance(field, AliasesField):
        return _Plan(name, [field.source], "convert", convert=_aliases)
    if isinstance(field, InferencesField):
        return _Plan(name, [field.source], "convert", convert=read_reasons)
    if field.source in translated:
        translation = _Translation(model, field.source)
        return _Plan(name, list(translation.columns.values()), "translated", t=translation)
    try:
        model_field = model._meta.get_field(field.source)
    except FieldDoesNotExist as error:
        raise ImproperlyConfigured(f"lean lists cannot read {model.__name__}.{name}") from error
    if isinstance(field, serializers.DateTimeField):
        return _Plan(name, [field.source], "convert", convert=_utc_datetime)
    if isinstance(field, serializers.DateField):
        return _Plan(name, [field.source], "convert", convert=_iso_date)
    plain = (
        serializers.CharField,
        serializers.ChoiceField,
        serializers.IntegerField,
        serializers.BooleanField,
        serializers.JSONField,
        serializers.ModelField,
    )
    if isinstance(field, plain) and not model_field.is_relation:
        return _Plan(name, [model_field.attname], "plain")
    raise ImproperlyConfigured(
        f"lean lists cannot read {model.__name__}.{name} ({type(field).__name__})"
    )


@cache
def _compile(serializer_class, fields):
    serializer = serializer_class(context={"fields": set(fields) if fields else None})
    model = serializer_class.Meta.model
    plans = [_plan(name, field, model) for name, field in serializer.fields.items()]
    columns = list(dict.fromkeys(column for plan in plans for column in plan.columns))
    return plans, columns


class LeanReader:
    """Serializes the rows of one list page as `serializer_class` would, for one request."""

    def __init__(self, serializer_class, request, fields=None):
        self.plans, self.columns = _compile(serializer_class, tuple(sorted(fields or ())))
        self.request = request
        self.shown = {}

    def rows(self, queryset):
        """The queryset as value rows holding every column the fields need, and the rule's
        column of each link shown only when visible (see represent())."""
        links = {plan.details["link"] for plan in self.plans if "link" in plan.details}
        self.shown = {link: column for link, column in hidden_links(queryset) if link in links}
        return queryset.values(*self.columns, *self.shown.values())

    def represent(self, rows):
        """Output items of rows() (of the same reader)."""
        makers = [(plan.name, self._maker(plan)) for plan in self.plans]
        return [{name: make(row) for name, make in makers} for row in rows]

    def _url_parts(self, view_name, lookup="slug"):
        """The record URL around its key: the path reversed once per process, not per row."""
        head, tail = url_around(view_name, lookup)
        return self.request.build_absolute_uri(head), tail

    def _maker(self, plan):
        details = plan.details
        if plan.kind == "plain":
            column = plan.columns[0]
            return lambda row: row[column]
        if plan.kind == "convert":
            column, convert = plan.columns[0], details["convert"]
            return lambda row: convert(row[column])
        if plan.kind == "row":
            return details["field"].from_row
        if plan.kind == "translated":
            translation = details["t"]
            order = translation.order()
            return lambda row: translation.pick(row, order)
        if plan.kind == "url":
            head, tail = self._url_parts(details["view_name"], details["lookup"])
            column = plan.columns[0]
            return lambda row: f"{head}{_path_part(row[column])}{tail}"
        slug_column, shown = plan.columns[0], self.shown.get(details["link"])
        if shown is None:

            def slug(row):
                return row[slug_column]
        else:

            def slug(row):
                # The rule's column: false when the linked record is hidden from the reader.
                return row[slug_column] if row[shown] else None

        if plan.kind == "link_slug":
            return slug
        head, tail = self._url_parts(details["view_name"])

        def link(row):
            value = slug(row)
            return None if value is None else f"{head}{_path_part(value)}{tail}"

        return link


def _path_part(value):
    """As Django's reverse() quotes a URL argument (slugs and ids need no quoting)."""
    value = str(value)
    if _UNRESERVED.fullmatch(value):
        return value
    return iri_to_uri(quote(value, safe="/~:@!$&'()*+,;="))
