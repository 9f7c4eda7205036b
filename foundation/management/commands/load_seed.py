"""The seed fixtures, loaded without ever undoing an editor's work.

`make run` runs this on every start. A record is matched to its fixture entry by natural key
(a slug; a passage's source and offsets; a figure's statement and position; a participant's
event, person or organisation and role). What is missing is created, with a first history
entry; every record that exists is left as it is, edits, status, version and timestamps
included; a record deleted or renamed since it was loaded is not brought back. Only
--reset puts the fixtures' text back, saying per record what differs, through
foundation.services (validated, under the record's version, with a history entry).
"""

import json
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.core.serializers.base import DeserializationError
from django.db import models, transaction

from foundation import services
from foundation.changes import record_changes
from foundation.models import ChangeKind, CitedRecord, EditConflict, Publishable, Versioned
from foundation.models.base import rewrite_derived_fields
from foundation.models.kinds import content_models
from foundation.roles import editorial_account

SEED_FIXTURES = ["pytorch_foundation"]
# The account the fixtures name as the checker of every record they mark checked: the
# editors who read each record against the article when the fixtures were built.
SEED_CHECKER = ("editorial-desk", "Foundation editorial desk")
LOADED = "Loaded from the seed fixtures"
RESET = "Reset to the seed fixtures"
# Set by every write itself (or derived from other fields): never compared, never put back.
BOOKKEEPING = {"version", "created_at", "updated_at", "search_text", "sort_key_fr", "sort_key_en"}
SHOWN_LENGTH = 60
GONE = "deleted or renamed since it was loaded"


class Command(BaseCommand):
    help = (
        "Load the seed fixtures (the PyTorch Foundation article and every record extracted "
        "from it): create the records that are missing, each with a first history entry, and "
        "leave every existing record as it is. --reset puts the fixtures' values back into "
        "the records that differ (saying what differs, with history); --dry-run writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Overwrite seeded records that differ from the fixtures, and recreate deleted "
            "ones; each change is listed and kept in the record's history.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would change.")

    @no_translations
    def handle(self, *args, reset, dry_run, verbosity, **options):
        self.reset, self.dry_run, self.verbosity = reset, dry_run, verbosity
        self.created, self.edited, self.gone, self.unchanged, self.reset_count = [], [], [], 0, 0
        self.with_history = {}
        with transaction.atomic():
            editorial_account(*SEED_CHECKER)
            waiting = self.load(fixture_entries())
            if waiting and not any(self.with_history.values()):
                # Nothing was ever loaded here: the fixtures themselves are wrong.
                errors = "\n".join(str(error) for _entry, error in waiting)
                raise CommandError(f"The seed fixtures name records they do not hold:\n{errors}")
            # Saved raw, as loaddata does: what they derive (search text, sort keys) follows
            # the rules of today's code.
            rewrite_derived_fields(self.created)
            self.record_first_history()
            if dry_run:
                transaction.set_rollback(True)
        self.report(waiting)

    # --- Loading ---------------------------------------------------------------------------

    def load(self, entries):
        """Each entry in turn; one that names a record not there yet waits for a later round.

        Returns the entries never loaded, with why (they need a record that is not there).
        """
        pending = [(entry, None) for entry in entries]
        while pending:
            waiting = []
            for entry, _error in pending:
                try:
                    (item,) = serializers.deserialize("python", [entry])
                except DeserializationError as error:
                    waiting.append((entry, error))
                    continue
                self.apply(entry, item)
            if len(waiting) == len(pending):
                return waiting
            pending = waiting
        return []

    def apply(self, entry, item):
        record = item.object
        if record.pk is None:
            if self.ever_existed(record):
                if not self.reset:
                    self.gone.append(record)
                    return
                verb = "Would recreate" if self.dry_run else "Recreated"
                self.say(f"{verb} {describe(record)}, {GONE}.")
                record._change_reason = RESET
            # Raw, as loaddata saves: the fixtures' own timestamps and version.
            record.skip_history_when_saving = True
            item.save()
            del record.skip_history_when_saving
            self.created.append(record)
            return
        current = type(record)._base_manager.get(pk=record.pk)
        changes = differences(current, entry, item)
        if not changes:
            self.unchanged += 1
        elif self.reset:
            self.say(f"{'Would reset' if self.dry_run else 'Reset'} {describe(current)}:")
            self.show(changes)
            put_back(current, changes)
            self.reset_count += 1
        else:
            self.edited.append((current, changes))

    def ever_existed(self, record):
        """Whether a record ever had this natural key: then an editor deleted or renamed it."""
        model = type(record)
        if model not in self.with_history:  # none on a fresh database: one query per kind
            self.with_history[model] = model.history.exists()
        return self.with_history[model] and model.history.filter(**identity(record)).exists()

    def record_first_history(self):
        """One history entry per created record, its citations included (a raw save records
        none): what the admin's History lists and Revert can go back to."""
        by_model = {}
        for record in self.created:
            by_model.setdefault(type(record), []).append(record)
        for model, records in by_model.items():
            rows = model.history.bulk_history_create(records, default_change_reason=LOADED)
            if issubclass(model, CitedRecord):
                store_citations(model, rows)
        # The change feed announces them, as it does every write; their parts and passages
        # are part of them.
        record_changes(
            [
                (record, ChangeKind.CREATED)
                for record in self.created
                if isinstance(record, Publishable)
            ]
        )

    # --- Saying what happened --------------------------------------------------------------

    def say(self, text, verbosity=1):
        if self.verbosity >= verbosity:
            self.stdout.write(text)

    def show(self, changes, verbosity=1):
        for name, now, seed in changes:
            if isinstance(now, set):
                change = f"{len(now - seed)} removed, {len(seed - now)} added"
                self.say(f"    {name}: {len(now)} → {len(seed)} ({change})", verbosity)
            else:
                self.say(f"    {name}: {shown(now)} → {shown(seed)}", verbosity)

    def report(self, waiting):
        would = "would be " if self.dry_run else ""
        for record, changes in self.edited:
            self.say(f"Kept {describe(record)}, edited since it was loaded:", 2)
            self.show(changes, 2)
        for record in self.gone:
            self.say(f"Not recreated {describe(record)}, {GONE}.", 2)
        for _entry, error in waiting:
            self.say(f"Not loaded, it names a record {GONE}: {error}", 2)
        summary = [f"{len(self.created)} {would}created", f"{self.unchanged} unchanged"]
        if self.reset:
            summary.append(f"{self.reset_count} {would}reset")
        if self.edited:
            summary.append(f"{len(self.edited)} kept as edited (--reset overwrites them)")
        if self.gone:
            summary.append(f"{len(self.gone)} deleted or renamed, not recreated (--reset does)")
        if waiting:
            summary.append(f"{len(waiting)} not loaded, naming records deleted or renamed")
        self.say(self.style.SUCCESS(f"Seed records: {', '.join(summary)}."))
        if self.dry_run:
            self.say("Dry run: nothing was written.")
        for model in content_models():
            self.say(f"  {model._meta.verbose_name_plural}: {model._base_manager.count()}")


def fixture_entries():
    entries = []
    for name in SEED_FIXTURES:
        paths = [Path(folder) / f"{name}.json" for folder in settings.FIXTURE_DIRS]
        path = next((path for path in paths if path.exists()), None)
        if path is None:
            raise CommandError(f"The seed fixture {name}.json is not in FIXTURE_DIRS.")
        entries += json.loads(path.read_text(encoding="utf-8"))
    return entries


def identity(record):
    """The columns a record's natural key reads: its unique field (a slug), or the fields of
    its unique constraints (a passage's source and offsets, a figure's statement and
    position, a participant's event, person or organisation and role)."""
    meta = record._meta
    fields = [field for field in meta.concrete_fields if field.unique and not field.primary_key]
    if not fields:
        names = {
            name
            for constraint in meta.constraints
            if isinstance(constraint, models.UniqueConstraint)
            for name in constraint.fields
        }
        fields = [meta.get_field(name) for name in sorted(names)]
    return {field.attname: getattr(record, field.attname) for field in fields}


def store_citations(model, history_rows):
    """services.snapshot_citations for many first history rows at once: each row holds the
    citations its record has."""
    through = model.citations.through
    owner = through._meta.get_field(services.citations_owner_field(model)).attname
    row_of = {row.id: row for row in history_rows}
    fields = [field.attname for field in through._meta.fields]
    stored = type(history_rows[0]).citations.model
    stored.objects.bulk_create(
        stored(
            history=row_of[getattr(link, owner)],
            **{name: getattr(link, name) for name in fields},
        )
        for link in through.objects.filter(**{f"{owner}__in": row_of})
    )


def compared_fields(model, entry):
    """The fixture entry's fields, less bookkeeping and the untranslated copy of a
    bilingual field (its _fr and _en columns are compared)."""
    skipped = BOOKKEEPING | set(getattr(model, "translated_fields", ()))
    return [model._meta.get_field(name) for name in entry["fields"] if name not in skipped]


def differences(current, entry, item):
    """[(field name, current value, fixture value)] where the record differs from its entry."""
    changes = []
    for field in compared_fields(type(current), entry):
        if field.many_to_many:
            now = set(getattr(current, field.name).values_list("pk", flat=True))
            seed = set(item.m2m_data.get(field.name, ()))
        else:
            now, seed = getattr(current, field.attname), getattr(item.object, field.attname)
        if now != seed:
            changes.append((field.name, now, seed))
    return changes


def put_back(current, changes):
    """Write the fixture's values of the changed fields, as an editor's save would."""
    citations = None
    for name, _now, seed in changes:
        field = current._meta.get_field(name)
        if field.many_to_many:
            citations = sorted(seed)
        else:
            setattr(current, field.attname, seed)
    current._change_reason = RESET
    try:
        services.save_record(
            record=current,
            user=None,
            expected_version=current.version if isinstance(current, Versioned) else None,
            citations=citations,
        )
    except (ValidationError, EditConflict) as error:
        raise CommandError(f"Could not reset {describe(current)}: {error}") from error


def describe(record):
    key = " · ".join(str(part) for part in record.natural_key() if part != "")
    return f"{record._meta.verbose_name} {key}"


def shown(value):
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"
