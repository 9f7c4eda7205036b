"""Template helpers for the public pages: languages, figures, JSON-LD, alternates."""

import json
from decimal import Decimal

from django import template
from django.conf import settings
from django.db.models import prefetch_related_objects
from django.template.loader import get_template
from django.urls import translate_url
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, gettext

from foundation import evidence, french, jsonld
from foundation.caching import cached_fragments
from foundation.models import LANGUAGE_CHOICES
from foundation.models.dates import iso_precise_date
from foundation.text import french_typography, reading_languages
from foundation.views.base import figures_prefetch
from foundation.views.sources import record_passage_url

register = template.Library()

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
OG_LOCALES = {"fr": "fr_FR", "en": "en_GB"}
# Lazy labels: translated when read, in the active language.
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def shown_language(obj, field):
    """The language of the value modeltranslation shows for `field` in the active language."""
    order = reading_languages()
    return next((code for code in order if getattr(obj, f"{field}_{code}", None)), order[0])


@register.simple_tag
def lang_attr(obj, field):
    """` lang="fr"` when the text shown is not in the page's language (a fallback)."""
    return language_attribute(shown_language(obj, field))


def language_attribute(code):
    """` lang="<code>"` when `code` is not the page's language, else nothing."""
    return "" if code == get_language() else format_html(' lang="{}"', code)


@register.filter
def reason_lang(inference):
    """` lang="en"` on a French page whose inference reason the editors gave in English only."""
    return language_attribute(inference.reason_language)


@register.filter
def figure_text(figure):
    """'plus de 2 400 contributeurs' / 'more than 2,400 contributors': never a bare number."""
    value = figure.value
    value = int(value) if value == value.to_integral_value() else value.normalize()
    decimals = max(0, -value.as_tuple().exponent) if isinstance(value, Decimal) else None
    number = number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    unit = figure.unit
    if unit == "%":
        quantity = f"{number}\u00a0%" if get_language() == "fr" else f"{number}%"
    else:
        quantity = f"{number} {unit}".strip()
    if figure.qualifier == figure.Qualifier.EXACTLY:
        return quantity
    return f"{figure.get_qualifier_display()} {quantity}"


@register.filter
def to_json(data):
    """JSON safe inside <script>: <, > and & are escaped so no markup can end the element."""
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=1).translate(_JSON_ESCAPES))


@register.simple_tag(takes_context=True)
def jsonld_for(context, obj):
    return jsonld.for_record(obj, context["request"])


@register.simple_tag(takes_context=True)
def alternates(context):
    """(code, the language's own name, absolute URL) of this page in each language."""
    request = context["request"]
    path = request.get_full_path()
    active = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != active and path.startswith(f"/{active}/"):
            # An address that resolves nowhere (a 404): swap the language prefix.
            url = f"/{code}/" + path.removeprefix(f"/{active}/")
        name = get_language_info(code)["name_local"]
        links.append((code, name.capitalize(), request.build_absolute_uri(url)))
    return links


@register.simple_tag(takes_context=True)
def canonical_url(context):
    request = context["request"]
    return request.build_absolute_uri(request.path)


@register.simple_tag
def og_locale(code=None):
    return OG_LOCALES.get(code or get_language(), "fr_FR")


@register.filter
def language_name(code):
    name = str(LANGUAGE_NAMES.get(code, code))
    # French writes language names in lower case inside a sentence.
    return name.lower() if get_language() == "fr" else name


@register.simple_tag
def shown_lang(obj, field):
    return shown_language(obj, field)


@register.filter
def held_text(statement):
    """The statement's words as the source gives them, in the statement's language."""
    return statement.held_text


@register.filter
def iso_date(obj, field="date"):
    """The machine-readable date at its precision, for <time datetime>."""
    return iso_precise_date(getattr(obj, field), getattr(obj, f"{field}_precision", ""))


@register.simple_tag
def event_date(event):
    """The event's <time> at its precision, or "date unknown", and whether it was inferred.

    A tag rather than an include: a person's or an organisation's page lists 40 events and a
    timeline 30, and an include costs a template context per row.
    """
    if event.date:
        html = format_html('<time datetime="{}">{}</time>', iso_date(event), event.date_display)
    else:
        html = conditional_escape(gettext("date unknown"))
    return html + inference_mark(event, "date")


@register.filter
def inferred_label(record, inference):
    """What was inferred, in words: 'date', 'year of the date'."""
    return record.inferred_field_label(inference)


@register.filter
def inference_mark(record, field):
    """' (year inferred)' after a value the source does not state, with the reason as its
    title; nothing for a stated value. Every page shows an inferred value through this."""
    inference = record.inference(field) if hasattr(record, "inference") else None
    if inference is None:
        return mark_safe("")
    return format_html(
        ' <span class="inferred" title="{}">({})</span>', inference.reason, inference.label
    )


@register.simple_tag(takes_context=True)
def statement_cards(context, statements, full=False):
    """The quote card of each statement (includes/statement_card.html), as a list of HTML.

    One template render per card that is not already in the fragment cache; for signed-in
    users every card is rendered (their cards may link drafts). The statements come from
    visible_to(request.user), and so do their figures.
    """
    template = get_template("includes/statement_card.html")
    request = context["request"]

    def render(missing):
        # Figures only for the cards rendered here (skipped when the view prefetched them).
        prefetch_related_objects(missing, figures_prefetch(request.user))
        return [
            template.render({"statement": statement, "full": full, "request": request})
            for statement in missing
        ]

    return cached_fragments("statement-card", list(statements), render, variant=int(full))


@register.filter
def zip_with(items, others):
    """Pairs of `items` and `others`, e.g. the cards statement_cards made and their statements."""
    return list(zip(items, others, strict=True))


@register.filter
def passage_url(record, citation):
    """The source page at the passage, with this record's passages brought forward."""
    return record_passage_url(record, citation)


@register.filter
def facts_in(record, citation):
    """The record's facts that the passage shows (foundation/evidence.py)."""
    return evidence.supported_facts(record, citation.text)


@register.filter
def of_name(organisation):
    """'de la Linux Foundation' in French (whose sentence leaves out its 'de'), the bare name in
    English: sentences such as 'within %(parent)s' / 'au sein %(parent)s'."""
    return french.of_name(organisation)


@register.filter
def of_article(organisation):
    """'de la ', 'du ', 'd’'… in French before a linked name; nothing in English."""
    return french.of_article_in_language(organisation)


@register.filter
def typeset(obj, field):
    """An editor's text as its language is written (French: narrow no-break spaces before
    ; : ! ? and inside « », typographic apostrophes). For our own text only: a source's words
    are shown as the source wrote them."""
    text = getattr(obj, field)
    if shown_language(obj, field) == "fr":
        text = french_typography(text)
    return text
