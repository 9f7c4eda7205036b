"""schema.org JSON-LD for detail pages; statements carry their evidence.

A Quotation or Claim names the source it is based on (a NewsArticle) and the exact passages
cited (`citation`), each a CreativeWork part of that article with the passage's text and its
address on our source page.

Records come from the page, read through visible_to(user): a link to a record the user may
not see is empty (a parent, a statement's organisation or event) and related lists hold
visible records only, so this prints what each instance has and looks nothing up.
"""

from foundation.models import Event, Organisation, Person, Source, Statement
from foundation.models.dates import Precision, iso_precise_date, period_end

CONTEXT = "https://schema.org"


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
    }


def organisation(request, obj):
    members = []
    for membership in getattr(obj, "members", []):
        ref = (
            person_ref(request, membership.person)
            if membership.person_id
            else organisation_ref(request, membership.member_organisation)
        )
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
        }
    )


def statement(request, obj):
    citations = list(obj.citations.all())
    data = {
        "@context": CONTEXT,
        "@type": "Quotation" if obj.kind == Statement.Kind.QUOTE else "Claim",
        "@id": _url(request, obj),
        "url": _url(request, obj),
        "text": obj.text,
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
    }
    speaker = person_ref(request, obj.speaker) if obj.speaker_id else None
    if data["@type"] == "Quotation":
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
