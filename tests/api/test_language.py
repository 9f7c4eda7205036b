"""One language per API response: Accept-Language chooses English or French, English when it
names neither; every message of the response (ours, DRF's, django-filter's, the models'
validation) is in that language, and the response says which (Content-Language)."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from rest_framework.settings import api_settings

from foundation.api.language import api_language

pytestmark = pytest.mark.django_db

# Accept-Language sent → the language of the answer.
ASKED = {None: "en", "en": "en", "fr": "fr"}


def detail(basename, slug):
    return reverse(f"api:{basename}-detail", kwargs={"slug": slug})


def messages(body):
    """Every string of an error body, however nested (fields, parts, detail)."""
    if isinstance(body, str):
        return [body]
    if isinstance(body, dict):
        return [text for key, value in body.items() if key != "code" for text in messages(value)]
    if isinstance(body, list):
        return [text for value in body for text in messages(value)]
    return []


def stale_tag(client, url):
    """An If-Match naming a version the record never had."""
    current = client.get(url)["ETag"].strip('"').partition(".")[0]
    return '"' + current.rpartition("-v")[0] + '-v999.0"'


def anon_get(url):
    return lambda clients, headers: clients.anon.get(url, **headers)


# name: (status, request(clients, headers), {language: a piece of the expected message}).
# Each piece is specific to its language: the other language's piece must appear nowhere.
CASES = {
    "filter-choice": (
        HTTPStatus.BAD_REQUEST,
        anon_get("/api/v1/organisations/?kind=bogus"),
        {"en": "Select a valid choice.", "fr": "Sélectionnez un choix valide."},
    ),
    "filter-date": (
        HTTPStatus.BAD_REQUEST,
        anon_get("/api/v1/organisations/?updated_since=soon"),
        {"en": "Enter a valid date/time.", "fr": "Saisissez une date et une heure valides."},
    ),
    "page": (
        HTTPStatus.BAD_REQUEST,
        anon_get("/api/v1/people/?page=0"),
        {"en": "A whole number from 1.", "fr": "Un nombre entier à partir de 1."},
    ),
    "page-size": (
        HTTPStatus.BAD_REQUEST,
        anon_get("/api/v1/people/?page_size=none"),
        {"en": "A whole number from 1 to 200.", "fr": "Un nombre entier de 1 à 200."},
    ),
    "fields": (
        HTTPStatus.BAD_REQUEST,
        anon_get("/api/v1/people/?fields=nothing"),
        {"en": "Unknown field(s): nothing.", "fr": "Champ(s) inconnu(s)\u202f: nothing."},
    ),
    "not-found": (
        HTTPStatus.NOT_FOUND,
        anon_get(detail("person", "nobody-at-all")),
        {"en": "Not found.", "fr": "Non trouvé."},
    ),
    "unknown-endpoint": (
        HTTPStatus.NOT_FOUND,
        anon_get("/api/v1/no-such-endpoint/"),
        {"en": "Not found.", "fr": "Non trouvé."},
    ),
    "page-past-the-end": (
        HTTPStatus.NOT_FOUND,
        anon_get("/api/v1/people/?page=999"),
        {"en": "Invalid page.", "fr": "Page non valide."},
    ),
    "method": (
        HTTPStatus.METHOD_NOT_ALLOWED,
        lambda c, h: c.editor.delete("/api/v1/people/", **h),
        {"en": 'Method "DELETE" not allowed.', "fr": "Méthode «\u00a0DELETE\u00a0» non autorisée."},
    ),
    "precondition-required": (
        HTTPStatus.PRECONDITION_REQUIRED,
        lambda c, h: c.editor.patch(detail("organisation", "meta"), {}, format="json", **h),
        {"en": "Send If-Match with the ETag", "fr": "Envoyez If-Match avec l’ETag"},
    ),
    "precondition-failed": (
        HTTPStatus.PRECONDITION_FAILED,
        lambda c, h: c.editor.patch(
            detail("organisation", "meta"),
            {"sort_name": "Meta"},
            format="json",
            HTTP_IF_MATCH=stale_tag(c.editor, detail("organisation", "meta")),
            **h,
        ),
        {"en": "The record changed since you read it", "fr": "La fiche a changé depuis"},
    ),
    "not-authenticated": (
        HTTPStatus.UNAUTHORIZED,
        lambda c, h: c.anon.post("/api/v1/organisations/", {}, format="json", **h),
        {
            "en": "Authentication credentials were not provided.",
            "fr": "Informations d'authentification non fournies.",
        },
    ),
    "forbidden": (
        HTTPStatus.FORBIDDEN,
        lambda c, h: c.reader.post("/api/v1/organisations/", {}, format="json", **h),
        {
            "en": "You do not have permission to perform this action.",
            "fr": "Vous n'avez pas la permission d'effectuer cette action.",
        },
    ),
    "invalid-fields": (
        HTTPStatus.BAD_REQUEST,
        lambda c, h: c.editor.post(
            "/api/v1/organisations/",
            {"slug": "acme", "name_fr": "", "kind": "bogus"},
            format="json",
            **h,
        ),
        {"en": "This field may not be blank.", "fr": "Ce champ ne peut être vide."},
    ),
    "invalid-record": (  # the model's own rule, through full_clean()
        HTTPStatus.BAD_REQUEST,
        lambda c, h: c.editor.post(
            "/api/v1/memberships/",
            {
                "slug": "backwards",
                "organisation": "meta",
                "person": "jim-zemlin",
                "role_fr": "membre",
                "start_date": "2022-01-01",
                "start_date_precision": "day",
                "end_date": "2020-01-01",
                "end_date_precision": "day",
            },
            format="json",
            **h,
        ),
        {"en": "The end date is before the start date", "fr": "La date de fin précède"},
    ),
    "invalid-json": (
        HTTPStatus.BAD_REQUEST,
        lambda c, h: c.editor.post(
            "/api/v1/organisations/", b"{oops", content_type="application/json", **h
        ),
        {
            "en": "The request body is not valid JSON (line 1, column 2).",
            "fr": "Le corps de la requête n’est pas du JSON valide (ligne 1, colonne 2).",
        },
    ),
    "in-use": (
        HTTPStatus.CONFLICT,
        lambda c, h: c.editor.delete(
            detail("organisation", "pytorch-foundation"),
            HTTP_IF_MATCH=c.editor.get(detail("organisation", "pytorch-foundation"))["ETag"],
            **h,
        ),
        {"en": "Other records still refer to this one", "fr": "D’autres fiches font encore"},
    ),
}

EVERY_PIECE = {
    language: {pieces[language] for _, _, pieces in CASES.values()} for language in ("en", "fr")
}


class Clients:
    def __init__(self, anon, editor, reader):
        self.anon, self.editor, self.reader = anon, editor, reader


@pytest.fixture
def clients(seed, anon, editor_api, reader_api):
    return Clients(anon, editor_api, reader_api)


def assert_in_one_language(response, language, piece):
    other = "fr" if language == "en" else "en"
    texts = messages(response.json())
    assert texts, response.content
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]
    assert any(piece in text for text in texts), (language, texts)
    # Nothing of the other language: none of the pieces any case expects in it.
    assert not [p for p in EVERY_PIECE[other] if any(p in text for text in texts)], texts


@pytest.mark.parametrize("accept_language", list(ASKED))
@pytest.mark.parametrize("case", list(CASES))
def test_every_error_message_is_in_the_asked_language(clients, case, accept_language):
    status, send, pieces = CASES[case]
    language = ASKED[accept_language]
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    response = send(clients, headers)
    assert response.status_code == status, response.content
    assert_in_one_language(response, language, pieces[language])


@pytest.mark.parametrize("accept_language", list(ASKED))
def test_the_throttles_answer_in_the_asked_language(clients, accept_language, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "1/minute"},
    }
    language = ASKED[accept_language]
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    clients.anon.get("/api/v1/people/?n=1", **headers)
    response = clients.anon.get("/api/v1/people/?n=2", **headers)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    pieces = {"en": "Request was throttled. Expected available in", "fr": "Requête ralentie."}
    assert_in_one_language(response, language, pieces[language])


def test_neither_the_language_cookie_nor_the_site_default_choose_it(clients, settings):
    assert settings.LANGUAGE_CODE == "fr"
    clients.anon.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = clients.anon.get(detail("person", "nobody-at-all"))
    assert_in_one_language(response, "en", "Not found.")
    # The pages still follow the cookie.
    page = clients.anon.get("/")
    assert page["Location"].startswith("/fr/")


def test_a_cached_answer_keeps_its_language(clients):
    url = reverse("api:organisation-list")
    for language in ("fr", "en", "fr", "en", None):
        response = clients.anon.get(url, HTTP_ACCEPT_LANGUAGE=language or "")
        assert response.status_code == HTTPStatus.OK
        assert response["Content-Language"] == (language or "en")
        names = {item["slug"]: item["name"] for item in response.json()["results"]}
        expected = {"fr": "Fondation PyTorch", "en": "PyTorch Foundation"}[language or "en"]
        assert names["pytorch-foundation"] == expected


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("", "en"),
        ("en", "en"),
        ("fr", "fr"),
        ("fr-CA", "fr"),
        ("en-GB,en;q=0.9", "en"),
        ("de", "en"),
        ("de, fr;q=0.8, en;q=0.5", "fr"),
        ("en;q=0.2, fr;q=0.9", "fr"),
        ("fr;q=0, en;q=0.1", "en"),
        ("*", "en"),
        ("*, fr;q=0.1", "en"),
        ("!!not a header", "en"),
        ("fr-" + "x" * 600, "en"),
    ],
)
def test_the_api_language_follows_accept_language_alone(rf, header, language):
    assert api_language(rf.get("/api/v1/", HTTP_ACCEPT_LANGUAGE=header)) == language
