"""Errors as JSON with a useful message; database rules become 400/409, never 500.

Every message is in the request's API language (foundation/api/language.py): ours are
translated in foundation/locale, DRF's, django-filter's and Django's come with their own
catalogs; nothing passes through in a fixed language.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from foundation.models import EditConflict

from .preconditions import PreconditionFailed


class InUse(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Other records still refer to this one: change or delete them first.")
    default_code = "in_use"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This conflicts with a record saved at the same moment: read and retry.")
    default_code = "conflict"


def exception_handler(exc, context):
    if isinstance(exc, EditConflict):
        exc = PreconditionFailed()
    elif isinstance(exc, ProtectedError | RestrictedError):
        blockers = getattr(exc, "protected_objects", None) or exc.restricted_objects
        names = sorted({str(obj._meta.verbose_name_plural) for obj in blockers})
        exc = InUse(
            gettext(
                "Other records still refer to this one (%(kinds)s): change or delete them first."
            )
            % {"kinds": ", ".join(names)}
        )
    elif isinstance(exc, IntegrityError):
        # A concurrent write won a unique constraint between validation and the INSERT.
        exc = Conflict()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        # get_object_or_404's message is English whatever the language ("No Person matches
        # the given query."): DRF's own, translated, says the same.
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
