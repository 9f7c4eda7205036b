"""Public pages in both languages, on the seed: status, real content, drafts, bad input."""

import re
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.urls import reverse

from foundation.models import Person, Statement, Status
from tests.page_helpers import get_ok, structured_data, url

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "en"]


@pytest.fixture
def seed(seeded, db):
    """Overrides conftest's seed: the data is already there (see `seeded`)."""


PAGES = [
    ("home", {}),
    ("organisation-list", {}),
    ("organisation-detail", {"slug": "pytorch-foundation"}),
    ("person-list", {}),
    ("person-detail", {"slug": "jim-zemlin"}),
    ("event-list", {}),
    ("event-detail", {"slug": "pytorch-development-begins"}),
    ("statement-list", {}),
    ("statement-detail", {"slug": "zemlin-neutral-home-quote"}),
    ("source-list", {}),
    ("source-detail", {"slug": "pytorch-rejoint-la-linux-foundation"}),
    ("search", {}),
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_every_page_answers_in_both_languages_with_one_h1(client, seed, name, kwargs, language):
    html = get_ok(client, url(name, language, **kwargs))
    assert f'<html lang="{language}">' in html
    assert html.count("<h1") == 1
    assert 'rel="canonical"' in html
    assert 'hreflang="fr"' in html and 'hreflang="en"' in html
    assert "style=" not in html and "<style" not in html
    assert not re.search(r"\son[a-z]+=", html), "no inline event handlers"
    assert '<a class="skip-link" href="#main">' in html


def test_language_switcher_keeps_the_current_page(client, seed):
    html = get_ok(client, url("person-detail", "fr", slug="jim-zemlin"))
    assert 'href="http://testserver/en/people/jim-zemlin/" hreflang="en" lang="en"' in html
    html = get_ok(client, url("statement-list", "en") + "?kind=quote")
    assert 'href="http://testserver/fr/statements/?kind=quote" hreflang="fr"' in html


def test_french_is_the_default_language(client, seed):
    response = client.get("/", headers={"accept-language": ""})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/fr/"


def test_zemlin_quotation_is_on_his_page_in_both_languages(client, seed):
    french = get_ok(client, url("person-detail", "fr", slug="jim-zemlin"))
    assert "bénéficient d’une maison neutre" in french
    english = get_ok(client, url("person-detail", "en", slug="jim-zemlin"))
    assert "neutral home" in english
    assert "Linux Foundation" in english


def test_pytorch_foundation_board_seats_six_companies_unnamed_representatives(client, seed):
    html = get_ok(client, url("organisation-detail", "en", slug="pytorch-foundation"))
    assert 'id="org-members-heading"' not in html  # no company sits as a member
    board = html.split('id="seats-heading"')[1].split("</table>")[0]
    for name in ("Meta", "AMD", "Amazon Web Services", "Google", "Microsoft", "NVIDIA"):
        assert re.search(rf"An unnamed representative of <a href=\"[^\"]+\">{name}</a>", board)
    assert board.count("governing board member") == 6
    assert "Linux Foundation" in html.split('id="diagram-heading"')[0]  # within …


def test_organisation_diagram_is_svg_with_a_text_alternative(client, seed):
    html = get_ok(client, url("organisation-detail", "fr", slug="pytorch-foundation"))
    svg = html.split("<svg", 1)[1].split("</svg>")[0]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "NVIDIA" in svg and "Linux Foundation" in svg
    caption = html.split("<figcaption>", 1)[1].split("</figcaption>")[0]
    assert "NVIDIA" in caption and "Linux Foundation" in caption


def test_year_only_event_shows_only_its_year(client, seed):
    html = get_ok(client, url("event-detail", "fr", slug="pytorch-development-begins"))
    assert '<time datetime="2016">2016</time>' in html
    assert "1 janvier 2016" not in html and "1er janvier 2016" not in html
    english = get_ok(client, url("event-list", "en"))
    assert '<time datetime="2016">2016</time>' in english
    assert "January 1, 2016" not in english and "1 January 2016" not in english


def test_day_event_shows_its_day_and_marks_the_inferred_year(client, seed):
    html = get_ok(client, url("event-detail", "fr", slug="pytorch-joins-linux-foundation"))
    assert '<time datetime="2022-09-12">12 septembre 2022</time> <span class="inferred"' in html
    assert "2022 est déduit" in html
    timeline = get_ok(client, url("event-list", "en"))
    assert '12 September 2022</time> <span class="inferred"' in timeline
    assert "(year inferred)" in timeline


def test_timeline_svg_spans_a_year_for_a_year_only_event(client, seed):
    html = get_ok(client, url("event-list", "fr"))
    svg = html.split("<svg", 1)[1].split("</svg>")[0]
    widths = [
        float(w) for w in re.findall(r'class="tl-bar tl-year[^"]*"[^>]* width="([\d.]+)"', svg)
    ]
    day_widths = [
        float(w) for w in re.findall(r'class="tl-bar tl-day[^"]*"[^>]* width="([\d.]+)"', svg)
    ]
    assert widths and day_widths
    assert min(widths) > 10 * max(day_widths)
    assert ">2016<" in svg and ">2022<" in svg


def test_figures_keep_their_qualifier(client, seed):
    french = get_ok(client, url("statement-detail", "fr", slug="claim-contributors-and-projects"))
    assert "plus de 2\xa0400 contributeurs" in french
    assert "près de 154\xa0000 projets" in french
    english = get_ok(client, url("statement-detail", "en", slug="claim-contributors-and-projects"))
    assert "more than 2,400 contributors" in english
    assert "nearly 154,000 projects" in english
    percent = get_ok(client, url("statement-detail", "en", slug="claim-researchers-use-pytorch"))
    assert "more than 80%" in percent


def test_quote_card_tells_speaker_medium_and_translation(client, seed):
    html = get_ok(client, url("statement-detail", "en", slug="chintala-blog-quote"))
    assert ">Soumith Chintala</a>" in html
    assert "Blog" in html
    assert "Said in English; the source gives it in French" in html
    assert 'lang="fr"' in html  # the words as the source gives them


def test_french_text_without_translation_is_marked_french_on_the_english_site(client, seed):
    Statement.objects.filter(slug="claim-rich-ecosystem").update(text_en="")
    html = get_ok(client, url("statement-detail", "en", slug="claim-rich-ecosystem"))
    assert re.search(r'<blockquote lang="fr">\s*<p>La communauté active', html)
    source = get_ok(client, url("source-detail", "en", slug="pytorch-rejoint-la-linux-foundation"))
    assert '<section class="source-text" aria-labelledby="text-heading" lang="fr">' in source


def test_staff_lists_show_drafts_with_a_badge(editor_client, draft_person):
    html = get_ok(editor_client, url("person-list", "en"))
    assert '>Sam Gross</a> <span class="badge">Draft</span>' in html


def test_statements_filter_by_speaker_kind_and_language(client, seed):
    base = url("statement-list", "en")
    html = get_ok(client, base + "?speaker=jim-zemlin")
    assert "neutral home" in html and "Keeping PyTorch" not in html
    html = get_ok(client, base + "?kind=claim")
    assert "more than 2,400 contributors" in html and "neutral home" not in html
    html = get_ok(client, base + "?language=en")
    assert "No statement matches." in html
    html = get_ok(client, base + "?organisation=linux-foundation")
    assert "neutral home" in html


def test_statement_filter_lists_follow_edits(client, seed):
    """The speaker list is cached per content version: an edit shows on the next request."""
    base = url("statement-list", "en")
    html = get_ok(client, base + "?speaker=jim-zemlin")
    assert '<option value="jim-zemlin" selected>Jim Zemlin</option>' in html
    assert 'value="sam-gross"' not in html  # no statement yet
    Statement.objects.filter(slug="zemlin-neutral-home-quote").update(
        speaker=Person.objects.get(slug="sam-gross")
    )
    html = get_ok(client, base)
    assert '<option value="sam-gross">Sam Gross</option>' in html
    # A draft speaker leaves the list, and so do their statements, filtered or not.
    Person.objects.filter(slug="jim-zemlin").update(status=Status.DRAFT)
    html = get_ok(client, base)
    assert 'value="jim-zemlin"' not in html
    assert "Neutrality is essential" not in html and "neutral home" in html
    html = get_ok(client, base + "?speaker=jim-zemlin")
    assert "Some filters were not understood" in html
    assert "Neutrality is essential" not in html


def test_organisations_filter_by_kind(client, seed):
    html = get_ok(client, url("organisation-list", "en") + "?kind=conference")
    assert ">NeurIPS</a>" in html and ">ICML</a>" in html and ">Google</a>" not in html


def test_source_page_highlights_every_cited_passage_and_links_records(client, seed):
    from foundation.models import Citation

    html = get_ok(client, url("source-detail", "fr", slug="pytorch-rejoint-la-linux-foundation"))
    citations = Citation.objects.all()
    for citation in citations:
        assert f'<mark id="passage-{citation.pk}" class="passage">' in html
    assert html.count("<mark") >= citations.count()
    assert html.count("<mark") == html.count("</mark>")
    quote = Statement.objects.get(slug="zemlin-neutral-home-quote")
    assert reverse("foundation:statement-detail", kwargs={"slug": quote.slug}) in html


def test_record_pages_link_back_to_their_passages(client, seed):
    quote = Statement.objects.get(slug="zemlin-neutral-home-quote")
    html = get_ok(client, quote.get_absolute_url())
    for citation in quote.citations.all():
        assert f'{citation.source.get_absolute_url()}#passage-{citation.pk}"' in html


def test_search_groups_results_by_type(client, seed):
    html = get_ok(client, url("search", "fr") + "?q=fondation+linux")
    assert 'id="results-organisations"' in html
    html = get_ok(client, url("search", "en") + "?q=zemlin")
    assert 'id="results-people"' in html and ">Jim Zemlin</a>" in html
    html = get_ok(client, url("search", "en") + "?q=neutral+home")
    assert 'id="results-statements"' in html
    html = get_ok(client, url("search", "fr") + "?q=NEUTRALITE")
    assert 'id="results-statements"' in html


# JSON-LD


def test_quotation_json_ld_carries_its_evidence(client, seed):
    data = structured_data(
        get_ok(client, url("statement-detail", "en", slug="zemlin-neutral-home-quote"))
    )
    assert data["@type"] == "Quotation"
    assert data["creator"]["name"] == "Jim Zemlin"
    assert data["isBasedOn"][0]["@type"] == "NewsArticle"
    assert any("maison neutre" in passage["text"] for passage in data["citation"])
    assert all("#passage-" in passage["url"] for passage in data["citation"])


def test_claim_json_ld_carries_its_evidence(client, seed):
    data = structured_data(
        get_ok(client, url("statement-detail", "fr", slug="claim-rich-ecosystem"))
    )
    assert data["@type"] == "Claim"
    assert data["appearance"][0]["@type"] == "NewsArticle"
    assert data["citation"]


@pytest.mark.parametrize(
    ("name", "slug", "schema_type"),
    [
        ("organisation-detail", "pytorch-foundation", "Organization"),
        ("person-detail", "soumith-chintala", "Person"),
        ("event-detail", "pytorch-initial-release", "Event"),
    ],
)
def test_detail_pages_describe_themselves_in_json_ld(client, seed, name, slug, schema_type):
    data = structured_data(get_ok(client, url(name, "en", slug=slug)))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == schema_type


def test_year_event_json_ld_keeps_its_precision(client, seed):
    data = structured_data(
        get_ok(client, url("event-detail", "fr", slug="pytorch-initial-release"))
    )
    assert data["startDate"] == "2017"


def test_json_ld_script_carries_the_csp_nonce(client, seed):
    response = client.get(url("person-detail", "fr", slug="jim-zemlin"))
    nonce = re.search(
        r'<script type="application/ld\+json" nonce="([^"]+)">', response.content.decode()
    )
    assert nonce
    assert nonce.group(1) in response.headers.get("Content-Security-Policy", "")


def test_open_graph_tags_on_detail_pages(client, seed):
    html = get_ok(client, url("organisation-detail", "en", slug="pytorch-foundation"))
    assert '<meta property="og:title" content="PyTorch Foundation">' in html
    assert '<meta property="og:locale" content="en_GB">' in html
    assert (
        '<meta property="og:url" content="http://testserver/en/organisations/pytorch-foundation/">'
        in html
    )


# Drafts


@pytest.fixture
def draft_person(seed):
    person = Person.objects.get(slug="sam-gross")
    person.status = Status.DRAFT
    person.save()
    return person


def test_draft_is_404_for_visitors(client, draft_person):
    assert client.get(draft_person.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    html = get_ok(client, url("person-list", "fr"))
    assert "Sam Gross" not in html


def test_draft_does_not_leak_through_related_pages(client, draft_person):
    html = get_ok(client, url("organisation-detail", "fr", slug="pytorch-distributed"))
    assert f'href="{draft_person.get_absolute_url()}"' not in html
    assert ">Sam Gross<" not in html
    html = get_ok(client, url("source-detail", "fr", slug="pytorch-rejoint-la-linux-foundation"))
    assert draft_person.get_absolute_url() not in html


def test_staff_see_drafts_with_a_banner(editor_client, draft_person):
    html = get_ok(editor_client, draft_person.get_absolute_url())
    assert 'class="draft-banner"' in html
    published = get_ok(editor_client, url("person-detail", "fr", slug="jim-zemlin"))
    assert 'class="draft-banner"' not in published


def test_draft_statement_is_hidden_from_visitors(client, seed):
    Statement.objects.filter(slug="zemlin-neutral-home-quote").update(status=Status.DRAFT)
    assert (
        client.get(url("statement-detail", "en", slug="zemlin-neutral-home-quote")).status_code
        == 404
    )
    assert "neutral home" not in get_ok(client, url("person-detail", "en", slug="jim-zemlin"))
    assert "neutral home" not in get_ok(client, url("search", "en") + "?q=neutral")


# Bad input


@pytest.mark.parametrize(
    "name",
    ["organisation-detail", "person-detail", "event-detail", "statement-detail", "source-detail"],
)
def test_unknown_slug_is_a_friendly_404(client, db, name):
    response = client.get(url(name, "fr", slug="no-such-record"))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert (
        "Cette page n’existe pas" in response.content.decode()
        or "This page does not exist" in response.content.decode()
    )


def test_404_is_in_the_language_of_the_address(client, db):
    french = client.get("/fr/nowhere/")
    english = client.get("/en/nowhere/")
    assert french.status_code == english.status_code == HTTPStatus.NOT_FOUND
    assert "Cette page n’existe pas" in french.content.decode()
    assert "This page does not exist" in english.content.decode()


@pytest.mark.parametrize("page", ["0", "-1", "abc", "999999", "%00", "1.5", "9" * 40])
@pytest.mark.parametrize(
    "name", ["organisation-list", "person-list", "event-list", "statement-list", "source-list"]
)
def test_bad_page_numbers_never_500(client, db, name, page):
    response = client.get(url(name, "en") + f"?page={page}")
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.NOT_FOUND)


@pytest.mark.parametrize(
    "query",
    [
        "\"quoted\" 'single'",
        "<script>alert(1)</script>",
        "%00",
        "a\x00b",
        "x" * 5000,
        "%",
        "_",
        "\\",
        "(((",
    ],
)
def test_odd_search_queries_give_a_normal_page(client, db, query):
    response = client.get(url("search", "fr"), {"q": query})
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html


def test_search_terms_are_escaped(client, db):
    html = get_ok(client, url("search", "en") + "?q=%3Cscript%3Ezemlin")
    assert "&lt;script&gt;zemlin" in html


@pytest.mark.parametrize(
    "params",
    ["speaker=nobody", "speaker=%00", "kind=nonsense", "language=xx", "organisation=" + "z" * 5000],
)
def test_bad_filters_are_ignored_not_500(client, db, params):
    response = client.get(url("statement-list", "fr") + "?" + params)
    assert response.status_code == HTTPStatus.OK
    response = client.get(url("organisation-list", "fr") + "?kind=%00")
    assert response.status_code == HTTPStatus.OK


# Feeds, sitemap, robots


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("feed", ["feed-events", "feed-statements", "feed-changes"])
def test_atom_feeds(client, seed, feed, language):
    response = client.get(url(feed, language))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/atom+xml")
    assert response.content.count(b"<entry>") >= 5


def test_sitemap_index_lists_a_file_per_section(client, seed):
    response = client.get("/sitemap.xml")
    assert response.status_code == HTTPStatus.OK
    xml = response.content.decode()
    for section in ("pages", "organisations", "people", "events", "statements", "sources"):
        for language in LANGUAGES:
            assert f"http://testserver/sitemap-{section}-{language}.xml" in xml


def test_sitemap_lists_published_pages_in_both_languages(client, seed):
    french = client.get("/sitemap-people-fr.xml").content.decode()
    english = client.get("/sitemap-people-en.xml").content.decode()
    assert "<loc>http://testserver/fr/people/jim-zemlin/</loc>" in french
    assert "<loc>http://testserver/en/people/jim-zemlin/</loc>" in english
    for xml in (french, english):
        assert 'hreflang="en" href="http://testserver/en/people/jim-zemlin/"' in xml
        assert 'hreflang="fr" href="http://testserver/fr/people/jim-zemlin/"' in xml
        assert 'hreflang="x-default" href="http://testserver/fr/people/jim-zemlin/"' in xml


@pytest.mark.parametrize(
    "address", ["/sitemap-nothing.xml", "/sitemap-people-fr.xml?p=99", "/sitemap-people-en.xml?p=x"]
)
def test_bad_sitemap_addresses_are_404(client, db, address):
    assert client.get(address).status_code == HTTPStatus.NOT_FOUND


def test_sitemap_leaves_drafts_out(client, draft_person):
    xml = client.get("/sitemap-people-fr.xml").content.decode()
    assert "/people/jim-zemlin/" in xml
    assert draft_person.get_absolute_url() not in xml


def test_robots_txt_points_to_the_sitemap(client, seed):
    response = client.get("/robots.txt")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_500_page_renders_without_database_or_request():
    from django.template.loader import get_template

    html = get_template("500.html").render({})
    assert "Something went wrong" in html and "Une erreur est survenue" in html


def test_roles_agree_with_the_person_in_french(client, seed):
    """A woman's event role reads in its feminine French form on the event and on her page;
    the seed's people, whose gender the article's grammar gives or does not, keep the generic
    form, and the inferred gender says so with the article's words."""
    event = url("event-detail", "fr", slug="pytorch-distributed-first-version")
    assert (
        '<a href="/fr/people/adam-paszke/">Adam Paszke</a> <span class="meta">Créateur</span>'
        in (get_ok(client, event))
    )
    Person.objects.filter(slug="adam-paszke").update(grammatical_gender="feminine")
    cache.clear()
    french = get_ok(client, event)
    assert (
        '<a href="/fr/people/adam-paszke/">Adam Paszke</a> <span class="meta">Créatrice</span>'
        in french
    )
    assert (
        '<a href="/fr/people/sam-gross/">Sam Gross</a> <span class="meta">Créateur</span>' in french
    )
    person = get_ok(client, url("person-detail", "fr", slug="adam-paszke"))
    assert '<span class="meta">Créatrice</span>' in person
    assert "<dd>féminin</dd>" in person
    english = get_ok(client, url("event-detail", "en", slug="pytorch-distributed-first-version"))
    assert (
        '<a href="/en/people/adam-paszke/">Adam Paszke</a> <span class="meta">Creator</span>'
        in english
    )

    chintala = get_ok(client, url("person-detail", "fr", slug="soumith-chintala"))
    assert '<dd>masculin <span class="inferred"' in chintala
    assert "s’accorde au masculin" in chintala
