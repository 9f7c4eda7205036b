"""What every public page shares: visibility of drafts, related records, pagination."""

from django.db.models import F, Prefetch
from django.db.models.lookups import IsNull
from django.utils.text import Truncator

from foundation.caching import VersionedCountPaginator
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
    visible_link,
)

PAGE_SIZE = 30
# Detail pages show this many related statements or events (newest first), then link to the list.
RELATED_LIMIT = 20
# Undated records last, on every database (PostgreSQL sorts NULL first when descending).
# Events as `date IS NULL, date` rather than NULLS LAST, the same order: an index on those
# expressions serves it (0006_page_indexes), where SQLite cannot declare NULLS LAST.
EVENT_ORDER = (IsNull(F("date"), True), "date", "title")
STATEMENT_ORDER = (F("date").desc(nulls_last=True), "slug")
PARTICIPATION_ORDER = (F("event__date").asc(nulls_last=True), "event__title")


def visible(model, user):
    return model.objects.visible_to(user)


def visible_citations(user):
    """Passages of sources the user may read, with their source for the link."""
    return Citation.objects.filter(visible_link(Source, user, "source")).select_related("source")


def citations_prefetch(user, lookup="citations"):
    return Prefetch(lookup, queryset=visible_citations(user))


def visible_memberships(user):
    """Memberships whose member and organisation are visible too: no draft leaks through."""
    return (
        visible(Membership, user)
        .filter(visible_link(Organisation, user, "organisation"))
        .filter(
            visible_link(Person, user, "person")
            | visible_link(Organisation, user, "member_organisation")
        )
        .select_related("person", "member_organisation", "organisation")
        .order_by("start_date", "role", "pk")
    )


def visible_participants(user):
    return (
        EventParticipant.objects.filter(visible_link(Event, user, "event"))
        .filter(
            visible_link(Person, user, "person") | visible_link(Organisation, user, "organisation")
        )
        .select_related("person", "organisation", "event")
    )


def figures_prefetch():
    return Prefetch("figures", queryset=Figure.objects.select_related("citation__source"))


def visible_statements(user, *, figures=True):
    """Statements with everything a quote card shows, whose speaker (if any) is visible too.

    figures=False for pages that show cards through {% statement_cards %}: it fetches the
    figures only for the cards it has to render, none when they all come from the cache.
    """
    statements = (
        visible(Statement, user)
        .filter(visible_link(Person, user, "speaker", optional=True))
        .select_related("speaker", "on_behalf_of")
    )
    return statements.prefetch_related(figures_prefetch()) if figures else statements


def newest_statements(user, **relation):
    """A detail page's statements: the newest RELATED_LIMIT visible ones of one record.

    A plain LIMIT query, not a sliced Prefetch: Django builds that as a window-function
    subquery that took several milliseconds to compile for a single record, and SQLite
    numbered every statement of the record before keeping 20. Figures are left to
    {% statement_cards %}.
    """
    statements = (
        visible_statements(user, figures=False).filter(**relation).order_by(*STATEMENT_ORDER)
    )
    return list(statements[:RELATED_LIMIT])


def newest_participations(user, **relation):
    """The events one person or organisation took part in (for unique_events), as above."""
    participations = visible_participants(user).filter(**relation).order_by(*PARTICIPATION_ORDER)
    return list(participations[: RELATED_LIMIT * 2])


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
    """Drafts exist only for staff: everyone else gets a 404 for their address.

    Lists count their rows once per content version, not on every request.
    """

    model = None
    paginator_class = VersionedCountPaginator

    def base_queryset(self):
        return visible(self.model, self.request.user)

    def get_queryset(self):
        return self.base_queryset()
