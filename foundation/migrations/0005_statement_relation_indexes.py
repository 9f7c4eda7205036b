"""Statements of one speaker, event or organisation, in list order, without a sort.

Detail pages and API details list a person's (an event's, an organisation's) statements in
the list order. Given (status) + ORDER BY, SQLite's planner preferred walking the whole list
index in order, checking each of 95,000 rows (0.5-1.5 s per person page at 100k); with the
relation first, it reads exactly that record's statements, already sorted. PostgreSQL's
planner picks the relation index and sorts the few rows itself, so it needs none of these.
"""

from django.db import migrations

INDEXES = [
    (f"foundation_statement_by_{name}", f"{column}, status, date DESC, slug, id")
    for name, column in (
        ("speaker", "speaker_id"),
        ("event", "event_id"),
        ("behalf", "on_behalf_of_id"),
    )
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name, columns in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON foundation_statement ({columns})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name, _columns in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("foundation", "0004_list_indexes"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
