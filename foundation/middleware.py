"""Clean failures: an unreachable database answers 503, never a traceback."""

import logging
from http import HTTPStatus

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

from foundation.security import is_api_request

logger = logging.getLogger("foundation.reliability")

# Connection-level failures only: a lost or refused connection, a locked SQLite file.
# Integrity and programming errors are bugs or bad input and stay what they are.
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


def service_unavailable(request):
    """A 503 that needs neither the database nor a request context to render."""
    if is_api_request(request):
        response = JsonResponse(
            {
                "detail": _("The service is temporarily unavailable. Retry shortly."),
                "code": "service_unavailable",
            },
            status=HTTPStatus.SERVICE_UNAVAILABLE,
        )
    else:
        # Rendered without a request: no context processor, so nothing can touch the database.
        html = loader.get_template("503.html").render()
        response = HttpResponse(html, status=HTTPStatus.SERVICE_UNAVAILABLE)
    response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database outage during a view into a 503 with Retry-After."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, UNAVAILABLE_ERRORS):
            return None
        # The class name is enough to diagnose; the message may quote SQL or credentials.
        logger.error(
            "database unavailable: %s on %s %s",
            type(exception).__name__,
            request.method,
            request.path,
        )
        return service_unavailable(request)
