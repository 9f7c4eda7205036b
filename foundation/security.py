"""Security plumbing: login throttling, security event logging, response headers.

Security events go to the "foundation.security" logger, one line each, with the event, the
user and the client IP (the log record carries the time). Credentials never reach the log:
only the username is read from a failed login's credentials, and paths are logged without
their query string, where tokens sometimes travel.
"""

import logging
from http import HTTPStatus

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import DatabaseError
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from drf_spectacular.views import SpectacularRedocView

logger = logging.getLogger("foundation.security")

LOGGED_STATUSES = {HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN, HTTPStatus.TOO_MANY_REQUESTS}


def client_ip(request):
    """The address axes throttles on, so the log and the lockout agree."""
    if request is None:
        return "-"
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or "-"


def is_api_request(request):
    return request.path_info.startswith("/api/")


def _user_label(user):
    try:
        if user is None or not user.is_authenticated:
            return "anonymous"
        return user.get_username()
    except DatabaseError:
        # The lazy user needs the session and the database; a log line must not fail with them.
        return "unknown"


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, skipped when there is no request to throttle.

    Only code without an HTTP request (the shell, the test client's login()) authenticates
    without one; every login form and API authentication passes the request, so every
    login over HTTP is still throttled per user and IP.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """429 with Retry-After: the lock lifts by itself after the cool-off."""
    cool_off = get_cool_off(request)
    retry_after = int(cool_off.total_seconds()) if cool_off else None
    message = (
        "Too many failed logins for this account from this address. "
        "Try again after the cool-off period."
    )
    if is_api_request(request):
        response = JsonResponse(
            {"detail": message, "code": "login_throttled"}, status=HTTPStatus.TOO_MANY_REQUESTS
        )
    else:
        response = HttpResponse(
            message, content_type="text/plain; charset=utf-8", status=HTTPStatus.TOO_MANY_REQUESTS
        )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@receiver(user_logged_in, dispatch_uid="foundation-security-login")
def log_login(sender, request, user, **kwargs):
    logger.info("login user=%s ip=%s", user.get_username(), client_ip(request))


@receiver(user_logged_out, dispatch_uid="foundation-security-logout")
def log_logout(sender, request, user, **kwargs):
    logger.info("logout user=%s ip=%s", _user_label(user), client_ip(request))


@receiver(user_login_failed, dispatch_uid="foundation-security-login-failed")
def log_login_failed(sender, credentials, request=None, **kwargs):
    # Django already masks the password in credentials; read the username and nothing else.
    username = credentials.get("username") or credentials.get("email") or "-"
    logger.warning("login-failed user=%s ip=%s", username, client_ip(request))


def _view_class(request):
    match = getattr(request, "resolver_match", None)
    return getattr(getattr(match, "func", None), "view_class", None)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the one narrow exception the API reference needs.

    Redoc (drf-spectacular's SpectacularRedocView) builds its styles at run time with
    styled-components, which cannot carry a nonce: its page alone may use inline styles
    (and a blob: worker for its search). Scripts stay nonce-only everywhere.
    """

    relaxed_views = {
        SpectacularRedocView: {"style-src": [SELF, UNSAFE_INLINE], "worker-src": [SELF, "blob:"]}
    }

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        view_class = _view_class(request)
        for relaxed, directives in self.relaxed_views.items():
            if view_class is not None and issubclass(view_class, relaxed):
                parts.replace = {**(parts.replace or {}), **directives}
        return parts


class SecurityHeadersMiddleware:
    """Headers Django has no setting for: Permissions-Policy (deny powerful features)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class SecurityEventLogMiddleware:
    """Logs every 401, 403 and 429 with the user and IP, whichever layer produced it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in LOGGED_STATUSES:
            logger.warning(
                "denied status=%s user=%s ip=%s method=%s path=%s",
                response.status_code,
                _user_label(getattr(request, "user", None)),
                client_ip(request),
                request.method,
                request.path,
            )
        return response
