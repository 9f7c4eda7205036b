"""Publish-at: a reviewer schedules a record, the real worker publishes it when due, through
services.publish, and no cached page stays stale."""

import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from foundation import services
from foundation.models import Organisation, Status
from tests.page_helpers import url

pytestmark = pytest.mark.django_db(transaction=True)

WAIT = 1.5  # seconds until the scheduled time: short, but the worker must wait for it


def schedule(record, user, when, **values):
    record.publish_at = when
    for name, value in values.items():
        setattr(record, name, value)
    return services.save_record(record=record, user=user, expected_version=record.version)


def in_review(slug):
    record = Organisation.objects.get(slug=slug)
    services.submit_for_review(records=[record], user=None)
    record.refresh_from_db()
    return record


def test_a_scheduled_record_goes_live_at_its_time_and_no_page_is_stale(
    seed, reviewer, client, run_tasks
):
    record = in_review("linux-foundation")
    listing = url("organisation-list", "en")
    assert record.name_en not in client.get(listing).content.decode()  # cached while hidden

    schedule(record, reviewer, timezone.now() + timedelta(seconds=WAIT))
    assert DBTaskResult.objects.count() == 1  # enqueued with the write
    assert run_tasks() == 0  # not due yet: the worker leaves it
    assert Organisation.objects.get(slug="linux-foundation").status == Status.IN_REVIEW

    time.sleep(WAIT)
    assert run_tasks() == 1
    live = Organisation.objects.get(slug="linux-foundation")
    assert live.status == Status.PUBLISHED
    assert live.publish_at is None
    assert live.history.first().history_user == reviewer  # published as who scheduled it
    assert record.name_en in client.get(listing).content.decode()
    assert client.get(live.get_absolute_url()).status_code == 200


def test_a_record_changed_after_it_was_scheduled_is_not_published_by_the_old_task(
    seed, reviewer, run_tasks
):
    record = in_review("linux-foundation")
    schedule(record, reviewer, timezone.now() + timedelta(seconds=WAIT))
    # The reviewer changes their mind: no time any more (a new version, no new task).
    schedule(record, reviewer, None)

    time.sleep(WAIT)
    assert run_tasks() == 1
    assert DBTaskResult.objects.get().return_value == "skipped: changed since scheduled"
    assert Organisation.objects.get(slug="linux-foundation").status == Status.IN_REVIEW


def test_only_a_reviewer_schedules_and_only_in_the_future(seed, editor, reviewer, run_tasks):
    record = in_review("meta")
    with pytest.raises(ValidationError) as refused:
        schedule(record, editor, timezone.now() + timedelta(hours=1))
    # Services speak the site's default language, French.
    assert "Seul un relecteur peut publier ou programmer" in str(refused.value.message_dict)

    record.refresh_from_db()
    with pytest.raises(ValidationError) as past:
        schedule(record, reviewer, timezone.now() - timedelta(minutes=1))
    assert past.value.message_dict["publish_at"] == [
        "Choisissez une heure de publication dans le futur."
    ]
    assert DBTaskResult.objects.count() == 0  # a refused write leaves no task behind
    assert Organisation.objects.get(slug="meta").publish_at is None
