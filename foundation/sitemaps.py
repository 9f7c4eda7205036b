"""sitemap.xml: an index of paginated sections, one per kind of page and language.

Django's own i18n sitemaps build the list of every (record, language) pair in memory before
paginating, which grows with the archive. Here each section is one
language's queryset, so a page is one COUNT and one LIMIT query; the hreflang alternates of
each entry are added afterwards.

A sitemap lists only addresses that answer: the list page of every kind of record with a
page (foundation.models.kinds.page_models), and the records an anonymous visitor may see
(`public()`, the visibility rule).
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import translation

from foundation.caching import VersionedCountPaginator, content_version, remembered
from foundation.models.kinds import kind_name, page_models

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class LanguageSitemap(Sitemap):
    language = settings.LANGUAGE_CODE
    limit = 1000

    def get_urls(self, page=1, site=None, protocol=None):
        with translation.override(self.language):
            urls = super().get_urls(page=page, site=site, protocol=protocol)
        own_prefix = f"/{self.language}/"
        for info in urls:
            # Paths are the same in every language but for the prefix (i18n_patterns).
            scheme, rest = info["location"].split("://", 1)
            host, path = rest.split("/", 1)
            path = "/" + path
            alternates = {
                code: f"{scheme}://{host}/{code}/{path.removeprefix(own_prefix)}"
                if path.startswith(own_prefix)
                else info["location"]
                for code in LANGUAGE_CODES
            }
            info["alternates"] = [
                *({"lang_code": code, "location": url} for code, url in alternates.items()),
                {"lang_code": "x-default", "location": alternates[settings.LANGUAGE_CODE]},
            ]
        return urls


class PagesSitemap(LanguageSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [
            "foundation:home",
            *(f"foundation:{model._meta.model_name}-list" for model in page_models()),
        ]

    def location(self, item):
        return reverse(item)


class RecordSitemap(LanguageSitemap):
    model = None
    changefreq = "weekly"

    def items(self):
        return self.model.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    @property
    def paginator(self):
        # The index counts every section's pages: once per content version, for both languages.
        return VersionedCountPaginator(self._items(), self.limit)

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item: one aggregate, once per content
        # version and model (both languages' sections list the same records).
        items = self.items()
        key = f"sitemap-lastmod:{content_version(items.db)}:{self.model._meta.label_lower}"
        return remembered(key, lambda: items.aggregate(latest=Max("updated_at"))["latest"])


def _sections():
    """{"pages-fr": …, "organisations-fr": …}: the pages, then each kind of page, per language."""
    sections = {}
    kinds = {"pages": PagesSitemap}
    for model in page_models():
        kinds[kind_name(model)] = type(
            f"{model.__name__}Sitemap", (RecordSitemap,), {"model": model}
        )
    for name, sitemap in kinds.items():
        for code in LANGUAGE_CODES:
            sections[f"{name}-{code}"] = type(sitemap.__name__, (sitemap,), {"language": code})
    return sections


SITEMAPS = _sections()
