"""The page types the browser tests visit, on the seed's records."""

# Every page type a visitor meets, as (route, URL kwargs, query string); the seed's records.
PAGE_TYPES = {
    "home": ("foundation:home", {}, ""),
    "organisation-list": ("foundation:organisation-list", {}, ""),
    "organisation-detail": ("foundation:organisation-detail", {"slug": "pytorch-foundation"}, ""),
    "person-list": ("foundation:person-list", {}, ""),
    "person-detail": ("foundation:person-detail", {"slug": "jim-zemlin"}, ""),
    "event-list": ("foundation:event-list", {}, ""),
    "event-detail": ("foundation:event-detail", {"slug": "pytorch-joins-linux-foundation"}, ""),
    "statement-list": ("foundation:statement-list", {}, ""),
    "statement-detail": ("foundation:statement-detail", {"slug": "zemlin-neutral-home-quote"}, ""),
    "source-list": ("foundation:source-list", {}, ""),
    "source-detail": ("foundation:source-detail", {"slug": None}, ""),
    "search": ("foundation:search", {}, "?q=zemlin"),
    "not-found": ("foundation:organisation-detail", {"slug": "no-such-organisation"}, ""),
}
LANGUAGES = ("fr", "en")
