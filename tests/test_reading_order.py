"""Lists of names in reading order (issue 15, point 4): case and accents ignored, in each
language, on pages, in the API's name ordering and in its CSV."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from foundation.models import Organisation, Person, Status
from foundation.models.reading import reading_key

pytestmark = pytest.mark.django_db


def before(names, first, second):
    return names.index(first) < names.index(second)


def page_names(client, language, address, kind):
    with translation.override(language):
        url = reverse(address)
    html = client.get(url).content.decode()
    return re.findall(rf'<a href="/{language}/{kind}/[^"/]+/"[^>]*>([^<]+)</a>', html)


def api_names(language, **params):
    response = APIClient().get(
        reverse("api:organisation-list"),
        {"page_size": 100, **params},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    if params.get("format") == "csv":
        return [row["name"] for row in csv.DictReader(io.StringIO(response.content.decode()))]
    return [item["name"] for item in response.json()["results"]]


def test_keys_ignore_case_accents_and_punctuation():
    assert reading_key("Amazon Web Services") < reading_key("AMD")
    assert reading_key("NeurIPS") < reading_key("NVIDIA")
    assert reading_key("Écrit") < reading_key("Exemple") < reading_key("ZZ")
    assert reading_key("PyTorch-Distributed") == "pytorch distributed"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_organisations_page_lists_names_in_reading_order(client, seed, language):
    names = page_names(client, language, "foundation:organisation-list", "organisations")
    assert before(names, "Amazon Web Services", "AMD")
    assert before(names, "NeurIPS", "NVIDIA")
    # Each language's own name is read where it is written.
    if language == "fr":
        assert before(names, "Fondation PyTorch", "Google")
    else:
        assert before(names, "PyTorch", "PyTorch Foundation")
        assert before(names, "Microsoft", "PyTorch Foundation")


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    "params", [{}, {"ordering": "name"}, {"format": "csv", "ordering": "name"}]
)
def test_the_api_and_its_csv_order_names_as_readers_do(seed, language, params):
    names = api_names(language, **params)
    assert before(names, "Amazon Web Services", "AMD")
    assert before(names, "NeurIPS", "NVIDIA")
    assert before(names, "Google", "ICML")
    pytorch = "Fondation PyTorch" if language == "fr" else "PyTorch Foundation"
    assert before(names, *(("Meta", pytorch) if language == "en" else (pytorch, "Google")))
    reverse_order = api_names(language, ordering="-name")
    assert before(reverse_order, "AMD", "Amazon Web Services")


def test_a_renamed_organisation_moves_to_its_new_place(client, seed):
    amd = Organisation.objects.get(slug="amd")
    amd.name_fr = amd.name_en = "Zénith"
    amd.save()
    names = page_names(client, "en", "foundation:organisation-list", "organisations")
    assert names[-1] == "Zénith"
    assert before(api_names("fr", ordering="name"), "PyTorch-Distributed", "Zénith")


def test_people_are_listed_by_sort_name_ignoring_case_and_accents(client, db):
    for slug, name, sort_name in [
        ("martin", "Cy Martin", "Martin, Cy"),
        ("ebert", "Ann Ébert", "Ébert, Ann"),
        ("dubois", "Bo Dubois", "dubois, Bo"),
        ("abel", "Élise Abel", ""),
    ]:
        Person.objects.create(slug=slug, name=name, sort_name=sort_name, status=Status.PUBLISHED)
    # A binary collation gives Martin, dubois, Ébert; "Élise Abel" has no sort name: her name
    # is read, under E.
    expected = ["Bo Dubois", "Ann Ébert", "Élise Abel", "Cy Martin"]
    for language in ("fr", "en"):
        assert page_names(client, language, "foundation:person-list", "people") == expected
        listed = APIClient().get(reverse("api:person-list"), {"ordering": "name"})
        assert [item["name"] for item in listed.json()["results"]] == expected
