"""What a visitor does, with JavaScript off: follow a quotation to its source, switch
language, search. The site must work without it; the other browser tests keep it on."""

import re

import pytest
from django.utils import translation

from foundation.models import Statement
from tests.browser.pages import LANGUAGES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("without_javascript"),
]

TARGET = """
const target = document.querySelector(":target");
if (!target) return null;
const rect = target.getBoundingClientRect();
const look = (el) => {
  const style = getComputedStyle(el);
  return [style.backgroundColor, style.outlineStyle, style.outlineColor, style.boxShadow].join(" ");
};
const other = [...document.querySelectorAll("mark")].find(
  (mark) => mark !== target && !mark.contains(target) && !target.contains(mark));
return {
  tag: target.tagName.toLowerCase(),
  text: target.textContent,
  top: rect.top,
  bottom: rect.bottom,
  viewportHeight: window.innerHeight,
  background: getComputedStyle(target).backgroundColor,
  look: look(target),
  otherLook: other ? look(other) : null,
};
"""

GROUP_HEADING = """
const link = arguments[0];
const before = [...document.querySelectorAll("main h2, main h3")].filter(
  (heading) => heading.compareDocumentPosition(link) & Node.DOCUMENT_POSITION_FOLLOWING);
return before.length ? before[before.length - 1].textContent.trim() : null;
"""


def squeeze(text):
    return " ".join(text.split())


def test_visitor_follows_a_quotation_from_home_to_its_highlighted_source_passage(site):
    statement = Statement.objects.get(slug="zemlin-neutral-home-quote")
    citation = statement.citations.select_related("source").first()
    site.open(site.path("foundation:home"))
    site.follow(site.path("foundation:organisation-detail", slug="linux-foundation"))
    site.follow(site.path("foundation:person-detail", slug="jim-zemlin"))
    site.follow(site.path("foundation:statement-detail", slug=statement.slug))

    source_url = site.base + site.path("foundation:source-detail", slug=citation.source.slug)
    # The evidence links to the source page at the passage, bringing the record's forward.
    passage_links = site.visible_links(
        lambda href: href.startswith(source_url) and "#passage-" in href
    )
    assert passage_links, f"the statement page links to no passage of {source_url}"
    exact = [
        link for link in passage_links if link.get_attribute("href").endswith(f"-{citation.pk}")
    ]
    link = (exact or passage_links)[0]
    passage_url = link.get_attribute("href")
    site.click(link, lambda current: current == passage_url)

    target = site.browser.execute_script(TARGET)
    assert target is not None, f"{passage_url}: the #fragment names no element"
    assert target["tag"] == "mark", f"the linked passage is a <{target['tag']}>, not a <mark>"
    # A passage cited inside this one shows its number, [n], and its arrows within the mark.
    assert squeeze(re.sub(r"\[\d+\]|[←→]", "", target["text"])) == squeeze(citation.text)
    in_view = target["bottom"] > 0 and target["top"] < target["viewportHeight"]
    assert in_view, f"the passage is not scrolled into view: {target}"
    assert target["background"] not in {"rgba(0, 0, 0, 0)", "transparent"}, "not highlighted"
    # Every cited passage is highlighted: the one the visitor came for must stand out.
    assert target["look"] != target["otherLook"], "the linked passage looks like all the others"
    fragment = passage_url.split("#", 1)[1]
    assert site.browser.find_element("id", fragment).is_displayed()


def test_language_switch_keeps_the_visitor_on_the_same_page(site):
    for page_type in ("home", "organisation-detail", "event-list", "statement-detail", "search"):
        french, english = site.page(page_type, "fr"), site.page(page_type, "en")
        site.open(french)

        site.switch_language("en")
        assert (site.current_path(), site.lang()) == (english, "en")

        site.switch_language("fr")
        assert (site.current_path(), site.lang()) == (french, "fr")


SEARCHES = [
    # query, the kind it is listed under, the record it must find
    ("zemlin", "people", "foundation:person-detail", "jim-zemlin"),
    ("fondation linux", "organisations", "foundation:organisation-detail", "linux-foundation"),
    # typed without its accent: "neutralité" is in Jim Zemlin's quotation
    ("neutralite", "statements", "foundation:statement-detail", "zemlin-neutral-home-quote"),
]


def test_search_form_lists_each_record_under_its_kind(site):
    from django.utils.text import capfirst

    from foundation.search import KINDS

    for lang in LANGUAGES:
        for query, kind, route, slug in SEARCHES:
            site.open(site.path("foundation:home", lang))
            site.search(query)
            assert site.current_path().startswith(site.path("foundation:search", lang) + "?")
            assert site.search_box().get_attribute("value") == query

            record_url = site.base + site.path(route, lang, slug=slug)
            links = site.visible_links(lambda href, url=record_url: href == url)
            assert links, f"searching {query!r} ({lang}) shows no link to {record_url}"
            with translation.override(lang):
                label = str(capfirst(KINDS[kind].model._meta.verbose_name_plural))
            heading = site.browser.execute_script(GROUP_HEADING, links[0])
            assert heading is not None and label in heading, (
                f"searching {query!r} ({lang}): {record_url} is under {heading!r}, not {label!r}"
            )
