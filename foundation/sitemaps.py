"""sitemap.xml: every published page in both languages, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from foundation.models import Event, Organisation, Person, Source, Statement


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    # Entries per file, counting each language: small files render fast, the index lists them.
    limit = 2000


class PagesSitemap(BilingualSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [
            "foundation:home",
            "foundation:organisation-list",
            "foundation:person-list",
            "foundation:event-list",
            "foundation:statement-list",
            "foundation:source-list",
        ]

    def location(self, item):
        return reverse(item)


class RecordSitemap(BilingualSitemap):
    model = None
    changefreq = "weekly"

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


def record_sitemap(model):
    return type(f"{model.__name__}Sitemap", (RecordSitemap,), {"model": model})


SITEMAPS = {
    "pages": PagesSitemap,
    "organisations": record_sitemap(Organisation),
    "people": record_sitemap(Person),
    "events": record_sitemap(Event),
    "statements": record_sitemap(Statement),
    "sources": record_sitemap(Source),
}
