"""ETags and If-Match: no edit silently overwrites another.

A record's ETag is its version (every record has a `version` column that each write bumps)
and a digest of what the reader was shown (a link hidden since, or an editor's fuller view,
reads otherwise). A write must name the version it read (If-Match, any reading of it); the
write (foundation.services) claims the next version with a guarded UPDATE, which fails when
someone saved in between.

If-Match compares strongly and If-None-Match weakly (RFC 9110 §13.1.1, §13.1.2): a weak tag
(W/"…") only says two responses are equivalent, so it may spare a download but never
authorise a write.
"""

import hashlib
import re

import orjson
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException

_TAG = re.compile(r'(W/)?"([^"]*)"')


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _(
        "Send If-Match with the ETag of the record you read, so that no one else's edit is "
        "silently overwritten."
    )
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "The record changed since you read it (its ETag differs): read it again and reapply "
        "your change."
    )
    default_code = "precondition_failed"


class WeakPrecondition(PreconditionFailed):
    default_detail = _(
        'A weak ETag (W/"…") cannot authorise a write: If-Match compares ETags strongly '
        "(RFC 9110, section 13.1.1). Send the record's ETag exactly as its response gave it."
    )
    default_code = "weak_etag"


def version_tag(instance):
    """What a write depends on: the record and its version."""
    return f"{instance._meta.model_name}-{instance.pk}-v{instance.version}"


def etag_of(instance, data):
    """The record's version and a digest of what this reader was shown (`data`): the same
    record reads otherwise once a linked record is hidden or shown, or to an editor."""
    shown = orjson.dumps(data, option=orjson.OPT_SORT_KEYS, default=str)
    return f'"{version_tag(instance)}.{hashlib.blake2b(shown, digest_size=6).hexdigest()}"'


def parse_tags(header):
    """[(weak, opaque tag)] of an If-Match or If-None-Match header; None when absent."""
    if header is None:
        return None
    header = header.strip()
    if header == "*":
        return [(False, "*")]
    return [(bool(weak), tag) for weak, tag in _TAG.findall(header)]


def expected_version(request, instance):
    """The version the client read, from If-Match; 428 when absent, 412 when stale or weak."""
    tags = parse_tags(request.headers.get("If-Match"))
    if tags is None:
        raise PreconditionRequired()
    strong = {tag for weak, tag in tags if not weak}
    # Any reading of this version will do: a write depends on the record, not on its links.
    current = version_tag(instance)
    if "*" in strong or any(tag.partition(".")[0] == current for tag in strong):
        return instance.version
    if any(weak for weak, _tag in tags):
        raise WeakPrecondition()
    raise PreconditionFailed()


def not_modified(request, etag):
    """If-None-Match compares weakly: W/"x" and "x" name the same response."""
    tags = {tag for _weak, tag in parse_tags(request.headers.get("If-None-Match")) or ()}
    return "*" in tags or etag.strip('"') in tags
