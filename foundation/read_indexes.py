"""The indexes the read paths need, per database, installed after every migrate.

Every public list filters on status and sorts; feeds read the newest updates; a detail page
reads one record's statements in list order. These indexes start with what each read filters
on and continue with its sort keys, so a page reads its rows in order and stops at its LIMIT
(bench/README.md has the plans and the costs). SQL rather than Meta.indexes because the
orderings differ per database: pages sort undated statements last (DESC NULLS LAST, SQLite's
natural DESC order, not PostgreSQL's), the API sorts by the model's ordering, and SQLite cannot
declare NULLS LAST at all.

Like the content-version triggers and the search indexes, they are (re)installed by a
post_migrate handler: SQLite drops them whenever a migration rebuilds their table, which it
does to add or alter a constraint. Migrations 0004-0006 created the first ones.
"""

from django.db import connections

COMMON = [
    # A statement's visibility reads its speaker's and organisation's: counts and the
    # speaker/organisation filters read these without touching the table.
    ("foundation_statement_status_speaker", "foundation_statement", "status, speaker_id"),
    ("foundation_statement_status_behalf", "foundation_statement", "status, on_behalf_of_id"),
    ("foundation_source_status_title", "foundation_source", "status, title, id"),
    # Lists of names in reading order, per language (models/reading.py).
    *(
        (
            f"foundation_{table}_reading_{language}",
            f"foundation_{table}",
            f"status, sort_key_{language}, slug, id",
        )
        for table in ("person", "organisation")
        for language in ("fr", "en")
    ),
    # Events in date order, undated last (home, timeline): `date IS NULL, date, title`.
    ("foundation_event_list", "foundation_event", "status, (date IS NULL), date"),
    # Feeds: the newest updates.
    ("foundation_event_feed", "foundation_event", "status, updated_at DESC, id"),
    ("foundation_statement_feed", "foundation_statement", "status, updated_at DESC, id"),
]
BY_VENDOR = {
    "sqlite": [
        # SQLite's DESC already puts NULLs last: one index serves pages and API.
        ("foundation_statement_list", "foundation_statement", "status, date DESC, slug, id"),
        # One record's statements in list order: SQLite's planner otherwise walks the whole
        # list index checking each row; PostgreSQL's sorts the few rows of the relation.
        *(
            (
                f"foundation_statement_by_{name}",
                "foundation_statement",
                f"{column}, status, date DESC, slug, id",
            )
            for name, column in (
                ("speaker", "speaker_id"),
                ("event", "event_id"),
                ("behalf", "on_behalf_of_id"),
            )
        ),
    ],
    "postgresql": [
        (
            "foundation_statement_list",
            "foundation_statement",
            "status, date DESC NULLS LAST, slug, id",
        ),
        ("foundation_statement_api_list", "foundation_statement", "status, date DESC, slug, id"),
    ],
}


def read_indexes(vendor):
    """(name, table, columns) of every read index on this kind of database."""
    return COMMON + BY_VENDOR.get(vendor, [])


def install_read_indexes(connection):
    """Create whatever read index is missing; safe to run any number of times.

    On SQLite a new index is analysed when the database has statistics already: without
    them it looks more selective than it is, and the planner picks it for the wrong reads.
    """
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        indexes = [item for item in read_indexes(connection.vendor) if item[1] in tables]
        if not indexes:
            return
        existing = {
            name
            for table in {table for _name, table, _columns in indexes}
            for name in connection.introspection.get_constraints(cursor, table)
        }
        analysed = connection.vendor == "sqlite" and "sqlite_stat1" in tables
        for name, table, columns in indexes:
            if name in existing:
                continue
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")
            if analysed:
                cursor.execute(f"ANALYZE {name}")


def install_read_indexes_after_migrate(using="default", **kwargs):
    install_read_indexes(connections[using])
