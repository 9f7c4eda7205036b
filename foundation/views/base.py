"""What every public page shares: the visibility rule's querysets, shaped for a page.

Every record and every related list is read through `Model.objects.visible_to(user)`
(foundation.models.visibility): what a user may not see is neither listed nor linked, and a
link to a hidden record comes back empty. The helpers below only add what a page reads with
the records (select_related, prefetches), their order and their LIMIT.
"""

from django.db.models import F, Prefetch
from django.db.models.lookups import IsNull
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.text import Truncator

from foundation.caching import VersionedCountPaginator
from foundation.merging import survivor_of
from foundation.models import (
    Citation,
    EventParticipant,
    Figure,
    Membership,
    OrganisationRelation,
    Statement,
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


def citations_prefetch(user, lookup="citations"):
    """A record's passages that the user may read, with their source for the link."""
    return Prefetch(lookup, queryset=Citation.objects.visible_to(user).select_related("source"))


def memberships(user):
    """Memberships as a page lists them: both ends read with them, in date order."""
    return (
        Membership.objects.visible_to(user)
        .select_related("person", "member_organisation", "on_behalf_of", "organisation")
        .order_by("start_date", "role", "pk")
    )


def relations(user):
    """Relations between organisations as a page lists them: both ends and their passages."""
    return (
        OrganisationRelation.objects.visible_to(user)
        .select_related("organisation", "related_organisation")
        .prefetch_related(citations_prefetch(user))
        .order_by("kind", "start_date", "pk")
    )


def participations(user):
    """Event participants with their event and who took part."""
    return EventParticipant.objects.visible_to(user).select_related(
        "person", "organisation", "event"
    )


def figures_prefetch(user):
    """A quote card's figures; a figure's passage is a link only if its source is visible."""
    return Prefetch(
        "figures", queryset=Figure.objects.visible_to(user).select_related("citation__source")
    )


def statements(user, *, figures=True):
    """Statements with everything a quote card shows.

    figures=False for pages that show cards through {% statement_cards %}: it fetches the
    figures only for the cards it has to render, none when they all come from the cache.
    """
    queryset = Statement.objects.visible_to(user).select_related("speaker", "on_behalf_of")
    return queryset.prefetch_related(figures_prefetch(user)) if figures else queryset


def newest_statements(user, **relation):
    """A detail page's statements: the newest RELATED_LIMIT visible ones of one record.

    A plain LIMIT query, not a sliced Prefetch: Django builds that as a window-function
    subquery that is slow to compile for a single record, and SQLite numbered every
    statement of the record before keeping the first. Figures are left to
    {% statement_cards %}.
    """
    queryset = statements(user, figures=False).filter(**relation).order_by(*STATEMENT_ORDER)
    return list(queryset[:RELATED_LIMIT])


def newest_participations(user, **relation):
    """The events one person or organisation took part in (for unique_events), as above."""
    queryset = participations(user).filter(**relation).order_by(*PARTICIPATION_ORDER)
    return list(queryset[: RELATED_LIMIT * 2])


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
    """The records the user may see: anyone else's draft is a 404 at its address.

    Lists count their rows once per content version, not on every request.
    """

    model = None
    paginator_class = VersionedCountPaginator

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)


class FollowsMerges:
    """A merged record's address answers 301 to the record it was merged into (when the
    reader may see that one: foundation.merging.survivor_of reads it through the rule)."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            survivor = survivor_of(self.model, kwargs.get("slug", ""), request.user)
            if survivor is None:
                raise
            return HttpResponsePermanentRedirect(survivor.get_absolute_url())
