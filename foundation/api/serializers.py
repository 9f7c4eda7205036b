"""Serializers: compact list items, richer details, the admin's validation rules on every write.

Records link to each other by slug (writable) and by API URL (read-only, `<relation>_url`).
What they read comes from `Model.objects.visible_to(user)` (the views' querysets and prefetches):
a link to a record hidden from the reader is already empty (null) and a nested record hidden
from it already absent, so the representations below print what they are given.
"""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from foundation.models import (
    Citation,
    Event,
    EventParticipant,
    Figure,
    Membership,
    Organisation,
    Person,
    Source,
    Statement,
    Verification,
)

from .preconditions import save_guarded


class SlugLink(serializers.SlugRelatedField):
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
                raise serializers.ValidationError("One name per item: no line breaks.")
        return "\n".join(name.strip() for name in names)


# The field a CheckConstraint is about, by the end of its name, so its message lands on it.
CONSTRAINT_FIELDS = (
    ("checked_has_date", "verified_at"),
    ("dispute_has_note", "verification_note"),
    ("figure_inference_has_note", "as_of_note"),
    ("inference_has_note", "inference_note"),
    ("not_own_parent", "parent"),
    ("exactly_one_member", "person"),
    ("participant_exactly_one", "person"),
    ("not_member_of_itself", "member_organisation"),
    ("membership_start_before_end", "end_date"),
    ("citation_start_before_end", "end"),
    ("quote_has_speaker", "speaker"),
    ("translation_has_translator", "rendered_by"),
)


def _constraint_field(constraint):
    for suffix, field in CONSTRAINT_FIELDS:
        if constraint.name.endswith(suffix):
            return field
    condition = getattr(constraint, "condition", None)
    for child in condition.flatten() if condition is not None else ():
        for item in getattr(child, "children", ()):
            if isinstance(item, tuple) and item[0].endswith("_precision"):
                return item[0]
    return None


def model_errors(error, model=None):
    """A Django ValidationError from full_clean(), keyed as the serializer's fields."""
    if not hasattr(error, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
    by_message = {}
    for constraint in getattr(getattr(model, "_meta", None), "constraints", ()):
        field = _constraint_field(constraint)
        message = getattr(constraint, "violation_error_message", None)
        if field and message:
            by_message[str(message)] = field
    errors = {}
    for key, messages in error.message_dict.items():
        for message in messages:
            field = key
            if key == NON_FIELD_ERRORS:
                field = by_message.get(message, api_settings.NON_FIELD_ERRORS_KEY)
            errors.setdefault(field, []).append(message)
    return errors


def full_clean(instance, exclude=None):
    """The admin's rules: clean(), field checks, unique and CheckConstraints, as a 400."""
    try:
        instance.full_clean(exclude=exclude)
    except DjangoValidationError as error:
        raise serializers.ValidationError(model_errors(error, type(instance))) from error


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
    """Writes go through the model's full_clean() and, for updates, the version guard."""

    nested_writes: tuple[str, ...] = ()

    def create(self, validated_data):
        related = self._pop_related(validated_data)
        with transaction.atomic():
            instance = self.Meta.model(**validated_data)
            self.note_verifier(instance, validated_data)
            full_clean(instance)
            instance.save()
            self._save_related(instance, related)
        return instance

    def update(self, instance, validated_data):
        related = self._pop_related(validated_data)
        with transaction.atomic():
            for name, value in validated_data.items():
                setattr(instance, name, value)
            self.note_verifier(instance, validated_data)
            full_clean(instance)
            save_guarded(instance, self.context["expected_version"])
            self._save_related(instance, related)
        return instance

    def note_verifier(self, instance, validated_data):
        """As in the admin: who marks a record checked is recorded as its verifier."""
        if validated_data.get("verification") == Verification.CHECKED:
            request = self.context.get("request")
            instance.verified_by = getattr(request, "user", None)

    def _pop_related(self, validated_data):
        related = {}
        for name in ("citations", *self.nested_writes):
            if name in validated_data:
                related[name] = validated_data.pop(name)
        return related

    def _save_related(self, instance, related):
        if "citations" in related:
            instance.citations.set(related["citations"])
        for name in self.nested_writes:
            if name in related:
                self.replace_nested(instance, name, related[name])

    def replace_nested(self, instance, name, items):
        raise NotImplementedError


READ_ONLY = ("id", "url", "version", "created_at", "updated_at")
CITED_FIELDS = (
    "citations",
    "verification",
    "verified_at",
    "verification_note",
    "inferred",
    "inference_note",
)


def citations_field():
    return serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        queryset=Citation.objects.all(),
        help_text="Ids of the passages that support this record.",
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
            "status",
            "updated_at",
        )
        read_only_fields = READ_ONLY


class SourceSerializer(SourceListSerializer):
    class Meta(SourceListSerializer.Meta):
        fields = (
            *SourceListSerializer.Meta.fields,
            "source_url",
            "published_on_note",
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
        with transaction.atomic():
            instance = Citation(**validated_data)
            full_clean(instance)
            instance.save()
        return instance

    def update(self, instance, validated_data):
        with transaction.atomic():
            for name, value in validated_data.items():
                setattr(instance, name, value)
            full_clean(instance)
            save_guarded(instance, self.context["expected_version"])
        return instance


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
            "status",
            "updated_at",
        )
        read_only_fields = READ_ONLY


class MemberSummarySerializer(APIModelSerializer):
    """A membership seen from the organisation: who, in which role, when."""

    member = serializers.SerializerMethodField()
    member_type = serializers.SerializerMethodField()
    role = serializers.CharField(read_only=True)

    class Meta:
        model = Membership
        fields = ("slug", "member", "member_type", "role", "start_date", "end_date")
        read_only_fields = fields

    def get_member(self, obj) -> str | None:
        member = obj.member
        return None if member is None else member.slug

    def get_member_type(self, obj) -> str:
        return "person" if obj.person_id else "organisation"


class PositionSummarySerializer(APIModelSerializer):
    """A membership seen from the member: where, in which role, when."""

    organisation = SlugLink(Organisation, read_only=True)
    role = serializers.CharField(read_only=True)

    class Meta:
        model = Membership
        fields = ("slug", "organisation", "role", "start_date", "end_date")
        read_only_fields = fields


class OrganisationSerializer(OrganisationListSerializer):
    description = serializers.CharField(read_only=True)
    citations = citations_field()
    children = SlugList(source="children.all")
    members = MemberSummarySerializer(many=True, read_only=True, source="visible_members")
    memberships = PositionSummarySerializer(
        many=True, read_only=True, source="visible_memberships_held"
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
        )


class PersonListSerializer(RecordSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:person-detail", lookup_field="slug")
    other_names = AliasesField()

    class Meta:
        model = Person
        fields = ("id", "url", "slug", "name", "sort_name", "other_names", "status", "updated_at")
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
            "organisation",
            "organisation_url",
            "role",
            "start_date",
            "start_date_precision",
            "end_date",
            "end_date_precision",
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
            "inferred",
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
    nested_writes = ("participants",)

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

    def replace_nested(self, instance, name, items):
        instance.participants.all().delete()
        errors, has_errors = [], False
        for item in items:
            participant = EventParticipant(event=instance, **item)
            try:
                participant.full_clean()
            except DjangoValidationError as error:
                errors.append(model_errors(error, type(participant)))
                has_errors = True
                continue
            participant.save()
            errors.append({})
        if has_errors:
            raise serializers.ValidationError({name: errors})


class FigureSerializer(APIModelSerializer):
    unit = serializers.CharField(read_only=True)
    scope = serializers.CharField(read_only=True)
    citation = serializers.PrimaryKeyRelatedField(
        queryset=Citation.objects.all(), help_text="Id of the passage that gives the number."
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
            "as_of_inferred",
            "as_of_note",
            "citation",
        )
        extra_kwargs = {"position": {"min_value": 1, "max_value": 32767}}


class StatementListSerializer(RecordSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:statement-detail", lookup_field="slug"
    )
    text = serializers.CharField(read_only=True, help_text="In the requested language.")
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
    nested_writes = ("figures",)

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
            raise serializers.ValidationError("Each figure needs its own position.")
        return figures

    def replace_nested(self, instance, name, items):
        instance.figures.all().delete()
        errors, has_errors = [], False
        for index, item in enumerate(items, start=1):
            item.setdefault("position", index)
            figure = Figure(statement=instance, **item)
            try:
                figure.full_clean()
            except DjangoValidationError as error:
                errors.append(model_errors(error, Figure))
                has_errors = True
                continue
            figure.save()
            errors.append({})
        if has_errors:
            raise serializers.ValidationError({name: errors})
