"""Atom feeds of the newest events and statements, one per language.

Public documents: they list what an anonymous visitor sees (`public()`, the visibility rule),
so a statement whose speaker is a draft is not in the feed, and its speaker is not named.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from foundation.models import Event, Statement

FEED_SIZE = 50


class RecordFeed(Feed):
    feed_type = Atom1Feed

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return item.created_at


class EventsFeed(RecordFeed):
    title = _("Foundation — events")
    subtitle = _("What happened, when, as the sources tell it.")

    def link(self):
        return reverse("foundation:event-list")

    def items(self):
        return Event.objects.public().order_by("-updated_at", "pk")[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.date_display} — {item.title}" if item.date else item.title

    def item_description(self, item):
        return item.description


class StatementsFeed(RecordFeed):
    title = _("Foundation — statements")
    subtitle = _("Who said what, each with the passage of the source that reports it.")

    def link(self):
        return reverse("foundation:statement-list")

    def items(self):
        return (
            Statement.objects.public()
            .select_related("speaker")
            .order_by("-updated_at", "pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        excerpt = Truncator(item.text).words(12)
        if not item.speaker_id:
            return excerpt
        return _("%(speaker)s: “%(text)s”") % {"speaker": item.speaker, "text": excerpt}

    def item_description(self, item):
        return item.text

    def item_author_name(self, item):
        return item.speaker.name if item.speaker_id else None
