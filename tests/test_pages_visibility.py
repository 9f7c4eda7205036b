"""The public surfaces apply the models' one visibility rule: no hidden record is named,
linked or counted anywhere a visitor can read (cards, pages, JSON-LD, feeds, sitemaps)."""

import json
import xml.etree.ElementTree as ET
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import translation

from foundation.models import (
    Citation,
    Event,
    Figure,
    Organisation,
    Person,
    Source,
    Statement,
    Status,
)
from foundation.roles import EDITOR_GROUP
from tests.page_helpers import get_ok, structured_data, url

pytestmark = pytest.mark.django_db

SOURCE = "pytorch-rejoint-la-linux-foundation"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def seed(seeded, db):
    cache.clear()
    yield
    cache.clear()


def draft(model, slug):
    record = model.objects.get(slug=slug)
    record.status = Status.DRAFT
    record.save()
    return record


def record_url(record, language="en"):
    with translation.override(language):
        return record.get_absolute_url()


# --- A statement on behalf of a draft organisation -------------------------------------------


@pytest.fixture
def draft_linux_foundation(seed):
    return draft(Organisation, "linux-foundation")


def test_a_card_never_names_a_draft_organisation(client, draft_linux_foundation):
    link = record_url(draft_linux_foundation)
    pages = [
        url("statement-detail", slug="zemlin-neutral-home-quote"),
        url("statement-list"),
        url("person-detail", slug="jim-zemlin"),
        url("event-detail", slug="pytorch-foundation-launch"),
        url("search") + "?q=neutral+home",
    ]
    for address in pages:
        html = get_ok(client, address)
        assert "neutral home" in html, address  # the statement itself is still shown
        assert 'class="behalf"' not in html, address
        assert link not in html, address


def test_statement_json_ld_never_names_a_draft_organisation(client, draft_linux_foundation):
    html = get_ok(client, url("statement-detail", slug="zemlin-neutral-home-quote"))
    data = structured_data(html)
    assert "sourceOrganization" not in data
    assert record_url(draft_linux_foundation) not in json.dumps(data)


def test_the_statement_filter_never_offers_a_draft_organisation(client, draft_linux_foundation):
    html = get_ok(client, url("statement-list"))
    assert 'value="linux-foundation"' not in html


# --- An organisation's draft parent ----------------------------------------------------------


def test_no_card_or_page_shows_a_draft_parent(client, draft_linux_foundation):
    link = record_url(draft_linux_foundation)
    for address in (url("organisation-list"), url("home")):
        html = get_ok(client, address)
        assert ">PyTorch Foundation</a>" in html, address
        assert "within Linux Foundation" not in html, address
        assert link not in html, address
    html = get_ok(client, url("organisation-detail", slug="pytorch-foundation"))
    assert "<dt>Within</dt>" not in html
    assert link not in html
    assert "parentOrganization" not in structured_data(html)


def test_an_editor_sees_the_draft_parent(client, draft_linux_foundation):
    editor = get_user_model().objects.create_user("no-staff-editor", password="x-long-pass-1")
    editor.groups.add(Group.objects.get(name=EDITOR_GROUP))
    client.force_login(editor)
    html = get_ok(client, url("organisation-detail", slug="pytorch-foundation"))
    assert "<dt>Within</dt>" in html
    assert record_url(draft_linux_foundation) in html
    html = get_ok(client, url("statement-detail", slug="zemlin-neutral-home-quote"))
    assert f'class="behalf">on behalf of <a href="{record_url(draft_linux_foundation)}"' in html


def test_staff_status_alone_shows_no_draft(client, draft_linux_foundation):
    """Drafts follow the view permission (the Editor role), not is_staff."""
    staff = get_user_model().objects.create_user("bare-staff", password="x-long-pass-1")
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    link = record_url(draft_linux_foundation)
    for address in (
        url("statement-detail", slug="zemlin-neutral-home-quote"),
        url("organisation-detail", slug="pytorch-foundation"),
        url("organisation-list"),
    ):
        html = get_ok(client, address)
        assert link not in html, address
        assert "within Linux Foundation" not in html, address
        assert 'class="behalf"' not in html, address


# --- A draft speaker ------------------------------------------------------------------------


@pytest.fixture
def draft_zemlin(seed):
    return draft(Person, "jim-zemlin")


def test_the_statements_feed_never_names_a_draft_speaker(client, draft_zemlin):
    for language in ("fr", "en"):
        xml = get_ok(client, url("feed-statements", language))
        assert "Zemlin" not in xml
        assert "neutral-home" not in xml


def test_the_source_page_lists_no_statement_of_a_draft_speaker(client, draft_zemlin):
    html = get_ok(client, url("source-detail", slug=SOURCE))
    statements = Statement.objects.filter(speaker=draft_zemlin)
    assert statements
    for statement in statements:
        assert record_url(statement) not in html
    assert record_url(draft_zemlin) not in html
    # The passages themselves are still there (the text names him: it is the source's).
    assert 'id="passage-' in html


def test_the_source_page_lists_no_hidden_record(client, seed):
    hidden = [
        draft(Statement, "claim-contributors-and-projects"),  # its figures go with it
        draft(Event, "pytorch-foundation-launch"),
        draft(Organisation, "meta"),  # and the memberships it is in
    ]
    html = get_ok(client, url("source-detail", slug=SOURCE))
    supports = html.split('id="supports-heading"', 1)[1]
    for record in hidden:
        assert record_url(record) not in supports, record
    # Meta's memberships (linked at their organisation's page) and the hidden claim's figures.
    assert "#membership-meta-board-" not in supports
    assert '<span class="meta">Figure</span>' in supports  # another claim's figure
    assert (
        supports.count('<span class="meta">Figure</span>')
        == Figure.objects.exclude(statement__slug="claim-contributors-and-projects").count()
    )


def test_every_url_of_the_sitemap_answers(client, seed):
    draft(Person, "jim-zemlin")
    draft(Organisation, "linux-foundation")
    draft(Event, "pytorch-foundation-launch")
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", SITEMAP_NS)]
    assert sections
    locations = []
    for section in sections:
        xml = ET.fromstring(client.get(urlsplit(section).path).content)
        locations += [loc.text for loc in xml.iterfind("sm:url/sm:loc", SITEMAP_NS)]
    assert len(locations) > 20
    for location in locations:
        assert client.get(urlsplit(location).path).status_code == HTTPStatus.OK, location
    assert not any("zemlin" in location for location in locations)


# --- A figure's passage in a draft source ---------------------------------------------------


def test_a_figure_links_no_passage_of_a_draft_source(client, seed):
    text = "Plus de 9 000 contributeurs, selon un document interne."
    hidden_source = Source.objects.create(
        slug="document-interne", title="Document interne", language="fr", text=text
    )
    passage = Citation.objects.create(source=hidden_source, start=0, end=26, text=text[:26])
    statement = Statement.objects.get(slug="claim-contributors-and-projects")
    Figure.objects.create(
        statement=statement, position=3, value=9000, unit="contributeurs", citation=passage
    )
    for address in (record_url(statement), url("statement-list") + "?kind=claim"):
        html = get_ok(client, address)
        assert "9,000" in html, address  # the figure is shown…
        assert record_url(hidden_source) not in html, address  # …without its hidden passage
        assert f"passage-{passage.pk}" not in html, address
    html = get_ok(client, url("search") + "?q=contributeurs")
    assert record_url(hidden_source) not in html


# --- Kinds of record derived from the models ------------------------------------------------


def test_sitemap_sections_and_json_ld_cover_every_kind_of_page(client, seed):
    from foundation import jsonld
    from foundation.models.kinds import kind_name, page_models

    index = client.get("/sitemap.xml").content.decode()
    pages = client.get("/sitemap-pages-en.xml").content.decode()
    for model in page_models():
        assert f"/sitemap-{kind_name(model)}-en.xml" in index
        assert f"{url(f'{model._meta.model_name}-list')}</loc>" in pages
    assert set(jsonld.BUILDERS) == set(page_models())
