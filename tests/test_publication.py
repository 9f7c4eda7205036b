"""Publication checks (foundation/publication.py): no record goes public without a cited
passage, nor pointing at a draft; the admin's action and form and the API say what to do."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from foundation.models import Citation, Membership, Organisation, Person, Source, Statement, Status
from tests.admin_forms import form_data
from tests.api.conftest import token_client
from tests.test_admin import change_url, changelist_url, errors_of, inline_prefix, logged_in

pytestmark = pytest.mark.django_db

TEXT = "Soumith Chintala a déclaré : « PyTorch rejoint la Linux Foundation »."


@pytest.fixture
def passage(db):
    source = Source.objects.create(
        slug="article", title="Article", language="fr", text=TEXT, status=Status.PUBLISHED
    )
    return Citation.objects.create(source=source, start=0, end=17, text="Soumith Chintala")


@pytest.fixture
def speaker(passage):
    person = Person.objects.create(slug="soumith", name="Soumith Chintala")
    person.citations.add(passage)
    return person


@pytest.fixture
def quote(passage, speaker):
    statement = Statement.objects.create(
        slug="quote",
        kind="quote",
        text_fr="PyTorch rejoint la Linux Foundation",
        speaker=speaker,
        language="fr",
    )
    statement.citations.add(passage)
    return statement


@pytest.fixture
def editor_browser(reviewer):
    """Publishing is a reviewer's (foundation/review.py): the checks apply to them."""
    return logged_in(reviewer)


def action(client, model, name, records):
    """Select the records on the list and run the action, as an editor does."""
    page = client.get(changelist_url(model))
    data = {
        "csrfmiddlewaretoken": form_data(page, "changelist-form")["csrfmiddlewaretoken"],
        "action": name,
        "_selected_action": [record.pk for record in records],
    }
    return client.post(changelist_url(model), data, follow=True)


def page_messages(response):
    return [str(message) for message in response.context["messages"]]


def test_api_refuses_to_publish_a_record_citing_no_passage(reviewer):
    api = token_client(reviewer)
    body = {"slug": "acme", "name_fr": "Acmé", "kind": "company", "status": "published"}

    response = api.post(reverse("api:organisation-list"), body, format="json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    (message,) = response.json()["citations"]
    assert "cites no passage" in message and "its reason goes in 'inferred values'" in message
    assert not Organisation.objects.filter(slug="acme").exists()


def test_api_publishes_a_record_once_it_cites_a_passage(reviewer, passage):
    api = token_client(reviewer)
    body = {
        "slug": "soumith",
        "name": "Soumith Chintala",
        "status": "published",
        "citations": [passage.pk],
    }

    response = api.post(reverse("api:person-list"), body, format="json")

    assert response.status_code == HTTPStatus.CREATED, response.json()
    assert Person.objects.get(slug="soumith").status == Status.PUBLISHED


def test_admin_action_refuses_an_uncited_record_and_says_what_to_do(editor_browser):
    person = Person.objects.create(slug="nobody", name="Nobody Cited")

    response = action(editor_browser, Person, "publish", [person])

    shown = " ".join(page_messages(response))
    assert "« Nobody Cited »" in shown and "add a citation" in shown
    assert "Nothing was published." in shown
    person.refresh_from_db()
    assert person.status == Status.DRAFT


def test_admin_form_refuses_to_publish_an_uncited_record(editor_browser):
    person = Person.objects.create(slug="nobody", name="Nobody Cited")
    data = form_data(editor_browser.get(change_url(person)))
    data["status"] = Status.PUBLISHED

    response = editor_browser.post(change_url(person), data)

    assert response.status_code == HTTPStatus.OK
    assert any("cites no passage" in m for m in errors_of(response)["__all__"])
    person.refresh_from_db()
    assert (person.status, person.version) == (Status.DRAFT, 1)


def test_a_statement_with_a_draft_speaker_is_offered_to_publish_them_together(
    editor_browser, quote, speaker
):
    offer = action(editor_browser, Statement, "publish", [quote])

    assert offer.templates[0].name == "admin/foundation/publish_together.html"
    assert "Soumith Chintala" in offer.content.decode()
    quote.refresh_from_db()
    assert quote.status == Status.DRAFT

    data = form_data(offer, "publish-together-form")
    done = editor_browser.post(changelist_url(Statement), data, follow=True)

    assert "2 records published." in page_messages(done)
    quote.refresh_from_db()
    speaker.refresh_from_db()
    assert (quote.status, speaker.status) == (Status.PUBLISHED, Status.PUBLISHED)
    assert speaker.history.first().history_user.get_username() == "reviewer-test"


def test_the_api_refuses_a_statement_whose_speaker_is_a_draft(reviewer, quote):
    api = token_client(reviewer)
    url = reverse("api:statement-detail", kwargs={"slug": quote.slug})
    etag = api.get(url)["ETag"]

    response = api.patch(url, {"status": "published"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    (message,) = response.json()["speaker"]
    assert "« Soumith Chintala » is a draft" in message
    quote.refresh_from_db()
    assert quote.status == Status.DRAFT


def test_the_form_names_the_draft_speaker_then_publishes_them_together_on_request(
    editor_browser, quote, speaker
):
    data = form_data(editor_browser.get(change_url(quote)))
    data["status"] = Status.PUBLISHED

    refused = editor_browser.post(change_url(quote), data)

    assert "is a draft" in errors_of(refused)["speaker"][0]
    data = form_data(refused)
    data["publish_together"] = "on"
    done = editor_browser.post(change_url(quote), data)

    assert done.status_code == HTTPStatus.FOUND, errors_of(done)
    speaker.refresh_from_db()
    assert speaker.status == Status.PUBLISHED


def test_a_membership_added_inline_gets_its_citation_and_is_published_with_its_parent(
    editor_browser, passage, speaker
):
    organisation = Organisation.objects.create(
        slug="pytorch-foundation", name_fr="PyTorch Foundation", kind="foundation"
    )
    organisation.citations.add(passage)
    page = editor_browser.get(change_url(organisation))
    data = form_data(page)
    prefix = inline_prefix(page, Membership)
    data.update(
        {
            "status": Status.PUBLISHED,
            "publish_together": "on",
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-person": str(speaker.pk),
            f"{prefix}-0-role_fr": "créateur",
            f"{prefix}-0-citations": [str(passage.pk)],
            f"{prefix}-0-status": Status.DRAFT,
        }
    )

    response = editor_browser.post(change_url(organisation), data)

    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    membership = Membership.objects.get(organisation=organisation)
    assert list(membership.citations.all()) == [passage]
    # The membership, and the person it needs, went public with the organisation.
    membership.person.refresh_from_db()
    assert (membership.status, membership.person.status) == (Status.PUBLISHED,) * 2
    assert membership.history.first().citations.count() == 1


def test_readers_cannot_publish(reader, quote):
    api = token_client(reader)
    url = reverse("api:statement-detail", kwargs={"slug": quote.slug})
    response = api.patch(url, {"status": "published"}, format="json", HTTP_IF_MATCH='"x"')
    assert response.status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND)
    quote.refresh_from_db()
    assert quote.status == Status.DRAFT
