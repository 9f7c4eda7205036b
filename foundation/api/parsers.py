"""Request bodies: JSON only, and never larger than DATA_UPLOAD_MAX_MEMORY_SIZE."""

import orjson
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import BaseParser


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "request_too_large"


def too_large(limit):
    return gettext("The request body is larger than %(limit)d bytes.") % {"limit": limit}


class BoundedJSONParser(BaseParser):
    """Reads at most the configured number of bytes, so a huge body cannot exhaust memory."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and declared.isdigit() and int(declared) > limit:
            raise RequestTooLarge(too_large(limit))
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            raise RequestTooLarge(too_large(limit))
        if not body.strip():
            raise ParseError(gettext("The request body is empty: send a JSON object."))
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError as error:
            # Where, not orjson's own words: they are English whatever the language.
            raise ParseError(
                gettext("The request body is not valid JSON (line %(line)d, column %(column)d).")
                % {"line": error.lineno, "column": error.colno}
            ) from error
