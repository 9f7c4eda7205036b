"""The Atom feeds carry what editors typed as text: a feed reader never renders it as markup.

Each test puts markup in every field a feed shows, fetches both feeds in both languages and
reads them as a feed reader does: an XML parser, then each text construct by its `type` (a
`type="html"` one is parsed as HTML, so an element in it would be rendered live).
"""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.core.cache import cache

from foundation.models import Event, Person, Statement
from tests.page_helpers import url

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
ATOM_ELEMENTS = {
    "feed", "entry", "title", "subtitle", "summary", "content", "rights", "link", "id",
    "updated", "published", "author", "name", "email", "uri", "category",
}  # fmt: skip
TEXT_CONSTRUCTS = ("title", "subtitle", "summary", "content", "rights")
LANGUAGES = ("fr", "en")
# Markup, entities already escaped once, quotes, the end of a CDATA section, a comment.
MARKUP = (
    "<script>alert(1)</script> <b>bold</b> & &amp; &lt;i&gt; \"double\" 'single' "
    "]]> <![CDATA[x]]> <!-- c --> <img src=x onerror=alert(2)>"
)

EVENT = "pytorch-joins-linux-foundation"  # dated: its feed title is the date, then the title
STATEMENT = "chintala-blog-quote"
SPEAKER = "soumith-chintala"


@pytest.fixture
def seed(seeded, db):
    cache.clear()
    yield
    cache.clear()


class HTMLReader(HTMLParser):
    """What a reader makes of a `type="html"` construct: the elements it would render."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)

    def handle_comment(self, data):
        self.elements.append("<!--")

    def handle_data(self, data):
        self.text.append(data)


def as_read(element):
    """The text a feed reader shows for an Atom text construct (RFC 4287 §3.1)."""
    kind = element.get("type", "text")
    if kind == "text":
        return element.text or ""
    assert kind == "html", f"<{element.tag}> of type {kind}"
    reader = HTMLReader()
    reader.feed(element.text or "")
    reader.close()
    assert not reader.elements, f"<{element.tag}> renders {reader.elements} as live HTML"
    return "".join(reader.text)


def read_feed(client, name, language):
    response = client.get(url(name, language))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    for element in root.iter():
        # Only Atom's own elements: nothing an editor typed became an element of the feed.
        assert element.tag.removeprefix(ATOM) in ATOM_ELEMENTS, element.tag
        if element.tag.removeprefix(ATOM) in TEXT_CONSTRUCTS:
            as_read(element)
    return root


def entry(root, slug):
    for item in root.iter(f"{ATOM}entry"):
        if item.find(f"{ATOM}link").get("href").rstrip("/").endswith(f"/{slug}"):
            return item
    raise AssertionError(f"no entry for {slug}")


def field(item, name):
    return as_read(item.find(f"{ATOM}{name}"))


@pytest.fixture
def markup_everywhere(seed):
    """Markup in every editor field the feeds show, different in each language."""
    event = Event.objects.get(slug=EVENT)
    event.title_fr, event.title_en = f"{MARKUP} titre", f"{MARKUP} title"
    event.description_fr, event.description_en = f"{MARKUP} description", f"{MARKUP} text"
    event.save()
    speaker = Person.objects.get(slug=SPEAKER)
    speaker.name = f"{MARKUP} name"
    speaker.save()
    statement = Statement.objects.get(slug=STATEMENT)
    statement.text_fr, statement.text_en = f"{MARKUP} dit", f"{MARKUP} said"
    statement.save()
    return {"fr": ("titre", "description", "dit"), "en": ("title", "text", "said")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_events_feed_carries_editor_markup_as_text(client, markup_everywhere, language):
    title, description, _ = markup_everywhere[language]
    root = read_feed(client, "feed-events", language)
    item = entry(root, EVENT)
    assert field(item, "title").endswith(f" — {MARKUP} {title}")
    assert field(item, "title").startswith("12 ")  # the date comes first, as text too
    # The description, then how its inferred date was inferred.
    assert field(item, "summary").startswith(f"{MARKUP} {description}\n\n")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_statements_feed_carries_editor_markup_as_text(client, markup_everywhere, language):
    said = markup_everywhere[language][2]
    root = read_feed(client, "feed-statements", language)
    item = entry(root, STATEMENT)
    # The words, then whose they are (the source's, or our translation).
    assert field(item, "summary").startswith(f"{MARKUP} {said}\n\n")
    assert item.find(f"{ATOM}author/{ATOM}name").text == f"{MARKUP} name"
    title = field(item, "title")
    assert title.startswith(f"{MARKUP} name")
    said_first_words = "<script>alert(1)</script> <b>bold</b> & &amp; &lt;i&gt;"
    assert said_first_words in title.removeprefix(f"{MARKUP} name")


@pytest.mark.parametrize("name", ["feed-events", "feed-statements", "feed-changes"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_construct_is_declared_text(client, markup_everywhere, name, language):
    root = read_feed(client, name, language)
    for tag in TEXT_CONSTRUCTS:
        for element in root.iter(f"{ATOM}{tag}"):
            assert element.get("type") == "text", tag


def test_a_control_character_typed_in_a_field_does_not_break_the_feeds(client, seed):
    """XML 1.0 cannot carry most control characters: the feed replaces them, not a 500."""
    speaker = Person.objects.get(slug=SPEAKER)
    speaker.name = "Soumith\x0bChintala\x01"
    speaker.save()
    event = Event.objects.get(slug=EVENT)
    event.description_en = "Joins\x0cthe foundation\x1f\ufffe."
    event.save()
    statement = Statement.objects.get(slug=STATEMENT)
    statement.text_en = "Said\x02 this."  # (NUL: refused by forms and PostgreSQL)
    statement.save()

    statements = read_feed(client, "feed-statements", "en")
    item = entry(statements, STATEMENT)
    assert item.find(f"{ATOM}author/{ATOM}name").text == "Soumith\nChintala\ufffd"
    assert field(item, "summary").startswith("Said\ufffd this.\n\n")
    events = read_feed(client, "feed-events", "en")
    assert field(entry(events, EVENT), "summary").startswith("Joins\nthe foundation\ufffd\ufffd.")
    changes = read_feed(client, "feed-changes", "en")
    assert "now “Said\ufffd this.”" in field(changes.find(f"{ATOM}entry"), "summary")
