"""Memoised stand-ins for Django calls a page makes once per record: the speed kept off models/.

The models call these (a record's address, its choices' labels, its dates in words); what
they compute is exactly what the Django call they replace gives, only remembered in the
process. Each is keyed by everything the answer depends on (the language, the script
prefix, the URLconf), and remembers only values fixed by the code (URL patterns, choices,
formats), never content: no write can make an entry stale. Measured costs: bench/README.md,
"Why the code is shaped this way".
"""

import re
from functools import cache, lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.encoding import force_str
from django.utils.formats import date_format
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

# What the <slug:> path converter accepts; such a slug appears in the address unquoted.
SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
SLUG_MARKER = "0-slug-marker-0"


# --- Addresses ----------------------------------------------------------------------------


def reverse_slug(viewname, slug):
    """reverse(viewname, kwargs={"slug": slug}), the same address, without a reverse() per record.

    A page links to up to a hundred records, and reverse() is costly per call: the address
    around the slug is reversed once per view, language, script prefix and URLconf.
    """
    if not SLUG.match(slug):
        return reverse(viewname, kwargs={"slug": slug})
    before, after = url_around(viewname)
    return f"{before}{slug}{after}"


def url_around(viewname, lookup="slug"):
    """The path of `viewname` before and after its `lookup` argument, for the active
    language, script prefix and URLconf: reversed once, then reused for every record."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _around(viewname, lookup, get_language(), get_script_prefix(), urlconf)


@lru_cache(maxsize=256)
def _around(viewname, lookup, language, script_prefix, urlconf):
    url = reverse(viewname, urlconf=urlconf, kwargs={lookup: SLUG_MARKER})
    before, _marker, after = url.rpartition(SLUG_MARKER)
    return before, after


# --- Choice labels ------------------------------------------------------------------------


class ChoiceDisplayMixin:
    """get_FOO_display() that translates only the label it returns.

    Overrides Django's private Model._get_FIELD_display, which hashes every label of the
    field's choices on each call (and hashing a lazy label translates it), for the ~100
    calls a page of quote cards and events makes. The value -> label mapping is built once
    per field (our choices are never callables).
    """

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        label = _choice_labels(field).get(make_hashable(value), value)
        return force_str(label, strings_only=True)


@cache
def _choice_labels(field):
    return {make_hashable(value): label for value, label in field.flatchoices}


# --- Dates in words -----------------------------------------------------------------------


def formatted_date(value, format_string):
    """date_format(value, format_string) in the active language, remembered per language:
    date_format is costly per call, and a timeline shows each date three times."""
    return _formatted_date(value, format_string, get_language())


@lru_cache(maxsize=4096)
def _formatted_date(value, format_string, language):
    return date_format(value, format_string)
