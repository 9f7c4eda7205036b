"""schema.org JSON-LD for detail pages; statements carry their evidence.

A Quotation or Claim names the source it is based on (a NewsArticle) and the exact passages
cited (`citation`), each a CreativeWork part of that article with the passage's text and its
address on our source page.

A value the source does not state keeps its place (a `startDate`, a `dateCreated`) and is
marked where it is: the object holding it lists it in `additionalProperty`, a PropertyValue
whose `propertyID` names the property, whose `name` says what was inferred ("year inferred")
and whose `description` says how (`inferred()`).

A statement's `text` is the source's words in the source's language (`inLanguage`). When
those words are themselves a translation of the speaker's (a blog post written in English,
quoted in French), `translationOfWork` is the original (its language, its author) and
`translator` who translated it. On a page in another language, our editors' translation is a
separate CreativeWork under `workTranslation`, with its own `inLanguage` and `translator`.

Records come from the page, read through visible_to(user): a link to a record the user may
not see is empty (a parent, a statement's organisation or event) and related lists hold
visible records only, so this prints what each instance has and looks nothing up.
"""

from django.utils.translation import get_language

from foundation.models import Event, Organisation, Person, Source, Statement
from foundation.models.dates import Precision, iso_precise_date, period_end

CONTEXT = "https://schema.org"
# Our editors, as the translator of the texts we translate.
EDITORS_NAME = "Foundation editors"


def inferred(record, properties):
    """`additionalProperty` marks for each inferred field of `record` that this object shows:
    `properties` maps a model field to the schema.org property holding its value."""
    return [
        {
            "@type": "PropertyValue",
            "propertyID": properties[inference.field],
            "name": inference.label,
            "description": inference.reason,
        }
        for inference in record.inferred_fields
        if inference.field in properties
    ]


def _clean(data):
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _url(request, obj, fragment=""):
    return request.build_absolute_uri(obj.get_absolute_url()) + fragment


def organisation_ref(request, organisation):
    return _clean(
        {
            "@type": "Organization",
            "@id": _url(request, organisation),
            "name": organisation.name,
            "url": _url(request, organisation),
        }
    )


def person_ref(request, person):
    return {
        "@type": "Person",
        "@id": _url(request, person),
        "name": person.name,
        "url": _url(request, person),
    }


def news_article(request, source):
    return _clean(
        {
            "@type": "NewsArticle",
            "@id": _url(request, source),
            "url": _url(request, source),
            "sameAs": source.url,
            "headline": source.title,
            "inLanguage": source.language,
            "datePublished": iso_precise_date(source.published_on, source.published_on_precision),
            "publisher": {"@type": "Organization", "name": source.publisher}
            if source.publisher
            else None,
            "additionalProperty": inferred(
                source, {"title": "headline", "published_on": "datePublished"}
            ),
        }
    )


def passage(request, citation):
    return {
        "@type": "CreativeWork",
        "@id": request.build_absolute_uri(citation.get_absolute_url()),
        "url": request.build_absolute_uri(citation.get_absolute_url()),
        "text": citation.text,
        "inLanguage": citation.source.language,
        "isPartOf": {"@id": _url(request, citation.source)},
    }


def _evidence(request, citations):
    sources = {c.source_id: c.source for c in citations}
    return {
        "isBasedOn": [news_article(request, source) for source in sources.values()],
        "citation": [passage(request, citation) for citation in citations],
    }


def _role(membership):
    return {
        "roleName": membership.role,
        "startDate": iso_precise_date(membership.start_date, membership.start_date_precision),
        "endDate": iso_precise_date(membership.end_date, membership.end_date_precision),
        "additionalProperty": inferred(
            membership, {"role": "roleName", "start_date": "startDate", "end_date": "endDate"}
        ),
    }


def organisation(request, obj):
    members = []
    for membership in getattr(obj, "members", []):
        if membership.person_id:
            ref = person_ref(request, membership.person)
        elif membership.member_organisation_id:
            ref = organisation_ref(request, membership.member_organisation)
        else:
            # A seat held by a representative the sources do not name: a person, unnamed,
            # affiliated with the organisation it represents (never the company as a member).
            ref = {
                "@type": "Person",
                "affiliation": organisation_ref(request, membership.on_behalf_of),
            }
        members.append(_clean({"@type": "OrganizationRole", "member": ref, **_role(membership)}))
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "Organization",
            "@id": _url(request, obj),
            "url": _url(request, obj),
            "name": obj.name,
            "alternateName": obj.alias_list,
            "description": obj.description,
            "sameAs": obj.website,
            "foundingDate": iso_precise_date(obj.founded, obj.founded_precision),
            "parentOrganization": organisation_ref(request, obj.parent) if obj.parent_id else None,
            "subOrganization": [
                organisation_ref(request, child) for child in getattr(obj, "visible_children", [])
            ],
            "member": members,
            "additionalProperty": inferred(
                obj,
                {"parent": "parentOrganization", "founded": "foundingDate"},
            ),
            "memberOf": [
                _clean(
                    {
                        "@type": "OrganizationRole",
                        "memberOf": organisation_ref(request, m.organisation),
                        **_role(m),
                    }
                )
                for m in getattr(obj, "held", [])
            ],
        }
    )


def person(request, obj):
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "Person",
            "@id": _url(request, obj),
            "url": _url(request, obj),
            "name": obj.name,
            "alternateName": obj.alias_list,
            "description": obj.description,
            "memberOf": [
                _clean(
                    {
                        "@type": "OrganizationRole",
                        "memberOf": organisation_ref(request, m.organisation),
                        **_role(m),
                    }
                )
                for m in getattr(obj, "roles", [])
            ],
        }
    )


def event(request, obj):
    organisers, attendees = [], []
    for participant in getattr(obj, "visible_participants", []):
        ref = (
            person_ref(request, participant.person)
            if participant.person_id
            else organisation_ref(request, participant.organisation)
        )
        if participant.role in ("announcer", "host", "founder"):
            organisers.append(ref)
        else:
            attendees.append(ref)
    end = period_end(obj.date, obj.date_precision)
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "Event",
            "@id": _url(request, obj),
            "url": _url(request, obj),
            "name": obj.title,
            "description": obj.description,
            "startDate": iso_precise_date(obj.date, obj.date_precision),
            "endDate": end.isoformat() if end and obj.date_precision != Precision.DAY else None,
            "organizer": organisers,
            "attendee": attendees,
            "additionalProperty": inferred(obj, {"date": "startDate"}),
        }
    )


def _translator(request, obj, rendered_by, citations):
    if rendered_by == Statement.RenderedBy.SPEAKER and obj.speaker_id:
        return person_ref(request, obj.speaker)
    if rendered_by == Statement.RenderedBy.SOURCE:
        sources = {citation.source_id: citation.source for citation in citations}
        return [
            _clean({"@type": "Organization", "name": source.publisher or source.title})
            for source in sources.values()
        ]
    if rendered_by == Statement.RenderedBy.EDITORS:
        return {
            "@type": "Organization",
            "name": EDITORS_NAME,
            "url": request.build_absolute_uri("/"),
        }
    return None


def statement(request, obj):
    citations = list(obj.citations.all())
    kind = "Quotation" if obj.kind == Statement.Kind.QUOTE else "Claim"
    speaker = person_ref(request, obj.speaker) if obj.speaker_id else None
    data = {
        "@context": CONTEXT,
        "@type": kind,
        "@id": _url(request, obj),
        "url": _url(request, obj),
        # The source's words, in its language, whatever the page's language.
        "text": obj.held_text,
        "inLanguage": obj.language,
        "dateCreated": iso_precise_date(obj.date, obj.date_precision),
        "sourceOrganization": organisation_ref(request, obj.on_behalf_of)
        if obj.on_behalf_of_id
        else None,
        "about": _clean(
            {"@type": "Event", "@id": _url(request, obj.event), "name": obj.event.title}
        )
        if obj.event_id
        else None,
        **_evidence(request, citations),
        "additionalProperty": inferred(
            obj,
            {
                "date": "dateCreated",
                "original_language": "translationOfWork",
                "rendered_by": "translator",
                "on_behalf_of": "sourceOrganization",
                "event": "about",
                "medium": "isBasedOn",
            },
        ),
    }
    if obj.is_translation:
        data["translationOfWork"] = _clean(
            {"@type": kind, "inLanguage": obj.original_language, "creator": speaker}
        )
        data["translator"] = _translator(request, obj, obj.rendered_by, citations)
    shown = obj.rendering(get_language())
    if not shown.is_source_text:
        data["workTranslation"] = {
            "@type": kind,
            "text": shown.text,
            "inLanguage": shown.language,
            "translator": _translator(request, obj, shown.translator, citations),
            "translationOfWork": {"@id": _url(request, obj)},
        }
    if kind == "Quotation":
        data["creator"] = speaker
    else:
        data["author"] = speaker
        data["appearance"] = data["isBasedOn"]
    return _clean(data)


def source(request, obj):
    return {"@context": CONTEXT, **news_article(request, obj)}


BUILDERS = {
    Organisation: organisation,
    Person: person,
    Event: event,
    Statement: statement,
    Source: source,
}


def for_record(obj, request):
    return BUILDERS[type(obj)](request, obj)
