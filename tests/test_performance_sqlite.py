"""On SQLite, read-only requests must not take the single write lock (config/sqlite)."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's locking only"),
]


def begins(queries):
    return [query["sql"] for query in queries if query["sql"].startswith("BEGIN")]


def test_a_get_begins_a_deferred_transaction(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("api:organisation-list"), {"n": 1})
    assert response.status_code == HTTPStatus.OK
    assert begins(queries) == ["BEGIN DEFERRED"]


def test_a_write_still_takes_the_lock_up_front(editor_client):
    with CaptureQueriesContext(connection) as queries:
        editor_client.post(
            reverse("api:organisation-list"),
            {"slug": "lf", "name_fr": "Fondation Linux", "kind": "foundation"},
            content_type="application/json",
        )
    assert "BEGIN IMMEDIATE" in begins(queries)
    assert "BEGIN DEFERRED" not in begins(queries)
