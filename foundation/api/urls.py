from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from . import views
from .changes import ChangesView
from .popolo import PopoloExportView

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("sources", views.SourceViewSet, basename="source")
router.register("citations", views.CitationViewSet, basename="citation")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("people", views.PersonViewSet, basename="person")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register(
    "organisation-relations",
    views.OrganisationRelationViewSet,
    basename="organisationrelation",
)
router.register("events", views.EventViewSet, basename="event")
router.register("statements", views.StatementViewSet, basename="statement")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path(
        "redoc/",
        # Our template: the package's loads web fonts from Google, which offline docs must not.
        SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html"),
        name="redoc",
    ),
    path("export/popolo.json", PopoloExportView.as_view(), name="export-popolo"),
    path("changes/", ChangesView.as_view(), name="changes"),
    *router.urls,
]
