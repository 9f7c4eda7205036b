"""A record's public history: its published versions, what changed and when, in words.

The page of each record (`/<lang>/<kind>/<slug>/history/`), the API
(`/api/v1/<kind>/<slug>/history/`) and the Atom feed of changes (`/<lang>/feeds/changes/`)
read it from here. Only published versions are public: each entry is a history row of the
record with status published, compared with the published version before it, so what a
draft held in between is never shown, and a record a visitor cannot see today (a draft, or
tied to one: `visible_to`) has no public history at all (its address is a 404).

Corrections are stated plainly: a changed field is named with what it said before and what it
says now (a link to another record is only named: the record it pointed to may be hidden), a
change of verification (disputed, retracted) comes with its note, and the reason an editor
gave for the change (the history row's change reason) is shown as written.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator

from foundation.models import CitedRecord
from foundation.models.history import history_rows
from foundation.models.visibility import PUBLISHED

# Kept by the write itself, or the same for every version shown: not what a reader follows.
NOT_SHOWN = {"id", "version", "created_at", "updated_at", "search_text", "status"}
NOT_SHOWN |= {"verified_by", "verified_at"}
VALUE_LENGTH = 300


@dataclass
class Change:
    label: str
    before: str | None = None
    after: str | None = None


@dataclass
class Version:
    id: int
    when: object
    kind: str  # "created", "updated" or "republished"
    changes: list = field(default_factory=list)
    reason: str = ""

    @property
    def summary(self):
        if self.kind == "created":
            return _("First published")
        if self.kind == "republished":
            return _("Published again")
        return _("Changed: %(fields)s") % {
            "fields": ", ".join(change.label for change in self.changes) or _("nothing shown")
        }


def tracked_fields(model):
    """[(field, label)] of the fields a version compares, bilingual ones per language."""
    try:
        translated = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        translated = {}
    columns = {column.name: (name, column.language) for name, fields in translated.items()
               for column in fields}  # fmt: skip
    shown = []
    for model_field in model._meta.concrete_fields:
        name = model_field.name
        if name in NOT_SHOWN or name in translated:
            continue
        label = capfirst(str(model_field.verbose_name))
        if name in columns:
            base, language = columns[name]
            base_label = capfirst(str(model._meta.get_field(base).verbose_name))
            language_name = get_language_info(language)["name_translated"]
            label = f"{base_label} ({language_name})"
        shown.append((model_field, label))
    return shown


def shown_value(model_field, value):
    """A value as words a reader can follow (None for a link: named, not shown)."""
    if model_field.is_relation:
        return None
    if value is None or value == "":
        return _("(empty)")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(model_field, models.DateTimeField):
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(model_field, models.DateField):
        return value.isoformat()
    return Truncator(str(value)).chars(VALUE_LENGTH)


def compare(fields, before, after):
    changes = []
    for model_field, label in fields:
        old, new = getattr(before, model_field.attname), getattr(after, model_field.attname)
        if old != new:
            changes.append(
                Change(label, shown_value(model_field, old), shown_value(model_field, new))
            )
    return changes


def published_versions(model, ids):
    """{record id: [Version, newest first]} of these records: two queries whatever their
    number (their history rows, and the passages each published version cited)."""
    rows = list(history_rows(model).filter(id__in=ids).order_by("id", "history_date", "history_id"))
    cited = {}
    if issubclass(model, CitedRecord):
        snapshot = model.history.model.citations.model
        public = [row.history_id for row in rows if row.status == PUBLISHED]
        for history, citation in snapshot.objects.filter(history__in=public).values_list(
            "history", "citation"
        ):
            cited.setdefault(history, set()).add(citation)
    fields = tracked_fields(model)
    versions = {pk: [] for pk in ids}
    previous, shown_before = {}, {}
    for row in rows:
        public = row.status == PUBLISHED and row.history_type != "-"
        if not public:
            previous[row.id] = None
            continue
        last_shown = shown_before.get(row.id)
        reason = row.history_change_reason or ""
        if last_shown is None:
            version = Version(row.history_id, row.history_date, "created", reason=reason)
        else:
            changes = compare(fields, last_shown, row)
            if cited.get(last_shown.history_id, set()) != cited.get(row.history_id, set()):
                changes.append(Change(capfirst(_("passages cited"))))
            gap = previous.get(row.id) is None
            kind = "republished" if gap else "updated"
            if not changes and not reason and not gap:
                previous[row.id] = row
                continue
            version = Version(row.history_id, row.history_date, kind, changes, reason)
        versions[row.id].append(version)
        previous[row.id] = shown_before[row.id] = row
    return {pk: list(reversed(found)) for pk, found in versions.items()}


def changes_feed(models_, size):
    """The newest `size` published versions of the records a visitor sees today, across
    these kinds: [(record, Version)], newest first (two queries per kind, then the merge)."""
    entries = []
    for model in models_:
        public = model.objects.public()
        latest = list(
            history_rows(model)
            .filter(status=PUBLISHED, id__in=public.values("id"))
            .exclude(history_type="-")
            .order_by("-history_date", "-history_id")
            .values_list("id", flat=True)[: size * 4]
        )
        ids = list(dict.fromkeys(latest))
        # What a record's name shows (a statement's speaker) is what it requires.
        records = public.select_related(*model.visibility.requires).in_bulk(ids)
        for pk, versions in published_versions(model, ids).items():
            entries += [(records[pk], version) for version in versions if pk in records]
    entries.sort(key=lambda entry: (entry[1].when, entry[1].id), reverse=True)
    return entries[:size]
