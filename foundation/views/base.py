"""What every public page shares: visibility of drafts, related records, pagination."""

from django.db.models import F, Prefetch, Q
from django.utils.text import Truncator

from foundation.models import (
    Citation,
    Event,
    EventParticipant,
    Figure,
    Membership,
    Organisation,
    Person,
    Source,
    Statement,
)

PAGE_SIZE = 30
# Detail pages show this many related statements or events (newest first), then link to the list.
RELATED_LIMIT = 20
# Undated records last, on every database (PostgreSQL sorts NULL first when descending).
EVENT_ORDER = (F("date").asc(nulls_last=True), "title")
STATEMENT_ORDER = (F("date").desc(nulls_last=True), "slug")
PARTICIPATION_ORDER = (F("event__date").asc(nulls_last=True), "event__title")


def visible(model, user):
    return model.objects.visible_to(user)


def visible_citations(user):
    """Passages of sources the user may read, with their source for the link."""
    return Citation.objects.filter(source__in=visible(Source, user)).select_related("source")


def citations_prefetch(user, lookup="citations"):
    return Prefetch(lookup, queryset=visible_citations(user))


def visible_memberships(user):
    """Memberships whose member and organisation are visible too: no draft leaks through."""
    return (
        visible(Membership, user)
        .filter(organisation__in=visible(Organisation, user))
        .filter(
            Q(person__in=visible(Person, user))
            | Q(member_organisation__in=visible(Organisation, user))
        )
        .select_related("person", "member_organisation", "organisation")
        .order_by("start_date", "role", "pk")
    )


def visible_participants(user):
    return (
        EventParticipant.objects.filter(event__in=visible(Event, user))
        .filter(
            Q(person__in=visible(Person, user)) | Q(organisation__in=visible(Organisation, user))
        )
        .select_related("person", "organisation", "event")
    )


def visible_statements(user):
    """Statements with everything a quote card shows; speakers and bodies visible too."""
    return (
        visible(Statement, user)
        .filter(Q(speaker__isnull=True) | Q(speaker__in=visible(Person, user)))
        .select_related("speaker", "on_behalf_of", "event")
        .prefetch_related(
            Prefetch("figures", queryset=Figure.objects.select_related("citation__source"))
        )
    )


def can_see(user, obj):
    """Whether a related record may be linked: published, or the user sees drafts."""
    if obj is None:
        return False
    return obj.is_published or visible(type(obj), user).filter(pk=obj.pk).exists()


class PageMixin:
    """The title and summary every page gives to <title>, Open Graph and search engines."""

    og_type = "website"

    def get_page_title(self):
        if getattr(self, "object", None) is not None:
            return str(self.object)
        return self.model._meta.verbose_name_plural.capitalize()

    def get_page_description(self):
        obj = getattr(self, "object", None)
        text = getattr(obj, "description", "") or getattr(obj, "text", "") if obj else ""
        return Truncator(" ".join(text.split())).chars(200) if text else ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=self.get_page_title(),
            page_description=self.get_page_description(),
            og_type=self.og_type,
            **kwargs,
        )


class VisibleMixin(PageMixin):
    """Drafts exist only for staff: everyone else gets a 404 for their address."""

    model = None

    def base_queryset(self):
        return visible(self.model, self.request.user)

    def get_queryset(self):
        return self.base_queryset()
