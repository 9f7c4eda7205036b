"""Serializers: compact list items, richer details; every write through foundation.services.

Records link to each other by slug (writable) and by API URL (read-only, `<relation>_url`).
What they read comes from `Model.objects.visible_to(user)` (the views' querysets and prefetches):
a link to a record hidden from the reader is already empty (null) and a nested record hidden
from it already absent, so the representations below print what they are given.
"""

import datetime

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import get_language, gettext
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from foundation import services
from foundation.models import (
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
)
from foundation.models.dates import Precision
from foundation.models.inference import read_reasons, written_reasons
from foundation.services import PartsInvalid


class WriterSees:
    """A written link may only name a record the writer may see (the models' rule): a hidden
    one is refused exactly as an unknown one, so a write cannot probe for drafts."""

    def get_queryset(self):
        request = self.context.get("request")
        return super().get_queryset().visible_to(getattr(request, "user", None))


class VisiblePrimaryKey(WriterSees, serializers.PrimaryKeyRelatedField):
    pass


class SlugLink(WriterSees, serializers.SlugRelatedField):
    def __init__(self, model, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", model._default_manager.all())
            kwargs.setdefault("required", False)
            kwargs.setdefault("allow_null", True)
        super().__init__(slug_field="slug", **kwargs)


@extend_schema_field({"type": "string", "format": "uri", "nullable": True, "readOnly": True})
class URLLink(serializers.HyperlinkedRelatedField):
    def __init__(self, view_name, **kwargs):
        super().__init__(view_name=view_name, lookup_field="slug", read_only=True, **kwargs)

    def use_pk_only_optimization(self):
        return False


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class SlugList(serializers.Field):
    """Slugs of related records, as the view's prefetch read them (through the rule)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return [record.slug for record in value]


@extend_schema_field(
    {
        "type": "object",
        "readOnly": True,
        "properties": {
            "language": {"type": "string", "description": "The language of `text`."},
            "is_source_text": {
                "type": "boolean",
                "description": "true: `text` is the source's words; false: our translation.",
            },
            "translated_from": {
                "type": "string",
                "nullable": True,
                "description": "The language `text` was translated from, if it is a translation.",
            },
            "translated_by": {
                "type": "string",
                "nullable": True,
                "enum": ["speaker", "source", "editors", None],
                "description": "Who translated it: the speaker, the source itself, our editors.",
            },
        },
    }
)
class TextRenderingField(serializers.Field):
    """Whose words a statement's `text` is in the requested language (Statement.rendering):
    the source's (perhaps the source's own translation of the speaker's), or our editors'
    translation, from which language. Lean lists build it from the row's columns."""

    columns = (
        *(f"text_{code}" for code, _name in settings.LANGUAGES),
        *("language", "original_language", "rendered_by"),
    )

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, statement):
        rendering = statement.rendering(get_language())
        return {
            "language": rendering.language,
            "is_source_text": rendering.is_source_text,
            "translated_from": rendering.translated_from or None,
            "translated_by": rendering.translator or None,
        }

    def from_row(self, row):
        return self.to_representation(Statement(**{name: row[name] for name in self.columns}))


class AliasesField(serializers.ListField):
    """Other names are stored one per line; the API gives them as a list."""

    child = serializers.CharField(max_length=200, allow_blank=False)

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 100)
        super().__init__(**kwargs)

    def to_representation(self, data):
        return [line.strip() for line in (data or "").splitlines() if line.strip()]

    def to_internal_value(self, data):
        names = super().to_internal_value(data)
        for name in names:
            if "\n" in name or "\r" in name:
                raise serializers.ValidationError(gettext("One name per item: no line breaks."))
        return "\n".join(name.strip() for name in names)


def api_errors(message_dict):
    """A model's {field: [messages]} as the API names them (non_field_errors for the whole)."""
    return {
        api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: messages
        for field, messages in message_dict.items()
    }


def write(serializer, instance, related, expected_version=None):
    """Write through foundation.services: the one path the admin takes too."""
    request = serializer.context.get("request")
    try:
        return services.save_record(
            record=instance,
            user=getattr(request, "user", None),
            expected_version=expected_version,
            **related,
        )
    except PartsInvalid as error:
        raise serializers.ValidationError(
            {
                name: [api_errors(item) for item in items]
                for name, items in error.errors_by_part.items()
            }
        ) from error
    except DjangoValidationError as error:
        raise serializers.ValidationError(api_errors(error.message_dict)) from error


class UTCDateTimeField(serializers.DateTimeField):
    """Times in UTC: local time of distant years has offsets with seconds, invalid in RFC 3339."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default_timezone", datetime.UTC)
        super().__init__(*args, **kwargs)


class APIModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: UTCDateTimeField,
    }


class FieldsMixin:
    """Honours ?fields= (validated by the view) on the top-level record serializer."""

    def get_fields(self):
        fields = super().get_fields()
        wanted = self.context.get("fields")
        top = self.parent is None or (
            isinstance(self.parent, serializers.ListSerializer) and self.parent.parent is None
        )
        if wanted and top:
            fields = {name: field for name, field in fields.items() if name in wanted}
        return fields


class RecordSerializer(FieldsMixin, APIModelSerializer):
    """Writes go through foundation.services (validation, version guard, history)."""

    # Nested lists written with the record, as parts replaced as a whole: {field: model}.
    nested_writes: dict = {}

    def build_field(self, field_name, info, model_class, nested_depth):
        if field_name == "verified_by":  # the checker's name, not an account's id
            options = {
                "source": "checker_name",
                "read_only": True,
                "allow_null": True,
                "help_text": CHECKER_HELP,
            }
            return serializers.CharField, options
        if field_name == "inferences":
            _json, options = super().build_field(field_name, info, model_class, nested_depth)
            return InferencesField, options
        return super().build_field(field_name, info, model_class, nested_depth)

    def create(self, validated_data):
        related = self.pop_related(validated_data)
        return write(self, self.Meta.model(**validated_data), related)

    def update(self, instance, validated_data):
        related = self.pop_related(validated_data)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return write(self, instance, related, self.context["expected_version"])

    def pop_related(self, validated_data):
        related = {}
        if "citations" in validated_data:
            related["citations"] = validated_data.pop("citations")
        parts = {}
        for name, model in self.nested_writes.items():
            if name in validated_data:
                items = validated_data.pop(name)
                parts[name] = [
                    model(**{**self.part_defaults(index), **item})
                    for index, item in enumerate(items, start=1)
                ]
        if parts:
            related["parts"] = parts
        return related

    def part_defaults(self, index):
        return {}


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {
            "oneOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "properties": {"fr": {"type": "string"}, "en": {"type": "string"}},
                    "additionalProperties": False,
                },
            ]
        },
        "description": (
            "The values the source does not state: {field or field.year: how it was inferred}, "
            "read in the request's language. Written as texts in that language (the other "
            'language\'s reasons are kept) or as {"fr": ..., "en": ...} per key.'
        ),
    }
)
class InferencesField(serializers.JSONField):
    """`inferences` as a reader of the request's language reads them: {key: reason}, each
    reason in that language where the editors gave it (else in the other). Written as texts
    in the request's language, or as {"fr": …, "en": …} per key (models/inference.py)."""

    def to_representation(self, value):
        return read_reasons(value)

    def to_internal_value(self, data):
        data = super().to_internal_value(data)
        instance = getattr(self.parent, "instance", None)
        old = getattr(instance, "inferences", None) or {}
        return written_reasons(old, data, get_language())


# Who checked a record and when are set by the write itself (services.note_verification).
READ_ONLY = ("id", "url", "version", "created_at", "updated_at", "verified_at")
CITED_FIELDS = (
    "citations",
    "verification",
    "verified_by",
    "verified_at",
    "verification_note",
    "verification_note_fr",
    "verification_note_en",
    "inferences",
)
CHECKER_HELP = "Who checked the record against its source (set by the write, read-only)."


class PassageSerializer(serializers.Serializer):
    """A cited passage as a record embeds it: its words, where they are, and the address of
    the public source page at the passage (`Citation.get_absolute_url`, the anchor the
    source page gives it), so a reader needs no request per passage."""

    id = serializers.IntegerField(read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:citation-detail")
    text = serializers.CharField(read_only=True, help_text="The passage, exactly as the source.")
    start = serializers.IntegerField(read_only=True, help_text="Offset of its first character.")
    end = serializers.IntegerField(read_only=True, help_text="Offset just after its last one.")
    source = serializers.CharField(source="source.slug", read_only=True)
    source_url = URLLink("api:source-detail", source="source")
    passage_url = serializers.SerializerMethodField(
        help_text="The public source page, at this passage (#passage-<id>)."
    )

    def get_passage_url(self, citation) -> str:
        url = citation.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class PassageField(VisiblePrimaryKey):
    """Written as a passage's id; read as the passage itself (PassageSerializer)."""

    def use_pk_only_optimization(self):
        return False

    def to_representation(self, value):
        return PassageSerializer(value, context=self.context).data


class FigurePassageField(PassageField):
    """A figure's passage: read as null when it is hidden from the reader (the rule's `shows`)."""


def citations_field():
    return PassageField(
        many=True,
        required=False,
        queryset=Citation.objects.all(),
        help_text="The passages that support this record (written as their ids).",
    )


# Sources and citations


class SourceListSerializer(RecordSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail", lookup_field="slug")

    class Meta:
        model = Source
        fields = (
            "id",
            "url",
            "slug",
            "title",
            "language",
            "publisher",
            "published_on",
            "published_on_precision",
            "inferences",
            "status",
            "updated_at",
        )
        read_only_fields = READ_ONLY


class SourceSerializer(SourceListSerializer):
    class Meta(SourceListSerializer.Meta):
        fields = (
            *SourceListSerializer.Meta.fields,
            "source_url",
            "text",
            "file_name",
            "version",
            "created_at",
        )

    source_url = serializers.URLField(
        source="url", required=False, allow_blank=True, max_length=200, help_text="Where it is."
    )


class CitationSerializer(FieldsMixin, APIModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:citation-detail")
    source = SlugLink(Source, required=True, allow_null=False)
    source_url = URLLink("api:source-detail", source="source")

    class Meta:
        model = Citation
        fields = (
            "id",
            "url",
            "source",
            "source_url",
            "start",
            "end",
            "text",
            "note",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("id", "url", "created_at", "updated_at")
        extra_kwargs = {
            "start": {"min_value": 0, "max_value": 2_147_483_647},
            "end": {"min_value": 0, "max_value": 2_147_483_647},
        }

    def create(self, validated_data):
        return write(self, Citation(**validated_data), {})

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return write(self, instance, {}, self.context["expected_version"])


# Organisations and people


class OrganisationListSerializer(RecordSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:organisation-detail", lookup_field="slug"
    )
    name = serializers.CharField(read_only=True, help_text="In the requested language.")
    parent = SlugLink(Organisation)
    parent_url = URLLink("api:organisation-detail", source="parent")
    other_names = AliasesField()

    class Meta:
        model = Organisation
        fields = (
            "id",
            "url",
            "slug",
            "name",
            "other_names",
            "kind",
            "parent",
            "parent_url",
            "inferences",
            "status",
            "updated_at",
        )
        read_only_fields = READ_ONLY


class MemberSummarySerializer(APIModelSerializer):
    """A membership seen from the organisation: who, in which role, when."""

    member = serializers.SerializerMethodField()
    member_type = serializers.SerializerMethodField()
    role = serializers.CharField(read_only=True)

    on_behalf_of = SlugLink(Organisation, read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = (
            "slug",
            "member",
            "member_type",
            "on_behalf_of",
            "role",
            "start_date",
            "end_date",
            "inferences",
        )
        read_only_fields = fields

    def get_member(self, obj) -> str | None:
        member = obj.member
        return None if member is None else member.slug

    def get_member_type(self, obj) -> str:
        return member_type(obj)


def member_type(membership):
    """'person', 'organisation', or 'unnamed_representative' for a seat held on behalf of an
    organisation by someone the sources do not name (the organisation is not the member)."""
    if membership.person_id:
        return "person"
    if membership.member_organisation_id:
        return "organisation"
    return "unnamed_representative"


class PositionSummarySerializer(APIModelSerializer):
    """A membership seen from the member: where, in which role, when."""

    organisation = SlugLink(Organisation, read_only=True)
    role = serializers.CharField(read_only=True)

    class Meta:
        model = Membership
        fields = ("slug", "organisation", "role", "start_date", "end_date", "inferences")
        read_only_fields = fields


class RelationSummarySerializer(APIModelSerializer):
    """A relation seen from one of its organisations: which, what it is, from the other."""

    organisation = SlugLink(Organisation, read_only=True)
    related_organisation = SlugLink(Organisation, read_only=True)
    citations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    # Declared: a read-only field built from the model loses allow_blank, and the schema would
    # then refuse the "" of an undated relation.
    start_date_precision = serializers.ChoiceField(
        choices=Precision.choices, allow_blank=True, read_only=True
    )
    end_date_precision = serializers.ChoiceField(
        choices=Precision.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = OrganisationRelation
        fields = (
            "slug",
            "organisation",
            "kind",
            "related_organisation",
            "start_date",
            "start_date_precision",
            "end_date",
            "end_date_precision",
            "inferences",
            "citations",
        )
        read_only_fields = fields


class OrganisationSerializer(OrganisationListSerializer):
    description = serializers.CharField(read_only=True)
    citations = citations_field()
    children = SlugList(source="children.all")
    members = MemberSummarySerializer(many=True, read_only=True, source="visible_members")
    memberships = PositionSummarySerializer(
        many=True, read_only=True, source="visible_memberships_held"
    )
    relations = RelationSummarySerializer(
        many=True,
        read_only=True,
        source="visible_relations",
        help_text="What this organisation is to others (developed by, hosted by…).",
    )
    inverse_relations = RelationSummarySerializer(
        many=True,
        read_only=True,
        source="visible_inverse_relations",
        help_text="Relations of other organisations to this one (it developed, hosts…).",
    )

    class Meta(OrganisationListSerializer.Meta):
        fields = (
            *OrganisationListSerializer.Meta.fields,
            "name_fr",
            "name_en",
            "description",
            "description_fr",
            "description_en",
            "website",
            "founded",
            "founded_precision",
            *CITED_FIELDS,
            "version",
            "created_at",
            "children",
            "members",
            "memberships",
            "relations",
            "inverse_relations",
        )


class PersonListSerializer(RecordSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:person-detail", lookup_field="slug")
    other_names = AliasesField()

    class Meta:
        model = Person
        fields = (
            *("id", "url", "slug", "name", "sort_name", "other_names"),
            *("inferences", "status", "updated_at"),
        )
        read_only_fields = READ_ONLY


class PersonSerializer(PersonListSerializer):
    description = serializers.CharField(read_only=True)
    citations = citations_field()
    memberships = PositionSummarySerializer(many=True, read_only=True, source="visible_memberships")
    statements = SlugList(source="visible_statements")

    class Meta(PersonListSerializer.Meta):
        fields = (
            *PersonListSerializer.Meta.fields,
            "description",
            "description_fr",
            "description_en",
            "grammatical_gender",
            *CITED_FIELDS,
            "version",
            "created_at",
            "memberships",
            "statements",
        )


class MembershipListSerializer(RecordSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:membership-detail", lookup_field="slug"
    )
    person = SlugLink(Person)
    person_url = URLLink("api:person-detail", source="person")
    member_organisation = SlugLink(Organisation)
    member_organisation_url = URLLink("api:organisation-detail", source="member_organisation")
    on_behalf_of = SlugLink(
        Organisation,
        help_text="The organisation the member represents; with no member named, the seat is "
        "held by its unnamed representative.",
    )
    on_behalf_of_url = URLLink("api:organisation-detail", source="on_behalf_of")
    organisation = SlugLink(Organisation, required=True, allow_null=False)
    organisation_url = URLLink("api:organisation-detail", source="organisation")
    role = serializers.CharField(read_only=True, help_text="In the requested language.")

    class Meta:
        model = Membership
        fields = (
            "id",
            "url",
            "slug",
            "person",
            "person_url",
            "member_organisation",
            "member_organisation_url",
            "on_behalf_of",
            "on_behalf_of_url",
            "organisation",
            "organisation_url",
            "role",
            "start_date",
            "start_date_precision",
            "end_date",
            "end_date_precision",
            "inferences",
            "status",
            "updated_at",
        )
        read_only_fields = READ_ONLY
        extra_kwargs = {"slug": {"required": False}}


class MembershipSerializer(MembershipListSerializer):
    citations = citations_field()

    class Meta(MembershipListSerializer.Meta):
        fields = (
            *MembershipListSerializer.Meta.fields,
            "role_fr",
            "role_en",
            *CITED_FIELDS,
            "version",
            "created_at",
        )


class OrganisationRelationListSerializer(RecordSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:organisationrelation-detail", lookup_field="slug"
    )
    organisation = SlugLink(
        Organisation,
        required=True,
        allow_null=False,
        help_text="The organisation the relation is about, e.g. pytorch.",
    )
    organisation_url = URLLink("api:organisation-detail", source="organisation")
    related_organisation = SlugLink(
        Organisation,
        required=True,
        allow_null=False,
        help_text="The other end, e.g. meta-ai in 'pytorch developed_by meta-ai'.",
    )
    related_organisation_url = URLLink("api:organisation-detail", source="related_organisation")

    class Meta:
        model = OrganisationRelation
        fields = (
            "id",
            "url",
            "slug",
            "organisation",
            "organisation_url",
            "kind",
            "related_organisation",
            "related_organisation_url",
            "start_date",
            "start_date_precision",
            "end_date",
            "end_date_precision",
            "inferences",
            "status",
            "updated_at",
        )
        read_only_fields = READ_ONLY
        extra_kwargs = {"slug": {"required": False}}


class OrganisationRelationSerializer(OrganisationRelationListSerializer):
    citations = citations_field()

    class Meta(OrganisationRelationListSerializer.Meta):
        fields = (
            *OrganisationRelationListSerializer.Meta.fields,
            *CITED_FIELDS,
            "version",
            "created_at",
        )


# Events and statements


class ParticipantSerializer(APIModelSerializer):
    person = SlugLink(Person)
    organisation = SlugLink(Organisation)

    class Meta:
        model = EventParticipant
        fields = ("person", "organisation", "role")


class EventListSerializer(RecordSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:event-detail", lookup_field="slug")
    title = serializers.CharField(read_only=True, help_text="In the requested language.")

    class Meta:
        model = Event
        fields = (
            "id",
            "url",
            "slug",
            "title",
            "kind",
            "date",
            "date_precision",
            "inferences",
            "status",
            "updated_at",
        )
        read_only_fields = READ_ONLY


class EventSerializer(EventListSerializer):
    description = serializers.CharField(read_only=True)
    citations = citations_field()
    participants = ParticipantSerializer(
        many=True,
        required=False,
        help_text="Replaced as a whole when sent: people and organisations and their roles.",
    )
    statements = SlugList(source="visible_statements")
    nested_writes = {"participants": EventParticipant}

    class Meta(EventListSerializer.Meta):
        fields = (
            *EventListSerializer.Meta.fields,
            "title_fr",
            "title_en",
            "description",
            "description_fr",
            "description_en",
            *CITED_FIELDS,
            "version",
            "created_at",
            "participants",
            "statements",
        )


class FigureSerializer(APIModelSerializer):
    unit = serializers.CharField(read_only=True)
    scope = serializers.CharField(read_only=True)
    value = serializers.DecimalField(
        max_digits=20,
        decimal_places=4,
        coerce_to_string=False,
        help_text="The number, as a JSON number (exact: no binary rounding).",
    )
    citation = FigurePassageField(
        queryset=Citation.objects.all(),
        help_text="The passage that gives the number (written as its id).",
    )

    class Meta:
        model = Figure
        fields = (
            "position",
            "value",
            "qualifier",
            "unit",
            "unit_fr",
            "unit_en",
            "scope",
            "scope_fr",
            "scope_en",
            "as_of",
            "as_of_precision",
            "inferences",
            "citation",
        )
        extra_kwargs = {"position": {"min_value": 1, "max_value": 32767}}


class StatementListSerializer(RecordSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:statement-detail", lookup_field="slug"
    )
    text = serializers.CharField(read_only=True, help_text="In the requested language.")
    text_rendering = TextRenderingField(
        help_text="Whose words `text` is: the source's, or our translation, and from which "
        "language."
    )
    speaker = SlugLink(Person)
    speaker_url = URLLink("api:person-detail", source="speaker")
    on_behalf_of = SlugLink(Organisation)
    on_behalf_of_url = URLLink("api:organisation-detail", source="on_behalf_of")
    event = SlugLink(Event)
    event_url = URLLink("api:event-detail", source="event")

    class Meta:
        model = Statement
        fields = (
            "id",
            "url",
            "slug",
            "kind",
            "text",
            "text_rendering",
            "speaker",
            "speaker_url",
            "on_behalf_of",
            "on_behalf_of_url",
            "event",
            "event_url",
            "medium",
            "date",
            "date_precision",
            "language",
            "inferences",
            "status",
            "updated_at",
        )
        read_only_fields = READ_ONLY


class StatementSerializer(StatementListSerializer):
    citations = citations_field()
    figures = FigureSerializer(
        many=True,
        required=False,
        help_text="The numbers the statement gives; replaced as a whole when sent.",
    )
    nested_writes = {"figures": Figure}

    class Meta(StatementListSerializer.Meta):
        fields = (
            *StatementListSerializer.Meta.fields,
            "text_fr",
            "text_en",
            "original_language",
            "rendered_by",
            *CITED_FIELDS,
            "version",
            "created_at",
            "figures",
        )

    def validate_figures(self, figures):
        positions = [figure["position"] for figure in figures if "position" in figure]
        if len(positions) != len(set(positions)):
            raise serializers.ValidationError(gettext("Each figure needs its own position."))
        return figures

    def part_defaults(self, index):
        # Figures left without a position take their place in the list.
        return {"position": index}


# A record's public history (foundation/history.py)


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(source="label", help_text="The field, in the reader's language.")
    before = serializers.CharField(
        allow_null=True, help_text="What it said before, in words (null for a link)."
    )
    after = serializers.CharField(allow_null=True, help_text="What it says now (null for a link).")


class VersionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The version's number in the record's history.")
    date = UTCDateTimeField(source="when")
    kind = serializers.ChoiceField(choices=["created", "updated", "republished"])
    summary = serializers.CharField()
    reason = serializers.CharField(help_text="The reason the editor gave, if any.")
    changes = FieldChangeSerializer(many=True)
    url = serializers.SerializerMethodField(help_text="This version on the record's public page.")

    def get_url(self, version) -> str | None:
        record = self.context["record"]
        if not record.has_page:
            return None
        url = f"{record.get_history_url()}#version-{version.id}"
        return self.context["request"].build_absolute_uri(url)
