from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from foundation.diagrams import timeline_svg
from foundation.models import Event

from .base import EVENT_ORDER, VisibleMixin, citations_prefetch, newest_statements, participations

EVENTS_PER_PAGE = 50


class EventListView(VisibleMixin, ListView):
    """The timeline: events in date order, grouped by year, drawn and listed."""

    model = Event
    paginate_by = EVENTS_PER_PAGE

    def get_queryset(self):
        return super().get_queryset().order_by(*EVENT_ORDER, "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timeline"] = timeline_svg(context["object_list"], dom_id="events-timeline")
        return context


class EventDetailView(VisibleMixin, DetailView):
    model = Event

    def get_queryset(self):
        user = self.request.user
        return (
            super()
            .get_queryset()
            .select_related("verified_by")
            .prefetch_related(
                Prefetch(
                    "participants",
                    queryset=participations(user).order_by("role", "pk"),
                    to_attr="visible_participants",
                ),
                citations_prefetch(user),
            )
        )

    def get_context_data(self, **kwargs):
        event = self.object
        event.visible_statements = newest_statements(self.request.user, event=event)
        return super().get_context_data(**kwargs)
