"""The benchmark's floor (bench/floor.py) must give the API's exact output, or the ratio
between the two measures different work."""

import json

import pytest
from django.test import RequestFactory
from django.utils import translation

from bench.floor import statements_floor
from foundation.models import Person, Statement

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["fr", "en"])
def test_floor_gives_the_api_list_of_statements(seed, client, language):
    Person.objects.filter(slug="jim-zemlin").update(status="draft")
    assert Statement.objects.filter(speaker__slug="jim-zemlin", status="published").exists()
    api = client.get("/api/v1/statements/", HTTP_ACCEPT_LANGUAGE=language).json()
    with translation.override(language):
        floor = statements_floor(RequestFactory().get("/bench/floor/statements/"))
    assert json.loads(floor.content) == api
