from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from foundation.diagrams import timeline_svg
from foundation.models import Event, Organisation, Person, Statement

from .base import EVENT_ORDER, STATEMENT_ORDER, PageMixin, statements

HOME_EVENTS = 40
HOME_STATEMENTS = 4
HOME_ORGANISATIONS = 12
HOME_PEOPLE = 12


class HomeView(PageMixin, TemplateView):
    """The story at a glance: what happened when, who said what, who is who."""

    template_name = "foundation/home.html"

    def get_page_title(self):
        return _("PyTorch, the Linux Foundation and who said what: a cited record")

    def get_page_description(self):
        return _(
            "Organisations, people, events and statements, each tied to the exact sentence of "
            "the source that supports it."
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        events = list(Event.objects.visible_to(user).order_by(*EVENT_ORDER)[:HOME_EVENTS])
        organisations = Organisation.objects.visible_to(user)
        foundations = organisations.filter(kind=Organisation.Kind.FOUNDATION)
        return super().get_context_data(
            events=events,
            timeline=timeline_svg(events, dom_id="home-timeline"),
            statements=list(
                statements(user, figures=False)
                .filter(kind=Statement.Kind.QUOTE)
                .order_by(*STATEMENT_ORDER)[:HOME_STATEMENTS]
            ),
            organisations=list(foundations.select_related("parent")[:HOME_ORGANISATIONS]),
            organisation_count=organisations.count(),
            people=list(Person.objects.visible_to(user)[:HOME_PEOPLE]),
            **kwargs,
        )
