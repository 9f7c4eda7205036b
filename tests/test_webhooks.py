"""Signed webhooks, delivered by the real background worker to a receiver on loopback."""

import datetime
import time
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from standardwebhooks import Webhook

from foundation import services, webhooks
from foundation.models import Citation, Delivery, DeliveryStatus, Endpoint, Organisation, Source

from .webhook_receiver import Receiver

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def hook_settings(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOKS_BACKOFF = 0
    settings.WEBHOOKS_TIMEOUT = 5
    settings.FOUNDATION_BASE_URL = "https://foundation.example"
    return settings


@pytest.fixture
def receiver():
    with Receiver() as receiver:
        yield receiver


@pytest.fixture
def integrator(db):
    """The endpoint's owner: signed in, with no permission on content (sees what visitors do)."""
    return get_user_model().objects.create_user("integrator", "i@example.org", "a-long-pw-12")


def endpoint_for(receiver, owner, **fields):
    return Endpoint.objects.create(url=receiver.url, owner=owner, **fields)


def organisation(slug, status="published"):
    """An organisation written as an editor would, citing a passage (published facts do)."""
    source, _ = Source.objects.get_or_create(
        slug="hook-source",
        defaults={
            "title": "Source",
            "language": "fr",
            "text": "Acme existe.",
            "status": "published",
        },
    )
    if source.status != "published":
        services.publish(records=[source], user=None)
    passage, _ = Citation.objects.get_or_create(source=source, start=0, end=4, text="Acme")
    record = Organisation(slug=slug, name_fr=slug, kind="other", status=status)
    return services.save_record(record=record, user=None, citations=[passage])


def events(receiver, endpoint):
    """What the receiver got, each checked against the endpoint's secret as an integrator does."""
    checker = Webhook(endpoint.secret)
    return [checker.verify(body, headers) for _path, headers, body in receiver.received]


def test_a_change_is_delivered_by_the_worker_signed_and_logged(
    hook_settings, receiver, integrator, run_tasks
):
    endpoint = endpoint_for(receiver, integrator)
    record = organisation("acme")
    # Never inside the write: nothing is sent until the worker runs.
    assert receiver.received == []
    run_tasks()
    (event,) = events(receiver, endpoint)
    assert event["type"] == "record.created"
    assert event["data"]["slug"] == "acme"
    assert event["data"]["id"] == record.pk
    assert event["data"]["url"] == "https://foundation.example/api/v1/organisations/acme/"
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED
    (attempt,) = delivery.log.all()
    assert attempt.status_code == HTTPStatus.NO_CONTENT
    assert attempt.latency_ms is not None
    # A forged or altered body is refused by the receiver's check.
    _path, headers, body = receiver.received[0]
    with pytest.raises(Exception, match="signature"):
        Webhook(endpoint.secret).verify(body.replace(b"acme", b"acne"), headers)


def test_an_owner_gets_no_change_of_a_draft_and_a_tombstone_when_it_goes(
    hook_settings, receiver, integrator, editor, run_tasks
):
    endpoint = endpoint_for(receiver, integrator)
    draft = organisation("secret-draft", status="draft")
    public = organisation("public-one")
    services.unpublish(records=[public], user=editor)
    run_tasks()
    got = [(event["type"], event["data"]["slug"]) for event in events(receiver, endpoint)]
    assert got == [("record.created", "public-one"), ("record.unpublished", "public-one")]
    assert draft.slug not in str(receiver.received)


def test_failures_back_off_then_disable_the_endpoint_with_a_notice(
    hook_settings, receiver, integrator, run_tasks, admin_client
):
    hook_settings.WEBHOOKS_DISABLE_AFTER = 3
    receiver.answers = [500, 503, 500]
    endpoint = endpoint_for(receiver, integrator)
    organisation("acme")
    with translation.override("en"):
        run_tasks()
    endpoint.refresh_from_db()
    assert len(receiver.received) == 3
    assert not endpoint.active
    assert "3 failed deliveries in a row" in endpoint.disabled_reason
    delivery = Delivery.objects.get()
    assert [attempt.status_code for attempt in delivery.log.all()] == [500, 503, 500]
    assert delivery.status == DeliveryStatus.PENDING
    # The admin says so, where endpoints are managed.
    page = admin_client.get(reverse("admin:foundation_endpoint_changelist"))
    assert endpoint.disabled_reason in page.content.decode()
    # Enabled again, what waited is sent.
    admin_client.post(
        reverse("admin:foundation_endpoint_changelist"),
        {"action": "enable_again", "_selected_action": [endpoint.pk]},
    )
    run_tasks()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert len(receiver.received) == 4


def test_retries_wait_longer_each_time(hook_settings, receiver, integrator, run_tasks):
    hook_settings.WEBHOOKS_BACKOFF = 60
    receiver.answers = [500]
    endpoint_for(receiver, integrator)
    organisation("acme")
    run_tasks()
    delivery = Delivery.objects.get()
    first_wait = delivery.next_attempt_at - delivery.log.get().at
    assert datetime.timedelta(seconds=59) < first_wait <= datetime.timedelta(seconds=61)
    # The retry is queued for then, not before.
    assert len(receiver.received) == 1
    webhooks.finish(delivery, 500, 1, "HTTP 500")
    delivery.refresh_from_db()
    assert delivery.next_attempt_at - timezone.now() > datetime.timedelta(seconds=110)


def test_changes_of_one_record_arrive_in_order_despite_a_failure(
    hook_settings, receiver, integrator, run_tasks
):
    endpoint = endpoint_for(receiver, integrator)
    receiver.answers = [500]  # the first change fails once
    record = organisation("acme")
    record.name_fr = "Acme 2"
    services.save_record(record=record, user=None, expected_version=record.version)
    record.name_fr = "Acme 3"
    services.save_record(record=record, user=None, expected_version=record.version)
    run_tasks()
    delivered = [
        event["data"]["version"]
        for (_p, _h, _b), event in zip(receiver.received, events(receiver, endpoint), strict=True)
    ]
    # Version 1 was refused once, then nothing of the record went before it.
    assert delivered == [1, 1, 2, 3]


def test_private_loopback_and_link_local_addresses_are_refused(settings, integrator, admin_client):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    for url in [
        "http://127.0.0.1:8000/hook",
        "http://10.0.0.5/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://localhost/hook",
    ]:
        with pytest.raises(webhooks.UnsafeURL):
            webhooks.check_url(url)
    with translation.override("en"), pytest.raises(webhooks.UnsafeURL, match="http and https"):
        webhooks.check_url("ftp://example.org/hook")
    response = admin_client.post(
        reverse("admin:foundation_endpoint_add"),
        {
            "url": "http://169.254.169.254/hook",
            "secret": Endpoint._meta.get_field("secret").default(),
        },
    )
    assert response.status_code == HTTPStatus.OK
    # The form says why, naming the address (in the admin's language).
    assert "(169.254.169.254)" in response.content.decode()
    assert not Endpoint.objects.exists()


def test_a_redirect_is_not_followed(hook_settings, receiver, integrator, run_tasks):
    hook_settings.WEBHOOKS_DISABLE_AFTER = 1
    receiver.answers = [302]
    receiver.redirect_to = receiver.url + "/moved"
    endpoint_for(receiver, integrator)
    organisation("acme")
    with translation.override("en"):
        run_tasks()
    assert [path for path, _h, _b in receiver.received] == ["/hooks"]
    delivery = Delivery.objects.get()
    assert delivery.last_status_code == HTTPStatus.FOUND
    assert "Redirects are not followed" in delivery.last_error


def test_an_editor_redelivers_from_the_log(
    hook_settings, receiver, integrator, run_tasks, admin_client
):
    endpoint_for(receiver, integrator)
    organisation("acme")
    run_tasks()
    delivery = Delivery.objects.get()
    page = admin_client.get(reverse("admin:foundation_delivery_change", args=[delivery.pk]))
    assert "204" in page.content.decode()
    admin_client.post(
        reverse("admin:foundation_delivery_changelist"),
        {"action": "deliver_again", "_selected_action": [delivery.pk]},
    )
    run_tasks()
    assert len(receiver.received) == 2
    # The same message id: the receiver knows it has seen it.
    assert receiver.received[0][1]["webhook-id"] == receiver.received[1][1]["webhook-id"]
    assert delivery.log.count() == 2


def test_a_worker_that_died_mid_delivery_loses_nothing(
    hook_settings, receiver, integrator, run_tasks
):
    endpoint = endpoint_for(receiver, integrator)
    organisation("first")
    # A worker claimed the task, then was killed: the task stays "running" forever.
    DBTaskResult.objects.update(status="RUNNING", worker_ids=["killed"])
    Delivery.objects.update(next_attempt_at=timezone.now() - datetime.timedelta(minutes=10))
    run_tasks()
    assert receiver.received == []
    # The next write finds the stalled delivery and queues it again.
    organisation("second")
    run_tasks()
    delivered = sorted(event["data"]["slug"] for event in events(receiver, endpoint))
    assert delivered == ["first", "second"]


def test_a_user_with_the_permission_registers_an_endpoint_in_the_admin(
    hook_settings, receiver, client, run_tasks
):
    user = get_user_model().objects.create_user(
        "hooks", "h@example.org", "pw-123456", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["add_endpoint", "change_endpoint", "view_endpoint"])
    )
    client.force_login(user)
    secret = Endpoint._meta.get_field("secret").default()
    response = client.post(
        reverse("admin:foundation_endpoint_add"),
        {"url": receiver.url, "secret": secret, "kinds": ["deleted"], "active": "on"},
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[-2000:]
    endpoint = Endpoint.objects.get()
    assert (endpoint.owner, endpoint.kinds) == (user, ["deleted"])
    record = organisation("acme")
    services.delete_record(record=record, user=None, expected_version=record.version)
    run_tasks()
    # Only the kinds of change it asked for.
    assert [event["type"] for event in events(receiver, endpoint)] == ["record.deleted"]


def test_a_scheduled_publication_is_announced_like_any_other(
    hook_settings, receiver, integrator, seed, reviewer, run_tasks
):
    endpoint = endpoint_for(receiver, integrator)
    record = Organisation.objects.get(slug="linux-foundation")
    services.submit_for_review(records=[record], user=None)
    record.refresh_from_db()
    record.publish_at = timezone.now() + datetime.timedelta(seconds=1)
    services.save_record(record=record, user=reviewer, expected_version=record.version)
    run_tasks()
    time.sleep(1.2)
    run_tasks()  # the worker publishes it through services.publish, then delivers that
    about = [
        event["type"]
        for event in events(receiver, endpoint)
        if event["data"]["slug"] == "linux-foundation"
    ]
    assert about == ["record.unpublished", "record.published"]
