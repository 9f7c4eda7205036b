"""Indexes that match the lists' filters and orderings (see docs/deploy.md, "Indexes").

Every public list filters on status = 'published' and sorts; without an index that starts
with status and continues with the sort keys, a page of 50 statements sorts all 100,000.
SQL rather than Meta.indexes because the orderings differ per database: pages sort undated
statements last (DESC NULLS LAST, SQLite's natural DESC order, not PostgreSQL's), the API
sorts by the model's ordering (PostgreSQL puts NULLs first in DESC), and SQLite cannot
declare NULLS LAST in an index at all.
"""

from django.db import migrations

COMMON = [
    # Visibility of a statement depends on its speaker and organisation being published:
    # counts and the speaker/organisation filters read these without touching the table.
    ("foundation_statement_status_speaker", "foundation_statement", "status, speaker_id"),
    ("foundation_statement_status_behalf", "foundation_statement", "status, on_behalf_of_id"),
    ("foundation_source_status_title", "foundation_source", "status, title, id"),
    ("foundation_person_status_sort", "foundation_person", "status, sort_name, name, id"),
]
BY_VENDOR = {
    "sqlite": [
        # SQLite's DESC already puts NULLs last: one index serves pages and API.
        ("foundation_statement_list", "foundation_statement", "status, date DESC, slug, id"),
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


def indexes(vendor):
    return COMMON + BY_VENDOR.get(vendor, [])


def create(apps, schema_editor):
    for name, table, columns in indexes(schema_editor.connection.vendor):
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")


def drop(apps, schema_editor):
    for name, _table, _columns in indexes(schema_editor.connection.vendor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("foundation", "0003_content_version"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
