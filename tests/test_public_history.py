"""Public history: each page's published versions (what changed, when, why), the same list in
the API, and an Atom feed of changes per language; never what a draft held."""

import re
import xml.etree.ElementTree as ET
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from foundation import services
from foundation.models import Event, Organisation, Person, Source, Statement
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SLUG = "chintala-announces-joining"


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def edit(model, slug, user, reason=None, **values):
    record = model.objects.get(slug=slug)
    for name, value in values.items():
        setattr(record, name, value)
    record._change_reason = reason
    return services.save_record(record=record, user=user, expected_version=record.version)


@pytest.fixture
def corrected(seed, reviewer):
    """A published statement corrected with a reason, then unpublished, edited as a draft
    (words no visitor saw), then published again with other words."""
    edit(Statement, SLUG, reviewer, "Tense corrected: the source says « rejoignait ».",
         text_en="PyTorch is joining.", verification="disputed",
         verification_note="The year is not in the article.")  # fmt: skip
    services.unpublish(records=[Statement.objects.get(slug=SLUG)], user=reviewer)
    edit(Statement, SLUG, reviewer, text_en="DRAFT WORDS NO VISITOR SAW")
    edit(Statement, SLUG, reviewer, text_en="PyTorch was joining.", status="published")


def page(client, language="en"):
    with translation.override(language):
        url = Statement.objects.get(slug=SLUG).get_history_url()
    return client.get(url).content.decode()


def test_the_history_page_states_each_published_change_plainly(corrected, client):
    html = page(client)
    assert "DRAFT WORDS NO VISITOR SAW" not in html
    first, second, third = (html.index(f"version-{n}") for n in _version_ids())
    assert first < second < third  # newest first
    assert "Published again" in html
    assert "Tense corrected: the source says « rejoignait »." in html.replace("&laquo;", "«")
    assert "was “PyTorch was joining the Linux Foundation.”, now “PyTorch is joining.”" in html
    assert "was “Checked against the source”, now “Disputed”" in html
    assert "The year is not in the article." in html
    assert "First published" in html
    french = page(client, "fr")
    assert "Publié à nouveau" in french and "Texte (Anglais)" in french
    # French typography may put a no-break space before the colon.
    assert re.search(r"Raison donnée\s:", french)


def _version_ids():
    history = Statement.history.filter(slug=SLUG, status="published").order_by("-history_date")
    ids = list(history.values_list("history_id", flat=True))
    return ids[0], ids[1], ids[-1]


@pytest.mark.parametrize("model", [Organisation, Person, Event, Statement, Source])
def test_every_detail_page_links_to_its_history(seed, client, model):
    record = model.objects.public().first()
    with translation.override("fr"):
        detail, history = record.get_absolute_url(), record.get_history_url()
    assert f'href="{history}"' in client.get(detail).content.decode()
    assert client.get(history).status_code == HTTPStatus.OK


def test_a_record_a_visitor_cannot_see_has_no_public_history(seed, client, anon, reviewer):
    services.unpublish(records=[Person.objects.get(slug="soumith-chintala")], user=reviewer)
    with translation.override("en"):
        person = Person.objects.get(slug="soumith-chintala").get_history_url()
        statement = Statement.objects.get(slug=SLUG).get_history_url()
    # The person is a draft; the statement needs its speaker.
    assert client.get(person).status_code == HTTPStatus.NOT_FOUND
    assert client.get(statement).status_code == HTTPStatus.NOT_FOUND
    api = reverse("api:statement-history", kwargs={"slug": SLUG})
    assert anon.get(api).status_code == HTTPStatus.NOT_FOUND


def test_the_api_serves_the_same_list(corrected, anon, client):
    versions = anon.get(reverse("api:statement-history", kwargs={"slug": SLUG})).json()
    assert [version["kind"] for version in versions] == ["republished", "updated", "created"]
    assert versions[1]["reason"] == "Tense corrected: the source says « rejoignait »."
    changes = {change["field"]: change for change in versions[1]["changes"]}
    assert changes["Text (English)"]["after"] == "PyTorch is joining."
    assert "DRAFT WORDS" not in str(versions)
    html = page(client)
    for version in versions:
        assert f'id="version-{version["id"]}"' in html
        assert version["url"].endswith(f"/en/statements/{SLUG}/history/#version-{version['id']}")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_changes_feed_lists_published_changes_as_text(corrected, client, reviewer, language):
    edit(Statement, SLUG, reviewer, "<b>bold</b> reason", text_en="<script>x</script> joining")
    response = client.get(f"/{language}/feeds/changes/")
    assert response.status_code == HTTPStatus.OK
    feed = ET.fromstring(response.content)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    entries = feed.findall(f"{ATOM}entry")
    newest = entries[0]
    summary = newest.find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert "<script>x</script> joining" in summary.text and "<b>bold</b> reason" in summary.text
    assert (
        newest.find(f"{ATOM}link")
        .get("href")
        .endswith(
            f"/{language}/statements/{SLUG}/history/"
            + "#version-"
            + str(Statement.history.filter(slug=SLUG).latest("history_date").history_id)
        )
    )
    assert all("DRAFT WORDS" not in ET.tostring(entry, encoding="unicode") for entry in entries)


def test_an_editor_gives_the_reason_in_the_admin(seed, client, reviewer):
    client.force_login(reviewer)
    person = Person.objects.get(slug="soumith-chintala")
    url = reverse("admin:foundation_person_change", args=[person.pk])
    data = form_data(client.get(url))
    data.update(description_en="Creator of PyTorch.", change_reason="Description shortened.")
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    client.logout()
    with translation.override("en"):
        html = client.get(person.get_history_url()).content.decode()
    assert "Description shortened." in html and "now “Creator of PyTorch.”" in html


def test_history_reads_cost_the_same_for_two_versions_or_thirty(seed, client, anon, reviewer):
    counts = []
    with translation.override("en"):
        url = Person.objects.get(slug="soumith-chintala").get_history_url()
    api = reverse("api:person-history", kwargs={"slug": "soumith-chintala"})
    for round_ in range(2):
        for _ in range(1 if round_ == 0 else 28):
            edit(Person, "soumith-chintala", reviewer, description_en=f"Edit {_} {round_}")
        cache.clear()
        with CaptureQueriesContext(connection) as page_queries:
            assert client.get(url).status_code == HTTPStatus.OK
        with CaptureQueriesContext(connection) as api_queries:
            assert anon.get(api).status_code == HTTPStatus.OK
        with CaptureQueriesContext(connection) as feed_queries:
            assert client.get("/en/feeds/changes/").status_code == HTTPStatus.OK
        counts.append((len(page_queries), len(api_queries), len(feed_queries)))
    assert counts[0] == counts[1], counts
