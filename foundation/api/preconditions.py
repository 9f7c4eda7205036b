"""ETags and If-Match: no edit silently overwrites another.

A record's ETag is its version: the `version` column of published-able records, the update
timestamp (in microseconds) of citations. A write must name the version it read (If-Match);
the guarded UPDATE that claims the new version fails when someone saved in between.
"""

import re

from django.db import transaction
from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import APIException

from foundation.models import Citation, EditConflict, Publishable

_TAG = re.compile(r'(?:W/)?"([^"]*)"')


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        "Send If-Match with the ETag of the record you read, so that no one else's edit is "
        "silently overwritten."
    )
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The record changed since you read it (its ETag differs): read it again and reapply "
        "your change."
    )
    default_code = "precondition_failed"


def version_of(instance):
    if isinstance(instance, Publishable):
        return instance.version
    return int(instance.updated_at.timestamp() * 1_000_000)


def etag_of(instance):
    return f'"{instance._meta.model_name}-{instance.pk}-v{version_of(instance)}"'


def parse_tags(header):
    if header is None:
        return None
    header = header.strip()
    if header == "*":
        return ["*"]
    return _TAG.findall(header)


def expected_version(request, instance):
    """The version the client read, from If-Match; 428 when absent, 412 when stale."""
    tags = parse_tags(request.headers.get("If-Match"))
    if tags is None:
        raise PreconditionRequired()
    current = etag_of(instance).strip('"')
    if "*" in tags or current in tags:
        return version_of(instance)
    raise PreconditionFailed()


def not_modified(request, instance):
    tags = parse_tags(request.headers.get("If-None-Match"))
    return bool(tags) and ("*" in tags or etag_of(instance).strip('"') in tags)


def save_guarded(instance, expected):
    """Save instance only if its stored version is still `expected`; else PreconditionFailed."""
    try:
        if isinstance(instance, Publishable):
            instance.save_if_version(expected)
            return
        with transaction.atomic():
            claimed = _claim_citation(instance, expected)
            if not claimed:
                raise EditConflict(instance, expected)
            instance.save()
    except EditConflict as error:
        raise PreconditionFailed() from error


def delete_guarded(instance, expected):
    """Delete instance only if nobody saved it since `expected` (the same guarded UPDATE)."""
    with transaction.atomic():
        if isinstance(instance, Publishable):
            claimed = (
                type(instance)
                ._base_manager.filter(pk=instance.pk, version=expected)
                .update(version=expected + 1)
            )
        else:
            claimed = _claim_citation(instance, expected)
        if not claimed:
            raise PreconditionFailed()
        instance.delete()


def _claim_citation(instance, expected):
    stored = Citation._base_manager.filter(pk=instance.pk).values_list("updated_at", flat=True)
    stored = stored.first()
    if stored is None or int(stored.timestamp() * 1_000_000) != expected:
        return 0
    return Citation._base_manager.filter(pk=instance.pk, updated_at=stored).update(
        updated_at=timezone.now()
    )
