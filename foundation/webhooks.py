"""Signed webhooks: each change POSTed to the endpoints that want it, from the background worker.

`enqueue` runs in the write's transaction (foundation/changes.py calls it): it writes one
`Delivery` per endpoint that may see the change and enqueues a `deliver` task for it through
Django's task framework (`tasks.enqueue_in_transaction`). With the database backend both
commit with the write, so a crash after the commit loses nothing; whatever the backend, a
pending delivery whose task was lost (a worker killed mid-POST, a queue outside the database
that never got it) is enqueued again by the next write or delivery (`requeue_stalled`).

`deliver` POSTs the change signed per Standard Webhooks (webhook-id, webhook-timestamp,
webhook-signature: HMAC-SHA256 with the endpoint's secret), never inside a request, with a
timeout and no redirect followed, to an address checked again at each attempt (`check_url`).
Deliveries of one record go out in order: one waits while an earlier one for the same record
and endpoint is pending, and each success sends the next. A failure is tried again after an
exponential backoff; an endpoint that fails WEBHOOKS_DISABLE_AFTER times in a row is disabled.
"""

import datetime
import http.client
import ipaddress
import json
import socket
import ssl
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from standardwebhooks import Webhook

from foundation.models import Delivery, DeliveryAttempt, DeliveryStatus, Endpoint
from foundation.tasks import enqueue_in_transaction

# How long a delivery's task may be missing before the delivery is enqueued again.
STALLED_AFTER = datetime.timedelta(minutes=5)
# What is read of a receiver's answer: its status matters, not its body.
MAX_ANSWER = 64 * 1024


class UnsafeURL(ValueError):
    """An endpoint address the worker must not call."""


# --- Enqueueing, in the write's transaction ---------------------------------------------------


def enqueue(changes):
    """A delivery, and its task, per change and per active endpoint that wants it as its
    owner sees it (see changes.shown_kind)."""
    from foundation.changes import record_model, sees_all, shown_kind

    endpoints = list(Endpoint.objects.filter(active=True).select_related("owner"))
    if not endpoints:
        return
    now = timezone.now()
    deliveries = []
    for change in changes:
        model = record_model(change.record_type)
        for endpoint in endpoints:
            kind = shown_kind(change, sees_all(endpoint.owner, model))
            if kind is None or not endpoint.wants(kind, change.record_type):
                continue
            deliveries.append(
                Delivery(
                    endpoint=endpoint,
                    change=change,
                    record_type=change.record_type,
                    record_id=change.record_id,
                    kind=kind,
                    next_attempt_at=now,
                )
            )
    for delivery in Delivery.objects.bulk_create(deliveries):
        enqueue_in_transaction(deliver, delivery.pk)
    requeue_stalled()


def requeue_stalled(endpoint=None):
    """Enqueue again the pending deliveries no task has taken for a while (a worker killed
    mid-delivery, a task queue emptied)."""
    now = timezone.now()
    stalled = Delivery.objects.filter(
        status=DeliveryStatus.PENDING,
        endpoint__active=True,
        next_attempt_at__lt=now - STALLED_AFTER,
    ).filter(Q(leased_until=None) | Q(leased_until__lt=now))
    if endpoint is not None:
        stalled = stalled.filter(endpoint=endpoint)
    for pk in stalled.values_list("pk", flat=True)[:100]:
        Delivery.objects.filter(pk=pk).update(next_attempt_at=now)
        enqueue_in_transaction(deliver, pk)


def redeliver(deliveries):
    """Send these deliveries again (an editor asked): pending now, their task enqueued."""
    with transaction.atomic():
        for delivery in deliveries:
            Delivery.objects.filter(pk=delivery.pk).update(
                status=DeliveryStatus.PENDING, next_attempt_at=timezone.now(), leased_until=None
            )
            enqueue_in_transaction(deliver, delivery.pk)


def enable(endpoint):
    """Enable an endpoint again and send what waited for it."""
    with transaction.atomic():
        Endpoint.objects.filter(pk=endpoint.pk).update(
            active=True, consecutive_failures=0, disabled_at=None, disabled_reason=""
        )
        waiting = Delivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.PENDING)
        for pk in waiting.order_by("change_id").values_list("pk", flat=True):
            enqueue_in_transaction(deliver, pk)


# --- Delivering, in the worker ----------------------------------------------------------------


@task()
def deliver(delivery_id):
    """Send one delivery, if it is due and nothing before it for its record is pending."""
    delivery = claim(delivery_id)
    if delivery is None:
        return "skipped"
    body, headers = signed_message(delivery)
    status, latency_ms, error = post(delivery.endpoint.url, body, headers)
    finish(delivery, status, latency_ms, error)
    return status


def claim(delivery_id):
    """Lease a pending delivery to this worker, or None if it is not to be sent now."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("endpoint", "change")
            .filter(pk=delivery_id)
            .first()
        )
        if (
            delivery is None
            or delivery.status != DeliveryStatus.PENDING
            or not delivery.endpoint.active
            or (delivery.leased_until is not None and delivery.leased_until > now)
        ):
            return None
        earlier = Delivery.objects.filter(
            endpoint=delivery.endpoint_id,
            record_type=delivery.record_type,
            record_id=delivery.record_id,
            status=DeliveryStatus.PENDING,
            change_id__lt=delivery.change_id,
        )
        if earlier.exists():
            # The earlier one's success sends this one.
            return None
        delivery.leased_until = now + datetime.timedelta(seconds=2 * settings.WEBHOOKS_TIMEOUT + 30)
        delivery.save(update_fields=["leased_until"])
    return delivery


def signed_message(delivery):
    """The body and headers of a delivery, signed per Standard Webhooks."""
    from foundation.changes import represent

    data = represent(delivery.change, delivery.kind, settings.FOUNDATION_BASE_URL)
    sent_at = timezone.now()
    body = json.dumps(
        {
            "type": f"record.{delivery.kind}",
            "timestamp": sent_at.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z"),
            "data": data,
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )
    # The same id on every attempt: a receiver drops what it has seen already.
    message_id = f"msg_{delivery.pk}"
    signature = Webhook(delivery.endpoint.secret).sign(message_id, sent_at, body)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Foundation-Webhooks/1",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": signature,
    }
    return body.encode(), headers


def finish(delivery, status, latency_ms, error):
    """Log the attempt; on success send the record's next delivery, else plan a retry or
    disable an endpoint that keeps failing."""
    now = timezone.now()
    succeeded = status is not None and 200 <= status < 300
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            delivery=delivery, at=now, status_code=status, latency_ms=latency_ms, error=error
        )
        endpoint = Endpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
        delivery.attempts += 1
        delivery.last_status_code = status
        delivery.last_latency_ms = latency_ms
        delivery.last_error = error
        delivery.leased_until = None
        if succeeded:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = now
            delivery.save()
            Endpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
            following = (
                Delivery.objects.filter(
                    endpoint=delivery.endpoint_id,
                    record_type=delivery.record_type,
                    record_id=delivery.record_id,
                    status=DeliveryStatus.PENDING,
                    change_id__gt=delivery.change_id,
                )
                .order_by("change_id")
                .values_list("pk", flat=True)
                .first()
            )
            if following is not None:
                enqueue_in_transaction(deliver, following)
            requeue_stalled(endpoint)
            return
        failures = endpoint.consecutive_failures + 1
        if failures >= settings.WEBHOOKS_DISABLE_AFTER:
            reason = _(
                "Disabled after %(count)d failed deliveries in a row; the last: %(error)s. "
                "Deliveries wait for it: enable it again once the receiver works."
            ) % {"count": failures, "error": error or f"HTTP {status}"}
            Endpoint.objects.filter(pk=endpoint.pk).update(
                consecutive_failures=failures, active=False, disabled_at=now, disabled_reason=reason
            )
            delivery.next_attempt_at = None
            delivery.save()
            return
        Endpoint.objects.filter(pk=endpoint.pk).update(
            consecutive_failures=F("consecutive_failures") + 1
        )
        wait = min(
            settings.WEBHOOKS_BACKOFF * 2 ** (delivery.attempts - 1), settings.WEBHOOKS_BACKOFF_MAX
        )
        delivery.next_attempt_at = now + datetime.timedelta(seconds=wait)
        delivery.save()
        enqueue_in_transaction(deliver.using(run_after=delivery.next_attempt_at), delivery.pk)


# --- Outbound requests ------------------------------------------------------------------------


def check_url(url):
    """(scheme, host, port, path, address) for a URL the worker may call, or UnsafeURL.

    http(s) only; the host is resolved here and the request goes to the address checked, so
    a name cannot resolve to a public address for the check and a private one for the call.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UnsafeURL(_("This is not a valid address.")) from error
    if parts.scheme not in ("http", "https"):
        raise UnsafeURL(_("Only http and https addresses are allowed."))
    if not parts.hostname:
        raise UnsafeURL(_("The address names no host."))
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        message = _("The host %(host)s cannot be found.") % {"host": parts.hostname}
        raise UnsafeURL(message) from error
    addresses = [info[4][0] for info in found]
    if not settings.WEBHOOKS_ALLOW_PRIVATE:
        for address in addresses:
            if not is_public(address):
                raise UnsafeURL(
                    _(
                        "%(host)s is a private, loopback or link-local address (%(address)s): "
                        "webhooks are only sent to public addresses."
                    )
                    % {"host": parts.hostname, "address": address}
                )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.scheme, parts.hostname, port, path, addresses[0]


def is_public(address):
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address checked, whatever the name resolves to by then."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        # The certificate is checked against the host's name, not the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url, body, headers):
    """POST once, following no redirect: (status or None, latency in ms, error text)."""
    started = time.perf_counter()
    try:
        scheme, host, port, path, address = check_url(url)
    except UnsafeURL as error:
        return None, None, str(error)
    kind = PinnedHTTPSConnection if scheme == "https" else PinnedHTTPConnection
    connection = kind(host, port, address, settings.WEBHOOKS_TIMEOUT)
    try:
        connection.request("POST", path, body=body, headers=headers)
        answer = connection.getresponse()
        answer.read(MAX_ANSWER)
        status = answer.status
    except (OSError, http.client.HTTPException) as error:
        return None, elapsed_ms(started), f"{type(error).__name__}: {error}"[:500]
    finally:
        connection.close()
    error = ""
    if 300 <= status < 400:
        error = _("Redirects are not followed: give the final address.")
    elif status >= 300:
        error = f"HTTP {status}"
    return status, elapsed_ms(started), error


def elapsed_ms(started):
    return round((time.perf_counter() - started) * 1000)
