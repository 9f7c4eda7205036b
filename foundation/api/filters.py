"""FilterSets for every list: names and aliases, kinds (OR lists), links by slug, date ranges,
`updated_since` for incremental sync, `search` and `ordering`. A bad value is a 400 naming the
parameter (django-filter's form errors).

Filters see what the list sees: a filter that names a record (a slug, a citation id) knows
only the records `Model.objects.visible_to(user)` gives the reader, so naming a hidden one
answers exactly as naming one that does not exist; a filter that follows a relation (members,
participants, figures, citations) follows only the relation rows visible to the reader, so no
hidden record can change what a list holds or counts."""

import datetime

import django_filters as filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from modeltranslation.manager import rewrite_order_lookup_key

from foundation.models import (
    LANGUAGE_CHOICES,
    Citation,
    Event,
    EventParticipant,
    Figure,
    Membership,
    Organisation,
    OrganisationRelation,
    Person,
    Source,
    Statement,
    Status,
    Verification,
)
from foundation.models.reading import key_column
from foundation.search import exact_names, matches, named_first, terms_of

MAX_INT = 2_147_483_647
NULLABLE_ORDERING = {"date", "founded", "published_on", "start_date", "end_date"}


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(filters.NumberFilter):
    field_class = forms.IntegerField


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 9999})
class YearFilter(filters.Filter):
    """A calendar year; bounded so the database never sees an impossible date."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


class UTCDateTimeField(IsoDateTimeField):
    """An ISO date-time the database can hold once converted to UTC."""

    def clean(self, value):
        value = super().clean(value)
        if value is not None and value.tzinfo is not None:
            try:
                value.astimezone(datetime.UTC)
            except OverflowError as error:
                raise forms.ValidationError(gettext("This date-time is out of range.")) from error
        return value


class SinceFilter(filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


class CharInFilter(filters.BaseInFilter, filters.CharFilter):
    pass


class ChoiceInFilter(filters.BaseInFilter, filters.ChoiceFilter):
    """Comma-separated choices, any of which matches: ?kind=company,foundation."""


class FilterBackend(DjangoFilterBackend):
    """Builds the FilterSet only when a parameter names one of its filters.

    A FilterSet deep-copies its filters and builds a form on every request, a noticeable
    share of a list; with no filter asked for it would return the queryset unchanged anyway.
    """

    def get_filterset_class(self, view, queryset=None):
        if getattr(view, "as_of", None) is not None:
            # History rows of the FilterSet's model (?as_of=): its column filters apply to
            # them as they are (foundation/api/asof.py refuses the others).
            return getattr(view, "filterset_class", None)
        return super().get_filterset_class(view, queryset)

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class and request.query_params.keys().isdisjoint(filterset_class.base_filters):
            return queryset
        return super().filter_queryset(request, queryset, view)


def history_ordering(model, terms):
    """A list's order on history rows (?as_of=): a bilingual field orders by the reader's
    language column, as modeltranslation rewrites it on today's rows; then by record."""
    rewritten = [
        rewrite_order_lookup_key(model, term) if isinstance(term, str) else term for term in terms
    ]
    return [*rewritten, "id"]


class StableOrderingFilter(filters.OrderingFilter):
    """Orders as asked, then by primary key, so pages never skip or repeat a record.

    `reading`: the parameters that order by name, which order by the records' sort key in the
    request's language (models/reading.py: Amazon before AMD, whatever the collation).
    """

    def __init__(self, *args, reading=(), **kwargs):
        self.reading = set(reading)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        # The form takes empty terms (`?ordering=date,`, `?ordering=,`): they order nothing.
        terms = [param for param in value or () if param]
        if not terms:
            return qs
        ordering = []
        for param in terms:
            term = self.get_ordering_value(param)
            name = term.lstrip("-")
            if name in self.reading:
                term = term.replace(name, key_column())
            elif name in NULLABLE_ORDERING:
                # Undated records go last either way, on SQLite as on PostgreSQL.
                column = F(name)
                term = (
                    column.desc(nulls_last=True) if term[0] == "-" else column.asc(nulls_last=True)
                )
            ordering.append(term)
        model = getattr(qs.model, "instance_type", None)
        if model is not None:
            # History rows (?as_of=): bilingual fields by the reader's language, as today.
            return qs.order_by(*history_ordering(model, ordering))
        return qs.order_by(*ordering, "pk")


def reader(request):
    return getattr(request, "user", None)


def visible_choices(model):
    """The records of `model` a filter may name: those the reader may see."""

    def queryset(request):
        return model._default_manager.visible_to(reader(request))

    return queryset


def slug_filter(model, field_name, help_text):
    return filters.ModelChoiceFilter(
        field_name=field_name,
        to_field_name="slug",
        queryset=visible_choices(model),
        help_text=help_text,
    )


def date_range(field):
    """`<field>`, `<field>__gte` and `<field>__lte` (ISO dates)."""
    return {field: ["exact", "gte", "lte"]}


class RecordFilterSet(filters.FilterSet):
    """What every published-able record's list accepts."""

    search = filters.CharFilter(
        method="filter_search",
        max_length=200,
        help_text="Words to find in the record's names and texts (case and accents ignored).",
    )
    updated_since = SinceFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Only records changed at or after this ISO 8601 date-time (incremental sync).",
    )
    slug = CharInFilter(field_name="slug", help_text="One or more slugs, comma-separated.")
    status = ChoiceInFilter(
        choices=Status.choices,
        help_text="draft and/or published (drafts: for readers with the view permission).",
    )

    def filter_search(self, queryset, name, value):
        # Every match, in the list's order (a list counts and pages through all of them), the
        # records the query names exactly first, unless ?ordering= says otherwise.
        terms = terms_of(value)
        if not terms:
            return queryset
        named = exact_names(terms, reader(self.request), using=queryset.db)
        return named_first(matches(queryset, terms), named)

    def visible(self, model):
        """The rows of `model` the reader may see, for a filter's subquery."""
        return model._default_manager.visible_to(reader(self.request))


class CitedFilterSet(RecordFilterSet):
    verification = ChoiceInFilter(choices=Verification.choices)
    inferred = filters.BooleanFilter(
        method="filter_inferred",
        help_text="true: records with a value the source does not state; false: without.",
    )
    citation = IntegerFilter(
        method="filter_citation",
        min_value=1,
        max_value=MAX_INT,
        help_text="Records that cite this passage (citation id).",
    )

    def filter_inferred(self, queryset, name, value):
        return queryset.exclude(inferences={}) if value else queryset.filter(inferences={})

    def filter_citation(self, queryset, name, value):
        # A passage of a hidden source is cited by no one, as an unknown id.
        return queryset.filter(citations__in=self.visible(Citation).filter(pk=value).values("pk"))


class SourceFilterSet(RecordFilterSet):
    language = ChoiceInFilter(choices=LANGUAGE_CHOICES)
    publisher = filters.CharFilter(lookup_expr="icontains", max_length=200)
    ordering = StableOrderingFilter(fields=("title", "published_on", "updated_at", "slug"))

    class Meta:
        model = Source
        fields = date_range("published_on")


class CitationFilterSet(filters.FilterSet):
    source = slug_filter(Source, "source", "Passages of this source (slug).")
    search = filters.CharFilter(
        field_name="text", lookup_expr="icontains", max_length=200, help_text="Text of the passage."
    )
    updated_since = SinceFilter(field_name="updated_at", lookup_expr="gte")
    start__gte = IntegerFilter(
        field_name="start", lookup_expr="gte", min_value=0, max_value=MAX_INT
    )
    start__lte = IntegerFilter(
        field_name="start", lookup_expr="lte", min_value=0, max_value=MAX_INT
    )
    ordering = StableOrderingFilter(fields=("start", "end", "updated_at", "id"))

    class Meta:
        model = Citation
        fields = ()


class NamedFilterSet(CitedFilterSet):
    # Filters by method that compare the record's own columns: they apply to ?as_of= rows too.
    as_of_methods = ("filter_name",)
    name = filters.CharFilter(
        method="filter_name",
        max_length=200,
        help_text="Part of the name or of any other name (alias), in any language.",
    )
    name_fields: tuple[str, ...] = ()

    def filter_name(self, queryset, name, value):
        match = Q(other_names__icontains=value)
        for field in self.name_fields:
            match |= Q(**{f"{field}__icontains": value})
        return queryset.filter(match)


class OrganisationFilterSet(NamedFilterSet):
    name_fields = ("name_fr", "name_en")
    kind = ChoiceInFilter(
        choices=Organisation.Kind.choices, help_text="One or more kinds, comma-separated (OR)."
    )
    parent = slug_filter(Organisation, "parent", "Organisations directly within this one (slug).")
    member_of = filters.ModelChoiceFilter(
        method="filter_member_of",
        to_field_name="slug",
        queryset=visible_choices(Organisation),
        help_text="Organisations that are members of this organisation (slug).",
    )
    founded_year = YearFilter(field_name="founded")
    ordering = StableOrderingFilter(
        fields=("name", "founded", "kind", "updated_at", "slug"), reading=("name",)
    )

    class Meta:
        model = Organisation
        fields = date_range("founded")

    def filter_member_of(self, queryset, name, value: str):
        members = self.visible(Membership).filter(organisation=value)
        return queryset.filter(pk__in=members.values("member_organisation"))


class PersonFilterSet(NamedFilterSet):
    name_fields = ("name", "sort_name")
    member_of = filters.ModelChoiceFilter(
        method="filter_member_of",
        to_field_name="slug",
        queryset=visible_choices(Organisation),
        help_text="People who hold a membership of this organisation (slug).",
    )
    # Both by the name a reader looks for: the sort name ("Zemlin, Jim"), else the name.
    ordering = StableOrderingFilter(
        fields=("sort_name", "name", "updated_at", "slug"), reading=("sort_name", "name")
    )

    class Meta:
        model = Person
        fields = ()

    def filter_member_of(self, queryset, name, value: str):
        members = self.visible(Membership).filter(organisation=value)
        return queryset.filter(pk__in=members.values("person"))


class MembershipFilterSet(CitedFilterSet):
    organisation = slug_filter(Organisation, "organisation", "Memberships of this organisation.")
    person = slug_filter(Person, "person", "Memberships held by this person.")
    member_organisation = slug_filter(
        Organisation, "member_organisation", "Memberships held by this organisation."
    )
    member = filters.CharFilter(
        method="filter_member",
        max_length=120,
        help_text="Memberships held by this person or organisation (slug).",
    )
    member_type = filters.ChoiceFilter(
        method="filter_member_type",
        choices=[
            ("person", "person"),
            ("organisation", "organisation"),
            ("unnamed_representative", "unnamed_representative"),
        ],
        help_text="Who holds it: a person, an organisation, or an unnamed representative of "
        "the organisation named in on_behalf_of.",
    )
    on_behalf_of = slug_filter(
        Organisation, "on_behalf_of", "Seats held on behalf of this organisation (slug)."
    )
    role = filters.CharFilter(
        method="filter_role", max_length=200, help_text="Part of the role, in either language."
    )
    active_on = filters.DateFilter(
        method="filter_active_on", help_text="Memberships running on this date (ISO date)."
    )
    ordering = StableOrderingFilter(fields=("start_date", "end_date", "role", "updated_at", "slug"))
    as_of_methods = ("filter_member", "filter_member_type", "filter_role", "filter_active_on")

    class Meta:
        model = Membership
        fields = {**date_range("start_date"), **date_range("end_date")}

    def filter_member(self, queryset, name, value):
        # A hidden member is named as an unknown one: it matches nothing.
        return queryset.filter(
            Q(person__in=self.visible(Person).filter(slug=value).values("pk"))
            | Q(member_organisation__in=self.visible(Organisation).filter(slug=value).values("pk"))
        )

    def filter_member_type(self, queryset, name, value):
        if value == "person":
            return queryset.filter(person__isnull=False)
        if value == "organisation":
            return queryset.filter(member_organisation__isnull=False)
        return queryset.filter(person__isnull=True, member_organisation__isnull=True)

    def filter_role(self, queryset, name, value):
        return queryset.filter(Q(role_fr__icontains=value) | Q(role_en__icontains=value))

    def filter_active_on(self, queryset, name, value):
        started = Q(start_date__isnull=True) | Q(start_date__lte=value)
        not_ended = Q(end_date__isnull=True) | Q(end_date__gte=value)
        return queryset.filter(started & not_ended)


class OrganisationRelationFilterSet(CitedFilterSet):
    search = filters.CharFilter(
        method="filter_search",
        max_length=200,
        help_text="Words to find in the names of either organisation (case and accents ignored).",
    )
    kind = ChoiceInFilter(
        choices=OrganisationRelation.Kind.choices,
        help_text="One or more kinds, comma-separated (OR).",
    )
    organisation = slug_filter(
        Organisation, "organisation", "Relations of this organisation to others (slug)."
    )
    related_organisation = slug_filter(
        Organisation, "related_organisation", "Relations of others to this organisation (slug)."
    )
    involving = filters.CharFilter(
        method="filter_involving",
        max_length=120,
        help_text="Relations with this organisation at either end (slug).",
    )
    ordering = StableOrderingFilter(fields=("start_date", "end_date", "kind", "updated_at", "slug"))

    class Meta:
        model = OrganisationRelation
        fields = {**date_range("start_date"), **date_range("end_date")}

    def filter_search(self, queryset, name, value):
        # A relation has no text of its own: it is found by its organisations' names.
        terms = terms_of(value)
        if not terms:
            return queryset
        named = matches(self.visible(Organisation), terms).values("pk")
        return queryset.filter(Q(organisation__in=named) | Q(related_organisation__in=named))

    def filter_involving(self, queryset, name, value):
        # A hidden organisation is named as an unknown one: it matches nothing.
        end = self.visible(Organisation).filter(slug=value).values("pk")
        return queryset.filter(Q(organisation__in=end) | Q(related_organisation__in=end))


class EventFilterSet(CitedFilterSet):
    kind = ChoiceInFilter(
        choices=Event.Kind.choices, help_text="One or more kinds, comma-separated (OR)."
    )
    year = YearFilter(field_name="date", help_text="Events dated in this year.")
    year__gte = YearFilter(field_name="date", lookup_expr="year__gte")
    year__lte = YearFilter(field_name="date", lookup_expr="year__lte")
    participant = filters.CharFilter(
        method="filter_participant",
        max_length=120,
        help_text="Events in which this person or organisation took part (slug).",
    )
    participant_role = ChoiceInFilter(
        method="filter_participant_role", choices=EventParticipant.Role.choices
    )
    title = filters.CharFilter(method="filter_title", max_length=200)
    ordering = StableOrderingFilter(fields=("date", "title", "kind", "updated_at", "slug"))
    as_of_methods = ("filter_title",)

    class Meta:
        model = Event
        fields = date_range("date")

    def filter_participant(self, queryset, name, value):
        # Visible participations only: their person or organisation is visible too.
        taking_part = self.visible(EventParticipant).filter(
            Q(person__slug=value) | Q(organisation__slug=value)
        )
        return queryset.filter(pk__in=taking_part.values("event"))

    def filter_participant_role(self, queryset, name, value):
        taking_part = self.visible(EventParticipant).filter(role__in=value)
        return queryset.filter(pk__in=taking_part.values("event"))

    def filter_title(self, queryset, name, value):
        return queryset.filter(Q(title_fr__icontains=value) | Q(title_en__icontains=value))


class StatementFilterSet(CitedFilterSet):
    kind = ChoiceInFilter(
        choices=Statement.Kind.choices, help_text="quote, paraphrase, claim (OR)."
    )
    speaker = slug_filter(Person, "speaker", "Statements by this person (slug).")
    organisation = slug_filter(
        Organisation, "on_behalf_of", "Statements made on behalf of this organisation (slug)."
    )
    event = slug_filter(Event, "event", "Statements about this event (slug).")
    language = ChoiceInFilter(
        choices=LANGUAGE_CHOICES, help_text="Language of the text held (OR list)."
    )
    original_language = ChoiceInFilter(choices=LANGUAGE_CHOICES)
    medium = ChoiceInFilter(choices=Statement.Medium.choices)
    year = YearFilter(field_name="date")
    has_figures = filters.BooleanFilter(method="filter_has_figures")
    ordering = StableOrderingFilter(fields=("date", "kind", "updated_at", "slug"))

    class Meta:
        model = Statement
        fields = date_range("date")

    def filter_has_figures(self, queryset, name, value):
        with_figures = self.visible(Figure).values("statement")
        if value:
            return queryset.filter(pk__in=with_figures)
        return queryset.exclude(pk__in=with_figures)
