"""The content version, validators and the shared cache: cheap repeats, never a stale read."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from foundation.caching import VersionedCountPaginator, content_version
from foundation.models import Citation, Organisation, Source, Statement, Status
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def organisation(db):
    organisation = Organisation.objects.create(
        slug="linux-foundation",
        name_fr="Fondation Linux",
        name_en="Linux Foundation",
        kind=Organisation.Kind.FOUNDATION,
        status=Status.PUBLISHED,
    )
    # A published record cites its evidence (foundation/publication.py), or an edit is refused.
    source = Source.objects.create(
        slug="annonce",
        title="Annonce",
        language="fr",
        text="La Fondation Linux accueille le projet.",
        status=Status.PUBLISHED,
    )
    organisation.citations.add(
        Citation.objects.create(source=source, start=3, end=18, text="Fondation Linux")
    )
    return organisation


@pytest.fixture
def anon():
    # French, as the names below: the API answers in English unless asked (api/language.py).
    return APIClient(HTTP_ACCEPT_LANGUAGE="fr")


def names(response):
    return [item["name"] for item in response.json()["results"]]


# --- The version moves with every kind of write --------------------------------------------


def test_every_kind_of_write_renews_the_content_version(organisation):
    seen = [content_version()]

    def changed():
        seen.append(content_version())
        return seen[-1] != seen[-2]

    organisation.name_fr = "Fondation Linux (LF)"
    organisation.save()
    assert changed(), "save()"
    Organisation.objects.filter(pk=organisation.pk).update(website="https://lf.example")
    assert changed(), "QuerySet.update()"
    Organisation.objects.bulk_create(
        [Organisation(slug="cncf", name_fr="CNCF", kind=Organisation.Kind.FOUNDATION)]
    )
    assert changed(), "bulk_create()"
    source = Source.objects.create(slug="s", title="S", language="fr", text="Bonjour tout le monde")
    citation = Citation.objects.create(source=source, start=0, end=7, text="Bonjour")
    seen.append(content_version())
    organisation.citations.add(citation)
    assert changed(), "many-to-many add"
    with connection.cursor() as cursor:
        cursor.execute("UPDATE foundation_organisation SET website = '' WHERE slug = 'cncf'")
    assert changed(), "raw SQL"
    Organisation.objects.filter(slug="cncf").delete()
    assert changed(), "delete()"


def test_reads_leave_the_content_version_alone(organisation):
    before = content_version()
    list(Organisation.objects.all())
    APIClient().get(reverse("api:organisation-list"))
    assert content_version() == before


# --- Validators -----------------------------------------------------------------------------


def test_an_anonymous_list_carries_an_etag_and_revalidates_with_304(anon, organisation):
    first = anon.get(reverse("api:organisation-list"))
    assert first.status_code == HTTPStatus.OK
    etag = first["ETag"]
    assert etag.startswith('W/"')
    assert "must-revalidate" in first["Cache-Control"]

    again = anon.get(reverse("api:organisation-list"), HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == HTTPStatus.NOT_MODIFIED
    assert again.content == b""
    assert again["ETag"] == etag


def test_a_304_costs_one_query(anon, organisation, django_assert_num_queries):
    etag = anon.get(reverse("api:organisation-list"))["ETag"]
    with django_assert_num_queries(1):
        response = anon.get(reverse("api:organisation-list"), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == HTTPStatus.NOT_MODIFIED


def test_a_write_changes_the_etag(anon, organisation):
    etag = anon.get(reverse("api:organisation-list"))["ETag"]
    organisation.name_fr = "Fondation Linux (LF)"
    organisation.save()

    response = anon.get(reverse("api:organisation-list"), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == HTTPStatus.OK
    assert response["ETag"] != etag


def test_etags_differ_between_addresses_and_languages(anon, organisation):
    organisations = anon.get(reverse("api:organisation-list"))["ETag"]
    people = anon.get(reverse("api:person-list"))["ETag"]
    english = anon.get(reverse("api:organisation-list"), HTTP_ACCEPT_LANGUAGE="en")["ETag"]
    assert len({organisations, people, english}) == 3


def test_record_etags_of_the_api_are_kept_and_honoured(anon, organisation):
    url = reverse("api:organisation-detail", kwargs={"slug": organisation.slug})
    first = anon.get(url)
    assert first["ETag"].startswith(f'"organisation-{organisation.pk}-v{organisation.version}.')

    cached = anon.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert cached.status_code == HTTPStatus.NOT_MODIFIED
    assert cached["ETag"] == first["ETag"]


# --- The shared cache -----------------------------------------------------------------------


def test_a_repeated_anonymous_read_is_served_from_the_cache(
    anon, organisation, django_assert_num_queries
):
    first = anon.get(reverse("api:organisation-list"))
    with django_assert_num_queries(1):
        again = anon.get(reverse("api:organisation-list"))
    assert again.status_code == HTTPStatus.OK
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]


def test_an_edit_through_the_api_is_visible_on_the_very_next_request(anon, organisation, editor):
    assert names(anon.get(reverse("api:organisation-list"))) == ["Fondation Linux"]
    writer = APIClient()
    writer.force_authenticate(editor)
    url = reverse("api:organisation-detail", kwargs={"slug": organisation.slug})
    etag = writer.get(url)["ETag"]

    written = writer.patch(url, {"name_fr": "Fondation Linux (LF)"}, HTTP_IF_MATCH=etag)

    assert written.status_code == HTTPStatus.OK, written.content
    assert names(anon.get(reverse("api:organisation-list"))) == ["Fondation Linux (LF)"]


def test_an_edit_through_the_admin_is_visible_on_the_very_next_request(anon, organisation, editor):
    assert names(anon.get(reverse("api:organisation-list"))) == ["Fondation Linux"]
    browser = Client()
    browser.force_login(editor)
    change = reverse("admin:foundation_organisation_change", args=[organisation.pk])
    data = form_data(browser.get(change))
    data["name_fr"] = "Fondation Linux (admin)"

    saved = browser.post(change, data)

    assert saved.status_code == HTTPStatus.FOUND
    assert names(anon.get(reverse("api:organisation-list"))) == ["Fondation Linux (admin)"]


def test_publishing_a_draft_shows_it_at_once(anon, organisation):
    draft = Statement.objects.create(
        slug="draft-claim", kind=Statement.Kind.CLAIM, text_fr="Un brouillon.", language="fr"
    )
    assert anon.get(reverse("api:statement-list")).json()["count"] == 0
    draft.status = Status.PUBLISHED
    draft.save()
    assert anon.get(reverse("api:statement-list")).json()["count"] == 1


def test_signed_in_readers_never_get_the_shared_copy(anon, organisation, editor):
    Organisation.objects.create(slug="draft-org", name_fr="Brouillon", kind=Organisation.Kind.OTHER)
    assert names(anon.get(reverse("api:organisation-list"))) == ["Fondation Linux"]
    signed_in = APIClient()
    signed_in.force_authenticate(editor)
    response = signed_in.get(reverse("api:organisation-list"))
    assert "Brouillon" in names(response)
    assert not response.has_header("ETag") or not response["ETag"].startswith('W/"')


# --- Cached counts --------------------------------------------------------------------------


def test_a_count_is_computed_once_per_content_version(organisation, django_assert_num_queries):
    published = Organisation.objects.public()
    assert VersionedCountPaginator(published, 10).count == 1
    with django_assert_num_queries(1):  # the version; the count comes from the cache
        assert VersionedCountPaginator(published, 10).count == 1

    Organisation.objects.create(
        slug="cncf", name_fr="CNCF", kind=Organisation.Kind.FOUNDATION, status=Status.PUBLISHED
    )

    assert VersionedCountPaginator(published, 10).count == 2


def test_counts_of_different_filters_are_kept_apart(organisation):
    Organisation.objects.create(slug="draft", name_fr="Brouillon", kind=Organisation.Kind.OTHER)
    assert VersionedCountPaginator(Organisation.objects.public(), 10).count == 1
    assert VersionedCountPaginator(Organisation.objects.all(), 10).count == 2


# --- Fragments (quote cards) ---------------------------------------------------------------


@pytest.fixture
def quote(organisation):
    return Statement.objects.create(
        slug="a-claim",
        kind=Statement.Kind.CLAIM,
        text_fr="Une phrase citée.",
        language="fr",
        on_behalf_of=organisation,
        status=Status.PUBLISHED,
    )


def test_a_cached_quote_card_is_never_served_after_a_write(client, quote):
    statements = reverse("foundation:statement-list")
    assert "Une phrase citée." in client.get(statements).text
    # Another address (a page-cache miss) would reuse the card: the write must reach it.
    Statement.objects.filter(pk=quote.pk).update(text_fr="Une phrase corrigée.")
    page = client.get(f"{statements}?page=1").text
    assert "Une phrase corrigée." in page
    assert "Une phrase citée." not in page


def test_a_staff_rendering_of_a_card_never_reaches_visitors(client, editor, quote, organisation):
    organisation.status = Status.DRAFT
    organisation.save()
    staff = Client()
    staff.force_login(editor)
    link = organisation.get_absolute_url()
    assert link in staff.get(reverse("foundation:statement-list")).text
    # The visitor's card is rendered from the visitor's own reading: the statement, without
    # the draft organisation's name or link (visible_to empties the link).
    page = client.get(reverse("foundation:statement-list") + "?page=1").text
    assert "Une phrase citée." in page
    assert "Fondation Linux" not in page
    assert link not in page
