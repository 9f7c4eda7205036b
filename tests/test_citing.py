"""Citing a passage: pasted with typographic variants, chosen among occurrences, or selected
in the source's text on its admin page and from inside a record's form."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from foundation.models import Citation, Source, Statement
from foundation.passages import locate, occurrences

pytestmark = pytest.mark.django_db

TEXT = "Il déclare : « L’équipe\u00a0est prête. »\r\nL’équipe est prête, dit-elle."


def test_pasted_variants_are_found_and_the_source_text_is_kept():
    # A plain apostrophe, straight quotes, no space inside them, a doubled space.
    start, end, exact = locate(TEXT, 'déclare: "L\'équipe  est prête."')
    assert exact == "déclare : « L’équipe\u00a0est prête. »"
    assert TEXT[start:end] == exact


def test_each_occurrence_comes_with_its_context_and_offsets():
    found = occurrences(TEXT, "L'équipe est prête")
    assert [(item.start, item.text) for item in found] == [
        (15, "L’équipe\u00a0est prête"),
        (TEXT.rindex("L’équipe"), "L’équipe est prête"),
    ]
    assert found[1].before.endswith("prête. » ") and found[1].after.startswith(", dit-elle")


def test_the_api_stores_the_source_text_of_a_pasted_variant(editor_api, source):
    response = editor_api.post(
        reverse("api:citation-list"),
        {"source": source.slug, "text": 'dit: "bonjour"'},
        format="json",
    )
    assert response.status_code == HTTPStatus.CREATED, response.json()
    assert response.json()["text"] == "dit : « bonjour »"


def test_the_api_lists_each_occurrence_of_an_ambiguous_passage(editor_api, source):
    response = editor_api.post(
        reverse("api:citation-list"), {"source": source.slug, "text": '"bonjour"'}, format="json"
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    message = " ".join(response.json()["start"])
    first, second = source.text.index("« bonjour »"), source.text.rindex("« bonjour »")
    assert f"At {first}: …Alpha Beta a dit : [« bonjour »]. Gamma" in message
    assert f"At {second}: …" in message
    assert not Citation.objects.exists()


@pytest.fixture
def source(db):
    return Source.objects.create(
        slug="test-source",
        title="Test source",
        language="fr",
        text="Alpha Beta a dit : « bonjour ». Gamma répond : « bonjour ».",
        status="published",
    )


@pytest.fixture
def editor_api(editor):
    from tests.api.conftest import token_client

    return token_client(editor)


def source_page(client, source):
    return client.get(reverse("admin:foundation_source_change", args=[source.pk])).content.decode()


def cite_url(source):
    return reverse("admin:foundation_source_cite", args=[source.pk])


def test_source_page_shows_its_text_with_overlapping_passages_highlighted(editor_client, source):
    Citation.objects.create(source=source, start=0, end=10, text="Alpha Beta")
    Citation.objects.create(source=source, start=6, end=17, text="Beta a dit ")
    html = source_page(editor_client, source)
    assert '<mark class="cited cited-1" data-start="0" data-end="6"' in html
    assert '<mark class="cited cited-2" data-start="6" data-end="10"' in html
    assert 'role="textbox" aria-readonly="true"' in html
    assert re.search(r'<script src="[^"]*foundation/admin/cite\.js"', html)


def test_a_selection_is_cited_with_its_exact_offsets(editor_client, source):
    # What the script sends for a selection: the offsets and the selected text.
    start = source.text.rindex("bonjour")
    response = editor_client.post(
        cite_url(source),
        {"text": "bonjour", "start": start, "end": start + 7},
        headers={"accept": "application/json"},
    )
    assert response.status_code == HTTPStatus.CREATED
    citation = Citation.objects.get(pk=response.json()["id"])
    assert (citation.start, citation.end, citation.text) == (start, start + 7, "bonjour")
    # Selecting the same passage again gives the same citation.
    again = editor_client.post(
        cite_url(source),
        {"text": "bonjour", "start": start, "end": start + 7},
        headers={"accept": "application/json"},
    )
    assert (again.status_code, again.json()["id"]) == (HTTPStatus.OK, citation.pk)


def test_a_pasted_passage_found_twice_lists_each_occurrence_to_pick(editor_client, source):
    response = editor_client.post(cite_url(source), {"text": '"bonjour"'})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert html.count('name="occurrence"') == 2
    assert "Gamma répond : <mark>« bonjour »</mark>" in html
    second = source.text.rindex("« bonjour »")

    response = editor_client.post(cite_url(source), {"text": '"bonjour"', "occurrence": second})

    assert response.status_code == HTTPStatus.FOUND
    citation = Citation.objects.get()
    assert (citation.start, citation.text) == (second, "« bonjour »")


def test_a_record_form_cites_from_any_source_without_leaving_it(editor_client, source, seed):
    statement = Statement.objects.first()
    form = editor_client.get(reverse("admin:foundation_statement_change", args=[statement.pk]))
    html = form.content.decode()
    passages_url = reverse("admin:foundation_source_passages", args=[source.pk])
    assert f'<option value="{passages_url}">Test source</option>' in html
    # The source the record cites is the one shown first.
    cited = statement.citations.first().source
    cited_url = reverse("admin:foundation_source_passages", args=[cited.pk])
    assert f'<option value="{cited_url}" selected>{cited.title}</option>' in html
    # Its citation rows read as their passage.
    first = statement.citations.first()
    assert str(first) in html.replace("&#x27;", "'").replace("&quot;", '"')
    assert "object (" not in html

    data = editor_client.get(passages_url, headers={"accept": "application/json"}).json()
    assert 'data-start="0"' in data["html"] and data["cite_url"] == cite_url(source)


def test_citing_needs_the_right_to_add_citations(client, django_user_model, source):
    staff = django_user_model.objects.create_user("staff", password="x-long-pass", is_staff=True)
    client.force_login(staff)
    response = client.post(cite_url(source), {"text": "Alpha", "start": 0, "end": 5})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Citation.objects.exists()


def test_the_citation_form_lists_each_occurrence_of_a_pasted_passage(editor_client, source):
    from tests.admin_forms import form_data

    add = reverse("admin:foundation_citation_add")
    data = form_data(editor_client.get(add))
    data.update(source=source.pk, text="« bonjour »")
    response = editor_client.post(add, data)
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert html.count('name="occurrence"') == 2
    assert "<mark>« bonjour »</mark>. Gamma" in html

    second = source.text.rindex("« bonjour »")
    response = editor_client.post(add, {**data, "occurrence": second})

    assert response.status_code == HTTPStatus.FOUND
    assert Citation.objects.get().start == second
