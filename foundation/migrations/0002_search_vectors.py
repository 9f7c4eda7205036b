"""PostgreSQL full-text search: a stored tsvector per searchable table, GIN-indexed.

The column is GENERATED from search_text (the folded text every save() fills), so it is
current after every write, bulk_create and raw UPDATE included, without triggers. French and
English stemming are concatenated so a term matches through either language. Other databases
skip this migration: foundation.search falls back to substring matching of search_text.
"""

from django.db import migrations

TABLES = (
    "foundation_organisation",
    "foundation_person",
    "foundation_event",
    "foundation_statement",
    "foundation_source",
)


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
            "GENERATED ALWAYS AS ("
            "to_tsvector('french'::regconfig, coalesce(search_text, '')) || "
            "to_tsvector('english'::regconfig, coalesce(search_text, ''))"
            ") STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_vector ON {table} USING GIN (search_vector)"
        )


def drop_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("foundation", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_vectors, drop_vectors, elidable=False),
    ]
