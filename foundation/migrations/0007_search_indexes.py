"""Search indexes that every write keeps current and every search reads in full.

PostgreSQL: the GIN indexes of 0002 stop collecting new entries in a pending list
(fastupdate), which every search read through entry by entry until a VACUUM merged it: with
100,000 statements loaded after migrating, a word that matches nothing cost 5-10 ms over the
five tables instead of 0.3. Each write now updates the index itself (bulk loads ~15% slower);
the existing lists are merged here.

SQLite: an FTS5 trigram index per searchable table (foundation.search.trigram_index_sql),
filled here and kept current by triggers, so that a search reads the rows holding its letters
instead of every row. Skipped where SQLite lacks FTS5's trigram tokenizer (before 3.34):
search then reads every row, as before.

Both: search_text now folds œ, æ, ø, ł, đ, ð, þ and ı as PostgreSQL's unaccent does
(foundation.text.LETTERS). Those letters are replaced in the stored text here, which equals
folding it again; on PostgreSQL the generated vector follows.
"""

from django.db import migrations

TABLES = (
    "foundation_organisation",
    "foundation_person",
    "foundation_event",
    "foundation_statement",
    "foundation_source",
)
# The letters of foundation.text.LETTERS as of this migration.
LETTERS = {"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}


def refold(schema_editor):
    replaced = "search_text"
    for letter, plain in LETTERS.items():
        replaced = f"replace({replaced}, '{letter}', '{plain}')"
    holds = " OR ".join(f"search_text LIKE '%%{letter}%%'" for letter in LETTERS)
    for table in TABLES:
        schema_editor.execute(f"UPDATE {table} SET search_text = {replaced} WHERE {holds}")


def create(apps, schema_editor):
    from foundation.search_index import trigram_index_sql, trigram_support

    refold(schema_editor)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in TABLES:
            index = f"{table}_search_vector"
            schema_editor.execute(f"ALTER INDEX {index} SET (fastupdate = off)")
            schema_editor.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")
    elif vendor == "sqlite" and trigram_support():
        for table in TABLES:
            for sql in trigram_index_sql(table):
                schema_editor.execute(sql)


def drop(apps, schema_editor):
    from foundation.search_index import drop_trigram_index_sql

    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER INDEX {table}_search_vector RESET (fastupdate)")
    elif vendor == "sqlite":
        for table in TABLES:
            for sql in drop_trigram_index_sql(table):
                schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("foundation", "0005_statement_relation_indexes"),
        ("foundation", "0006_page_indexes"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
