"""Clean failures in-process: atomic requests, the health check."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.urls import path, reverse

from config import urls as project_urls
from foundation.caching.version import VERSION_TABLE
from foundation.models import Organisation, Person, Source

pytestmark = pytest.mark.django_db


def writes_then_fails(request):
    """Two writes, the second breaking a unique constraint: a half-done request."""
    Person.objects.create(name="Half Written", slug="half-written")
    Organisation.objects.create(name="Duplicate", slug="dup", kind="company")
    Organisation.objects.create(name="Duplicate again", slug="dup", kind="company")
    return HttpResponse("unreachable")


def writes_then_bug(request):
    Person.objects.create(name="Before The Bug", slug="before-the-bug")
    raise RuntimeError("a bug after the first write")


urlpatterns = [
    path("test-fails/constraint/", writes_then_fails),
    path("test-fails/bug-after-write/", writes_then_bug),
    *project_urls.urlpatterns,
]


def test_every_request_is_atomic():
    assert settings.DATABASES["default"]["ATOMIC_REQUESTS"] is True
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/test-fails/constraint/", "/test-fails/bug-after-write/"])
def test_a_failure_mid_request_leaves_no_partial_rows(client, url):
    client.raise_request_exception = False
    people, organisations = Person.objects.count(), Organisation.objects.count()
    response = client.get(url)
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert Person.objects.count() == people
    assert Organisation.objects.count() == organisations
    assert "Traceback" not in response.content.decode()


def test_health_check_reports_database_and_cache(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get(reverse("healthz"))
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_check_lives_outside_the_language_prefixes(client):
    assert reverse("healthz") == "/healthz"
    assert client.get("/fr/healthz").status_code == HTTPStatus.NOT_FOUND


def test_health_check_answers_503_when_the_cache_is_down(client, settings):
    # A real Redis client pointed at a port where nothing listens (8149 is ours, unused).
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:8149/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    response = client.get(reverse("healthz"))
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize("table", [VERSION_TABLE, Source._meta.db_table])
def test_health_check_answers_503_when_the_database_lost_its_tables(client, table):
    """An SQLite file removed (a new, empty one is created on connect) or the wrong database:
    `SELECT 1` still answers, every page fails."""
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME TO lost_{table}")
    response = client.get(reverse("healthz"))
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json() == {"status": "unavailable", "database": "unavailable", "cache": "ok"}
    assert int(response["Retry-After"]) > 0


def test_health_check_refuses_writes(client):
    assert client.post(reverse("healthz")).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_database_connection_survives_the_health_check(client):
    client.get(reverse("healthz"))
    assert connection.is_usable()
