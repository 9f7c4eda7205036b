"""ContentCacheMiddleware: validators and a shared cache for anonymous reads.

It reads the content version (foundation.caching.version) with one primary-key query and
uses it for anonymous GET/HEAD requests:
- the ETag of a page or API list is derived from it: If-None-Match answers 304 at once;
- full responses are kept in the default cache (Redis when REDIS_URL is set) under a key
  that contains the version, so a write makes every older entry unreachable: an edit is
  visible on the very next request, without deleting anything.
Responses that are personal or set cookies (CSRF token used, Set-Cookie, private or no-store)
are never stored. A view's own ETag (the API's per-record ETags) is kept and honoured.
What a response carries besides its headers and body is kept with it: its Content-Security-
Policy exceptions (django-csp's per-response attributes), so a replay is served under the
policy its view chose. An API request the cache answers still counts against the API's
throttles, as one the view answers does.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, router
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from rest_framework.settings import api_settings

from foundation.security import CSP_RESPONSE_ATTRIBUTES, is_api_request

from .version import content_timeout, content_version, release, served_version

# Stands in a stored body for the CSP nonce of the visitor it was rendered for.
NONCE_MARK = b"\x00csp-nonce\x00"


def is_cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in request.META or "messages" in request.COOKIES:
        return False
    if getattr(request, "_force_auth_user", None) is not None:
        return False  # DRF's APIClient.force_authenticate: signed in, without a header
    if request.path_info.startswith(cache_exempt_prefixes()):
        return False
    # Reads the session only when the visitor sent a session cookie.
    return not request.user.is_authenticated


def cache_exempt_prefixes():
    admin = "/" + settings.ADMIN_URL.lstrip("/")
    return (admin, "/i18n/", "/healthz", *getattr(settings, "CONTENT_CACHE_EXEMPT", ()))


def is_cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page carries a CSRF token: it belongs to one visitor
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


class ContentCacheMiddleware:
    """Validators and a shared cache for anonymous reads, keyed by the content version.

    Goes right after AuthenticationMiddleware: the middleware before it (security headers,
    CSP, sessions, locale, CSRF) runs on every response, cached or not.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = content_timeout()
        self.release = release()

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        alias = router.db_for_read(None) or "default"
        try:
            version = content_version(alias)
        except DatabaseError:
            # The view will meet the same outage and answer it (503); nothing to cache.
            return self.get_response(request)
        token = served_version.set((alias, version))
        try:
            return self.respond(request, version)
        finally:
            served_version.reset(token)

    def respond(self, request, version):
        key = self.cache_key(request, version)
        etag = f'W/"{key[-20:]}"'
        if get_conditional_response(request, etag=etag) is not None:
            if self.throttled(request):
                return self.get_response(request)
            return self.not_modified(etag)
        cache = caches["default"]
        entry = cache.get(key)
        if entry is not None:
            if self.throttled(request):
                return self.get_response(request)
            return self.replay(request, entry)
        response = self.get_response(request)
        if not is_cacheable_response(request, response):
            return response
        if not response.has_header("ETag"):
            response["ETag"] = etag
        patch_cache_control(response, max_age=0, must_revalidate=True)
        cache.set(key, self.entry(request, response), self.timeout)
        return response

    @staticmethod
    def throttled(request):
        """Whether the API's throttles refuse a request the cache would answer.

        Each throttle counts the request, as the view's would. A refused one goes on to the view,
        whose throttles refuse it again and answer the API's 429 (in the client's language).
        """
        if not is_api_request(request):
            return False
        # Every throttle counts the request, as DRF's view does: no short-circuit.
        allowed = [
            throttle().allow_request(request, None)
            for throttle in api_settings.DEFAULT_THROTTLE_CLASSES
        ]
        return not all(allowed)

    def cache_key(self, request, version):
        """The version is inside the hash: the key, and so the ETag, change with every write."""
        parts = (
            str(version),
            self.release,
            request.get_host(),
            request.get_full_path(),
            getattr(request, "LANGUAGE_CODE", ""),
            request.headers.get("Accept", ""),
        )
        digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
        return f"page:{digest}"

    def entry(self, request, response):
        content = response.content
        nonce = getattr(request, "_csp_nonce", None)
        if isinstance(nonce, str):
            # Each visitor gets a fresh CSP nonce: the stored body keeps a placeholder.
            content = content.replace(nonce.encode(), NONCE_MARK)
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in ("set-cookie", "content-length")
        ]
        policy = {
            name: getattr(response, name)
            for name in CSP_RESPONSE_ATTRIBUTES
            if getattr(response, name, None) is not None
        }
        return (response.status_code, headers, content, policy)

    def replay(self, request, entry):
        status, headers, content, policy = entry
        if NONCE_MARK in content:
            content = content.replace(NONCE_MARK, str(request.csp_nonce).encode())
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        for name, value in policy.items():
            setattr(response, name, value)
        conditional = get_conditional_response(request, etag=response.get("ETag"))
        if conditional is not None:
            return self.not_modified(response["ETag"], response)
        return response

    @staticmethod
    def not_modified(etag, source=None):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        if source is not None:
            for name in ("Cache-Control", "Vary", "Content-Language"):
                if source.has_header(name):
                    response[name] = source[name]
        else:
            patch_cache_control(response, max_age=0, must_revalidate=True)
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
