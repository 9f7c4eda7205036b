"""Every response the test client receives is served again by a strict WSGI server.

Django's test client calls the handler directly and hands the test a response object, so a
response that no WSGI server would send passes every test: a header value that is not a `str`
(an `int`, a lazy translation, a `str` subclass such as DRF's `Hyperlink` or a `SafeString`)
is a 500 under the development server (wsgiref) and whatever gunicorn makes of it in
production. `install()` makes the test client's handler replay each response, as Django's
`WSGIHandler` would give it to the server (the same status line, headers and cookies), through
`wsgiref.validate.validator` and wsgiref's own handler, whose errors are raised instead of
turned into a 500: the WSGI specification's checks (status line, header names and values of
type `str` with no control characters, no hop-by-hop header, a Content-Type except on 204 and
304, a body of `bytes`); and header values in ASCII, a Content-Length that is the body's.
"""

import io
import warnings
from wsgiref.handlers import SimpleHandler
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import WSGIWarning, validator

from django.core.handlers.base import BaseHandler
from django.test.client import ClientHandler


class StrictHandler(SimpleHandler):
    """wsgiref's server side, failing loudly where it would answer a 500 page."""

    def handle_error(self):
        raise  # called while the server handles the error: re-raise it


def served_as_wsgi(status, headers, body):
    """A WSGI application answering `status`, `headers` and `body`, as WSGIHandler would."""

    def application(environ, start_response):
        start_response(status, headers)
        return body

    return application


def check(request, response):
    """Raise AssertionError if a WSGI server could not send `response` as it is."""
    # Exactly what django.core.handlers.wsgi.WSGIHandler.__call__ gives the server.
    status = f"{response.status_code} {response.reason_phrase}"
    headers = [
        *response.items(),
        *(("Set-Cookie", cookie.output(header="")) for cookie in response.cookies.values()),
    ]
    # A streaming body is the test's to read; Django turns each of its chunks into bytes.
    body = [] if response.streaming else [response.content]
    if not response.streaming and response.has_header("Content-Length"):
        length = response["Content-Length"]
        assert length == str(len(response.content)), (
            f"Content-Length {length!r}, but a body of {len(response.content)} bytes"
        )
    for name, value in headers:
        # WSGI allows Latin-1, but HTTP recipients treat other bytes than ASCII as opaque: text
        # in a header must be encoded (RFC 8187, as Content-Disposition's filename*).
        assert str(value).isascii(), f"{name}: {value!r} is not ASCII"
    environ = {"REQUEST_METHOD": request.method, "QUERY_STRING": ""}
    setup_testing_defaults(environ)
    errors = io.StringIO()
    server = StrictHandler(io.BytesIO(), io.BytesIO(), errors, environ)
    with warnings.catch_warnings():
        warnings.simplefilter("error", WSGIWarning)
        server.run(validator(served_as_wsgi(status, headers, body)))
    assert not errors.getvalue(), errors.getvalue()


def checked(get_response):
    def get_response_checked(self, request):
        response = get_response(self, request)
        try:
            check(request, response)
        except (AssertionError, WSGIWarning, TypeError, UnicodeError) as error:
            raise AssertionError(
                f"{request.method} {request.get_full_path()} answered {response.status_code} "
                f"with a response no WSGI server may send: {error}"
            ) from error
        return response

    return get_response_checked


def install():
    """Check every response of django.test.Client and DRF's APIClient (both use ClientHandler)."""
    ClientHandler.get_response = checked(BaseHandler.get_response)


def uninstall():
    del ClientHandler.get_response
