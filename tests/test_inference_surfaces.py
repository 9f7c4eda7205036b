"""No surface shows an inferred value without its mark, nor a check without its checker, and
every surface says whose words a statement's text is.

The seed's announcement is dated « le 12 septembre dernier »: the day and month are the
article's, the year is inferred. Each surface that shows that date is read as its reader
would read it: a page, a feed entry, a CSV row, the Popolo export, JSON-LD, the API.
"""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.urls import reverse

from foundation.models import Event, Statement
from tests.page_helpers import get_ok, structured_data, url

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
EVENT = "pytorch-joins-linux-foundation"  # 12 September, year inferred
DATED_STATEMENT = "chintala-announces-joining"  # the same date, on a statement
QUOTE = "zemlin-neutral-home-quote"  # French in the article, said in English (inferred)
YEAR_REASON = "2022 is inferred: the Linux Foundation announced the PyTorch Foundation"


@pytest.fixture
def seed(seeded, db):
    cache.clear()
    yield
    cache.clear()


def test_statement_card_marks_the_inferred_year_in_both_languages(client, seed):
    french = get_ok(client, url("statement-detail", "fr", slug=DATED_STATEMENT))
    assert '12 septembre 2022</time> <span class="inferred" title="' in french
    assert "(année déduite)</span>" in french
    cards = get_ok(client, url("statement-list", "en"))
    assert '12 September 2022</time> <span class="inferred" title="' in cards
    assert "(year inferred)</span>" in cards
    detail = get_ok(client, url("statement-detail", "en", slug=DATED_STATEMENT))
    assert "Year of the date</strong>: <span>The article says « le 12 septembre" in detail
    assert YEAR_REASON in detail
    # The French page gives the editors' French reason, typeset, with no other language.
    assert "\u202f: <span>L’article dit «\u202fle 12 septembre dernier\u202f»" in french


def test_an_editorial_note_given_in_one_language_says_its_language(client, seed):
    """A reason or a verification note the editors wrote in English only is shown on the
    French page in English, marked as such; given in both, each page reads its own."""
    event = Event.objects.get(slug=EVENT)
    event.inferences = {"date.year": "Only in English."}
    event.verification_note_fr, event.verification_note_en = "", "Checked in English."
    event.save()
    cache.clear()
    french = get_ok(client, url("event-detail", "fr", slug=EVENT))
    assert '<span lang="en">Only in English.</span>' in french
    assert '<span lang="en">Checked in English.</span>' in french
    english = get_ok(client, url("event-detail", "en", slug=EVENT))
    assert "<span>Only in English.</span>" in english
    assert "<span>Checked in English.</span>" in english


def test_figures_as_of_the_articles_today_say_it_is_inferred_from_the_publication_date(
    client, seed
):
    html = get_ok(client, url("statement-detail", "en", slug="claim-researchers-use-pytorch"))
    assert 'as of 2022 <span class="inferred" title="The article gives no date' in html
    assert "publication date, itself inferred (2022 or later" in html
    source = get_ok(client, url("source-detail", "en", slug="pytorch-rejoint-la-linux-foundation"))
    assert '2022 <span class="inferred"' in source and "2022 or later" in source


def test_events_feed_entry_marks_the_inferred_year(client, seed):
    root = ET.fromstring(client.get(url("feed-events", "en")).content)
    entry = next(
        item
        for item in root.iter(f"{ATOM}entry")
        if item.find(f"{ATOM}link").get("href").rstrip("/").endswith(EVENT)
    )
    assert entry.find(f"{ATOM}title").text == (
        "12 September 2022 (year inferred) — PyTorch joins the Linux Foundation"
    )
    assert YEAR_REASON in entry.find(f"{ATOM}summary").text


def test_statements_feed_entry_marks_the_date_and_says_whose_words(client, seed):
    root = ET.fromstring(client.get(url("feed-statements", "en")).content)
    summaries = {
        item.find(f"{ATOM}link").get("href").rstrip("/").rsplit("/", 1)[1]: item.find(
            f"{ATOM}summary"
        ).text
        for item in root.iter(f"{ATOM}entry")
    }
    assert "Date: 12 September 2022 (year inferred)" in summaries[DATED_STATEMENT]
    quote = summaries[QUOTE]
    assert quote.startswith("Projects like PyTorch")
    assert "Our editors' translation from French; the source's words: Des projets" in quote
    assert "Translated from English (inferred) by the source itself (inferred)." in quote
    assert "Original language, inferred:" in quote


def test_csv_row_carries_the_inference_of_its_date(client, seed):
    response = client.get(reverse("api:event-list"), {"format": "csv"})
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows[EVENT]["date"] == "2022-09-12"
    assert YEAR_REASON in json.loads(rows[EVENT]["inferences"])["date.year"]
    assert rows["pytorch-development-begins"]["inferences"] == "{}"


def test_popolo_event_marks_its_inferred_start_date(client, seed):
    document = client.get(reverse("api:export-popolo")).json()
    events = {event["id"]: event for event in document["events"]}
    assert events[EVENT]["start_date"] == "2022-09-12"
    assert YEAR_REASON in events[EVENT]["inferences"]["start_date.year"]
    assert events["pytorch-foundation-launch"]["inferences"].keys() == {"start_date"}
    assert events["pytorch-development-begins"]["inferences"] == {}


def test_api_lists_and_details_carry_inferences_and_the_checker(client, seed):
    listed = client.get(reverse("api:statement-list"), {"slug": DATED_STATEMENT}).json()
    assert YEAR_REASON in listed["results"][0]["inferences"]["date.year"]
    detail = client.get(reverse("api:event-detail", kwargs={"slug": EVENT})).json()
    assert list(detail["inferences"]) == ["date.year"]
    assert detail["verified_by"] == "Foundation editorial desk"
    inferred = client.get(reverse("api:event-list"), {"inferred": "true"}).json()
    assert {item["slug"] for item in inferred["results"]} == {EVENT, "pytorch-foundation-launch"}


def test_jsonld_event_marks_its_inferred_start_date(client, seed):
    data = structured_data(get_ok(client, url("event-detail", "en", slug=EVENT)))
    assert data["startDate"] == "2022-09-12"
    (mark,) = data["additionalProperty"]
    assert (mark["propertyID"], mark["name"]) == ("startDate", "year inferred")
    assert YEAR_REASON in mark["description"]


def test_jsonld_gives_the_sources_words_and_labels_our_translation(client, seed):
    quote = Statement.objects.get(slug=QUOTE)
    english = structured_data(get_ok(client, url("statement-detail", "en", slug=QUOTE)))
    # The text is the article's French, labelled French, whatever the page's language.
    assert (english["text"], english["inLanguage"]) == (quote.text_fr, "fr")
    # The French is itself the article's translation of English words (inferred, and marked).
    assert english["translationOfWork"]["inLanguage"] == "en"
    assert english["translationOfWork"]["creator"]["name"] == "Jim Zemlin"
    marked = {mark["propertyID"] for mark in english["additionalProperty"]}
    assert marked == {"translationOfWork", "translator"}
    # Our English is a separate work: its language, its translator, what it translates.
    ours = english["workTranslation"]
    assert (ours["text"], ours["inLanguage"]) == (quote.text_en, "en")
    assert ours["translator"]["name"] == "Foundation editors"
    assert ours["translationOfWork"] == {"@id": english["@id"]}
    french = structured_data(get_ok(client, url("statement-detail", "fr", slug=QUOTE)))
    assert (french["text"], french["inLanguage"]) == (quote.text_fr, "fr")
    assert "workTranslation" not in french


def test_a_checked_record_names_its_checker_and_what_the_source_does_not_confirm(client, seed):
    html = get_ok(client, url("event-detail", "en", slug=EVENT))
    assert "Read against its source by Foundation editorial desk on" in html
    assert "Not confirmed by the source, inferred: year of the date." in html
    stated = get_ok(client, url("event-detail", "en", slug="pytorch-development-begins"))
    assert "Read against its source by Foundation editorial desk" in stated
    assert "Not confirmed by the source" not in stated


@pytest.mark.parametrize(
    ("language", "rendering"),
    [
        ("en", {"language": "en", "is_source_text": False, "translated_from": "fr"}),
        ("fr", {"language": "fr", "is_source_text": True, "translated_from": "en"}),
    ],
)
def test_api_says_whose_words_the_text_is_in_lists_and_csv(client, seed, language, rendering):
    listed = client.get(
        reverse("api:statement-list"), {"slug": QUOTE}, HTTP_ACCEPT_LANGUAGE=language
    ).json()["results"][0]
    translator = "editors" if language == "en" else "source"
    assert listed["text_rendering"] == {**rendering, "translated_by": translator}
    detail = client.get(
        reverse("api:statement-detail", kwargs={"slug": QUOTE}), HTTP_ACCEPT_LANGUAGE=language
    ).json()
    assert detail["text_rendering"] == listed["text_rendering"]
    exported = client.get(
        reverse("api:statement-list"),
        {"slug": QUOTE, "format": "csv"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    (row,) = csv.DictReader(io.StringIO(exported.content.decode()))
    assert json.loads(row["text_rendering"])["translated_by"] == translator


def test_an_inferred_parent_is_marked_on_the_page_and_in_its_diagram(client, seed):
    html = get_ok(client, url("organisation-detail", "en", slug="meta-ai"))
    assert 'Meta</a> <span class="inferred" title="The article does not say' in html
    assert "It sits within Meta (inferred)." in html
    assert "Parent</strong>: <span>The article does not say" in html
    french = get_ok(client, url("organisation-detail", "fr", slug="meta-ai"))
    assert "<span>L’article ne dit pas que Meta AI appartient à Meta" in french


def test_the_quote_card_marks_the_inferred_original_language(client, seed):
    html = get_ok(client, url("statement-detail", "en", slug=QUOTE))
    assert "Said in English; the source gives it in French" in html
    assert "(original language: inferred)</span>" in html
    assert "(translated by: inferred)</span>" in html


def test_the_admin_form_says_which_values_may_be_marked_inferred(editor_client, seed):
    event = Event.objects.get(slug=EVENT)
    html = get_ok(editor_client, reverse("admin:foundation_event_change", args=[event.pk]))
    assert "date, date.year." in html
    assert "2022 is inferred" in html  # the reason, editable where it is kept
