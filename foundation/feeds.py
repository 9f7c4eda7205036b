"""Atom feeds of the newest events and statements, one per language.

Public documents: they list what an anonymous visitor sees (`public()`, the visibility rule),
so a statement whose speaker is a draft is not in the feed, and its speaker is not named.

Every field a feed shows is what an editor typed, as text: titles, summaries and rights are
Atom text constructs of `type="text"` (a reader shows `<b>` as the four characters, never as
markup), names and attributes are escaped once by the XML writer, and a character XML 1.0
cannot carry (a control character pasted into a field) is replaced rather than breaking the
whole feed. This is `TextAtom1Feed`'s job, whatever element Django's generator writes.
"""

import re

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.xmlutils import SimplerXMLGenerator

from foundation.history import changes_feed
from foundation.models import Event, Statement
from foundation.models.kinds import page_models

FEED_SIZE = 50

# Atom text constructs (RFC 4287 §3.1): without a type a reader takes them as text; Django
# writes summaries as type="html", so a reader would render the editor's markup.
TEXT_CONSTRUCTS = frozenset({"title", "subtitle", "summary", "content", "rights"})
# Everything XML 1.0 cannot hold (control characters, surrogates, U+FFFE, U+FFFF).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Vertical tab and form feed are line breaks (a word processor's manual line break).
LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def xml_text(value):
    """The text as XML 1.0 can carry it: a line break stays one, anything else becomes U+FFFD."""
    return NOT_XML.sub("\ufffd", value.translate(LINE_BREAKS))


class TextXMLGenerator(SimplerXMLGenerator):
    """Writes every text construct as `type="text"` and every character as XML can hold it."""

    def startElement(self, name, attrs):
        attrs = {
            key: xml_text(value) if isinstance(value, str) else value
            for key, value in (attrs or {}).items()
        }
        if name in TEXT_CONSTRUCTS:
            attrs["type"] = "text"
        super().startElement(name, attrs)

    def characters(self, content):
        super().characters(xml_text(content) if content else content)


class TextAtom1Feed(Atom1Feed):
    """Django's Atom feed, written through `TextXMLGenerator`."""

    def write(self, outfile, encoding):
        handler = TextXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


class RecordFeed(Feed):
    feed_type = TextAtom1Feed

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
        if not item.date:
            return item.title
        return f"{item.marked_text('date', item.date_display)} — {item.title}"

    def item_description(self, item):
        return "\n\n".join([item.description, *item.inference_notes()]).strip()


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
        excerpt = Truncator(item.rendering(get_language()).text).words(12)
        if not item.speaker_id:
            return excerpt
        return _("%(speaker)s: “%(text)s”") % {"speaker": item.speaker, "text": excerpt}

    def item_description(self, item):
        """The text, whose words they are (the source's, or our translation and from which
        language), the statement's date with its mark, and how each inferred value was."""
        language = get_language()
        parts = [item.rendering(language).text, item.translation_note(language)]
        if item.date:
            parts.append(
                _("Date: %(date)s") % {"date": item.marked_text("date", item.date_display)}
            )
        return "\n\n".join([*parts, *item.inference_notes()])

    def item_author_name(self, item):
        return item.speaker.name if item.speaker_id else None


class ChangesFeed(RecordFeed):
    """Every published change of the records a visitor sees, newest first: one entry per
    published version (foundation/history.py), linked to its place on the record's history."""

    title = _("Foundation — changes")
    subtitle = _("What changed in the published record, and when; drafts are never listed.")

    def link(self):
        return reverse("foundation:home")

    def items(self):
        return changes_feed(page_models(), FEED_SIZE)

    def item_link(self, item):
        record, version = item
        return f"{record.get_history_url()}#version-{version.id}"

    def item_title(self, item):
        record, version = item
        return f"{record}: {version.summary}"

    def item_description(self, item):
        version = item[1]
        lines = [
            change.label
            if change.before is None
            else _("%(field)s: was “%(before)s”, now “%(after)s”")
            % {"field": change.label, "before": change.before, "after": change.after}
            for change in version.changes
        ]
        if version.reason:
            lines.insert(0, _("Reason given: %(reason)s") % {"reason": version.reason})
        return "\n".join(lines) or version.summary

    def item_updateddate(self, item):
        return item[1].when

    def item_pubdate(self, item):
        return item[1].when
