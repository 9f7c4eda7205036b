"""Security plumbing: login throttling, security event logging, response headers.

Security events go to the "foundation.security" logger, one line each, with the event, the
user and the client IP (the log record carries the time). Credentials never reach the log:
only the username is read from a failed login's credentials, and paths are logged without
their query string, where tokens sometimes travel.
"""

import ipaddress
import logging
from http import HTTPStatus

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from csp.constants import HEADER as CSP_HEADER
from csp.constants import HEADER_REPORT_ONLY as CSP_HEADER_REPORT_ONLY
from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import DatabaseError
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.utils.module_loading import import_string
from django.utils.translation import gettext

logger = logging.getLogger("foundation.security")

LOGGED_STATUSES = {HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN, HTTPStatus.TOO_MANY_REQUESTS}


def client_ip(request):
    """The client's address: the one answer for the login lockout, API throttling and the log.

    settings.TRUSTED_PROXIES (DJANGO_TRUSTED_PROXIES) says how many reverse proxies stand in
    front of the app, each appending the address it received the request from to
    X-Forwarded-For (nginx: `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`).
    - 0, the default: the peer's address (REMOTE_ADDR). X-Forwarded-For is ignored: any
      client can write it.
    - N: the Nth address from the right of X-Forwarded-For, the one the outermost trusted
      proxy saw; whatever stands to its left was written by the client. A header with fewer
      addresses (the request did not come through the proxies) or an entry that is not an
      address falls back to REMOTE_ADDR.
    None when there is no request or no valid address.
    """
    if request is None:
        return None
    meta = request.META
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",")] if forwarded.strip() else []
        if len(hops) >= proxies and (address := ip_address_or_none(hops[-proxies])):
            return address
    return ip_address_or_none(meta.get("REMOTE_ADDR", ""))


def ip_address_or_none(value):
    """An address in its normal written form (IPv4-mapped IPv6 as IPv4), or None.

    Takes what proxies write: a bare address, `1.2.3.4:port` or `[2001:db8::1]:port`.
    """
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return str(address)


def _log_ip(request):
    return client_ip(request) or "-"


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
    message = gettext(
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
    logger.info("login user=%s ip=%s", user.get_username(), _log_ip(request))


@receiver(user_logged_out, dispatch_uid="foundation-security-logout")
def log_logout(sender, request, user, **kwargs):
    logger.info("logout user=%s ip=%s", _user_label(user), _log_ip(request))


@receiver(user_login_failed, dispatch_uid="foundation-security-login-failed")
def log_login_failed(sender, credentials, request=None, **kwargs):
    # Django already masks the password in credentials; read the username and nothing else.
    username = credentials.get("username") or credentials.get("email") or "-"
    logger.warning("login-failed user=%s ip=%s", username, _log_ip(request))


# django-csp's per-response policy: what its decorators set on a response and its middleware
# reads back (ContentCacheMiddleware keeps these with a stored response and replays them).
CSP_RESPONSE_ATTRIBUTES = tuple(
    f"_csp_{part}{suffix}"
    for part in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware: the policy of settings, with each response's own changes.

    A view's exception travels on its response (django-csp's `_csp_replace` and friends, set
    by its decorators or by ViewPolicyMiddleware), never on the request: a response replayed
    from the page cache has no resolved view, but carries the attributes it was stored with.

    A 304 carries no policy. The browser updates the page it keeps with the 304's headers
    (RFC 9111, 4.3.4): a policy built for the empty 304 (no view exception, no nonce) would
    replace the one that matches the kept body, whose nonces and styles it would then refuse.
    """

    def process_response(self, request, response):
        if response.status_code == HTTPStatus.NOT_MODIFIED:
            for header in (CSP_HEADER, CSP_HEADER_REPORT_ONLY):
                if header in response:
                    del response[header]
            return response
        return super().process_response(request, response)


class ViewPolicyMiddleware:
    """Puts the policy exceptions some views need on their responses, as django-csp's
    decorators would; it sits inside the page cache, so a stored response keeps them.

    Redoc (drf-spectacular's SpectacularRedocView) builds its styles at run time with
    styled-components, which cannot carry a nonce: its page alone may use inline styles
    (and a blob: worker for its search). Scripts stay nonce-only everywhere.
    """

    relaxed_views = {
        "drf_spectacular.views.SpectacularRedocView": {
            "style-src": [SELF, UNSAFE_INLINE],
            "worker-src": [SELF, "blob:"],
        }
    }

    def __init__(self, get_response):
        self.get_response = get_response
        # Imported here: the API's views import this module (throttling reads client_ip).
        self.relaxed = [
            (import_string(path), policy) for path, policy in self.relaxed_views.items()
        ]

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view_class = getattr(getattr(match, "func", None), "view_class", None)
        if view_class is None:
            return response
        for relaxed, directives in self.relaxed:
            if issubclass(view_class, relaxed):
                response._csp_replace = {
                    **(getattr(response, "_csp_replace", None) or {}),
                    **directives,
                }
        return response


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
                _log_ip(request),
                request.method,
                request.path,
            )
        return response
