"""Deploy-safe settings, security headers on every kind of response, cookies, Host check."""

import json
import os
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.urls import path, reverse

from config import urls as project_urls

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x" * 30 + "-production-like-secret-key-for-tests-" + "y" * 20,
    "DJANGO_ALLOWED_HOSTS": "foundation.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/foundation_security",
}


def fails_with_bug(request):
    raise RuntimeError("a bug in a view, with /srv/secret/path.py and SELECT * FROM t")


def fails_with_database(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')


# The project's URLs, plus views that fail, so 500 and 503 answers can be walked too.
urlpatterns = [
    path("test-fails/bug/", fails_with_bug),
    path("test-fails/database/", fails_with_database),
    path("api/v1/test-fails/database/", fails_with_database),
    *project_urls.urlpatterns,
]


def production_settings(**extra_env):
    """Settings as a production process sees them: DJANGO_DEBUG unset, not under pytest."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "PYTEST"))
    }
    env |= PRODUCTION_ENV | extra_env
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "from django.urls import reverse; "
        "names = ['DEBUG', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'LANGUAGE_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_HTTPONLY', "
        "'LANGUAGE_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_SAMESITE', "
        "'LANGUAGE_COOKIE_SAMESITE', 'ALLOWED_HOSTS', 'CONN_HEALTH_CHECKS', 'ATOMIC_REQUESTS', "
        "'TRUSTED_PROXIES', 'AXES_CLIENT_IP_CALLABLE'];"
        "d = {n: getattr(s, n, None) for n in names}; "
        "d['SECURE_PROXY_SSL_HEADER'] = getattr(s, 'SECURE_PROXY_SSL_HEADER', None); "
        "d['CONN_HEALTH_CHECKS'] = s.DATABASES['default']['CONN_HEALTH_CHECKS']; "
        "d['ATOMIC_REQUESTS'] = s.DATABASES['default']['ATOMIC_REQUESTS']; "
        "d['NUM_PROXIES'] = s.REST_FRAMEWORK.get('NUM_PROXIES'); "
        "d['admin'] = reverse('admin:index'); print(json.dumps(d))"
    )
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_are_secure_by_default():
    prod = production_settings()
    assert prod["DEBUG"] is False
    assert prod["SECURE_SSL_REDIRECT"] is True
    assert prod["SECURE_HSTS_SECONDS"] == 31536000
    assert prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    for cookie in ("SESSION", "CSRF", "LANGUAGE"):
        assert prod[f"{cookie}_COOKIE_SECURE"] is True
        assert prod[f"{cookie}_COOKIE_HTTPONLY"] is True
        assert prod[f"{cookie}_COOKIE_SAMESITE"] == "Lax"
    assert prod["ALLOWED_HOSTS"] == ["foundation.example.org"]
    assert prod["CONN_HEALTH_CHECKS"] is True
    assert prod["ATOMIC_REQUESTS"] is True
    # Trusting a forwarded-proto header is a deliberate deployment choice, never a default.
    assert prod["SECURE_PROXY_SSL_HEADER"] is None
    # So is believing X-Forwarded-For: the client's address is REMOTE_ADDR until told.
    assert (prod["TRUSTED_PROXIES"], prod["NUM_PROXIES"]) == (0, 0)
    assert prod["AXES_CLIENT_IP_CALLABLE"] == "foundation.security.client_ip"


def test_proxy_header_and_admin_path_come_from_the_environment():
    prod = production_settings(
        DJANGO_SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO",
        DJANGO_ADMIN_URL="backstage-7f3/",
        DJANGO_TRUSTED_PROXIES="1",
    )
    assert prod["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert prod["admin"] == "/backstage-7f3/"
    assert (prod["TRUSTED_PROXIES"], prod["NUM_PROXIES"]) == (1, 1)


@pytest.mark.parametrize("value", ["-1", "one", "1.5"])
def test_production_refuses_a_proxy_count_that_is_not_a_count(value):
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
            **PRODUCTION_ENV,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_TRUSTED_PROXIES": value,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DJANGO_TRUSTED_PROXIES must be the number of reverse proxies" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_deploy_check_passes_with_production_environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env |= PRODUCTION_ENV
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- Headers on every kind of response ------------------------------------------------------

PAGE_NAMES = [
    "foundation:home",
    "foundation:organisation-list",
    "foundation:event-list",
    "foundation:search",
    "sitemap",
    "robots",
]
API_NAMES = ["api:organisation-list", "api:schema", "api:docs", "api:redoc", "api:export-popolo"]


def _url(kind):
    match kind:
        case "healthz":
            return reverse("healthz")
        case "admin-login":
            return reverse("admin:login")
        case "admin-index":
            return reverse("admin:index")
        case "admin-changelist":
            return reverse("admin:auth_user_changelist")
        case "page-404":
            return "/fr/no-such-page/"
        case "api-404":
            return "/api/v1/no-such-endpoint/"
        case "server-error-500":
            return "/test-fails/bug/"
        case "page-503":
            return "/test-fails/database/"
        case "api-503":
            return "/api/v1/test-fails/database/"
        case "language-switch":
            return reverse("set_language")
    return reverse(kind)


HEADER_WALK = [
    ("healthz", None, HTTPStatus.OK),
    ("admin-login", None, HTTPStatus.OK),
    ("admin-index", None, HTTPStatus.FOUND),
    ("admin-index", "editor", HTTPStatus.OK),
    ("admin-changelist", "editor", HTTPStatus.FORBIDDEN),
    ("page-404", None, HTTPStatus.NOT_FOUND),
    ("api-404", None, HTTPStatus.NOT_FOUND),
    ("server-error-500", None, HTTPStatus.INTERNAL_SERVER_ERROR),
    ("page-503", None, HTTPStatus.SERVICE_UNAVAILABLE),
    ("api-503", None, HTTPStatus.SERVICE_UNAVAILABLE),
    *[(name, None, HTTPStatus.OK) for name in PAGE_NAMES],
    *[(name, None, HTTPStatus.OK) for name in API_NAMES],
    ("api:organisation-list", "editor", HTTPStatus.OK),
]


@pytest.fixture
def walk_client(client, request):
    client.raise_request_exception = False
    return client


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(("kind", "who", "status"), HEADER_WALK)
def test_every_response_carries_the_security_headers(walk_client, editor, kind, who, status):
    if who == "editor":
        walk_client.force_login(editor)
    response = walk_client.get(_url(kind))
    assert response.status_code == status
    csp = {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    }
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    script_sources = csp.get("script-src", csp["default-src"])
    assert "'unsafe-inline'" not in script_sources
    assert "'unsafe-eval'" not in script_sources
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("kind", ["server-error-500", "page-503", "api-503"])
def test_failures_never_show_tracebacks_sql_or_paths(walk_client, kind):
    response = walk_client.get(_url(kind))
    body = response.content.decode()
    for leak in ("Traceback", "SELECT", "/srv/", ".py", "127.0.0.1", "port 5432"):
        assert leak not in body


@pytest.mark.urls(__name__)
def test_database_outage_page_is_a_static_503_with_retry_after(walk_client):
    response = walk_client.get(_url("page-503"))
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert int(response["Retry-After"]) > 0
    assert response["Content-Type"].startswith("text/html")
    assert "Service momentanément indisponible" in response.content.decode()


@pytest.mark.urls(__name__)
def test_database_outage_in_the_api_answers_json_503(walk_client):
    response = walk_client.get(_url("api-503"))
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert int(response["Retry-After"]) > 0
    assert response.json()["code"] == "service_unavailable"
    assert response.json()["detail"].startswith("The service is temporarily unavailable")
    french = walk_client.get(_url("api-503"), headers={"accept-language": "fr"})
    assert french.json()["detail"].startswith("Le service est momentanément indisponible")


def test_scripts_on_pages_carry_the_response_nonce(client, seed):
    response = client.get(reverse("foundation:organisation-detail", args=["pytorch-foundation"]))
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    body = response.content.decode()
    assert '<script type="application/ld+json"' in body
    assert body.count("<script") == body.count(f'nonce="{nonce}"')


def style_sources(response):
    directives = response["Content-Security-Policy"].split(";")
    return dict(part.strip().split(" ", 1) for part in directives)["style-src"]


def test_redoc_keeps_its_style_exception_when_replayed_from_the_page_cache(
    client, django_assert_num_queries
):
    cache.clear()
    first = client.get(reverse("api:redoc"))
    with django_assert_num_queries(1):  # the content version, then the stored copy
        again = client.get(reverse("api:redoc"))
    assert again.content == first.content
    for response in (first, again):
        assert "'unsafe-inline'" in style_sources(response)
    # The exception is Redoc's alone, rendered or replayed.
    for _ in range(2):
        assert "'unsafe-inline'" not in style_sources(client.get(reverse("api:docs")))


def test_a_304_carries_no_policy_so_the_browser_keeps_the_pages_own(client):
    """A browser updates its kept page with the 304's headers: a policy built for the empty
    304 (no nonce, no exception) would replace the one that matches the page."""
    cache.clear()
    for name in ("api:redoc", "api:docs", "foundation:home"):
        url = reverse(name)
        etag = client.get(url)["ETag"]
        revalidated = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert revalidated.status_code == HTTPStatus.NOT_MODIFIED, name
        assert "Content-Security-Policy" not in revalidated, name


def test_hsts_is_one_year_with_subdomains_on_https(client):
    response = client.get(reverse("healthz"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")


def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("foundation:home"))
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"].startswith("https://")


def test_forwarded_proto_from_the_proxy_counts_as_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get(reverse("foundation:home"), HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == HTTPStatus.OK
    assert "Strict-Transport-Security" in response


def test_health_check_is_not_redirected_for_load_balancers(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("healthz")).status_code == HTTPStatus.OK


@pytest.mark.parametrize("host", ["evil.example", "foundation.example.org.evil.example", "[::2]"])
def test_foreign_host_header_is_refused(client, host):
    assert client.get(reverse("healthz"), HTTP_HOST=host).status_code == HTTPStatus.BAD_REQUEST
    assert client.get(reverse("admin:login"), HTTP_HOST=host).status_code == HTTPStatus.BAD_REQUEST


# --- Cookies ----------------------------------------------------------------------------------


def _assert_hardened(cookie):
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_session_and_csrf_cookies_are_secure_httponly_samesite(client, editor):
    login = reverse("admin:login")
    response = client.get(login)
    _assert_hardened(response.cookies["csrftoken"])
    response = client.post(
        login, {"username": editor.username, "password": "a-long-test-passphrase"}
    )
    assert response.status_code == HTTPStatus.FOUND
    _assert_hardened(response.cookies["sessionid"])


def test_language_cookie_is_secure_httponly_samesite(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/en/"})
    assert response.status_code == HTTPStatus.FOUND
    _assert_hardened(response.cookies["django_language"])
