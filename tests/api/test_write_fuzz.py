"""Hypothesis-generated bodies for every write serializer: never a 500, never a partial write."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foundation.api import serializers as api
from foundation.models import (
    Citation,
    Event,
    EventParticipant,
    Figure,
    Membership,
    Organisation,
    Person,
    Source,
    Statement,
)

pytestmark = pytest.mark.django_db

MODELS = (Citation, Event, EventParticipant, Figure, Membership, Organisation, Person, Source)
MODELS += (Statement,)
PLAUSIBLE = [
    "jim-zemlin",
    "meta",
    "pytorch-foundation",
    "pytorch-initial-release",
    "company",
    "quote",
    "claim",
    "fr",
    "en",
    "year",
    "day",
    "published",
    "draft",
    "checked",
    "disputed",
    "more_than",
    "speaker",
    "2022-09-12",
    "2016-01-01",
    "9999-12-31",
    "0001-01-01",
    "https://example.org/",
    "1",
    "2400",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=0, max_value=40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.sampled_from(PLAUSIBLE),
)
NESTED = st.dictionaries(
    st.sampled_from(
        ["person", "organisation", "role", "value", "unit_fr", "citation", "position", "as_of"]
    ),
    SCALARS,
    max_size=5,
)
VALUES = st.one_of(SCALARS, st.lists(st.one_of(SCALARS, NESTED), max_size=3))

WRITERS = {
    "source": api.SourceSerializer,
    "citation": api.CitationSerializer,
    "organisation": api.OrganisationSerializer,
    "person": api.PersonSerializer,
    "membership": api.MembershipSerializer,
    "event": api.EventSerializer,
    "statement": api.StatementSerializer,
}
TARGET = {
    "source": lambda: Source.objects.first().slug,
    "citation": lambda: Citation.objects.first().pk,
    "organisation": lambda: "meta",
    "person": lambda: "jim-zemlin",
    "membership": lambda: "amd-board-pytorch-foundation",
    "event": lambda: "pytorch-initial-release",
    "statement": lambda: "zemlin-neutral-home-quote",
}
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def writable(basename):
    fields = WRITERS[basename]().fields
    return sorted(name for name, field in fields.items() if not field.read_only)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def bodies(basename):
    return st.dictionaries(st.sampled_from(writable(basename)), VALUES, max_size=8)


@pytest.mark.parametrize("basename", WRITERS)
def test_generated_creates_never_fail_or_half_write(seed, editor_api, basename):
    url = reverse(f"api:{basename}-list")

    @FUZZ
    @given(body=bodies(basename))
    def check(body):
        before = counts()
        response = editor_api.post(url, body, format="json")
        assert response.status_code < 500, (body, response.content)
        after = counts()
        if response.status_code == HTTPStatus.CREATED:
            model = WRITERS[basename].Meta.model.__name__
            assert after[model] == before[model] + 1
        else:
            assert response.status_code in (400, 409, 413), response.content
            assert after == before, body

    check()


@pytest.mark.parametrize("basename", WRITERS)
def test_generated_patches_never_fail_or_half_write(seed, editor_api, basename):
    key = "pk" if basename == "citation" else "slug"
    url = reverse(f"api:{basename}-detail", kwargs={key: TARGET[basename]()})

    @FUZZ
    @given(body=bodies(basename))
    def check(body):
        before = editor_api.get(url)
        target = url
        response = editor_api.patch(target, body, format="json", HTTP_IF_MATCH=before["ETag"])
        assert response.status_code < 500, (body, response.content)
        if response.status_code != HTTPStatus.OK:
            assert response.status_code in (400, 409, 413), response.content
            after = editor_api.get(url)
            assert after.json() == before.json(), body
        elif "slug" in body and response.json()["slug"] != before.json()["slug"]:
            # Keep the target reachable for the next example.
            restore = reverse(f"api:{basename}-detail", kwargs={key: response.json()["slug"]})
            editor_api.patch(
                restore,
                {"slug": before.json()["slug"]},
                format="json",
                HTTP_IF_MATCH=response["ETag"],
            )

    check()
