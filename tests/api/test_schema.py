"""The OpenAPI document and its offline viewers."""

from http import HTTPStatus

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(anon):
    response = anon.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == HTTPStatus.OK
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def test_schema_is_openapi_3_with_every_endpoint(schema):
    assert schema["openapi"].startswith("3.")
    for name in ("sources", "citations", "organisations", "people", "memberships", "events"):
        assert f"/api/v1/{name}/" in schema["paths"]
    assert "/api/v1/export/popolo.json" in schema["paths"]


def test_every_operation_documents_its_errors(schema):
    for path, method, operation in operations(schema):
        codes = set(operation["responses"])
        assert {"401", "403", "429"} <= codes, (method, path)
        if method in ("put", "patch", "delete"):
            assert {"404", "412", "428"} <= codes, (method, path)
            headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
            assert "If-Match" in headers, (method, path)
        if method in ("post", "put", "patch"):
            assert {"400", "413"} <= codes, (method, path)


def test_filters_are_documented(schema):
    parameters = {p["name"] for p in schema["paths"]["/api/v1/statements/"]["get"]["parameters"]}
    expected = {"speaker", "organisation", "event", "kind", "language", "date__gte", "date__lte"}
    assert expected | {"search", "ordering", "updated_since", "fields", "page_size"} <= parameters


def test_429_documents_retry_after(schema):
    response = schema["paths"]["/api/v1/people/"]["get"]["responses"]["429"]
    assert "Retry-After" in response["headers"]


@pytest.mark.parametrize("name", ["api:docs", "api:redoc"])
def test_documentation_is_served_from_local_files(anon, name):
    response = anon.get(reverse(name))
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "/static/drf_spectacular_sidecar/" in html
    assert "https://" not in html
    assert "<script>" not in html  # the CSP forbids inline scripts
