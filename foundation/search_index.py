"""The search indexes, installed after every migrate from the models' own declarations.

Every model with `search_fields` (foundation.models.kinds.indexed_models) keeps its folded
text in `search_text`; its table gets an index over that column, whatever migration created
or rebuilt the table (SQLite rebuilds a table, and drops its triggers, to alter a
constraint). Like the content-version triggers (foundation.caching), the indexes are
(re)installed by a post_migrate handler, so a new searchable model is indexed without anyone
remembering to:

- PostgreSQL: a stored tsvector column GENERATED from search_text (French and English
  stemming concatenated) with a GIN index that every write updates directly (fastupdate off:
  a pending list was read entry by entry by every search until a VACUUM merged it).
- SQLite: an FTS5 trigram index per table, named search_<table> (not foundation_…, which
  would get content-version triggers a virtual table cannot take), kept current by triggers
  on every write, bulk and raw SQL included. Skipped where SQLite lacks the trigram
  tokenizer (before 3.34): search then reads every row, with the same results.
"""

import sqlite3

from django.db import connections

from foundation.models.kinds import indexed_models

TRIGGERS = ("insert", "delete", "update")


def indexed_tables():
    return [model._meta.db_table for model in indexed_models()]


def install_search_indexes(connection):
    """Create whatever index of a searchable table is missing; safe to run any number of times."""
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        tables = [table for table in indexed_tables() if table in existing]
        if connection.vendor == "postgresql":
            for table in tables:
                for sql in full_text_index_sql(table):
                    cursor.execute(sql)
        elif connection.vendor == "sqlite" and trigram_support():
            cursor.execute("SELECT name FROM sqlite_master")
            names = {name for (name,) in cursor.fetchall()}
            for table in tables:
                if not trigram_objects(table) <= names:
                    for sql in trigram_index_sql(table):
                        cursor.execute(sql)


def install_search_indexes_after_migrate(using="default", **kwargs):
    install_search_indexes(connections[using])


def full_text_index_sql(table):
    index = f"{table}_search_vector"
    return [
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
        "GENERATED ALWAYS AS ("
        "to_tsvector('french'::regconfig, coalesce(search_text, '')) || "
        "to_tsvector('english'::regconfig, coalesce(search_text, ''))"
        ") STORED",
        f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING GIN (search_vector) "
        "WITH (fastupdate = off)",
        f"ALTER INDEX {index} SET (fastupdate = off)",
    ]


def trigram_support():
    """Whether this SQLite has FTS5 with the trigram tokenizer (3.34 and later, usually)."""
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE probe USING fts5(text, tokenize='trigram')")
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()
    return True


def trigram_objects(table):
    """The names of the FTS5 table and triggers that make up `table`'s trigram index."""
    index = f"search_{table}"
    return {index, *(f"{index}_{event}" for event in TRIGGERS)}


def trigram_index_sql(table):
    """Create (or complete) the FTS5 index of `table`.search_text, its triggers, and fill it.

    External content (the index keeps no copy of the text) and detail=none (no positions).
    """
    index = f"search_{table}"
    delete = (
        f"INSERT INTO {index}({index}, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text);"
    )
    insert = f"INSERT INTO {index}(rowid, search_text) VALUES (new.id, new.search_text);"
    on = {
        "insert": f"AFTER INSERT ON {table} BEGIN {insert} END",
        "delete": f"AFTER DELETE ON {table} BEGIN {delete} END",
        "update": f"AFTER UPDATE OF id, search_text ON {table} BEGIN {delete} {insert} END",
    }
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {index} USING fts5(search_text, "
        f"content='{table}', content_rowid='id', tokenize='trigram', detail='none')",
        *(f"CREATE TRIGGER IF NOT EXISTS {index}_{event} {on[event]}" for event in TRIGGERS),
        f"INSERT INTO {index}({index}) VALUES ('rebuild')",
    ]


def drop_trigram_index_sql(table):
    index = f"search_{table}"
    return [
        *(f"DROP TRIGGER IF EXISTS {index}_{event}" for event in TRIGGERS),
        f"DROP TABLE IF EXISTS {index}",
    ]
