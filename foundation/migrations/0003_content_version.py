"""The site-wide content version: a one-row table that triggers bump on every content write.

See foundation/caching.py. The triggers are (re)installed after every migrate as well, so
tables created by later migrations are tracked too.
"""

from django.db import migrations


def create(apps, schema_editor):
    from foundation.caching import create_version_table, install_triggers

    create_version_table(schema_editor)
    install_triggers(schema_editor.connection)


def drop(apps, schema_editor):
    from foundation.caching import drop_version_table

    drop_version_table(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("foundation", "0002_search_vectors"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
