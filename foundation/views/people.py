from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from foundation.models import Person

from .base import (
    PAGE_SIZE,
    PARTICIPATION_ORDER,
    RELATED_LIMIT,
    STATEMENT_ORDER,
    VisibleMixin,
    citations_prefetch,
    visible_memberships,
    visible_participants,
    visible_statements,
)
from .organisations import unique_events


class PersonListView(VisibleMixin, ListView):
    model = Person
    paginate_by = PAGE_SIZE


class PersonDetailView(VisibleMixin, DetailView):
    og_type = "profile"
    model = Person

    def get_queryset(self):
        user = self.request.user
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("memberships", queryset=visible_memberships(user), to_attr="roles"),
                Prefetch(
                    "statements",
                    queryset=visible_statements(user).order_by(*STATEMENT_ORDER)[:RELATED_LIMIT],
                    to_attr="visible_statements",
                ),
                Prefetch(
                    "participations",
                    queryset=visible_participants(user).order_by(*PARTICIPATION_ORDER)[
                        : RELATED_LIMIT * 2
                    ],
                    to_attr="visible_participations",
                ),
                citations_prefetch(user),
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            events=unique_events(self.object.visible_participations), **kwargs
        )
