"""The change log integrators mirror the record by, and the webhooks that push it to them.

A `Change` row is written by foundation/changes.py in the transaction of the write it describes
(foundation/services.py calls it), so it exists exactly when the write does. Its `seq` is
assigned in commit order (see changes.py), which is what lets a reader resume from a cursor
without ever skipping or repeating one.
"""

import secrets
from base64 import b64encode

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeKind(models.TextChoices):
    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    PUBLISHED = "published", _("published")
    UNPUBLISHED = "unpublished", _("unpublished")
    DELETED = "deleted", _("deleted")
    MERGED = "merged", _("merged")


# Kinds after which the record is gone for good (a tombstone for everyone).
GONE = (ChangeKind.DELETED, ChangeKind.MERGED)


class Change(models.Model):
    """One change to one record, as a reader of the feed sees it.

    `public` says whether an anonymous reader could see the record right after the change,
    `was_public` right before it: the feed shows a visitor the changes made while the record
    was public, and a tombstone when it stops being so, and nothing of a draft.
    """

    seq = models.BigAutoField(primary_key=True)
    kind = models.CharField(_("kind"), max_length=12, choices=ChangeKind.choices)
    record_type = models.CharField(_("record type"), max_length=40)
    record_id = models.BigIntegerField(_("record id"))
    slug = models.CharField(_("slug"), max_length=120)
    version = models.PositiveIntegerField(_("version"), null=True)
    at = models.DateTimeField(_("time"))
    public = models.BooleanField(_("public after"))
    was_public = models.BooleanField(_("public before"))
    # The record a merged one became (kind "merged").
    survivor_id = models.BigIntegerField(_("survivor id"), null=True, blank=True)
    survivor_slug = models.CharField(_("survivor slug"), max_length=120, blank=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        indexes = [
            # The previous change of a record (was_public, its last public slug).
            models.Index(fields=["record_type", "record_id", "seq"], name="change_record_idx"),
        ]

    def __str__(self):
        return f"#{self.seq} {self.kind} {self.record_type} {self.slug} v{self.version}"


def new_secret():
    """A Standard Webhooks secret: whsec_ and 32 random bytes in base64."""
    return "whsec_" + b64encode(secrets.token_bytes(32)).decode()


class Endpoint(models.Model):
    """Where an integrator wants changes POSTed, signed with its secret."""

    url = models.URLField(
        _("URL"),
        max_length=500,
        help_text=_("http or https; addresses on private networks are refused."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    secret = models.CharField(
        _("secret"),
        max_length=100,
        default=new_secret,
        help_text=_("Shared with the receiver, which checks each delivery's signature with it."),
    )
    kinds = models.JSONField(
        _("events"),
        default=list,
        blank=True,
        help_text=_("The kinds of change to deliver; none ticked means all."),
    )
    record_types = models.JSONField(
        _("record types"),
        default=list,
        blank=True,
        help_text=_("The kinds of record to deliver changes of; none ticked means all."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Deliveries carry the changes this user may see."),
    )
    active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(
        _("consecutive failures"), default=0, editable=False
    )
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True, editable=False)
    disabled_reason = models.TextField(_("why it was disabled"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["url", "pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return self.description or self.url

    def wants(self, kind, record_type):
        return (not self.kinds or kind in self.kinds) and (
            not self.record_types or record_type in self.record_types
        )


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")


class Delivery(models.Model):
    """One change to deliver to one endpoint, until the endpoint answers 2xx."""

    endpoint = models.ForeignKey(
        Endpoint, verbose_name=_("endpoint"), on_delete=models.CASCADE, related_name="deliveries"
    )
    change = models.ForeignKey(
        Change, verbose_name=_("change"), on_delete=models.CASCADE, related_name="+"
    )
    # Copied from the change: deliveries of one record go out in order (see webhooks.py).
    record_type = models.CharField(_("record type"), max_length=40)
    record_id = models.BigIntegerField(_("record id"))
    # The kind of change as the endpoint's owner sees it (a tombstone, perhaps).
    kind = models.CharField(_("kind"), max_length=12, choices=ChangeKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # A worker sending it holds it until then; one that crashed lets it go.
    leased_until = models.DateTimeField(null=True, blank=True, editable=False)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(_("last status code"), null=True, blank=True)
    last_latency_ms = models.PositiveIntegerField(_("last latency (ms)"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(
                fields=["endpoint", "record_type", "record_id", "status"],
                name="delivery_record_idx",
            ),
        ]

    def __str__(self):
        return f"{self.change} → {self.endpoint}"


class DeliveryAttempt(models.Model):
    """One POST of a delivery: what the endpoint answered and how long it took."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="log"
    )
    at = models.DateTimeField(_("time"))
    status_code = models.PositiveIntegerField(_("status code"), null=True, blank=True)
    latency_ms = models.PositiveIntegerField(_("latency (ms)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"
