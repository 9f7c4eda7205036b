"""The floor the API list of statements is measured against: the same JSON, by hand.

One values() query with the three joins, a loop that builds the dictionaries, orjson. No
DRF, no FilterSet, no serializer: what a page of 50 statements costs at the least through
the same middleware. tests/test_bench_floor.py checks that it gives the API's exact output.
"""

import datetime

import orjson
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import get_language

from foundation.caching import cached_count
from foundation.models import Statement
from foundation.models.inference import read_reasons

PAGE_SIZE = 50
COLUMNS = (
    "id",
    "slug",
    "kind",
    "text_fr",
    "text_en",
    "speaker__slug",
    "speaker__status",
    "on_behalf_of__slug",
    "on_behalf_of__status",
    "event__slug",
    "event__status",
    "medium",
    "date",
    "date_precision",
    "language",
    "original_language",
    "rendered_by",
    "inferences",
    "status",
    "updated_at",
)


def statements_floor(request):
    # By hand, as the rule's SQL reads: published, and a speaker (if any) published too.
    published = Statement.objects.filter(
        Q(speaker__isnull=True) | Q(speaker__status="published"), status="published"
    ).order_by("-date", "slug", "pk")
    rows = published.values_list(*COLUMNS)[:PAGE_SIZE]
    base = request.build_absolute_uri(reverse("api:statement-list")).removesuffix("statements/")
    english = get_language() == "en"
    results = []
    for (
        pk,
        slug,
        kind,
        text_fr,
        text_en,
        speaker,
        speaker_status,
        body,
        body_status,
        event,
        event_status,
        medium,
        date,
        precision,
        language,
        original_language,
        rendered_by,
        inferences,
        status,
        updated_at,
    ) in rows:
        speaker = speaker if speaker_status == "published" else None
        body = body if body_status == "published" else None
        event = event if event_status == "published" else None
        # Whose words the text is: the model's one rule, on the row's columns.
        rendering = Statement(
            text_fr=text_fr,
            text_en=text_en,
            language=language,
            original_language=original_language,
            rendered_by=rendered_by,
        ).rendering(get_language())
        results.append(
            {
                "id": pk,
                "url": f"{base}statements/{slug}/",
                "slug": slug,
                "kind": kind,
                "text": (text_en or text_fr) if english else (text_fr or text_en),
                "speaker": speaker,
                "speaker_url": speaker and f"{base}people/{speaker}/",
                "on_behalf_of": body,
                "on_behalf_of_url": body and f"{base}organisations/{body}/",
                "event": event,
                "event_url": event and f"{base}events/{event}/",
                "medium": medium,
                "date": date and date.isoformat(),
                "date_precision": precision,
                "language": language,
                "text_rendering": {
                    "language": rendering.language,
                    "is_source_text": rendering.is_source_text,
                    "translated_from": rendering.translated_from or None,
                    "translated_by": rendering.translator or None,
                },
                "inferences": read_reasons(inferences),
                "status": status,
                "updated_at": updated_at.astimezone(datetime.UTC)
                .isoformat()
                .replace("+00:00", "Z"),
            }
        )
    count = cached_count(published)
    page = {
        "count": count,
        "next": f"{base}statements/?page=2" if count > PAGE_SIZE else None,
        "previous": None,
        "results": results,
    }
    return HttpResponse(orjson.dumps(page), content_type="application/json")
