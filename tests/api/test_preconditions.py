"""If-Match compares ETags strongly, If-None-Match weakly (RFC 9110 §13.1.1, §13.1.2)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from foundation.api.preconditions import parse_tags
from foundation.models import Organisation

pytestmark = pytest.mark.django_db

URL = reverse("api:organisation-detail", kwargs={"slug": "meta"})
BODY = {"slug": "meta", "name_fr": "Meta (modifié)", "kind": "company", "status": "published"}


def write(client, method, if_match):
    return getattr(client, method)(URL, BODY, format="json", HTTP_IF_MATCH=if_match)


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_weak_etag_cannot_authorise_a_write(editor_api, seed, method):
    etag = editor_api.get(URL)["ETag"]

    response = write(editor_api, method, f"W/{etag}")

    assert response.status_code == HTTPStatus.PRECONDITION_FAILED
    assert "weak ETag" in response.json()["detail"]
    assert "RFC 9110" in response.json()["detail"]
    meta = Organisation.objects.get(slug="meta")
    assert (meta.name_fr, meta.version) == ("Meta", 1)


def test_a_strong_etag_beside_a_weak_one_authorises_the_write(editor_api, seed):
    etag = editor_api.get(URL)["ETag"]
    response = write(editor_api, "patch", f'W/"organisation-0-v1.x", {etag}')
    assert response.status_code == HTTPStatus.OK, response.content
    assert Organisation.objects.get(slug="meta").name_fr == "Meta (modifié)"


def test_the_strong_etag_as_sent_authorises_the_write(editor_api, seed):
    response = write(editor_api, "patch", editor_api.get(URL)["ETag"])
    assert response.status_code == HTTPStatus.OK, response.content


def test_a_stale_strong_etag_is_told_the_record_changed(editor_api, seed):
    response = write(editor_api, "patch", '"organisation-1-v9.000000000000"')
    assert response.status_code == HTTPStatus.PRECONDITION_FAILED
    assert "changed since you read it" in response.json()["detail"]


def test_if_none_match_compares_weakly(anon, seed):
    etag = anon.get(URL)["ETag"]
    for tag in (etag, f"W/{etag}"):
        response = anon.get(URL, HTTP_IF_NONE_MATCH=tag)
        assert response.status_code == HTTPStatus.NOT_MODIFIED, tag


def test_parse_tags_keeps_which_tags_are_weak():
    assert parse_tags(None) is None
    assert parse_tags(" * ") == [(False, "*")]
    assert parse_tags('W/"a.1", "b"') == [(True, "a.1"), (False, "b")]
