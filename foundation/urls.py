"""Public pages, mounted under /fr/ and /en/ by config/urls.py (i18n_patterns)."""

from django.urls import path

from foundation import views
from foundation.feeds import ChangesFeed, EventsFeed, StatementsFeed
from foundation.models import Event, Organisation, Person, Source, Statement

app_name = "foundation"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path(
        "organisations/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
    path("statements/", views.StatementListView.as_view(), name="statement-list"),
    path("statements/<slug:slug>/", views.StatementDetailView.as_view(), name="statement-detail"),
    path("sources/", views.SourceListView.as_view(), name="source-list"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source-detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feeds/events/", EventsFeed(), name="feed-events"),
    path("feeds/statements/", StatementsFeed(), name="feed-statements"),
    path("feeds/changes/", ChangesFeed(), name="feed-changes"),
]

# Each page's history of published versions (foundation/history.py).
for model, prefix in (
    (Organisation, "organisations"),
    (Person, "people"),
    (Event, "events"),
    (Statement, "statements"),
    (Source, "sources"),
):
    urlpatterns.append(
        path(
            f"{prefix}/<slug:slug>/history/",
            # A class per kind: what the view reads is its class's (the query-budget harness).
            type(
                f"{model.__name__}HistoryView", (views.RecordHistoryView,), {"model": model}
            ).as_view(),
            name=f"{model._meta.model_name}-history",
        )
    )
