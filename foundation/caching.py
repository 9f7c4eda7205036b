"""One content version for the whole site, and the shared cache and validators built on it.

The version is a value in a one-row table that database triggers renew on every INSERT,
UPDATE and DELETE of a content table (foundation_*, history tables aside). It is random, not
a counter: after a rollback, a restored backup or a recreated database a counter would
reach the same number again with other content behind it, and a cache that outlived the
database (Redis) would serve the old pages under it. Triggers, not
signals, because bulk_create, QuerySet.update(), loaddata and raw SQL skip signals but not
triggers: whatever writes (admin, API, shell, a management command), the version moves in
the same transaction as the write.

ContentCacheMiddleware reads the version with one primary-key query and uses it for
anonymous GET/HEAD requests:
- the ETag of a page or API list is derived from it: If-None-Match answers 304 at once;
- full responses are kept in the default cache (Redis when REDIS_URL is set) under a key
  that contains the version, so a write makes every older entry unreachable: an edit is
  visible on the very next request, without deleting anything.
Responses that are personal or set cookies (CSRF token used, Set-Cookie, private or no-store)
are never stored. A view's own ETag (the API's per-record ETags) is kept and honoured.
"""

import hashlib
import logging
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Paginator
from django.db import DatabaseError, connections, router
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

logger = logging.getLogger("foundation.caching")

VERSION_TABLE = "foundation_content_version"
# Tables whose writes change nothing a reader sees: history is written alongside the record.
UNTRACKED_PREFIXES = ("foundation_historical", VERSION_TABLE)
DEFAULT_TIMEOUT = 600
NONCE_MARK = b"\x00csp-nonce\x00"


# --- The version and its triggers --------------------------------------------------------


def new_version_sql(vendor):
    """A random 63-bit integer, computed by the database itself (triggers have no Python)."""
    if vendor == "postgresql":
        return "floor(random() * 9223372036854775807)::bigint"
    return "abs(random() % 9223372036854775807)"


def create_version_table(schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(
        f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} "
        "(id integer PRIMARY KEY, version bigint NOT NULL)"
    )
    schema_editor.execute(
        f"INSERT INTO {VERSION_TABLE} (id, version) SELECT 1, {new_version_sql(vendor)} "
        f"WHERE NOT EXISTS (SELECT 1 FROM {VERSION_TABLE} WHERE id = 1)"
    )


def drop_version_table(schema_editor):
    for table in tracked_tables(schema_editor.connection):
        for sql in drop_trigger_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(sql)
    schema_editor.execute(f"DROP TABLE IF EXISTS {VERSION_TABLE}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS foundation_bump_content_version()")


def tracked_tables(connection):
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return [
        name
        for name in names
        if name.startswith("foundation_") and not name.startswith(UNTRACKED_PREFIXES)
    ]


def trigger_sql(vendor, table):
    bump = f"UPDATE {VERSION_TABLE} SET version = {new_version_sql(vendor)} WHERE id = 1"
    if vendor == "postgresql":
        # One bump per statement: a bulk insert of 10,000 rows costs one UPDATE, not 10,000.
        return [
            f"CREATE OR REPLACE TRIGGER {table}_content_version "
            f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION foundation_bump_content_version()"
        ]
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {table}_content_version_{event.lower()} "
            f"AFTER {event} ON {table} BEGIN {bump}; END"
            for event in ("INSERT", "UPDATE", "DELETE")
        ]
    return []


def drop_trigger_sql(vendor, table):
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_content_version ON {table}"]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {table}_content_version_{event}"
            for event in ("insert", "update", "delete")
        ]
    return []


def install_triggers(connection):
    """(Re)create the bump triggers on every content table; safe to run any number of times.

    Runs after every migrate (see FoundationConfig.ready), so a table added by a later
    migration is tracked without anyone remembering to.
    """
    with connection.cursor() as cursor:
        if VERSION_TABLE not in connection.introspection.table_names(cursor):
            return
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION foundation_bump_content_version() RETURNS trigger "
                f"AS $$ BEGIN UPDATE {VERSION_TABLE} SET version = {new_version_sql('postgresql')} "
                "WHERE id = 1; "
                "RETURN NULL; END $$ LANGUAGE plpgsql"
            )
        for table in tracked_tables(connection):
            for sql in trigger_sql(connection.vendor, table):
                cursor.execute(sql)


def install_triggers_after_migrate(using="default", **kwargs):
    install_triggers(connections[using])


@contextmanager
def triggers_suspended(connection):
    """For bulk loads inside one transaction: no per-row bumps, one bump at the end.

    A trigger makes SQLite keep a statement journal for every INSERT (tens of kilobytes
    each), and PostgreSQL update the version row once per statement: at 100,000 rows that is
    most of the time spent. The tables are locked by the transaction meanwhile anyway.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("Suspend the version triggers only inside transaction.atomic().")
    tables = tracked_tables(connection)
    with connection.cursor() as cursor:
        for table in tables:
            for sql in drop_trigger_sql(connection.vendor, table):
                cursor.execute(sql)
    yield
    install_triggers(connection)
    bump_content_version(connection.alias)


# The version ContentCacheMiddleware read for the read-only request being served, so that
# the counts and choices computed under it cost no second query.
_request_version = ContextVar("foundation_request_version", default=None)


def content_version(using=None):
    """The current content version, read where the page's data will be read from."""
    alias = using or router.db_for_read(None) or "default"
    seen = _request_version.get()
    if seen is not None and seen[0] == alias:
        return seen[1]
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT version FROM {VERSION_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def bump_content_version(using="default"):
    """For writes the triggers cannot see (none today); triggers bump every table write."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {VERSION_TABLE} SET version = {new_version_sql(connection.vendor)} "
            "WHERE id = 1"
        )


def content_timeout():
    """How long an entry keyed by a content version is kept (a write makes it unreachable)."""
    return getattr(settings, "CONTENT_CACHE_TIMEOUT", DEFAULT_TIMEOUT)


def release():
    """Names the deployed code in keys of rendered HTML, so no entry outlives its template."""
    return getattr(settings, "RELEASE", "") or code_fingerprint()


def remembered(key, compute):
    """compute(), kept in the shared cache under `key`, which must hold the content version.

    None is a value like any other (stored inside a tuple), so it is not computed again.
    """
    cache = caches["default"]
    entry = cache.get(key)
    if entry is None:
        entry = (compute(),)
        cache.set(key, entry, content_timeout())
    return entry[0]


# --- Counts -------------------------------------------------------------------------------


def cached_count(queryset, version=None):
    """COUNT(*) of a queryset, computed once per content version.

    Counting 100,000 visible statements costs SQLite ~20 ms per page view: more than the
    rest of an API list. The count only changes when the content does, so it is kept in the
    shared cache under the version (read from the queryset's own database).
    """
    alias = queryset.db
    if version is None:
        version = content_version(alias)
    sql, params = queryset.query.sql_with_params()
    text = f"{version}\n{alias}\n{sql}\n{params!r}"
    key = "count:" + hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    return remembered(key, queryset.count)


class VersionedCountPaginator(Paginator):
    """A Paginator whose total comes from cached_count: for ListView.paginator_class and
    DRF's PageNumberPagination.django_paginator_class."""

    @cached_property
    def count(self):
        if isinstance(self.object_list, QuerySet):
            return cached_count(self.object_list)
        return super().count


# --- Fragments ----------------------------------------------------------------------------


def request_content_version():
    """The version ContentCacheMiddleware read for this anonymous read, or None.

    None for signed-in users and other uncacheable requests: their pages may show drafts, and
    reading the version for them would cost a query their pages do not make today.
    """
    seen = _request_version.get()
    return None if seen is None else seen[1]


def cached_fragments(name, records, render, *, variant=""):
    """The HTML of each record, each kept in the shared cache per version.

    render(records) returns the HTML of each of the records given, in order: it is called
    once, with the records not found in the cache, so it can fetch what they need in bulk.
    For parts repeated across pages (a statement's quote card appears in lists, on home and
    on its people's pages): one get_many per page, the misses rendered and stored with one
    set_many. Only for anonymous reads (request_content_version), so a fragment never holds
    a draft; the key holds the version (a write makes every older fragment unreachable),
    the release (a deploy changes templates), the language and the record's pk.
    """
    version = request_content_version()
    if version is None:
        return render(records) if records else []
    prefix = f"fragment:{name}:{variant}:{version}:{release()}:{get_language()}:"
    keys = [f"{prefix}{record.pk}" for record in records]
    cache = caches["default"]
    found = cache.get_many(keys)
    missing = [(key, record) for key, record in zip(keys, records, strict=True) if key not in found]
    if missing:
        rendered = render([record for _key, record in missing])
        new = {key: str(html) for (key, _record), html in zip(missing, rendered, strict=True)}
        cache.set_many(new, content_timeout())
        found.update(new)
    # Rendered by our own templates, escaped there.
    return [mark_safe(found[key]) for key in keys]


# --- The middleware ----------------------------------------------------------------------


@cache
def code_fingerprint():
    """Changes when a deploy changes code or templates, so no page outlives its template.

    Set RELEASE (env FOUNDATION_RELEASE) in production to skip this walk at start-up.
    """
    # Contents, not modification times: every server of a deploy gets the same fingerprint.
    root = Path(settings.BASE_DIR)
    digest = hashlib.blake2b(digest_size=8)
    for folder in ("foundation", "templates", "config"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in (".py", ".html", ".txt", ".mo") and "migrations" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


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
        token = _request_version.set((alias, version))
        try:
            return self.respond(request, version)
        finally:
            _request_version.reset(token)

    def respond(self, request, version):
        key = self.cache_key(request, version)
        etag = f'W/"{key[-20:]}"'
        if get_conditional_response(request, etag=etag) is not None:
            return self.not_modified(etag)
        cache = caches["default"]
        entry = cache.get(key)
        if entry is not None:
            return self.replay(request, entry)
        response = self.get_response(request)
        if not is_cacheable_response(request, response):
            return response
        if not response.has_header("ETag"):
            response["ETag"] = etag
        patch_cache_control(response, max_age=0, must_revalidate=True)
        cache.set(key, self.entry(request, response), self.timeout)
        return response

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
        return (response.status_code, headers, content)

    def replay(self, request, entry):
        status, headers, content = entry
        if NONCE_MARK in content:
            content = content.replace(NONCE_MARK, str(request.csp_nonce).encode())
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
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
