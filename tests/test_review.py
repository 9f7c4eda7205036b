"""Review: draft → in review → published; only a reviewer publishes; the queue shows each
change against the published version; the team comments on a record."""

from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from foundation import services
from foundation.models import Organisation, RecordComment, Source, Status
from tests.admin_forms import form_data
from tests.page_helpers import url
from tests.test_admin import change_url, changelist_url, errors_of, logged_in, run_action

pytestmark = pytest.mark.django_db

QUEUE = "admin:review_queue"


def organisation(slug="linux-foundation"):
    return Organisation.objects.get(slug=slug)


def edit(record, user, **values):
    for name, value in values.items():
        setattr(record, name, value)
    return services.save_record(record=record, user=user, expected_version=record.version)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_an_editor_sends_a_record_for_review_and_a_reviewer_publishes_it(
    seed, editor, reviewer, client
):
    record = organisation()
    services.unpublish(records=[record], user=None)
    editor_browser = logged_in(editor)

    sent = run_action(editor_browser, Organisation, "submit_for_review", [record])
    assert sent.status_code == HTTPStatus.FOUND
    record.refresh_from_db()
    assert record.status == Status.IN_REVIEW
    # In review is not published: visitors still do not see it.
    page = url("organisation-detail", "en", slug=record.slug)
    assert client.get(page).status_code == HTTPStatus.NOT_FOUND

    # The editor is not offered to publish it, and a form that says "published" is refused
    # with the reason on the field.
    listing = editor_browser.get(changelist_url(Organisation)).content.decode()
    assert 'value="publish"' not in listing and 'value="submit_for_review"' in listing
    form = form_data(editor_browser.get(change_url(record)))
    refused = editor_browser.post(change_url(record), {**form, "status": "published"})
    assert refused.status_code == HTTPStatus.OK
    assert "Only a reviewer may publish" in " ".join(errors_of(refused)["status"])
    record.refresh_from_db()
    assert record.status == Status.IN_REVIEW

    # The reviewer publishes it from the queue.
    reviewer_browser = logged_in(reviewer)
    queue = reviewer_browser.get(reverse(QUEUE))
    assert queue.status_code == HTTPStatus.OK
    data = form_data_for(queue, record)
    published = reviewer_browser.post(reverse(QUEUE), {**data, "action": "publish"})
    assert published.status_code == HTTPStatus.FOUND
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED
    assert record.history.first().history_user == reviewer
    assert client.get(page).status_code == HTTPStatus.OK


def test_a_source_in_review_is_in_the_queue_and_published_from_it(
    seed, editor, reviewer, client, settings
):
    """The queue once answered 500 when a source was in review (its passages are no evidence),
    and the own-work rule failed on a source's history."""
    settings.FOUNDATION_REVIEWER_CANNOT_PUBLISH_OWN_WORK = True
    source = Source.objects.filter(citations__isnull=False).first()
    services.unpublish(records=[source], user=None)
    services.submit_for_review(records=[source], user=editor)
    reviewer_browser = logged_in(reviewer)
    queue = reviewer_browser.get(reverse(QUEUE))
    assert queue.status_code == HTTPStatus.OK
    data = form_data(queue, f"review-form-foundation.source-{source.pk}")
    assert reviewer_browser.post(reverse(QUEUE), {**data, "action": "publish"}).status_code == 302
    source.refresh_from_db()
    assert source.status == Status.PUBLISHED
    assert client.get(source.get_absolute_url()).status_code == HTTPStatus.OK


def form_data_for(queue, record):
    """The queue's hidden fields for `record`, as the page gives them."""
    return form_data(queue, f"review-form-foundation.organisation-{record.pk}")


def test_the_queue_shows_each_change_against_the_published_version_with_comments(
    seed, editor, reviewer
):
    record = organisation()
    published_name = record.name_en
    # A change to a published record is live at once: it goes to review first.
    services.submit_for_review(records=[record], user=editor)
    edit(record, editor, name_en="The Linux Foundation (renamed)", other_names="LF\nLinux Fdn")
    services.add_comment(record=record, user=editor, text="Renamed per the source's title.")

    queue = logged_in(reviewer).get(reverse(QUEUE))
    html = queue.content.decode()

    entry = html[html.index(f"review-foundation.organisation-{record.pk}") :]
    assert f"<del>{published_name}</del>" in entry
    assert "<ins>The Linux Foundation (renamed)</ins>" in entry
    assert "<ins>LF\nLinux Fdn</ins>" in entry or "<ins>LF" in entry
    assert "Renamed per the source&#x27;s title." in entry
    assert "editor-test" in entry  # who changed it since it was last published
    # Fields left as they were are not listed.
    assert "Founding date" not in entry and "Kind</th>" not in entry


def test_the_queue_answers_in_a_constant_number_of_queries(
    seed, editor, reviewer, django_assert_max_num_queries
):
    browser = logged_in(reviewer)
    ordered = list(Organisation.objects.order_by("pk"))

    def send(records):
        services.submit_for_review(records=records, user=editor)
        for record in records:
            edit(record, editor, name_en=record.name_en + " (edited)")
            services.add_comment(record=record, user=editor, text="Check the date.")

    send(ordered[:4])  # one with a parent among them, as later
    with django_assert_max_num_queries(40) as few:
        browser.get(reverse(QUEUE))
    send(ordered[4:])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = browser.get(reverse(QUEUE))
    assert response.content.decode().count('class="module review-entry"') == len(ordered)


def test_a_reviewer_cannot_publish_their_own_work_when_the_rule_is_on(
    seed, reviewer, django_user_model, settings
):
    settings.FOUNDATION_REVIEWER_CANNOT_PUBLISH_OWN_WORK = True
    record = organisation()
    edit(record, reviewer, name_en="Linux Foundation, as I wrote it", status=Status.IN_REVIEW)

    with pytest.raises(ValidationError) as refused:
        services.publish(records=[record], user=reviewer)
    # Services speak the site's default language, French.
    assert "un autre relecteur doit la publier" in str(refused.value)
    # Nor in one save that changes it and publishes it.
    record.refresh_from_db()
    record.name_en, record.status = "Again", Status.PUBLISHED
    with pytest.raises(ValidationError) as refused_save:
        services.save_record(record=record, user=reviewer, expected_version=record.version)
    assert "status" in refused_save.value.message_dict

    other = django_user_model.objects.create_user("second-reviewer", is_staff=True)
    other.groups.set(reviewer.groups.all())
    record.refresh_from_db()
    # Checking it against the source is reviewing, not writing: it stays publishable by them.
    services.mark_checked(records=[record], user=other)
    assert services.publish(records=[record], user=other) == 1
    assert organisation().status == Status.PUBLISHED


def test_without_the_rule_a_reviewer_publishes_their_own_changes(seed, reviewer, settings):
    settings.FOUNDATION_REVIEWER_CANNOT_PUBLISH_OWN_WORK = False
    record = organisation()
    record.name_en, record.status = "Linux Foundation, corrected", Status.PUBLISHED
    services.save_record(record=record, user=reviewer, expected_version=record.version)
    assert organisation().name_en == "Linux Foundation, corrected"


def test_the_api_refuses_publication_by_an_editor_with_the_reason(seed, editor, reviewer):
    from tests.api.conftest import token_client

    record = Organisation.objects.get(slug="meta")
    services.submit_for_review(records=[record], user=None)
    address = reverse("api:organisation-detail", args=[record.slug])
    editor_api, reviewer_api = token_client(editor), token_client(reviewer)
    etag = editor_api.get(address)["ETag"]
    refused = editor_api.patch(address, {"status": "published"}, format="json", HTTP_IF_MATCH=etag)
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert "Only a reviewer may publish" in str(refused.json()["status"])
    assert Organisation.objects.get(slug="meta").status == Status.IN_REVIEW

    accepted = reviewer_api.patch(
        address, {"status": "published"}, format="json", HTTP_IF_MATCH=etag
    )
    assert accepted.status_code == HTTPStatus.OK
    assert Organisation.objects.get(slug="meta").status == Status.PUBLISHED


def test_team_comments_live_on_the_record_page_and_do_not_change_the_record(seed, editor, reader):
    record = organisation()
    browser = logged_in(editor)
    page = browser.get(change_url(record))
    comment_url = reverse("admin:foundation_organisation_comment", args=[record.pk])
    assert comment_url in page.content.decode()

    token = page.cookies["csrftoken"].value
    sent = browser.post(
        comment_url, {"text": "Is 2000 the founding year?", "csrfmiddlewaretoken": token}
    )
    assert sent.status_code == HTTPStatus.FOUND
    shown = browser.get(change_url(record)).content.decode()
    assert "Is 2000 the founding year?" in shown
    assert organisation().version == record.version  # not an edit of the record

    empty = browser.post(comment_url, {"text": "  ", "csrfmiddlewaretoken": token})
    assert "Write the comment before sending it." in messages_of(browser.get(empty["Location"]))
    assert RecordComment.objects.count() == 1

    # Someone who may not change the record may not comment on it.
    reader.is_staff = True
    reader.save()
    outsider = logged_in(reader, password="a-long-pw-1")
    refused = outsider.post(comment_url, {"text": "spam", "csrfmiddlewaretoken": token})
    assert refused.status_code in {HTTPStatus.FORBIDDEN, HTTPStatus.FOUND}
    assert RecordComment.objects.count() == 1


def test_the_review_queue_is_closed_to_visitors_and_readers(seed, client, reader):
    assert client.get(reverse(QUEUE)).status_code == HTTPStatus.FOUND  # to the login page
    reader.is_staff = True
    reader.save()
    readers_queue = logged_in(reader, password="a-long-pw-1").get(reverse(QUEUE))
    assert readers_queue.status_code == HTTPStatus.FORBIDDEN


def test_a_reviewer_schedules_publication_from_the_record_form(seed, reviewer):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    record = organisation("meta")
    services.submit_for_review(records=[record], user=None)
    browser = logged_in(reviewer)
    when = timezone.localtime(timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    data = form_data(browser.get(change_url(record)))
    data.update(publish_at_0=when.strftime("%Y-%m-%d"), publish_at_1=when.strftime("%H:%M:%S"))

    saved = browser.post(change_url(record), data)

    assert saved.status_code == HTTPStatus.FOUND, errors_of(saved)
    record.refresh_from_db()
    assert record.publish_at == when and record.status == Status.IN_REVIEW
    task = DBTaskResult.objects.get()  # queued with the write, in its transaction
    assert task.run_after == when
    assert task.args_kwargs["args"][1:3] == [record.pk, record.version]
    queue = browser.get(reverse(QUEUE)).content.decode()
    assert "Scheduled to go live on" in queue
