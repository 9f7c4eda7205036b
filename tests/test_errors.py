"""A missing page: the site's bilingual 404, under DEBUG too (`make run` sets it), and JSON
under /api/."""

from http import HTTPStatus

import pytest
from django.conf import settings as project_settings

pytestmark = pytest.mark.django_db

# Words of Django's technical 404 page, which visitors of `make run` must not get by default.
TECHNICAL = "You’re seeing this error because you have"


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/fr/nowhere/", "Cette page n’existe pas"),
        ("/en/nowhere/", "This page does not exist"),
        ("/fr/organisations/no-such-record/", "Cette page n’existe pas"),
        ("/en/statements/no-such-record/", "This page does not exist"),
    ],
)
def test_under_debug_a_missing_page_is_the_site_page(client, debug, path, words):
    response = client.get(path)

    assert response.status_code == HTTPStatus.NOT_FOUND
    body = response.content.decode()
    assert words in body
    assert TECHNICAL not in body
    assert f'href="{path}?technical-404=1"' in body  # for developers


def test_the_developer_link_keeps_the_query_and_opens_the_technical_page(client, debug):
    body = client.get("/en/nowhere/?q=x").content.decode()
    assert 'href="/en/nowhere/?q=x&amp;technical-404=1"' in body

    for path in ("/en/nowhere/?q=x&technical-404=1", "/fr/people/nobody/?technical-404=1"):
        response = client.get(path)
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert TECHNICAL in response.content.decode()


def test_without_debug_the_page_has_no_developer_link(client):
    response = client.get("/fr/nowhere/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Cette page n’existe pas" in response.content.decode()
    assert "technical-404" not in response.content.decode()


@pytest.mark.parametrize("debug_on", [True, False], ids=["debug", "production"])
@pytest.mark.parametrize("path", ["/api/v1/no-such-endpoint/", "/api/v1/people/nobody/"])
def test_api_404s_are_json(client, settings, debug_on, path):
    settings.DEBUG = debug_on
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    ("path", "target"),
    [("/fr/organisations", "/fr/organisations/"), ("/organisations/", "/fr/organisations/")],
)
def test_under_debug_a_missing_slash_or_language_still_redirects(client, debug, path, target):
    response = client.get(path)
    assert response.status_code in (HTTPStatus.MOVED_PERMANENTLY, HTTPStatus.FOUND)
    assert response["Location"] == target


def test_the_page_middleware_comes_after_locale_and_common():
    """In the address's language, and a 404 that a slash or a language prefix would fix is
    still redirected."""
    middleware = project_settings.MIDDLEWARE
    position = middleware.index("foundation.views.errors.NotFoundPageMiddleware")
    assert position > middleware.index("django.middleware.locale.LocaleMiddleware")
    assert position > middleware.index("django.middleware.common.CommonMiddleware")
