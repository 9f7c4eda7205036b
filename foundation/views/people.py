from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from foundation.models import Person
from foundation.models.reading import reading_order

from .base import (
    PAGE_SIZE,
    FollowsMerges,
    VisibleMixin,
    citations_prefetch,
    memberships,
    newest_participations,
    newest_statements,
)
from .organisations import unique_events


class PersonListView(VisibleMixin, ListView):
    model = Person
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return super().get_queryset().order_by(*reading_order(Person))


class PersonDetailView(FollowsMerges, VisibleMixin, DetailView):
    og_type = "profile"
    model = Person

    def get_queryset(self):
        user = self.request.user
        return (
            super()
            .get_queryset()
            .select_related("verified_by")
            .prefetch_related(
                Prefetch("memberships", queryset=memberships(user), to_attr="roles"),
                citations_prefetch(user),
            )
        )

    def get_context_data(self, **kwargs):
        person, user = self.object, self.request.user
        person.visible_statements = newest_statements(user, speaker=person)
        return super().get_context_data(
            events=unique_events(newest_participations(user, person=person)), **kwargs
        )
