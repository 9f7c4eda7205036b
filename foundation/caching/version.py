"""The content version: one value for the whole site, renewed by database triggers on every write.

The version is a value in a one-row table that database triggers renew on every INSERT,
UPDATE and DELETE of a content table (foundation_*, history tables aside). It is random, not
a counter: after a rollback, a restored backup or a recreated database a counter would
reach the same number again with other content behind it, and a cache that outlived the
database (Redis) would serve the old pages under it. Triggers, not
signals, because bulk_create, QuerySet.update(), loaddata and raw SQL skip signals but not
triggers: whatever writes (admin, API, shell, a management command), the version moves in
the same transaction as the write.

Everything kept in the shared cache is keyed by it (`remembered`, and the counts, fragments
and pages built on it): a write makes every older entry unreachable, nothing is deleted.
"""

import hashlib
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connections, router

VERSION_TABLE = "foundation_content_version"
# Tables whose writes change nothing a reader sees: history and the change log are written
# alongside the record, the team's comments are never shown on a public surface, and webhook
# deliveries are the worker's bookkeeping.
UNTRACKED_PREFIXES = (
    "foundation_historical",
    "foundation_recordcomment",
    VERSION_TABLE,
    "foundation_change",
    "foundation_endpoint",
    "foundation_delivery",
)
DEFAULT_TIMEOUT = 600
TRIGGER_EVENTS = ("INSERT", "UPDATE", "DELETE")


# --- The table and its triggers -----------------------------------------------------------


def new_version_sql(vendor):
    """A random 63-bit integer, computed by the database itself (triggers have no Python)."""
    if vendor == "postgresql":
        return "floor(random() * 9223372036854775807)::bigint"
    return "abs(random() % 9223372036854775807)"


def bump_sql(vendor):
    return f"UPDATE {VERSION_TABLE} SET version = {new_version_sql(vendor)} WHERE id = 1"


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
            f"AFTER {event} ON {table} BEGIN {bump_sql(vendor)}; END"
            for event in TRIGGER_EVENTS
        ]
    return []


def drop_trigger_sql(vendor, table):
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_content_version ON {table}"]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {table}_content_version_{event.lower()}"
            for event in TRIGGER_EVENTS
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
                f"AS $$ BEGIN {bump_sql('postgresql')}; "
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

    A trigger makes SQLite keep a statement journal for every INSERT, and PostgreSQL update
    the version row once per statement: for a large load that is most of the time spent.
    The tables are locked by the transaction meanwhile anyway.
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


def bump_content_version(using="default"):
    """For writes the triggers cannot see (none today); triggers bump every table write."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(bump_sql(connection.vendor))


# --- Reading it ---------------------------------------------------------------------------

# (alias, version): what ContentCacheMiddleware read for the read-only request being served,
# so that the counts and choices computed under it cost no second query.
served_version = ContextVar("foundation_request_version", default=None)


def content_version(using=None):
    """The current content version, read where the page's data will be read from."""
    alias = using or router.db_for_read(None) or "default"
    seen = served_version.get()
    if seen is not None and seen[0] == alias:
        return seen[1]
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT version FROM {VERSION_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def request_content_version():
    """The version ContentCacheMiddleware read for this anonymous read, or None.

    None for signed-in users and other uncacheable requests: their pages may show drafts, and
    reading the version for them would cost a query their pages do not make today.
    """
    seen = served_version.get()
    return None if seen is None else seen[1]


# --- Entries keyed by it ------------------------------------------------------------------


def content_timeout():
    """How long an entry keyed by a content version is kept (a write makes it unreachable)."""
    return getattr(settings, "CONTENT_CACHE_TIMEOUT", DEFAULT_TIMEOUT)


def release():
    """Names the deployed code in keys of rendered HTML, so no entry outlives its template."""
    return getattr(settings, "RELEASE", "") or code_fingerprint()


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
