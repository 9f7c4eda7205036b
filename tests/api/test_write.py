"""Writing through the API: the admin's validation, ETags, preconditions, no lost update."""

import threading
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory, override_settings
from django.urls import reverse
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from foundation.api.throttling import AnonRateThrottle
from foundation.models import Citation, Event, Membership, Organisation, Person, Statement

from .conftest import token_client

pytestmark = pytest.mark.django_db

ORG = {"slug": "acme", "name_fr": "Acmé", "kind": "company", "status": "draft"}


def detail(basename, slug):
    return reverse(f"api:{basename}-detail", kwargs={"slug": slug})


def test_editor_creates_a_record_and_gets_its_etag(editor_api):
    response = editor_api.post(reverse("api:organisation-list"), ORG, format="json")
    assert response.status_code == HTTPStatus.CREATED
    assert response["ETag"].startswith(f'"organisation-{response.json()["id"]}-v1.')
    assert response["Location"].endswith(detail("organisation", "acme"))
    assert Organisation.objects.get(slug="acme").name_fr == "Acmé"


def test_created_record_has_a_history_row_with_its_user(editor_api, editor):
    editor_api.post(reverse("api:organisation-list"), ORG, format="json")
    history = Organisation.objects.get(slug="acme").history.get()
    assert history.history_user == editor


def test_read_only_fields_cannot_be_written(editor_api):
    body = {**ORG, "id": 999, "version": 42, "created_at": "2000-01-01T00:00:00Z"}
    response = editor_api.post(reverse("api:organisation-list"), body, format="json")
    record = Organisation.objects.get(slug="acme")
    assert (record.pk, record.version) != (999, 42)
    assert record.created_at.year != 2000
    assert response.json()["version"] == 1


def test_if_none_match_answers_304(anon, seed):
    url = detail("organisation", "meta")
    etag = anon.get(url)["ETag"]
    response = anon.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == HTTPStatus.NOT_MODIFIED
    assert response.content == b""


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_write_without_if_match_is_428(editor_api, seed, method):
    response = getattr(editor_api, method)(detail("organisation", "meta"), {}, format="json")
    assert response.status_code == HTTPStatus.PRECONDITION_REQUIRED
    assert Organisation.objects.filter(slug="meta", version=1).exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_write_with_stale_if_match_is_412(editor_api, seed, method):
    body = {**ORG, "slug": "meta"}
    response = getattr(editor_api, method)(
        detail("organisation", "meta"), body, format="json", HTTP_IF_MATCH='"organisation-1-v9"'
    )
    assert response.status_code == HTTPStatus.PRECONDITION_FAILED
    assert Organisation.objects.get(slug="meta").name_fr == "Meta"


def test_patch_with_current_etag_saves_and_bumps_the_version(editor_api, seed):
    url = detail("organisation", "meta")
    etag = editor_api.get(url)["ETag"]
    response = editor_api.patch(
        url, {"name_en": "Meta Platforms"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == HTTPStatus.OK
    assert response["ETag"] != etag
    assert response.json()["version"] == 2
    assert Organisation.objects.get(slug="meta").name_en == "Meta Platforms"


def test_second_writer_with_the_same_etag_gets_412_and_the_first_write_stays(editor, seed):
    first, second = token_client(editor), APIClient()
    second.credentials(HTTP_AUTHORIZATION=first._credentials["HTTP_AUTHORIZATION"])
    url = detail("person", "jim-zemlin")
    etag_first, etag_second = first.get(url)["ETag"], second.get(url)["ETag"]
    assert etag_first == etag_second
    one = first.patch(url, {"sort_name": "First, Write"}, format="json", HTTP_IF_MATCH=etag_first)
    two = second.patch(
        url, {"sort_name": "Second, Write"}, format="json", HTTP_IF_MATCH=etag_second
    )
    assert (one.status_code, two.status_code) == (HTTPStatus.OK, HTTPStatus.PRECONDITION_FAILED)
    assert first.get(url).json()["sort_name"] == "First, Write"


def test_delete_with_current_etag_removes_the_record(editor_api):
    editor_api.post(reverse("api:organisation-list"), ORG, format="json")
    url = detail("organisation", "acme")
    response = editor_api.delete(url, HTTP_IF_MATCH=editor_api.get(url)["ETag"])
    assert response.status_code == HTTPStatus.NO_CONTENT
    assert not Organisation.objects.filter(slug="acme").exists()


def test_delete_of_a_record_still_referred_to_is_409(editor_api, seed):
    url = detail("organisation", "linux-foundation")
    response = editor_api.delete(url, HTTP_IF_MATCH=editor_api.get(url)["ETag"])
    assert response.status_code == HTTPStatus.CONFLICT
    assert Organisation.objects.filter(slug="linux-foundation", version=1).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"verification": "disputed"}, "verification_note"),
        ({"inferences": {"founded": "Not founded yet."}}, "inferences"),
        ({"inferences": {"website": "Guessed."}}, "inferences"),
        ({"inferences": ["founded"]}, "inferences"),
        ({"founded": "2020-05-05"}, "founded_precision"),
        ({"kind": "spaceship"}, "kind"),
        ({"slug": "not a slug"}, "slug"),
        ({"name_fr": ""}, "name_fr"),
        ({"parent": "no-such-organisation"}, "parent"),
        ({"other_names": "not a list"}, "other_names"),
        ({"citations": [999999]}, "citations"),
    ],
)
def test_admin_rules_answer_400_with_the_field(editor_api, body, field):
    response = editor_api.post(reverse("api:organisation-list"), {**ORG, **body}, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert field in response.json()
    assert not Organisation.objects.filter(slug__in=["acme", "not a slug"]).exists()


def test_organisation_cannot_become_its_own_ancestor(editor_api, seed):
    url = detail("organisation", "linux-foundation")
    response = editor_api.patch(
        url,
        {"parent": "pytorch-foundation"},
        format="json",
        HTTP_IF_MATCH=editor_api.get(url)["ETag"],
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "parent" in response.json()


def test_membership_needs_exactly_one_member_and_ordered_dates(editor_api, seed):
    body = {
        "person": "jim-zemlin",
        "member_organisation": "meta",
        "organisation": "linux-foundation",
        "role_fr": "directeur",
        "start_date": "2020-01-01",
        "start_date_precision": "day",
        "end_date": "2019-01-01",
        "end_date_precision": "day",
    }
    before = Membership.objects.count()
    response = editor_api.post(reverse("api:membership-list"), body, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert {"person", "end_date"} <= response.json().keys()
    assert Membership.objects.count() == before


def test_membership_slug_is_made_when_left_out(editor_api, seed):
    body = {"person": "jim-zemlin", "organisation": "pytorch-foundation", "role_fr": "soutien"}
    response = editor_api.post(reverse("api:membership-list"), body, format="json")
    assert response.status_code == HTTPStatus.CREATED
    # Its role and a random suffix: never another record's slug.
    assert response.json()["slug"].startswith("soutien-")


def test_citation_must_match_its_source(editor_api, source):
    url = reverse("api:citation-list")
    wrong = {"source": source.slug, "start": 0, "end": 5, "text": "Omega"}
    response = editor_api.post(url, wrong, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "text" in response.json()
    located = editor_api.post(url, {"source": source.slug, "text": "Gamma"}, format="json")
    assert located.status_code == HTTPStatus.CREATED
    start = source.text.index("Gamma")
    assert (located.json()["start"], located.json()["end"]) == (start, start + len("Gamma"))


def test_citation_edit_is_guarded_by_its_etag(editor_api, passage):
    url = reverse("api:citation-detail", kwargs={"pk": passage.pk})
    etag = editor_api.get(url)["ETag"]
    ok = editor_api.patch(url, {"note": "first"}, format="json", HTTP_IF_MATCH=etag)
    stale = editor_api.patch(url, {"note": "second"}, format="json", HTTP_IF_MATCH=etag)
    assert (ok.status_code, stale.status_code) == (HTTPStatus.OK, HTTPStatus.PRECONDITION_FAILED)
    assert Citation.objects.get(pk=passage.pk).note == "first"


def test_statement_with_figures_is_written_whole(editor_api, seed, passage):
    body = {
        "slug": "gamma-claim",
        "kind": "claim",
        "text_fr": "Gamma compte plus de 2 400 contributeurs.",
        "language": "fr",
        "figures": [
            {
                "value": "2400",
                "qualifier": "more_than",
                "unit_fr": "contributeurs",
                "citation": passage.pk,
            }
        ],
    }
    response = editor_api.post(reverse("api:statement-list"), body, format="json")
    assert response.status_code == HTTPStatus.CREATED, response.json()
    figure = response.json()["figures"][0]
    assert (figure["qualifier"], figure["value"], figure["position"]) == (
        "more_than",
        2400,
        1,
    )


def test_statement_with_a_bad_figure_leaves_nothing_behind(editor_api, seed, passage):
    body = {
        "slug": "gamma-claim",
        "kind": "claim",
        "text_fr": "Gamma.",
        "language": "fr",
        "figures": [
            {"value": "1", "unit_fr": "x", "citation": passage.pk, "inferences": {"as_of": "?"}}
        ],
    }
    response = editor_api.post(reverse("api:statement-list"), body, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "inferences" in response.json()["figures"][0]
    assert not Statement.objects.filter(slug="gamma-claim").exists()


def test_quote_needs_a_speaker(editor_api, seed):
    body = {"slug": "anon-quote", "kind": "quote", "text_fr": "Bonjour.", "language": "fr"}
    response = editor_api.post(reverse("api:statement-list"), body, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "speaker" in response.json()


def test_event_participants_are_replaced_as_a_whole(editor_api, seed):
    url = detail("event", "pytorch-initial-release")
    participants = [{"person": "soumith-chintala", "role": "creator"}]
    response = editor_api.patch(
        url,
        {"participants": participants},
        format="json",
        HTTP_IF_MATCH=editor_api.get(url)["ETag"],
    )
    assert response.status_code == HTTPStatus.OK
    assert response.json()["participants"] == [
        {"person": "soumith-chintala", "organisation": None, "role": "creator"}
    ]
    event = Event.objects.get(slug="pytorch-initial-release")
    assert event.participants.count() == 1


def test_participant_with_two_members_is_a_400_and_keeps_the_old_ones(editor_api, seed):
    url = detail("event", "pytorch-joins-linux-foundation")
    before = Event.objects.get(slug="pytorch-joins-linux-foundation").participants.count()
    bad = [{"person": "jim-zemlin", "organisation": "meta", "role": "host"}]
    response = editor_api.patch(
        url, {"participants": bad}, format="json", HTTP_IF_MATCH=editor_api.get(url)["ETag"]
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    event = Event.objects.get(slug="pytorch-joins-linux-foundation")
    assert event.participants.count() == before
    assert event.version == 1


def test_body_larger_than_the_limit_is_413(editor_api):
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
        response = editor_api.post(
            reverse("api:organisation-list"),
            {**ORG, "description_fr": "x" * 2000},
            format="json",
        )
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert not Organisation.objects.filter(slug="acme").exists()


def test_malformed_json_is_a_400(editor_api):
    response = editor_api.post(
        reverse("api:organisation-list"), b"{not json", content_type="application/json"
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_form_bodies_are_refused_in_production(editor_api):
    response = editor_api.post(reverse("api:organisation-list"), ORG, format="multipart")
    assert response.status_code == HTTPStatus.UNSUPPORTED_MEDIA_TYPE


def test_throttled_client_gets_429_with_retry_after(anon, seed):
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/minute"}
    with override_settings(REST_FRAMEWORK={**_rest_framework(), "DEFAULT_THROTTLE_RATES": rates}):
        # Distinct addresses, so the shared page cache (caching.middleware) answers none.
        codes = [anon.get(reverse("api:person-list"), {"n": n}).status_code for n in range(3)]
        response = anon.get(reverse("api:person-list"), {"n": 3})
    assert codes == [HTTPStatus.OK] * 3
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert int(response["Retry-After"]) > 0


def _rest_framework():
    from django.conf import settings

    return settings.REST_FRAMEWORK


def test_production_serves_json_only(anon, seed):
    response = anon.get(reverse("api:person-list"), HTTP_ACCEPT="text/html")
    assert response.status_code == HTTPStatus.NOT_ACCEPTABLE
    assert anon.get(reverse("api:person-list"), {"format": "api"}).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_writers_one_wins_one_gets_412(editor, seed):
    """Two threads, two connections, the same ETag, released together."""
    url = detail("organisation", "meta")
    clients = [token_client(editor), token_client(editor)]
    etag = clients[0].get(url)["ETag"]
    barrier, results = threading.Barrier(2), {}

    def write(index):
        try:
            barrier.wait(timeout=10)
            response = clients[index].patch(
                url, {"name_en": f"Writer {index}"}, format="json", HTTP_IF_MATCH=etag
            )
            results[index] = response.status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results.values()) == [HTTPStatus.OK, HTTPStatus.PRECONDITION_FAILED]
    winner = next(index for index, code in results.items() if code == HTTPStatus.OK)
    record = Organisation.objects.get(slug="meta")
    assert (record.name_en, record.version) == (f"Writer {winner}", 2)


def test_api_edit_has_a_history_row_with_its_user(editor_api, editor, seed):
    url = detail("person", "sam-gross")
    editor_api.patch(
        url, {"sort_name": "Gross, S."}, format="json", HTTP_IF_MATCH=editor_api.get(url)["ETag"]
    )
    latest = Person.objects.get(slug="sam-gross").history.latest()
    assert (latest.history_type, latest.history_user, latest.sort_name) == (
        "~",
        editor,
        "Gross, S.",
    )


def test_marking_a_record_checked_records_who_checked_and_when(editor_api, editor):
    response = editor_api.post(
        reverse("api:organisation-list"), {**ORG, "verification": "checked"}, format="json"
    )
    assert response.status_code == HTTPStatus.CREATED, response.json()
    organisation = Organisation.objects.get(slug="acme")
    assert organisation.verified_by == editor
    assert response.json()["verified_at"] is not None


def test_a_record_no_longer_checked_names_no_checker(editor_api, editor):
    body = {**ORG, "verification": "checked"}
    url = detail(
        "organisation", editor_api.post(reverse("api:organisation-list"), body).json()["slug"]
    )
    etag = editor_api.get(url)["ETag"]
    body = {"verification": "disputed", "verification_note": "Another source disagrees."}
    response = editor_api.patch(url, body, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == HTTPStatus.OK, response.json()
    assert (response.json()["verified_at"], Organisation.objects.get(slug="acme").verified_by) == (
        None,
        None,
    )


def test_throttle_counts_every_request_of_concurrent_workers(settings):
    """Workers share one counter: 40 requests at once against 10/minute let exactly 10 in."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "10/minute", "user": "10/minute"},
    }
    request = RequestFactory().get("/api/v1/people/", REMOTE_ADDR="203.0.113.9")
    request.user = AnonymousUser()

    def one_request(_):
        return AnonRateThrottle().allow_request(request, None)

    with ThreadPoolExecutor(max_workers=8) as pool:
        allowed = list(pool.map(one_request, range(40)))
    assert allowed.count(True) == 10


def test_editorial_notes_are_read_and_written_in_the_requests_language(editor_api, seed):
    """Inference reasons and verification notes come in the language asked for; a reason
    written as a text in one language keeps the other language's, and a reason read and
    written back unchanged stays as it was."""
    url = detail("organisation", "meta-ai")
    french = editor_api.get(url, HTTP_ACCEPT_LANGUAGE="fr").json()
    english = editor_api.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert french["inferences"]["parent"].startswith("L’article ne dit pas")
    assert english["inferences"]["parent"].startswith("The article does not say")
    assert french["verification_note"].startswith("Vérifié par rapport à l’article")
    assert english["verification_note_fr"] == french["verification_note"]

    etag = editor_api.get(url)["ETag"]
    response = editor_api.patch(
        url,
        {"inferences": {"parent": "Our reading of the name."}},
        format="json",
        HTTP_IF_MATCH=etag,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == HTTPStatus.OK, response.json()
    stored = Organisation.objects.get(slug="meta-ai").inferences["parent"]
    assert stored == {"fr": french["inferences"]["parent"], "en": "Our reading of the name."}

    etag = response["ETag"]
    again = editor_api.patch(
        url, {"inferences": french["inferences"]}, format="json", HTTP_IF_MATCH=etag,
        HTTP_ACCEPT_LANGUAGE="fr",
    )  # fmt: skip
    assert again.status_code == HTTPStatus.OK
    assert Organisation.objects.get(slug="meta-ai").inferences["parent"] == stored

    refused = editor_api.patch(
        url, {"inferences": {"parent": {"de": "Nein."}}}, format="json",
        HTTP_IF_MATCH=again["ETag"],
    )  # fmt: skip
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert "parent" in str(refused.json())
    assert Organisation.objects.get(slug="meta-ai").inferences["parent"] == stored
