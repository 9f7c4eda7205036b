"""What a merge of duplicates reads: which records may be merged, the rows that point at one
(found from the model's own relations, so a new kind of row pointing at people or
organisations moves with them), their names, and where a merged record's address now leads.

The writes are foundation.services.merge_records and undo_merge.
"""

import json

from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError

from foundation.models import Merge
from foundation.models.actors import OtherNamesMixin
from foundation.text import fold

# How far a chain of merges (A into B, then B into C) is followed from A's address.
MAX_HOPS = 10


def mergeable(model):
    """Records that keep aliases can be merged (people, organisations): the merged record's
    names become the survivor's aliases."""
    return issubclass(model, OtherNamesMixin)


def pointing_rows(record):
    """[(foreign key, rows)] of every row that points at `record`, histories aside (they keep
    what was true when written)."""
    found = []
    for relation in type(record)._meta.related_objects:
        if not (relation.one_to_many or relation.one_to_one):
            continue
        model = relation.related_model
        if getattr(model, "instance_type", None) is not None or model is Merge:
            continue
        rows = model._base_manager.filter(**{relation.field.name: record}).order_by("pk")
        found.append((relation.field, rows))
    return found


def names(record):
    """Every name of the record: its name in each language, then its aliases, once each."""
    values = [getattr(record, "name", "")]
    values += [getattr(record, f"name_{code}", "") for code, _label in settings.LANGUAGES]
    values += record.alias_list
    unique = {}
    for value in values:
        if value and value.strip() and fold(value) not in unique:
            unique[fold(value)] = value.strip()
    return list(unique.values())


def new_aliases(survivor, duplicate):
    """The duplicate's names the survivor does not already have (case and accents aside)."""
    known = {fold(name) for name in names(survivor)}
    return [name for name in names(duplicate) if fold(name) not in known]


def point(row, field, record):
    """Point `row`'s `field` at `record`. A row that keeps something derived from the link
    (a proposed mention's target) defines `merged_into(field name, record)` to follow it."""
    setattr(row, field.attname, record.pk)
    follow = getattr(row, "merged_into", None)
    if follow is not None:
        follow(field.name, record)


def breaks_a_rule(row):
    """Whether a row moved to the survivor breaks a constraint: the survivor's own
    participation in the same event and role, an organisation becoming a member of itself."""
    try:
        row.validate_constraints()
    except ValidationError:
        return True
    return False


def serialised(row):
    return json.loads(serializers.serialize("json", [row]))[0]


def restored(data):
    """The row kept by `serialised`, and its many-to-many ids."""
    (item,) = serializers.deserialize("json", json.dumps([data]))
    return item.object, item.m2m_data


def survivor_of(model, slug, user):
    """The record that `model`'s merged `slug` now leads to, if `user` may see it, else None."""
    if "\x00" in slug:
        return None  # no slug holds NUL, and PostgreSQL refuses it in a query (a 500)
    label = model._meta.label_lower
    merge = Merge.objects.filter(kind=label, merged_slug=slug, undone_at=None).first()
    for _hop in range(MAX_HOPS):
        if merge is None:
            return None
        found = model.objects.visible_to(user).filter(pk=merge.survivor_id).first()
        if found is not None:
            return found
        further = Merge.objects.filter(kind=label, merged_id=merge.survivor_id, undone_at=None)
        merge = further.first()
    return None


def merges_into(model, pk):
    """The merges into the record `pk` of `model` that stand (each can be undone), newest
    first."""
    return Merge.objects.filter(
        kind=model._meta.label_lower, survivor_id=pk, undone_at=None
    ).select_related("merged_by")


def what_points_at(record):
    """[(kind, count)] of the rows that would move with `record`, and its passages."""
    counts = [
        (field.model._meta.verbose_name_plural, rows.count())
        for field, rows in pointing_rows(record)
    ]
    counts.append((record._meta.get_field("citations").verbose_name, record.citations.count()))
    return [(kind, count) for kind, count in counts if count]
