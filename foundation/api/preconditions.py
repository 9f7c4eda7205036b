"""ETags and If-Match: no edit silently overwrites another.

A record's ETag is its version (every record has a `version` column that each write bumps).
A write must name the version it read (If-Match); the write (foundation.services) claims the
next version with a guarded UPDATE, which fails when someone saved in between.
"""

import re

from rest_framework import status
from rest_framework.exceptions import APIException

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


def etag_of(instance):
    return f'"{instance._meta.model_name}-{instance.pk}-v{instance.version}"'


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
        return instance.version
    raise PreconditionFailed()


def not_modified(request, instance):
    tags = parse_tags(request.headers.get("If-None-Match"))
    return bool(tags) and ("*" in tags or etag_of(instance).strip('"') in tags)
