"""Rendered fragments (quote cards) kept per content version, for anonymous reads only."""

from django.core.cache import caches
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .version import content_timeout, release, request_content_version


def cached_fragments(name, records, render, *, variant=""):
    """The HTML of each record, each kept in the shared cache per version.

    render(records) returns the HTML of each of the records given, in order: it is called
    once, with the records not found in the cache, so it can fetch what they need in bulk.
    For parts repeated across pages (a statement's quote card appears in lists, on home and
    on its people's pages): one get_many per page, the misses rendered and stored with one
    set_many. Only for anonymous reads (request_content_version), so a fragment never holds
    a draft; the key holds the version (a write makes every older fragment unreachable),
    the release (a deploy changes templates), the language and the record's pk.
    """
    version = request_content_version()
    if version is None:
        return render(records) if records else []
    prefix = f"fragment:{name}:{variant}:{version}:{release()}:{get_language()}:"
    keys = [f"{prefix}{record.pk}" for record in records]
    cache = caches["default"]
    found = cache.get_many(keys)
    missing = [(key, record) for key, record in zip(keys, records, strict=True) if key not in found]
    if missing:
        rendered = render([record for _key, record in missing])
        new = {key: str(html) for (key, _record), html in zip(missing, rendered, strict=True)}
        cache.set_many(new, content_timeout())
        found.update(new)
    # Rendered by our own templates, escaped there.
    return [mark_safe(found[key]) for key in keys]
