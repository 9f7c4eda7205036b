"""Public pages, one module per area."""

from .events import EventDetailView, EventListView
from .history import RecordHistoryView
from .home import HomeView
from .meta import robots_txt
from .organisations import OrganisationDetailView, OrganisationListView
from .people import PersonDetailView, PersonListView
from .search import SearchView
from .sources import SourceDetailView, SourceListView
from .statements import StatementDetailView, StatementListView

__all__ = [
    "EventDetailView",
    "EventListView",
    "HomeView",
    "OrganisationDetailView",
    "OrganisationListView",
    "PersonDetailView",
    "PersonListView",
    "RecordHistoryView",
    "SearchView",
    "SourceDetailView",
    "SourceListView",
    "StatementDetailView",
    "StatementListView",
    "robots_txt",
]
