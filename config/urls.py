from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
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
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
urlpatterns += i18n_patterns(path("", include("foundation.urls")))
