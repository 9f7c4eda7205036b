"""Search text, written again by the rule of this migration (foundation.models.base):

- a statement's holds its speaker's names and aliases, and its organisation's and event's
  while those are published, so "zemlin" finds what Jim Zemlin said;
- numbers written with their thousands grouped are stored as one ("2 400", "2,400" → "2400",
  foundation.text.search_fold), as the words of a query are.

The fields each model's text reads are listed here as they are at this migration (the
historical models have no search_fields). PostgreSQL's generated vectors and SQLite's trigram
indexes follow the column by themselves.
"""

from django.db import migrations

from foundation.text import search_fold

SEARCH_FIELDS = {
    "Organisation": (
        "name_fr",
        "name_en",
        "other_names",
        "slug",
        "description_fr",
        "description_en",
    ),
    "Person": ("name", "other_names", "slug", "description_fr", "description_en"),
    "Membership": ("role_fr", "role_en"),
    "Event": ("title_fr", "title_en", "description_fr", "description_en"),
    "Statement": ("text_fr", "text_en"),
    "Source": ("title", "publisher", "slug"),
}
# A statement's links, the names each gives, and whether it gives them only while published.
LINKED = {
    "speaker": (("name", "other_names"), False),
    "on_behalf_of": (("name_fr", "name_en", "other_names"), True),
    "event": (("title_fr", "title_en"), True),
}


def names(record, fields):
    found = []
    for name in fields:
        found.extend(line.strip() for line in str(getattr(record, name) or "").splitlines())
    return [name for name in dict.fromkeys(found) if name]


def rewrite(apps, schema_editor):
    alias = schema_editor.connection.alias
    for model_name, fields in SEARCH_FIELDS.items():
        model = apps.get_model("foundation", model_name)
        rows = model._base_manager.using(alias).all()
        if model_name == "Statement":
            rows = rows.select_related(*LINKED)
        changed = []
        for row in rows.iterator(chunk_size=2000):
            texts = [getattr(row, name) for name in fields]
            if model_name == "Statement":
                for link, (name_fields, while_published) in LINKED.items():
                    linked = getattr(row, link)
                    if linked is not None and (not while_published or linked.status == "published"):
                        texts.extend(names(linked, name_fields))
            text = search_fold(" ".join(str(text or "") for text in texts))
            if text != row.search_text:
                row.search_text = text
                changed.append(row)
        model._base_manager.using(alias).bulk_update(changed, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("foundation", "0016_organisation_french_article")]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop, elidable=False)]
