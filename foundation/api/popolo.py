"""The whole published dataset as one Popolo-style JSON document (persons, organizations,
memberships, events), each record with the sources that support it.

A value the source does not state is marked where it is: the record's `inferences` maps the
Popolo property holding it ("start_date", or "start_date.year" when only its year is
inferred) to how it was inferred, as the API's `inferences` does with the model's fields.

It is what an anonymous visitor may see, whoever asks: every record, nested one and link is
read through `Model.objects.public()` (the models' rule for no one in particular), so a
membership or participation with a hidden end is absent and a hidden parent is empty."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from foundation.models import Citation, Event, EventParticipant, Membership, Organisation, Person
from foundation.models.dates import iso_precise_date
from foundation.models.reading import reading_order

_LIST = {"type": "array", "items": {"type": "object", "additionalProperties": True}}
POPOLO_SCHEMA = {
    "type": "object",
    "properties": {
        "persons": _LIST,
        "organizations": _LIST,
        "memberships": _LIST,
        "events": _LIST,
    },
    "required": ["persons", "organizations", "memberships", "events"],
}


def _sources(request, record):
    return [
        {
            "url": citation.source.url
            or request.build_absolute_uri(citation.source.get_absolute_url()),
            "note": f"{citation.source.title}: «{citation.text}»",
        }
        for citation in record.citations.all()
    ]


def _inferences(record, properties):
    """{popolo property (".year" kept): reason} for each inferred field shown as `properties`
    maps it (model field: Popolo property)."""
    return {
        inference.key.replace(inference.field, properties[inference.field], 1): inference.reason
        for inference in record.inferred_fields
        if inference.field in properties
    }


def _other_names(record):
    return [{"name": name} for name in record.alias_list]


def _cited(model):
    citations = Citation.objects.public().select_related("source")
    return model.objects.public().prefetch_related(Prefetch("citations", queryset=citations))


def _member(membership):
    """Who holds it: a person, an organisation that is itself a member, or, for a seat held by
    an unnamed representative, no member at all, only on whose behalf it is held. Relations
    between organisations that are not memberships (developed by, hosted by) have no Popolo
    counterpart and are not exported; "part of" is an organization's parent_id."""
    held = {}
    if membership.person_id:
        held["person_id"] = membership.person.slug
    elif membership.member_organisation_id:
        held["member"] = {"@type": "Organization", "id": membership.member_organisation.slug}
    if membership.on_behalf_of_id:
        held["on_behalf_of_id"] = membership.on_behalf_of.slug
    return held


def _participant(participant):
    if participant.person_id:
        return {"person_id": participant.person.slug, "role": participant.role}
    return {"organization_id": participant.organisation.slug, "role": participant.role}


def popolo_document(request):
    persons = [
        {
            "id": person.slug,
            "name": person.name,
            "sort_name": person.sort_name or None,
            "other_names": _other_names(person),
            "summary": person.description or None,
            "sources": _sources(request, person),
        }
        for person in _cited(Person).order_by(*reading_order(Person), "pk")
    ]
    organizations = [
        {
            "id": organisation.slug,
            "name": organisation.name,
            "classification": organisation.kind,
            "parent_id": organisation.parent.slug if organisation.parent else None,
            "founding_date": iso_precise_date(organisation.founded, organisation.founded_precision),
            "other_names": _other_names(organisation),
            "links": [{"url": organisation.website}] if organisation.website else [],
            "sources": _sources(request, organisation),
            "inferences": _inferences(
                organisation,
                {"parent": "parent_id", "founded": "founding_date", "kind": "classification"},
            ),
        }
        for organisation in _cited(Organisation)
        .select_related("parent")
        .order_by(*reading_order(Organisation), "pk")
    ]
    memberships = [
        {
            "id": membership.slug,
            "organization_id": membership.organisation.slug,
            "role": membership.role,
            "start_date": iso_precise_date(membership.start_date, membership.start_date_precision),
            "end_date": iso_precise_date(membership.end_date, membership.end_date_precision),
            "sources": _sources(request, membership),
            "inferences": _inferences(
                membership, {"role": "role", "start_date": "start_date", "end_date": "end_date"}
            ),
            **_member(membership),
        }
        for membership in _cited(Membership)
        .select_related("person", "member_organisation", "on_behalf_of", "organisation")
        .order_by("slug")
    ]
    participants = EventParticipant.objects.public().select_related("person", "organisation")
    events = [
        {
            "id": event.slug,
            "name": event.title,
            "classification": event.kind,
            "start_date": iso_precise_date(event.date, event.date_precision),
            "description": event.description or None,
            "participants": [_participant(participant) for participant in event.participants.all()],
            "sources": _sources(request, event),
            "inferences": _inferences(event, {"date": "start_date"}),
        }
        for event in _cited(Event)
        .prefetch_related(Prefetch("participants", queryset=participants))
        .order_by("date", "slug")
    ]
    return {
        "persons": persons,
        "organizations": organizations,
        "memberships": memberships,
        "events": events,
    }


class PopoloExportView(APIView):
    """Published persons, organizations, memberships and events, Popolo-style, with sources."""

    permission_classes = (AllowAny,)

    @extend_schema(responses={200: POPOLO_SCHEMA}, operation_id="export_popolo")
    def get(self, request, *args, **kwargs):
        return Response(popolo_document(request))
