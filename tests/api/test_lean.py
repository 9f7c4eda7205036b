"""List endpoints read rows (foundation/api/lean.py); their output must be the serializer's."""

import json

import pytest
from django.utils import translation
from rest_framework import mixins
from rest_framework.test import APIRequestFactory, force_authenticate

from foundation.api import views
from foundation.models import Event, Organisation, Person, Statement

pytestmark = pytest.mark.django_db

VIEWSETS = {
    "sources": views.SourceViewSet,
    "citations": views.CitationViewSet,
    "organisations": views.OrganisationViewSet,
    "people": views.PersonViewSet,
    "memberships": views.MembershipViewSet,
    "events": views.EventViewSet,
    "statements": views.StatementViewSet,
}


def serialized(viewset, path, user, language):
    """The same list through DRF's own ListModelMixin: the serializer, record by record."""

    class ThroughSerializer(viewset):
        list = mixins.ListModelMixin.list

    request = APIRequestFactory().get(path)
    if user is not None:
        force_authenticate(request, user)
    with translation.override(language):
        response = ThroughSerializer.as_view({"get": "list"})(request)
        response.render()
    return json.loads(response.content)


@pytest.fixture
def drafts_behind_links(seed):
    """Published records tied to drafts, and an organisation without English.

    A draft speaker hides his statements (the rule requires the speaker); a draft parent
    organisation and a draft event are emptied links of the records that show them.
    """
    Person.objects.filter(slug="jim-zemlin").update(status="draft")
    Organisation.objects.filter(slug="linux-foundation").update(status="draft")
    Event.objects.filter(slug="pytorch-foundation-launch").update(status="draft")
    Organisation.objects.filter(slug="pytorch-foundation").update(name_en="")
    return Statement.objects.filter(event__slug="pytorch-foundation-launch", speaker=None).count()


@pytest.mark.parametrize("basename", VIEWSETS)
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("role", ["anonymous", "editor"])
def test_lean_lists_equal_the_serializer(
    drafts_behind_links, editor_api, anon, editor, basename, language, role
):
    assert drafts_behind_links > 0
    user, client = (editor, editor_api) if role == "editor" else (None, anon)
    path = f"/api/v1/{basename}/?page_size=200"
    got = client.get(path, HTTP_ACCEPT_LANGUAGE=language).json()
    assert got["count"] > 0
    assert got == serialized(VIEWSETS[basename], path, user, language)


def test_lean_lists_honour_the_fields_parameter(drafts_behind_links, anon):
    path = "/api/v1/statements/?fields=slug,speaker_url,event,text,updated_at"
    got = anon.get(path).json()
    assert set(got["results"][0]) == {"slug", "speaker_url", "event", "text", "updated_at"}
    assert got == serialized(views.StatementViewSet, path, None, "en")  # no Accept-Language
    assert any(item["speaker_url"] is None for item in got["results"])
    assert "pytorch-foundation-launch" not in {item["event"] for item in got["results"]}


def test_lean_lists_empty_the_links_to_hidden_records(drafts_behind_links, anon, editor_api):
    """The rule's columns, not a status test of lean's own: anonymous reads no draft link."""
    for client, shown in ((anon, False), (editor_api, True)):
        statements = client.get("/api/v1/statements/?page_size=200").json()["results"]
        events = {item["event"] for item in statements}
        assert ("pytorch-foundation-launch" in events) is shown
        organisations = client.get("/api/v1/organisations/?slug=pytorch-foundation,lfx").json()
        parents = {item["parent"] for item in organisations["results"]}
        assert parents == ({"linux-foundation"} if shown else {None})
