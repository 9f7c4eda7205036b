"""Relations between organisations are their own records, not memberships (issue 12, point 1),
and board seats are held by the companies' unnamed representatives, not by the companies."""

import datetime
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from foundation.models import Membership, Organisation, OrganisationRelation
from tests.admin_forms import form_data
from tests.page_helpers import get_ok, structured_data, url
from tests.test_admin import errors_of, logged_in

pytestmark = pytest.mark.django_db

DEVELOPED = (
    "PyTorch est l’un des frameworks ML open source les plus utilisés, il a été développé par "
    "Meta AI."
)


def relation_url(slug=None):
    if slug is None:
        return reverse("api:organisationrelation-list")
    return reverse("api:organisationrelation-detail", kwargs={"slug": slug})


def test_popolo_says_no_organisation_is_a_member_of_another(anon, seed):
    document = anon.get(reverse("api:export-popolo")).json()
    memberships = document["memberships"]
    # The article makes no organisation a member of another: none is exported as one.
    assert [m["id"] for m in memberships if "member" in m] == []
    seats = [m for m in memberships if m["organization_id"] == "pytorch-foundation"]
    assert sorted(m["on_behalf_of_id"] for m in seats) == [
        "amazon-web-services",
        "amd",
        "google",
        "meta",
        "microsoft",
        "nvidia",
    ]
    assert all("person_id" not in m for m in seats)  # unnamed: no one is made up
    # "Developed by" and "hosted by" have no Popolo counterpart; PyTorch sits within nothing.
    assert not any(m["organization_id"] == "pytorch" and "person_id" not in m for m in memberships)
    parents = {o["id"]: o["parent_id"] for o in document["organizations"]}
    assert parents["pytorch"] is None
    assert parents["pytorch-foundation"] == "linux-foundation"


def test_organisation_page_shows_its_relations_with_their_passages(client, seed):
    english = get_ok(client, url("organisation-detail", "en", slug="pytorch"))
    relations = english.split('id="relations-heading"')[1].split("</section>")[0]
    developed = relations.split('id="relation-pytorch-developed-by-meta-ai"')[1].split("</li>")[0]
    assert "Developed by" in developed and ">Meta AI</a>" in developed
    assert DEVELOPED in developed  # the passage that says so, from the article
    hosted = relations.split('id="relation-pytorch-hosted-by-linux-foundation"')[1]
    hosted = hosted.split("</li>")[0]
    assert "Hosted by" in hosted and ">Linux Foundation</a>" in hosted
    assert "from 12 September 2022" in hosted and "(year inferred)" in hosted
    assert "inferred from the joining" in hosted  # why "joined" reads as "hosted by"
    assert "rejoignait la Linux Foundation" in hosted

    # The same relation from its other end, in French.
    french = get_ok(client, url("organisation-detail", "fr", slug="meta-ai"))
    relations = french.split('id="relations-heading"')[1].split("</section>")[0]
    assert "A développé" in relations and ">PyTorch</a>" in relations
    assert DEVELOPED in relations


def test_board_seats_show_representatives_never_the_company_as_a_member(client, seed):
    html = get_ok(client, url("organisation-detail", "en", slug="pytorch-foundation"))
    members = structured_data(html)["member"]
    assert len(members) == 6
    # Each seat is an unnamed person affiliated with its company, not the company itself.
    assert {m["member"]["@type"] for m in members} == {"Person"}
    assert "name" not in members[0]["member"]
    assert {m["member"]["affiliation"]["name"] for m in members} >= {"AMD", "NVIDIA"}
    # The company's own page says where its representative sits.
    amd = get_ok(client, url("organisation-detail", "en", slug="amd"))
    seats = amd.split('id="represented-heading"')[1].split("</table>")[0]
    assert ">PyTorch Foundation</a>" in seats and "governing board member" in seats


@pytest.fixture
def draft_developer(seed):
    hidden = Organisation.objects.create(
        slug="secret-lab", name="Secret Lab", name_fr="Secret Lab", kind="research_lab"
    )
    relation = OrganisationRelation.objects.create(
        slug="pytorch-developed-by-secret-lab",
        organisation=Organisation.objects.get(slug="pytorch"),
        kind="developed_by",
        related_organisation=hidden,
        status="published",
    )
    return relation


def test_a_relation_to_a_draft_organisation_is_hidden_from_anonymous_users(
    client, anon, editor_api, draft_developer
):
    page = get_ok(client, url("organisation-detail", "en", slug="pytorch"))
    assert "Secret Lab" not in page and "secret-lab" not in page
    listed = anon.get(relation_url(), {"involving": "pytorch"}).json()["results"]
    assert "pytorch-developed-by-secret-lab" not in {item["slug"] for item in listed}
    assert anon.get(relation_url(draft_developer.slug)).status_code == HTTPStatus.NOT_FOUND
    detail = anon.get(reverse("api:organisation-detail", kwargs={"slug": "pytorch"})).json()
    assert "secret-lab" not in {r["related_organisation"] for r in detail["relations"]}
    # An editor sees drafts: the same relation is there for them.
    assert editor_api.get(relation_url(draft_developer.slug)).status_code == HTTPStatus.OK


def test_relations_are_listed_filtered_and_exported(anon, seed):
    body = anon.get(relation_url(), {"involving": "meta-ai", "expand": "organisation"}).json()
    assert [item["slug"] for item in body["results"]] == ["pytorch-developed-by-meta-ai"]
    assert body["results"][0]["expanded"]["organisation"]["name"] == "PyTorch"
    hosted = anon.get(relation_url(), {"kind": "hosted_by", "organisation": "pytorch"}).json()
    assert {item["related_organisation"] for item in hosted["results"]} == {
        "linux-foundation",
        "pytorch-foundation",
    }
    detail = anon.get(relation_url("pytorch-developed-by-meta-ai")).json()
    assert detail["kind"] == "developed_by" and len(detail["citations"]) == 1
    csv = anon.get(relation_url(), {"format": "csv"})
    assert csv.status_code == HTTPStatus.OK
    assert "pytorch-foundation-launched-within-linux-foundation" in csv.content.decode()
    schema = anon.get(reverse("api:schema"), {"format": "json"}).json()
    assert "/api/v1/organisation-relations/" in schema["paths"]


BAD_RELATIONS = [
    ({"related_organisation": "pytorch"}, "related_organisation", "related to itself"),
    ({"kind": "member_of"}, "kind", "valid choice"),
    (
        {
            "start_date": "2022-09-12",
            "start_date_precision": "day",
            "end_date": "2020-01-01",
            "end_date_precision": "day",
        },
        "end_date",
        "before the start date",
    ),
]


@pytest.mark.parametrize(("change", "field", "words"), BAD_RELATIONS)
def test_bad_relation_is_a_400_on_its_field_and_writes_nothing(
    editor_api, seed, change, field, words
):
    count = OrganisationRelation.objects.count()
    body = {
        "organisation": "pytorch",
        "kind": "hosted_by",
        "related_organisation": "meta",
        **change,
    }
    response = editor_api.post(relation_url(), body, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert any(words in message for message in response.json()[field]), response.json()
    assert OrganisationRelation.objects.count() == count


@pytest.mark.parametrize(("change", "field", "words"), BAD_RELATIONS)
def test_bad_relation_is_a_form_error_in_the_admin(editor, seed, change, field, words):
    browser = logged_in(editor)
    pytorch, meta = (Organisation.objects.get(slug=slug) for slug in ("pytorch", "meta"))
    add = reverse("admin:foundation_organisationrelation_add")
    data = form_data(browser.get(add))
    ids = {"pytorch": pytorch.pk, "meta": meta.pk}
    values = {"organisation": pytorch.pk, "kind": "hosted_by", "related_organisation": meta.pk}
    values.update({k: ids.get(v, v) for k, v in change.items()})
    data.update({name: str(value) for name, value in values.items()})
    count = OrganisationRelation.objects.count()

    response = browser.post(add, data)

    assert response.status_code == HTTPStatus.OK
    assert any(words in message for message in errors_of(response)[field])
    assert OrganisationRelation.objects.count() == count


def test_editor_adds_a_relation_inline_on_the_organisation(editor, seed):
    browser = logged_in(editor)
    linux = Organisation.objects.get(slug="linux")
    change = reverse("admin:foundation_organisation_change", args=[linux.pk])
    data = form_data(browser.get(change))
    prefix = "relations"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-kind": "launched_within",
            f"{prefix}-0-related_organisation": str(Organisation.objects.get(slug="meta").pk),
            f"{prefix}-0-status": "draft",
        }
    )
    response = browser.post(change, data)
    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    relation = OrganisationRelation.objects.get(organisation=linux)
    assert (relation.kind, relation.related_organisation.slug) == ("launched_within", "meta")
    assert relation.history.get().history_user == editor


def test_a_seat_needs_a_member_or_the_organisation_it_is_held_for(seed):
    translation.activate("en")
    board = Organisation.objects.get(slug="pytorch-foundation")
    seat = Membership(organisation=board, role="membre", role_fr="membre")
    with pytest.raises(ValidationError, match="exactly one member"):
        seat.full_clean()
    seat.on_behalf_of = Organisation.objects.get(slug="amd")
    seat.start_date, seat.start_date_precision = datetime.date(2022, 9, 12), "day"
    seat.full_clean()
    assert seat.member_label == "a representative of AMD"
