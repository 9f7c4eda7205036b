from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from foundation.health import healthz
from foundation.sitemaps import SITEMAPS
from foundation.views import robots_txt

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include("foundation.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Outside i18n_patterns: load balancers probe one fixed address.
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots"),
    # An index of paginated sections: one file per section and page, however large the archive.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
urlpatterns += i18n_patterns(path("", include("foundation.urls")))

# The site's bilingual page, JSON under /api/; under DEBUG (make run) NotFoundPageMiddleware
# serves it too, where Django would show its technical page.
handler404 = "foundation.views.errors.page_not_found"
