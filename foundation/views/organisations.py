from django import forms
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from foundation.diagrams import organisation_svg
from foundation.models import Organisation
from foundation.models.reading import reading_order

from .base import (
    PAGE_SIZE,
    FollowsMerges,
    VisibleMixin,
    citations_prefetch,
    memberships,
    newest_participations,
    newest_statements,
    relations,
)


class OrganisationFilter(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Organisation.Kind.choices],
    )


class OrganisationListView(VisibleMixin, ListView):
    model = Organisation
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.filter_form = OrganisationFilter(self.request.GET or None)
        queryset = (
            super().get_queryset().select_related("parent").order_by(*reading_order(Organisation))
        )
        if self.filter_form.is_valid() and self.filter_form.cleaned_data["kind"]:
            queryset = queryset.filter(kind=self.filter_form.cleaned_data["kind"])
        return queryset

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class OrganisationDetailView(FollowsMerges, VisibleMixin, DetailView):
    model = Organisation

    def get_queryset(self):
        user = self.request.user
        return (
            super()
            .get_queryset()
            .select_related("parent", "verified_by")
            .prefetch_related(
                Prefetch(
                    "children",
                    queryset=Organisation.objects.visible_to(user),
                    to_attr="visible_children",
                ),
                citations_prefetch(user),
            )
        )

    def get_object(self, queryset=None):
        organisation = super().get_object(queryset)
        user, pk = self.request.user, organisation.pk
        # Its memberships, those it holds and the seats held on its behalf: one query.
        rows = list(
            memberships(user).filter(
                Q(organisation=pk) | Q(member_organisation=pk) | Q(on_behalf_of=pk)
            )
        )
        organisation.members = [m for m in rows if m.organisation_id == pk]
        organisation.held = [m for m in rows if m.member_organisation_id == pk]
        organisation.seats_held = [m for m in rows if m.on_behalf_of_id == pk]
        # Its relations both ways, one query: what it is to others, what others are to it.
        both = list(relations(user).filter(Q(organisation=pk) | Q(related_organisation=pk)))
        organisation.visible_relations = [r for r in both if r.organisation_id == pk]
        organisation.visible_inverse_relations = [
            r for r in both if r.related_organisation_id == pk
        ]
        return organisation

    def get_context_data(self, **kwargs):
        organisation = self.object
        user = self.request.user
        organisation.visible_statements = newest_statements(user, on_behalf_of=organisation)
        members = organisation.members
        # A parent the user may not see was emptied by visible_to: no name, no link.
        diagram = organisation_svg(
            organisation,
            organisation.parent,
            organisation.visible_children,
            members,
            organisation.held,
        )
        return super().get_context_data(
            organisation_members=[m for m in members if m.member_organisation_id],
            person_members=[m for m in members if m.person_id],
            representative_seats=[m for m in members if m.is_unnamed_representative],
            diagram=diagram,
            events=unique_events(newest_participations(user, organisation=organisation)),
            **kwargs,
        )


def unique_events(participations):
    """An organisation may take part in one event in several roles: list the event once."""
    events = {}
    for participation in participations:
        entry = events.setdefault(participation.event_id, (participation.event, []))
        entry[1].append(participation.role_label)
    return list(events.values())
