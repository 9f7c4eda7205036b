"""Merging duplicates (services.merge_records, undo_merge): everything moves to the record that
stays, the other's addresses answer 301, the merge is undone from history, and an edit made
meanwhile is never lost."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from foundation import services
from foundation.models import (
    Change,
    Citation,
    Event,
    EventParticipant,
    Membership,
    Merge,
    Organisation,
    Person,
    ProposedMention,
    Source,
    Statement,
    Status,
)
from tests.admin_forms import form_data
from tests.test_admin import changelist_url, history_url, logged_in

pytestmark = pytest.mark.django_db

TEXT = "Soumith Chintala, dit S. Chintala, a cofondé PyTorch chez Meta AI."
PUBLISHED = {"status": Status.PUBLISHED}


@pytest.fixture
def world(db):
    source = Source.objects.create(
        slug="article", title="Article", language="fr", text=TEXT, **PUBLISHED
    )
    first = Citation.objects.create(source=source, start=0, end=16, text="Soumith Chintala")
    second = Citation.objects.create(source=source, start=23, end=33, text="S. Chintala")
    keeper = Person.objects.create(slug="soumith-chintala", name="Soumith Chintala", **PUBLISHED)
    keeper.citations.add(first)
    duplicate = Person.objects.create(
        slug="s-chintala", name="S. Chintala", other_names="Soumith\nsoumith chintala", **PUBLISHED
    )
    duplicate.citations.add(second)
    pytorch = Organisation.objects.create(
        slug="pytorch", name_fr="PyTorch", kind="project", **PUBLISHED
    )
    membership = Membership.objects.create(
        person=duplicate, organisation=pytorch, role_fr="cofondateur", **PUBLISHED
    )
    event = Event.objects.create(slug="launch", title_fr="Lancement", kind="launch", **PUBLISHED)
    EventParticipant.objects.create(event=event, person=keeper, role="founder")
    same = EventParticipant.objects.create(event=event, person=duplicate, role="founder")
    other = EventParticipant.objects.create(event=event, person=duplicate, role="speaker")
    statement = Statement.objects.create(
        slug="quote", kind="quote", text_fr="PyTorch", speaker=duplicate, language="fr", **PUBLISHED
    )
    mention = ProposedMention.objects.create(
        source=source,
        start=23,
        end=33,
        text="S. Chintala",
        person=duplicate,
        target=ProposedMention.target_of("person", duplicate.pk),
    )
    return {
        "mention": mention,
        "keeper": keeper,
        "duplicate": duplicate,
        "membership": membership,
        "statement": statement,
        "same_participation": same,
        "other_participation": other,
        "second": second,
        "first": first,
    }


@pytest.fixture
def editor_browser(editor):
    return logged_in(editor)


def merge_page(client, model, records):
    """Select two records on the list and choose the merge action, as an editor does."""
    page = client.get(changelist_url(model))
    data = {
        "csrfmiddlewaretoken": form_data(page, "changelist-form")["csrfmiddlewaretoken"],
        "action": "merge_selected",
        "_selected_action": [record.pk for record in records],
    }
    return client.post(changelist_url(model), data)


def confirm(client, model, page, survivor):
    data = form_data(page, "merge-form")
    data["survivor"] = str(survivor.pk)
    return client.post(changelist_url(model), data, follow=True)


def test_an_editor_merges_two_people_and_everything_moves_to_the_survivor(
    world, editor, editor_browser, client
):
    keeper, duplicate = world["keeper"], world["duplicate"]
    page = merge_page(editor_browser, Person, [keeper, duplicate])
    assert "Memberships: 1" in page.content.decode()

    done = confirm(editor_browser, Person, page, keeper)

    assert "was merged into « Soumith Chintala »" in done.content.decode()
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    keeper.refresh_from_db()
    world["membership"].refresh_from_db()
    world["statement"].refresh_from_db()
    world["other_participation"].refresh_from_db()
    assert world["membership"].person == keeper
    assert world["statement"].speaker == keeper
    assert world["other_participation"].person == keeper
    world["mention"].refresh_from_db()
    assert world["mention"].target == f"person:{keeper.pk}"
    # The same participation twice would break a rule: kept once, the other held by the merge.
    assert not EventParticipant.objects.filter(pk=world["same_participation"].pk).exists()
    assert keeper.alias_list == ["S. Chintala", "Soumith"]
    assert set(keeper.citations.all()) == {world["first"], world["second"]}
    # Both histories are kept: the merged record's ends with its merge, the survivor says so.
    # The change feed names the survivor in the merged record's tombstone.
    tombstone = Change.objects.get(kind="merged", record_id=duplicate.pk)
    assert (tombstone.slug, tombstone.survivor_slug) == ("s-chintala", "soumith-chintala")
    assert Change.objects.filter(kind="updated", record_type="statement").exists()
    rows = list(Person.history.filter(id=duplicate.pk))
    assert rows[0].history_type == "-" and rows[-1].history_type == "+"
    assert "Merged « S. Chintala »" in keeper.history.first().history_change_reason
    assert world["statement"].history.first().history_user == editor

    page = client.get("/en/people/s-chintala/")
    assert page.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert page["Location"] == "/en/people/soumith-chintala/"
    api = client.get(reverse("api:person-detail", kwargs={"slug": "s-chintala"}) + "?fields=name")
    assert api.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert api["Location"].endswith("/api/v1/people/soumith-chintala/?fields=name")
    assert client.get(api["Location"]).json() == {"name": "Soumith Chintala"}


def test_a_merge_is_undone_from_the_survivors_history(world, editor, editor_browser, client):
    keeper, duplicate = world["keeper"], world["duplicate"]
    confirm(editor_browser, Person, merge_page(editor_browser, Person, [keeper, duplicate]), keeper)

    history = editor_browser.get(history_url(keeper))
    assert "Undo this merge" in history.content.decode()
    merge = Merge.objects.get()
    undo_url = reverse("admin:foundation_person_undo_merge", args=[keeper.pk, merge.pk])
    csrf = history.context["csrf_token"]
    done = editor_browser.post(undo_url, {"csrfmiddlewaretoken": str(csrf)}, follow=True)

    assert "The merge is undone" in done.content.decode()
    back = Person.objects.get(slug="s-chintala")
    assert back.pk == duplicate.pk and back.alias_list == ["Soumith", "soumith chintala"]
    world["membership"].refresh_from_db()
    world["statement"].refresh_from_db()
    assert (world["membership"].person, world["statement"].speaker) == (back, back)
    assert EventParticipant.objects.filter(person=back).count() == 2
    world["mention"].refresh_from_db()
    assert (world["mention"].person, world["mention"].target) == (back, f"person:{back.pk}")
    assert list(back.citations.all()) == [world["second"]]
    keeper.refresh_from_db()
    assert (keeper.alias_list, list(keeper.citations.all())) == ([], [world["first"]])
    assert client.get("/en/people/s-chintala/").status_code == HTTPStatus.OK
    assert Change.objects.filter(kind="created", record_id=back.pk, public=True).exists()
    assert Person.history.filter(id=duplicate.pk).first().history_user == editor


def test_an_edit_made_while_the_merge_page_was_open_is_not_lost(world, editor_browser):
    keeper, duplicate = world["keeper"], world["duplicate"]
    page = merge_page(editor_browser, Person, [keeper, duplicate])
    # Another editor renames the duplicate meanwhile.
    duplicate.description_fr = "Chercheur"
    services.save_record(record=duplicate, user=None, expected_version=duplicate.version)

    done = confirm(editor_browser, Person, page, keeper)

    assert "since you opened it" in done.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.description_fr == "Chercheur"
    world["membership"].refresh_from_db()
    assert world["membership"].person == duplicate
    assert not Merge.objects.exists()


def test_merging_organisations_moves_members_children_and_statements(world, editor):
    pytorch = Organisation.objects.get(slug="pytorch")
    twin = Organisation.objects.create(
        slug="pytorch-project", name_fr="Projet PyTorch", kind="project", **PUBLISHED
    )
    child = Organisation.objects.create(
        slug="torchvision", name_fr="TorchVision", kind="project", parent=twin
    )
    loop = Membership.objects.create(
        member_organisation=pytorch, organisation=twin, role_fr="membre"
    )
    world["statement"].on_behalf_of = twin
    world["statement"].save()

    merge = services.merge_records(
        survivor=pytorch,
        duplicate=twin,
        user=editor,
        survivor_version=pytorch.version,
        duplicate_version=twin.version,
    )

    child.refresh_from_db()
    world["statement"].refresh_from_db()
    assert (child.parent, world["statement"].on_behalf_of) == (pytorch, pytorch)
    # PyTorch cannot be a member of itself: that membership is held by the merge, not moved.
    assert not Membership.objects.filter(pk=loop.pk).exists()

    services.undo_merge(merge=merge, user=editor)

    restored = Membership.objects.get(pk=loop.pk)
    assert (restored.member_organisation, restored.organisation.slug) == (
        pytorch,
        "pytorch-project",
    )
    child.refresh_from_db()
    assert child.parent.slug == "pytorch-project"


def test_a_merged_address_leads_nowhere_when_the_survivor_is_a_draft(world, editor, client):
    keeper, duplicate = world["keeper"], world["duplicate"]
    keeper.status = Status.DRAFT
    keeper.save()
    services.merge_records(
        survivor=keeper,
        duplicate=duplicate,
        user=editor,
        survivor_version=keeper.version,
        duplicate_version=duplicate.version,
    )
    assert client.get("/en/people/s-chintala/").status_code == HTTPStatus.NOT_FOUND


def test_readers_cannot_merge_or_undo(world, reader, client):
    keeper, duplicate = world["keeper"], world["duplicate"]
    merge = services.merge_records(
        survivor=keeper,
        duplicate=duplicate,
        user=None,
        survivor_version=keeper.version,
        duplicate_version=duplicate.version,
    )
    undo_url = reverse("admin:foundation_person_undo_merge", args=[keeper.pk, merge.pk])
    assert client.post(undo_url).status_code == HTTPStatus.FOUND  # to the login page
    client.force_login(reader)
    assert client.post(undo_url).status_code == HTTPStatus.FOUND
    merge.refresh_from_db()
    assert merge.undone_at is None


@pytest.mark.django_db(transaction=True)
def test_a_merge_and_an_edit_of_the_duplicate_at_once_lose_nothing(world, editor):
    from tests.api.conftest import token_client
    from tests.test_writes import at_once

    keeper, duplicate = world["keeper"], world["duplicate"]
    browser = logged_in(editor)
    page = merge_page(browser, Person, [keeper, duplicate])
    api = token_client(editor)
    url = reverse("api:person-detail", kwargs={"slug": duplicate.slug})
    etag = api.get(url)["ETag"]

    merged, edited = at_once(
        lambda: confirm(browser, Person, page, keeper),
        lambda: api.patch(url, {"description_fr": "Chercheur"}, format="json", HTTP_IF_MATCH=etag),
    )

    if edited.status_code == HTTPStatus.OK:
        # The edit won: the merge was refused, and the edit is there.
        assert "since you opened it" in merged.content.decode()
        assert not Merge.objects.exists()
        assert Person.objects.get(pk=duplicate.pk).description_fr == "Chercheur"
    else:
        # The merge won: the edit was refused (the record it read is gone), not half-applied.
        assert edited.status_code in (HTTPStatus.PRECONDITION_FAILED, HTTPStatus.NOT_FOUND)
        assert Merge.objects.count() == 1
        assert not Person.history.filter(description_fr="Chercheur").exists()


def test_relations_between_organisations_move_with_a_merge_and_come_back(world, editor):
    from foundation.models import OrganisationRelation

    pytorch = Organisation.objects.get(slug="pytorch")
    meta = Organisation.objects.create(slug="meta", name_fr="Meta", kind="company", **PUBLISHED)
    twin = Organisation.objects.create(slug="meta-ai", name_fr="Meta AI", kind="company")
    relation = OrganisationRelation.objects.create(
        organisation=pytorch, kind="developed_by", related_organisation=twin
    )

    merge = services.merge_records(
        survivor=meta,
        duplicate=twin,
        user=editor,
        survivor_version=meta.version,
        duplicate_version=twin.version,
    )
    relation.refresh_from_db()
    assert relation.related_organisation == meta

    services.undo_merge(merge=merge, user=editor)
    relation.refresh_from_db()
    assert relation.related_organisation.slug == "meta-ai"
