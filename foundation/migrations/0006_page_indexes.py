"""Indexes for the timeline and the feeds (see docs/deploy.md, "Indexes").

- Events in date order, undated last (home page, timeline): the views sort by
  `date IS NULL, date, title` (foundation.views.base.EVENT_ORDER), which an index on those
  expressions serves, where SQLite cannot declare NULLS LAST. SQLite sorts only the events
  of one date by title; before, it sorted all 5,000 events for each page of 50 (~5 ms).
- Feeds, the newest 50 updates: `status, updated_at DESC, id` (both databases), where each
  feed sorted every published record (~90 ms for statements at 100,000).

SQLite chooses indexes from the statistics of ANALYZE: a new index without any looks more
selective than it is, and the statement list then sorted 95,000 rows by its feed index. The
new indexes are analysed here when the database has statistics already.
"""

from django.db import migrations

INDEXES = [
    ("foundation_event_list", "foundation_event", "status, (date IS NULL), date"),
    ("foundation_event_feed", "foundation_event", "status, updated_at DESC, id"),
    ("foundation_statement_feed", "foundation_statement", "status, updated_at DESC, id"),
]


def create(apps, schema_editor):
    for name, table, columns in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
            analysed = cursor.fetchone() is not None
        if analysed:
            for name, _table, _columns in INDEXES:
                schema_editor.execute(f"ANALYZE {name}")


def drop(apps, schema_editor):
    for name, _table, _columns in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("foundation", "0005_statement_relation_indexes"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
