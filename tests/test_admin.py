"""The editors' admin, driven through its real forms: login, edits, history, revert, conflicts."""

from http import HTTPStatus
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.test import Client
from django.urls import reverse

from foundation.models import (
    Citation,
    Event,
    EventParticipant,
    Figure,
    Membership,
    Organisation,
    OrganisationRelation,
    Person,
    Source,
    Statement,
    Status,
    Verification,
)
from foundation.roles import EDITOR_GROUP, REVIEWER_GROUP
from tests.admin_forms import form_data, login_form_data

pytestmark = pytest.mark.django_db


PASSWORD = "a-long-test-passphrase"


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def history_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])


def changelist_url(model):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def logged_in(user, password=PASSWORD):
    """A browser-like client that logs in through the admin login form, CSRF enforced."""
    client = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    page = client.get(reverse("admin:login"))
    data = login_form_data(page)
    data.update(username=user.get_username(), password=password)
    response = client.post(reverse("admin:login"), data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    return client


def errors_of(response):
    """Every error on an admin form page: {field or '__all__': [messages]}."""
    found = {}
    form = response.context["adminform"].form
    for name, errors in form.errors.items():
        found.setdefault(name, []).extend(errors)
    for inline in response.context.get("inline_admin_formsets", []):
        for index, errors in enumerate(inline.formset.errors):
            for name, messages in errors.items():
                found.setdefault(f"{inline.formset.prefix}-{index}-{name}", []).extend(messages)
        found.setdefault("__all__", []).extend(inline.formset.non_form_errors())
    return {name: messages for name, messages in found.items() if messages}


# The one field each model's edit changes, and the value it takes.
EDITS = {
    Source: ("publisher", "Edited publisher"),
    Citation: ("note", "Edited note"),
    Organisation: ("name_en", "Edited organisation name"),
    Person: ("sort_name", "Edited, Sort"),
    Membership: ("role_en", "edited role"),
    OrganisationRelation: ("verification_note_en", "Edited verification note"),
    Event: ("title_en", "Edited event title"),
    Statement: ("text_en", "Edited translation of the statement."),
}


def test_every_content_model_is_edited_in_the_admin_alone_or_with_its_record():
    from django.contrib import admin

    from foundation.models.kinds import content_models

    registry = admin.site._registry
    inlined = {inline.model for each in registry.values() for inline in each.inlines}
    for model in content_models():
        assert model in EDITS or (model in inlined and model not in registry), model


@pytest.fixture
def editor_browser(editor):
    return logged_in(editor)


@pytest.mark.parametrize("model", list(EDITS), ids=lambda model: model.__name__)
def test_editor_changes_a_record_of_each_model_and_history_names_them(
    seed, editor, editor_browser, model
):
    obj = model.objects.order_by("pk").first()
    field, value = EDITS[model]
    page = editor_browser.get(change_url(obj))
    assert page.status_code == HTTPStatus.OK
    data = form_data(page)
    assert field in data, sorted(data)
    data[field] = value

    response = editor_browser.post(change_url(obj), data)

    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    obj.refresh_from_db()
    assert getattr(obj, field) == value
    latest = obj.history.first()
    assert latest.history_user == editor
    assert getattr(latest, field) == value
    history_page = editor_browser.get(history_url(obj))
    assert history_page.status_code == HTTPStatus.OK
    assert editor.get_username() in history_page.content.decode()


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("admin:index"))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{reverse('admin:login')}?next={reverse('admin:index')}"


def test_anonymous_visitor_cannot_open_a_change_form(client, seed):
    obj = Organisation.objects.get(slug="pytorch")

    response = client.get(change_url(obj))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:auth_user_changelist",
        "admin:auth_user_add",
        "admin:auth_group_changelist",
        "admin:auth_group_add",
        "admin:authtoken_tokenproxy_changelist",
        "admin:authtoken_tokenproxy_add",
    ],
)
def test_editor_gets_403_on_users_groups_and_tokens(editor_browser, url_name):
    response = editor_browser.get(reverse(url_name))

    assert response.status_code == HTTPStatus.FORBIDDEN


def test_editor_cannot_open_another_users_account(editor_browser, admin_user):
    response = editor_browser.get(reverse("admin:auth_user_change", args=[admin_user.pk]))

    assert response.status_code == HTTPStatus.FORBIDDEN


def test_editor_index_lists_content_but_not_accounts(editor_browser):
    page = editor_browser.get(reverse("admin:index")).content.decode()

    assert changelist_url(Organisation) in page
    assert changelist_url(Statement) in page
    assert reverse("admin:auth_user_changelist") not in page
    assert reverse("admin:auth_group_changelist") not in page
    assert reverse("admin:authtoken_tokenproxy_changelist") not in page


def test_wrong_password_on_the_login_form_does_not_log_in(editor):
    client = Client(enforce_csrf_checks=True)
    data = login_form_data(client.get(reverse("admin:login")))
    data.update(username=editor.get_username(), password="not-the-password")

    response = client.post(reverse("admin:login"), data)

    assert response.status_code == HTTPStatus.OK
    assert client.get(reverse("admin:index")).status_code == HTTPStatus.FOUND


def edit(browser, obj, **changes):
    page = browser.get(change_url(obj))
    data = form_data(page)
    data.update(changes)
    return browser.post(change_url(obj), data)


def test_revert_restores_the_old_values_and_citations(seed, editor, editor_browser):
    organisation = Organisation.objects.get(slug="pytorch-foundation")
    old_name, old_citations = organisation.name_en, set(organisation.citations.all())
    assert old_citations
    page = editor_browser.get(change_url(organisation))
    data = form_data(page)
    prefix = next(
        inline.formset.prefix
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is Organisation.citations.through
    )
    data[f"{prefix}-0-DELETE"] = "on"
    data["name_en"] = "A wrong name"
    assert editor_browser.post(change_url(organisation), data).status_code == HTTPStatus.FOUND
    organisation.refresh_from_db()
    assert organisation.name_en == "A wrong name"
    assert set(organisation.citations.all()) != old_citations
    before_edit = organisation.history.all()[1]

    revert_url = reverse(
        "admin:foundation_organisation_simple_history",
        args=[organisation.pk, before_edit.history_id],
    )
    revert_page = editor_browser.get(revert_url)
    assert revert_page.status_code == HTTPStatus.OK
    response = editor_browser.post(revert_url, form_data(revert_page))

    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    organisation.refresh_from_db()
    assert organisation.name_en == old_name
    assert set(organisation.citations.all()) == old_citations
    latest = organisation.history.first()
    assert latest.history_user == editor
    assert set(latest.citations.values_list("citation_id", flat=True)) == {
        c.pk for c in old_citations
    }


def test_history_page_lists_each_change_with_its_editor(seed, editor, editor_browser):
    person = Person.objects.get(slug="jim-zemlin")
    assert edit(editor_browser, person, sort_name="Zemlin, J.").status_code == HTTPStatus.FOUND

    page = editor_browser.get(history_url(person)).content.decode()

    assert editor.get_username() in page
    assert "Zemlin, J." in page


def run_action(browser, model, action, objects):
    page = browser.get(changelist_url(model))
    token = form_data(page, "changelist-form")["csrfmiddlewaretoken"]
    return browser.post(
        changelist_url(model),
        {
            "csrfmiddlewaretoken": token,
            "action": action,
            "_selected_action": [str(obj.pk) for obj in objects],
        },
    )


@pytest.mark.parametrize("model", [Organisation, Person, Membership, Event, Statement, Source])
def test_publish_and_unpublish_actions_change_status_and_leave_history(seed, reviewer, model):
    reviewer_browser = logged_in(reviewer)
    records = list(model.objects.order_by("pk")[:2])
    model.objects.filter(pk__in=[r.pk for r in records]).update(status=Status.DRAFT)

    response = run_action(reviewer_browser, model, "publish", records)

    assert response.status_code == HTTPStatus.FOUND
    for record in records:
        record.refresh_from_db()
        assert record.status == Status.PUBLISHED
        assert record.history.first().history_user == reviewer
    response = run_action(reviewer_browser, model, "unpublish", records)
    assert response.status_code == HTTPStatus.FOUND
    assert set(
        model.objects.filter(pk__in=[r.pk for r in records]).values_list("status", flat=True)
    ) == {Status.DRAFT}


def test_mark_checked_action_records_who_checked_and_when(seed, editor, editor_browser):
    statements = list(Statement.objects.order_by("pk")[:3])

    response = run_action(editor_browser, Statement, "mark_checked", statements)

    assert response.status_code == HTTPStatus.FOUND
    for statement in statements:
        statement.refresh_from_db()
        assert statement.verification == Verification.CHECKED
        assert statement.verified_by == editor
        assert statement.verified_at is not None
        assert statement.history.first().history_user == editor


def test_view_on_site_leads_to_the_public_page(seed, editor_browser):
    organisation = Organisation.objects.get(slug="pytorch")
    page = editor_browser.get(change_url(organisation)).content.decode()
    view_on_site = reverse(
        "admin:view_on_site", args=[page_content_type(organisation), organisation.pk]
    )
    assert view_on_site in page

    response = editor_browser.get(view_on_site)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].endswith(organisation.get_absolute_url())


def page_content_type(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


def add_url(model):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_add")


def post_add_form(browser, model, **values):
    data = form_data(browser.get(add_url(model)))
    data.update({name: str(value) for name, value in values.items()})
    return browser.post(add_url(model), data)


def test_membership_with_two_members_is_refused_on_the_person_field(seed, editor_browser):
    person = Person.objects.get(slug="soumith-chintala")
    meta, foundation = (Organisation.objects.get(slug=s) for s in ("meta", "pytorch-foundation"))
    count = Membership.objects.count()

    response = post_add_form(
        editor_browser,
        Membership,
        person=person.pk,
        member_organisation=meta.pk,
        organisation=foundation.pk,
        role_fr="membre",
    )

    assert response.status_code == HTTPStatus.OK
    errors = errors_of(response)
    assert any("exactly one member" in message for message in errors["person"])
    assert "__all__" not in errors
    assert "exactly one member" in response.content.decode()
    assert Membership.objects.count() == count


@pytest.mark.parametrize(
    ("model", "values", "field", "words"),
    [
        (
            Membership,
            {
                "role_fr": "membre",
                "start_date": "2022-09-12",
                "start_date_precision": "day",
                "end_date": "2020-01-01",
                "end_date_precision": "day",
            },
            "end_date",
            "before the start date",
        ),
        (
            Organisation,
            {"name_fr": "Nouvelle", "slug": "nouvelle", "kind": "company", "founded": "2020-03-04"},
            "founded_precision",
            "year, a month or a day",
        ),
        (
            Statement,
            {"kind": "quote", "slug": "sans-orateur", "text_fr": "Bonjour.", "language": "fr"},
            "speaker",
            "needs its speaker",
        ),
        (
            Statement,
            {
                "kind": "claim",
                "slug": "traduit",
                "text_fr": "Bonjour.",
                "language": "fr",
                "original_language": "en",
            },
            "rendered_by",
            "who translated it",
        ),
        (
            Event,
            {"title_fr": "Fait", "slug": "fait", "kind": "other", "verification": "disputed"},
            "verification_note_fr",
            "disputed or retracted",
        ),
        (
            Citation,
            {"text": "PyTorch", "start": "10", "end": "5"},
            "end",
            "after start",
        ),
    ],
    ids=[
        "membership-dates",
        "founded-precision",
        "quote-speaker",
        "translator",
        "dispute-note",
        "citation-offsets",
    ],
)
def test_constraint_messages_appear_on_the_named_field(
    seed, editor_browser, model, values, field, words
):
    if model is Membership:
        values = {
            **values,
            "person": Person.objects.get(slug="jim-zemlin").pk,
            "organisation": Organisation.objects.get(slug="linux-foundation").pk,
        }
    if model is Citation:
        values = {**values, "source": Source.objects.get().pk}
    count = model.objects.count()

    response = post_add_form(editor_browser, model, **values)

    assert response.status_code == HTTPStatus.OK
    errors = errors_of(response)
    assert field in errors, errors
    assert any(words in message for message in errors[field]), errors
    assert model.objects.count() == count


def inline_prefix(page, model):
    return next(
        inline.formset.prefix
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is model
    )


def test_a_figure_is_edited_with_its_statement_under_the_statements_version(
    seed, editor, editor_browser
):
    figure = Figure.objects.order_by("pk").first()
    statement = figure.statement
    version = statement.version
    page = editor_browser.get(change_url(statement))
    data = form_data(page)
    prefix = inline_prefix(page, Figure)
    index = next(i for i in range(10) if data.get(f"{prefix}-{i}-id") == str(figure.pk))
    data[f"{prefix}-{index}-scope_en"] = "edited scope"

    response = editor_browser.post(change_url(statement), data)

    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    figure.refresh_from_db()
    statement.refresh_from_db()
    assert figure.scope_en == "edited scope"
    assert figure.history.first().history_user == editor
    assert statement.version == version + 1


def test_duplicate_participant_is_refused_with_a_readable_message(seed, editor_browser):
    existing = EventParticipant.objects.filter(person__isnull=False).first()
    event = existing.event
    count = EventParticipant.objects.count()
    page = editor_browser.get(change_url(event))
    data = form_data(page)
    prefix = inline_prefix(page, EventParticipant)
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(total + 1),
            f"{prefix}-{total}-person": str(existing.person_id),
            f"{prefix}-{total}-role": existing.role,
        }
    )

    response = editor_browser.post(change_url(event), data)

    assert response.status_code == HTTPStatus.OK
    messages = [m for name, ms in errors_of(response).items() for m in ms]
    assert any("already takes part" in m for m in messages), errors_of(response)
    assert EventParticipant.objects.count() == count


def test_citation_added_by_pasting_the_passage_finds_its_offsets(seed, editor_browser):
    source = Source.objects.get()
    start = source.text.index("PyTorch") + 1
    passage = source.text[start : start + 60]
    passage = passage if source.text.count(passage) == 1 else source.text[start : start + 200]

    response = post_add_form(editor_browser, Citation, source=source.pk, text=passage)

    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    citation = Citation.objects.get(source=source, text=passage)
    assert (citation.start, citation.end) == (start, start + len(passage))
    page = editor_browser.get(change_url(citation)).content.decode()
    assert "<mark>" in page


def test_passage_not_in_the_source_is_refused_on_the_passage_field(seed, editor_browser):
    source = Source.objects.get()

    response = post_add_form(editor_browser, Citation, source=source.pk, text="Not in the article")

    assert response.status_code == HTTPStatus.OK
    assert any("not in the source" in m for m in errors_of(response)["text"])


def test_cited_source_text_is_read_only(seed, editor_browser):
    source = Source.objects.get()
    text = source.text
    page = editor_browser.get(change_url(source))
    data = form_data(page)
    assert "text" not in data

    data["text"] = "Rewritten."
    response = editor_browser.post(change_url(source), data)

    assert response.status_code == HTTPStatus.FOUND
    source.refresh_from_db()
    assert source.text == text


def test_second_editor_is_told_of_a_concurrent_edit_and_nothing_is_overwritten(
    seed, editor, django_user_model
):
    from django.contrib.auth.models import Group

    other = django_user_model.objects.create_user("second-editor", password=PASSWORD, is_staff=True)
    other.groups.add(Group.objects.get(name=EDITOR_GROUP))
    first, second = logged_in(editor), logged_in(other)
    event = Event.objects.get(slug="pytorch-joins-linux-foundation")
    first_data = form_data(first.get(change_url(event)))
    second_data = form_data(second.get(change_url(event)))

    first_data["title_en"] = "First editor's title"
    assert first.post(change_url(event), first_data).status_code == HTTPStatus.FOUND
    second_data["title_en"] = "Second editor's title"
    second_data["description_en"] = "Second editor's description"
    response = second.post(change_url(event), second_data)

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "This record was changed by editor-test" in page
    assert "reload the page" in page
    event.refresh_from_db()
    assert event.title_en == "First editor's title"
    assert event.description_en != "Second editor's description"
    assert event.history.filter(history_user=other).count() == 0
    # Reloading and applying the edit again works.
    retry = form_data(second.get(change_url(event)))
    retry["title_en"] = "Second editor's title"
    assert second.post(change_url(event), retry).status_code == HTTPStatus.FOUND


def test_a_save_that_loses_the_race_after_the_check_is_refused(seed, editor, editor_browser):
    """Another write lands between the form's version check and the guarded UPDATE."""
    person = Person.objects.get(slug="soumith-chintala")
    data = form_data(editor_browser.get(change_url(person)))
    data["sort_name"] = "Lost race"
    table = connection.ops.quote_name(Person._meta.db_table)
    interleaved = []

    def other_writer_first(execute, sql, params, many, context):
        if not interleaved and sql.startswith(f"UPDATE {table} SET") and "version" in sql:
            interleaved.append(sql)
            Person.objects.filter(pk=person.pk).update(version=F("version") + 1)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(other_writer_first):
        response = editor_browser.post(change_url(person), data)

    assert interleaved, "the guarded UPDATE never ran"
    assert response.status_code == HTTPStatus.OK
    assert "This record was changed by" in response.content.decode()
    person.refresh_from_db()
    assert person.sort_name != "Lost race"


def test_change_form_without_its_version_is_refused(seed, editor_browser):
    organisation = Organisation.objects.get(slug="amd")
    data = form_data(editor_browser.get(change_url(organisation)))
    del data["loaded_version"]
    data["name_en"] = "Tampered"

    response = editor_browser.post(change_url(organisation), data)

    assert response.status_code == HTTPStatus.OK
    organisation.refresh_from_db()
    assert organisation.name_en != "Tampered"


def test_create_demo_editor_refuses_without_debug(db):
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("create_demo_editor")

    assert not get_user_model().objects.filter(username="editor").exists()


def test_create_demo_editor_is_idempotent_and_the_account_logs_in(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.delenv("FOUNDATION_DEMO_PASSWORD", raising=False)
    out = StringIO()

    call_command("create_demo_editor", stdout=out)
    call_command("create_demo_editor", stdout=out)

    user = get_user_model().objects.get(username="editor")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [EDITOR_GROUP]
    reviewer = get_user_model().objects.get(username="reviewer")
    assert list(reviewer.groups.values_list("name", flat=True)) == [REVIEWER_GROUP]
    assert reviewer.check_password("pytorch-foundation-demo") and not reviewer.is_superuser
    printed = out.getvalue()
    assert "http://127.0.0.1:8000/admin/login/" in printed
    assert "pytorch-foundation-demo" in printed
    settings.DEBUG = False
    client = logged_in(user, "pytorch-foundation-demo")
    assert client.get(changelist_url(Organisation)).status_code == HTTPStatus.OK


def test_create_demo_editor_takes_its_password_from_the_environment(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("FOUNDATION_DEMO_PASSWORD", "another-long-demo-passphrase")

    call_command("create_demo_editor", stdout=StringIO())

    assert (
        get_user_model()
        .objects.get(username="editor")
        .check_password("another-long-demo-passphrase")
    )


def test_new_person_is_added_with_a_membership_in_one_form(seed, editor_browser):
    foundation = Organisation.objects.get(slug="pytorch-foundation")
    page = editor_browser.get(add_url(Person))
    data = form_data(page)
    prefix = next(
        inline.formset.prefix
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is Membership
    )
    data.update(
        {
            "name": "Ada Example",
            "slug": "ada-example",
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-organisation": str(foundation.pk),
            f"{prefix}-0-role_fr": "membre du conseil",
            f"{prefix}-0-status": "draft",
        }
    )

    response = editor_browser.post(add_url(Person), data)

    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    membership = Membership.objects.get(person__slug="ada-example")
    assert membership.organisation == foundation
    assert membership.slug.startswith("membre-du-conseil-")
