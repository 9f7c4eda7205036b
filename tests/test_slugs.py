"""A French admin's addresses and look-ups: slugs pre-filled for every kind of record with
French elision dropped (the same rule on the server and in the browser), and records found
by their name in either language."""

import json
import shutil
import subprocess
from http import HTTPStatus
from pathlib import Path

import django
import pytest
from django.contrib import admin
from django.urls import reverse

from foundation.models import Membership
from foundation.models.kinds import record_models
from foundation.text import slugify
from tests.test_admin import changelist_url, logged_in

NAMES = {
    "l’Institut national de la recherche": "institut-national-de-la-recherche",
    "Fondation d’Amazon Web Services": "fondation-amazon-web-services",
    "L'Usine Nouvelle": "usine-nouvelle",
    "Qu’est-ce que l’IA ?": "est-ce-que-ia",
    "Œuvre du cœur": "oeuvre-du-coeur",
    "O’Reilly Media": "oreilly-media",
    "Jim Zemlin": "jim-zemlin",
    "Fondation PyTorch": "fondation-pytorch",
}
ADMIN_JS = Path(django.__file__).parent / "contrib" / "admin" / "static" / "admin" / "js"
SLUG_JS = Path(__file__).resolve().parent.parent / "foundation/static/foundation/admin/slug.js"


def test_slugs_drop_french_elision():
    assert {name: slugify(name) for name in NAMES} == NAMES


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_browser_pre_fills_the_same_slug_as_the_server():
    """Django's own urlify.js, wrapped by ours, run by Node on the same names."""
    script = f"""
        globalThis.window = globalThis;
        globalThis.document = {{ addEventListener() {{}} }};
        require({json.dumps(str(ADMIN_JS / "urlify.js"))});
        require({json.dumps(str(SLUG_JS))});
        const names = {json.dumps(list(NAMES))};
        console.log(JSON.stringify(names.map((name) => window.URLify(name, 120, false))));
    """
    result = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    assert dict(zip(NAMES, json.loads(result.stdout), strict=True)) == NAMES


def test_every_kind_with_a_slug_has_it_pre_filled_or_made():
    for model in record_models():
        model_admin = admin.site._registry[model]
        prefilled = "slug" in model_admin.prepopulated_fields
        assert prefilled or hasattr(model, "fill_slug"), model
        if prefilled:
            assert "foundation/admin/slug.js" in str(model_admin.media), model


@pytest.mark.django_db
def test_the_admin_finds_a_record_by_its_name_in_either_language(seed, editor):
    browser = logged_in(editor)
    # The organisation a membership belongs to, picked by search (autocomplete).
    for term in ("Fondation PyTorch", "PyTorch Foundation"):
        found = browser.get(
            reverse("admin:autocomplete"),
            {
                "term": term,
                "app_label": "foundation",
                "model_name": "membership",
                "field_name": "organisation",
            },
        )
        assert found.status_code == HTTPStatus.OK
        names = [item["text"] for item in found.json()["results"]]
        assert any("PyTorch" in name for name in names), (term, names)
    # Memberships, by the English name of their organisation.
    listed = browser.get(changelist_url(Membership), {"q": "PyTorch Foundation"})
    assert listed.status_code == HTTPStatus.OK
    expected = Membership.objects.filter(organisation__slug="pytorch-foundation").count()
    assert expected and listed.context["cl"].result_count >= expected
