"""Build (or remove) a large, deterministic, synthetic archive for load tests and demos."""

import datetime
import itertools
import random
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.text import slugify
from modeltranslation.translator import NotRegistered, translator

from foundation.caching import triggers_suspended
from foundation.changes import record_bulk
from foundation.models import (
    Citation,
    Event,
    EventParticipant,
    Figure,
    Membership,
    Organisation,
    OrganisationRelation,
    Person,
    Publishable,
    Source,
    Statement,
    Status,
    Verification,
)
from foundation.models.dates import normalise
from foundation.models.kinds import content_models, record_models
from foundation.models.reading import LANGUAGES
from foundation.roles import editorial_account

from . import _demo_vocabulary as words

PREFIX = "synthetic-"
PUBLISHER = "Synthetic"
BATCH = 2000
# Per 100,000 statements; smaller runs scale down, with floors so every list has pages.
PER_100K = {
    "organisations": 300,
    "people": 1000,
    "memberships": 3000,
    "events": 5000,
    "relations": 300,
}
FLOORS = {"organisations": 12, "people": 20, "memberships": 30, "events": 20, "relations": 12}
# How a source words each relation between organisations: (French, English).
RELATION_WORDS = {
    "developed_by": ("développé par", "developed by"),
    "hosted_by": ("hébergé par", "hosted by"),
    "launched_within": ("lancé au sein de", "launched within"),
}
STATEMENTS_PER_SOURCE = 50


class Progress:
    """A one-line progress bar on a terminal; one line per step elsewhere (CI logs)."""

    def __init__(self, stdout, label, total):
        self.stdout, self.label, self.total, self.done = stdout, label, max(total, 1), 0
        self.tty = hasattr(sys.stdout, "isatty") and sys.stdout.isatty()
        self.started = time.perf_counter()

    def advance(self, count):
        self.done += count
        if self.tty:
            filled = int(30 * self.done / self.total)
            bar = "#" * filled + "-" * (30 - filled)
            self.stdout.write(f"\r{self.label:<14} [{bar}] {self.done:>7}/{self.total}", ending="")
            self.stdout.flush()

    def finish(self):
        elapsed = time.perf_counter() - self.started
        line = f"{self.label:<14} [{'#' * 30}] {self.done:>7}/{self.total} in {elapsed:.1f}s"
        self.stdout.write(("\r" if self.tty else "") + line)


@dataclass
class SourceDraft:
    language: str
    parts: list = field(default_factory=list)
    length: int = 0

    def cite(self, sentence):
        """Append a sentence; return its (start, end) in the text being written."""
        if self.parts:
            self.parts.append(" ")
            self.length += 1
        start = self.length
        self.parts.append(sentence)
        self.length += len(sentence)
        return start, self.length

    @property
    def text(self):
        return "".join(self.parts)


class Command(BaseCommand):
    help = (
        "Generate a deterministic synthetic archive (slugs start with 'synthetic-', sources are "
        "published by 'Synthetic'): about 300 organisations, 1,000 people, 3,000 memberships, "
        "300 relations between organisations, "
        "5,000 events per 100,000 statements, each statement citing a generated source. "
        "--purge removes exactly that data. Never loaded by default."
    )

    def add_arguments(self, parser):
        parser.add_argument("--statements", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same archive.")
        parser.add_argument("--purge", action="store_true", help="Remove the synthetic data.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be created, write nothing."
        )

    def handle(self, *args, statements, seed, purge, dry_run, **options):
        if statements < 1 and not purge:
            raise CommandError("--statements must be at least 1.")
        sizes = self.sizes(statements)
        if dry_run:
            action = "remove the synthetic data" if purge else f"create {sizes}"
            self.stdout.write(f"Dry run: would {action}.")
            return
        if purge or Source.objects.filter(slug__startswith=PREFIX).exists():
            self.purge()
        if purge:
            return
        started = time.perf_counter()
        if connection.vendor == "sqlite":
            # SQLite's default 2 MB page cache is far smaller than 100,000 rows and their
            # indexes; this connection gets 256 MB for the load.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")
        with transaction.atomic(), triggers_suspended(connection):
            Generator(self.stdout, random.Random(seed), sizes).run()
            # The change feed announces them, as any write (in bulk: no neighbours, no webhooks).
            for model in record_models():
                record_bulk(model, model._base_manager.filter(**synthetic(model)), "created")
        with connection.cursor() as cursor:
            # Fresh planner statistics: without them SQLite misjudges the relation indexes.
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic archive (seed {seed}) written in {time.perf_counter() - started:.1f}s."
            )
        )

    @staticmethod
    def sizes(statements):
        scale = statements / 100_000
        sizes = {name: max(FLOORS[name], round(n * scale)) for name, n in PER_100K.items()}
        sizes["statements"] = statements
        sizes["sources"] = max(1, -(-statements // STATEMENTS_PER_SOURCE))
        return sizes

    def purge(self):
        """Delete every synthetic row, and only those, in one transaction.

        Rows go with plain DELETEs (QuerySet._raw_delete): the ORM's cascade would load each
        row and fire history signals for all of them, which takes minutes at this size.
        """
        try:
            with transaction.atomic(), triggers_suspended(connection):
                for model in record_models():
                    record_bulk(model, model._base_manager.filter(**synthetic(model)), "deleted")
                for queryset, label in purge_steps():
                    deleted = queryset._raw_delete(queryset.db)
                    if deleted:
                        self.stdout.write(f"Removed {deleted} synthetic {label}.")
        except IntegrityError as error:
            raise CommandError(
                "Real records point to synthetic ones (e.g. a statement whose speaker is a "
                f"synthetic person); unlink them first. Nothing was removed. ({error})"
            ) from error


def synthetic(model, path=""):
    """Lookups that select the generator's rows of `model` (or of its history), reached
    through `path`: by their own marks (slug prefix, publisher), else by the record they
    belong to (the first link they cannot be read without that is never empty)."""
    fields = {column.name: column for column in model._meta.concrete_fields}
    if "slug" in fields:
        marks = {f"{path}slug__startswith": PREFIX}
        if "publisher" in fields:
            marks[f"{path}publisher"] = PUBLISHER
        return marks
    owner = next((link for link in model.visibility.requires if not fields[link].null), None)
    if owner is None:
        raise CommandError(f"{model.__name__}: no slug, nor a record it belongs to.")
    return synthetic(fields[owner].related_model, f"{path}{owner}__")


def purge_order():
    """The content models, each before every model it points to."""
    remaining, ordered = content_models(), []
    while remaining:
        for model in remaining:
            pointed_to_by = [
                other
                for other in remaining
                if other is not model
                and any(
                    link.related_model is model
                    for link in other._meta.concrete_fields
                    if link.is_relation
                )
            ]
            if not pointed_to_by:
                ordered.append(model)
                remaining.remove(model)
                break
        else:
            raise CommandError(f"Content models point to each other in a cycle: {remaining}")
    return ordered


def purge_steps():
    """(queryset, label) to delete, in order: for each content model, its history (and the
    history's rows of links), its rows of links (citations), then its own rows."""
    for model in purge_order():
        marks = synthetic(model)
        with translation.override(None):  # the code's own names, in English
            name, plural = str(model._meta.verbose_name), str(model._meta.verbose_name_plural)
        history = model.history.model
        for relation in history._meta.related_objects:
            lookups = {f"{relation.field.name}__{key}": value for key, value in marks.items()}
            yield relation.related_model._base_manager.filter(**lookups), f"{name} history links"
        yield history._base_manager.filter(**marks), f"{name} history entries"
        for m2m in model._meta.many_to_many:
            lookups = {f"{m2m.m2m_field_name()}__{key}": value for key, value in marks.items()}
            yield m2m.remote_field.through._base_manager.filter(**lookups), f"{name} {m2m.name}"
        yield model._base_manager.filter(**marks), plural


class Generator:
    """Rows as dicts, inserted in dependency order; every text is cited from a source."""

    def __init__(self, stdout, rng, sizes):
        self.stdout, self.rng, self.sizes = stdout, rng, sizes
        self.sources = []
        # Synthetic records are checked by no one real: their checks name this account.
        self.checker = editorial_account("demo-checker", "Synthetic data generator")

    def run(self):
        organisations = self.organisations()
        projects = [org for org in organisations if org["kind"] == "project"] or organisations
        people = self.people()
        self.sources = [
            SourceDraft("fr" if self.rng.random() < 0.6 else "en")
            for _ in range(self.sizes["sources"])
        ]
        events, event_cites = self.events(organisations, projects, people)
        memberships, membership_cites = self.memberships(organisations, people)
        statements, statement_cites, figures = self.statements(
            organisations, projects, people, events
        )
        relations, relation_cites = self.relations(organisations)
        sources = self.save_sources()
        for model, label, records, cites in (
            (Event, "event", events, event_cites),
            (Membership, "membership", memberships, membership_cites),
            (Statement, "statement", statements, statement_cites),
            (OrganisationRelation, "organisationrelation", relations, relation_cites),
        ):
            citations = self.save_citations(label, cites, sources)
            self.link(model, label, records, citations)
            if model is Statement:
                for figure in figures:
                    figure["citation_id"] = citations[figure.pop("index")]["id"]
        self.bulk(Figure, figures, "figures")
        if connection.vendor == "postgresql":
            self.reset_sequences()

    # --- helpers ---------------------------------------------------------------------

    def bulk(self, model, rows, label, linked=None):
        """INSERT rows (dicts of attnames) with executemany, giving each its id.

        linked: {link: {id: unsaved instance}} of the records whose names the rows' search
        text holds (search_related: a statement's speaker, organisation, event).

        The ORM's bulk_create spends most of its time building model instances and preparing
        each value, which dominates a large load. Ids are assigned here (the
        transaction holds the write lock on SQLite; on PostgreSQL the sequence is moved past
        them afterwards) so that later rows can point at earlier ones.
        """
        table = model._meta.db_table
        columns = list(model._meta.concrete_fields)
        convert = [self.converter(f) for f in columns]
        defaults = {f.attname: f.get_default() for f in columns if f.attname != "id"}
        translated = translated_fields(model)
        searchable = issubclass(model, Publishable)
        sorted_by = [
            name
            for field in getattr(model, "sorted_by", ())
            for name in (field, *(f"{field}_{language}" for language in LANGUAGES))
        ]
        now = timezone.now()
        next_id = self.next_id(model)
        head = "INSERT INTO {} ({}) VALUES ".format(
            self.quote(table), ", ".join(self.quote(f.column) for f in columns)
        )
        one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
        # Many rows per statement: one round trip per few hundred rows on PostgreSQL (row by
        # row, executemany paid a round trip per row), within SQLite's 32,766 parameters.
        per_statement = max(1, min(500, 30_000 // len(columns)))
        progress = Progress(self.stdout, label, len(rows))
        with connection.cursor() as cursor:
            for start in range(0, len(rows), BATCH):
                values = []
                for row in rows[start : start + BATCH]:
                    row["id"] = next_id
                    next_id += 1
                    for name in translated:
                        # The untranslated column holds the default language, as save() does.
                        row.setdefault(name, row.get(f"{name}_fr", ""))
                    if sorted_by:
                        # The sort keys save() would store, by the model's own function.
                        record = model(**{name: row[name] for name in sorted_by if name in row})
                        record.fill_sort_keys()
                        for language in LANGUAGES:
                            row[f"sort_key_{language}"] = getattr(record, f"sort_key_{language}")
                    if searchable:
                        # What save() would store (these inserts skip it), by the model's own
                        # function on an unsaved record holding the fields it reads.
                        record = model(
                            **{name: row[name] for name in model.search_fields if name in row}
                        )
                        for link, records in (linked or {}).items():
                            setattr(record, link, records.get(row.get(f"{link}_id")))
                        row["search_text"] = record.build_search_text()
                    if "created_at" in defaults:
                        row.setdefault("created_at", now)
                        row.setdefault("updated_at", now)
                    values.append(
                        [
                            conv(row[f.attname] if f.attname in row else defaults[f.attname])
                            for f, conv in zip(columns, convert, strict=True)
                        ]
                    )
                for first in range(0, len(values), per_statement):
                    chunk = values[first : first + per_statement]
                    sql = head + ", ".join([one_row] * len(chunk))
                    cursor.execute(sql, [value for row in chunk for value in row])
                progress.advance(len(values))
        progress.finish()
        return rows

    @staticmethod
    def quote(name):
        return connection.ops.quote_name(name)

    @staticmethod
    def converter(model_field):
        ops = connection.ops
        kind = model_field.get_internal_type()
        if kind == "DateField":
            return ops.adapt_datefield_value
        if kind == "DateTimeField":
            return ops.adapt_datetimefield_value
        if kind == "DecimalField":
            return lambda value: ops.adapt_decimalfield_value(
                value, model_field.max_digits, model_field.decimal_places
            )
        if kind == "JSONField":
            # A dict is no SQL parameter: the field's own encoding (JSON text, or jsonb).
            return lambda value: model_field.get_db_prep_value(value, connection)
        return lambda value: value

    @staticmethod
    def next_id(model):
        return (model._base_manager.aggregate(top=Max("id"))["top"] or 0) + 1

    def reset_sequences(self):
        models = content_models()
        models += [m2m.remote_field.through for model in models for m2m in model._meta.many_to_many]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)

    def date(self, first_year=2005, last_year=2026):
        start = datetime.date(first_year, 1, 1)
        day = start + datetime.timedelta(
            days=self.rng.randrange((datetime.date(last_year, 12, 31) - start).days)
        )
        precision = self.rng.choices(["day", "month", "year"], weights=[7, 2, 1])[0]
        return normalise(day, precision), precision

    def status(self):
        return Status.DRAFT if self.rng.random() < 0.05 else Status.PUBLISHED

    def verification(self):
        if self.rng.random() < 0.3:
            moment = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(
                minutes=self.rng.randrange(400_000)
            )
            return {
                "verification": Verification.CHECKED,
                "verified_by_id": self.checker.pk,
                "verification_note_fr": (
                    "Enregistrement synthétique\u202f: généré, jamais confronté à une source."
                ),
                "verification_note_en": "Synthetic record: generated, not read against anything.",
                "verified_at": moment,
            }
        return {"verification": Verification.UNVERIFIED}

    def source_for(self, index, total):
        return index * len(self.sources) // max(total, 1)

    # --- records ---------------------------------------------------------------------

    def organisations(self):
        count = self.sizes["organisations"]
        names = list(itertools.product(words.NAME_PREFIXES, words.NAME_NOUNS))
        self.rng.shuffle(names)
        kinds = self.rng.choices(
            list(words.ORGANISATION_PATTERNS), weights=[1, 4, 2, 4, 1], k=count
        )
        kinds[0] = "foundation"
        organisations = []
        for index in range(count):
            prefix, noun = names[index % len(names)]
            base = f"{prefix}{noun}"
            if index >= len(names):
                base += f" {index // len(names) + 1}"
            kind = kinds[index]
            name_fr, name_en = (
                pattern.format(name=base) for pattern in words.ORGANISATION_PATTERNS[kind]
            )
            description_fr, description_en = words.ORGANISATION_DESCRIPTIONS[kind]
            founded, precision = self.date(1990, 2024)
            organisations.append(
                {
                    "slug": f"{PREFIX}{slugify(name_en)}-{index + 1}",
                    "name_fr": name_fr,
                    "name_en": name_en,
                    "kind": kind,
                    "description_fr": description_fr,
                    "description_en": description_en,
                    "founded": founded,
                    "founded_precision": precision,
                    "status": Status.PUBLISHED if index < 3 else self.status(),
                    **self.verification(),
                }
            )
        foundations = [org for org in organisations if org["kind"] == "foundation"]
        self.bulk(Organisation, foundations, "foundations")
        others = [org for org in organisations if org["kind"] != "foundation"]
        for org in others:
            if org["kind"] == "project" and self.rng.random() < 0.5:
                org["parent_id"] = self.rng.choice(foundations)["id"]
        self.bulk(Organisation, others, "organisations")
        return organisations

    def people(self):
        count = self.sizes["people"]
        pairs = list(itertools.product(words.FIRST_NAMES, words.LAST_NAMES))
        self.rng.shuffle(pairs)
        people = []
        for index in range(count):
            first, last = pairs[index % len(pairs)]
            people.append(
                {
                    "slug": f"{PREFIX}{slugify(f'{first} {last}')}-{index + 1}",
                    "name": f"{first} {last}",
                    "sort_name": f"{last}, {first}",
                    "description_fr": "Personne citée par les sources synthétiques.",
                    "description_en": "A person quoted by the synthetic sources.",
                    "status": self.status(),
                    **self.verification(),
                }
            )
        return self.bulk(Person, people, "people")

    def fill(self, templates, organisations, projects, people):
        """Both languages of a template, with the same names; and who is named."""
        topic_fr, topic_en = self.rng.choice(words.TOPICS)
        organisation, other = self.rng.sample(organisations, 2)
        project = self.rng.choice(projects)
        person = self.rng.choice(people)
        common = {
            "j": project["name_en"],
            "p": person["name"],
            "tf": topic_fr,
            "te": topic_en,
            "y": self.rng.randrange(2010, 2027),
            "n": f"{self.rng.randrange(2, 400) * 10:,}".replace(",", "\N{NO-BREAK SPACE}"),
            "v": f"{self.rng.randrange(1, 12)}.{self.rng.randrange(0, 10)}",
        }
        texts = [
            template.format(
                o=organisation[f"name_{language}"], o2=other[f"name_{language}"], **common
            )
            for template, language in zip(templates, ("fr", "en"), strict=True)
        ]
        return texts, common, organisation, person

    def events(self, organisations, projects, people):
        count = self.sizes["events"]
        events, cites, participants = [], [], []
        for index in range(count):
            kind, *titles = self.rng.choice(words.EVENTS)
            (title_fr, title_en), _, organisation, person = self.fill(
                titles, organisations, projects, people
            )
            date, precision = self.date()
            source_index = self.source_for(index, count)
            source = self.sources[source_index]
            title = title_fr if source.language == "fr" else title_en
            cites.append((source_index, source.cite(f"{title}.")))
            events.append(
                {
                    "slug": f"{PREFIX}event-{index + 1:05d}",
                    "title_fr": title_fr,
                    "title_en": title_en,
                    "kind": kind,
                    "date": date,
                    "date_precision": precision,
                    "description_fr": f"{title_fr}, d’après une source synthétique.",
                    "description_en": f"{title_en}, according to a synthetic source.",
                    "status": self.status(),
                    **self.verification(),
                }
            )
            participants.append((index, "organisation_id", organisation, "subject"))
            participants.append((index, "person_id", person, "announcer"))
        self.bulk(Event, events, "events")
        rows = [
            {"event_id": events[index]["id"], "role": role, field: who["id"]}
            for index, field, who, role in participants
        ]
        self.bulk(EventParticipant, rows, "participants")
        return events, cites

    def memberships(self, organisations, people):
        count = self.sizes["memberships"]
        boards = organisations[:50]
        memberships, cites = [], []
        for index in range(count):
            organisation = self.rng.choice(organisations)
            role_fr, role_en = self.rng.choice(words.ROLES)
            if self.rng.random() < 0.2:
                member = self.rng.choice([org for org in boards if org is not organisation])
                fields = {"member_organisation_id": member["id"]}
                member_name = member["name_en"]
                role_fr, role_en = words.ROLES[4]
            else:
                member = self.rng.choice(people)
                fields = {"person_id": member["id"]}
                member_name = member["name"]
            start, precision = self.date(2000, 2024)
            source_index = self.source_for(index, count)
            source = self.sources[source_index]
            where = organisation[f"name_{source.language}"]
            sentence = (
                f"{member_name} est {role_fr} de {where}."
                if source.language == "fr"
                else f"{member_name} is {role_en} of {where}."
            )
            cites.append((source_index, source.cite(sentence)))
            memberships.append(
                {
                    "slug": f"{PREFIX}membership-{index + 1:05d}",
                    "organisation_id": organisation["id"],
                    "role_fr": role_fr,
                    "role_en": role_en,
                    "start_date": start,
                    "start_date_precision": precision,
                    "status": self.status(),
                    **fields,
                    **self.verification(),
                }
            )
        return self.bulk(Membership, memberships, "memberships"), cites

    def relations(self, organisations):
        """Projects developed by companies and labs, hosted by or launched within foundations:
        each (organisation, kind, related organisation) once, as the model requires."""
        # From a copy of the generator's state: what is drawn after them (the sources'
        # statuses) stays what a seed gave before relations were generated.
        main, self.rng = self.rng, random.Random()
        self.rng.setstate(main.getstate())
        try:
            return self.draw_relations(organisations)
        finally:
            self.rng = main

    def draw_relations(self, organisations):
        by_kind = {}
        for org in organisations:
            by_kind.setdefault(org["kind"], []).append(org)
        projects = by_kind.get("project") or organisations
        developers = by_kind.get("company", []) + by_kind.get("research_lab", []) or organisations
        foundations = by_kind.get("foundation") or organisations
        relations, cites, seen = [], [], set()
        for index in range(self.sizes["relations"]):
            kind = self.rng.choice(list(RELATION_WORDS))
            organisation = self.rng.choice(projects)
            related = self.rng.choice(developers if kind == "developed_by" else foundations)
            key = (organisation["id"], kind, related["id"])
            if related is organisation or key in seen:
                continue
            seen.add(key)
            source_index = self.source_for(index, self.sizes["relations"])
            source = self.sources[source_index]
            words_fr, words_en = RELATION_WORDS[kind]
            language = source.language
            sentence = (
                f"{organisation['name_fr']} est {words_fr} {related['name_fr']}."
                if language == "fr"
                else f"{organisation['name_en']} is {words_en} {related['name_en']}."
            )
            cites.append((source_index, source.cite(sentence)))
            start, precision = self.date(2000, 2024) if self.rng.random() < 0.5 else (None, "")
            relations.append(
                {
                    "slug": f"{PREFIX}relation-{index + 1:05d}",
                    "organisation_id": organisation["id"],
                    "kind": kind,
                    "related_organisation_id": related["id"],
                    "start_date": start,
                    "start_date_precision": precision,
                    "status": self.status(),
                    **self.verification(),
                }
            )
        return self.bulk(OrganisationRelation, relations, "relations"), cites

    def statements(self, organisations, projects, people, events):
        count = self.sizes["statements"]
        statements, cites, figures = [], [], []
        for index in range(count):
            template = self.rng.randrange(len(words.STATEMENTS))
            kind, medium, *texts = words.STATEMENTS[template]
            (text_fr, text_en), values, organisation, person = self.fill(
                texts, organisations, projects, people
            )
            source_index = self.source_for(index, count)
            source = self.sources[source_index]
            if self.rng.random() < 0.1:
                source.cite(self.rng.choice(words.FILLER))
            text = text_fr if source.language == "fr" else text_en
            cites.append((source_index, source.cite(text)))
            date, precision = self.date(2010, 2026)
            speaker = person["id"] if kind != "claim" else None
            statements.append(
                {
                    "slug": f"{PREFIX}statement-{index + 1:06d}",
                    "kind": kind,
                    "medium": medium,
                    "text_fr": text_fr,
                    "text_en": text_en,
                    "language": source.language,
                    "speaker_id": speaker,
                    "on_behalf_of_id": organisation["id"] if self.rng.random() < 0.5 else None,
                    "event_id": self.rng.choice(events)["id"] if self.rng.random() < 0.3 else None,
                    "date": date,
                    "date_precision": precision,
                    "status": self.status(),
                    **self.verification(),
                }
            )
            if template in words.FIGURES:
                qualifier, unit_fr, unit_en = words.FIGURES[template]
                figures.append(
                    {
                        "index": index,
                        "position": 1,
                        "value": Decimal(values["n"].replace("\N{NO-BREAK SPACE}", "")),
                        "qualifier": qualifier,
                        "unit_fr": unit_fr,
                        "unit_en": unit_en,
                    }
                )
        linked = {
            "speaker": stand_ins(Person, people),
            "on_behalf_of": stand_ins(Organisation, organisations),
            "event": stand_ins(Event, events),
        }
        self.bulk(Statement, statements, "statements", linked)
        for figure in figures:
            figure["statement_id"] = statements[figure["index"]]["id"]
        return statements, cites, figures

    # --- sources and citations -------------------------------------------------------

    def save_sources(self):
        example = [{"name_fr": "Fondation Exemple", "name_en": "Example Foundation"}] * 2
        sources = []
        for index, draft in enumerate(self.sources):
            project = [{"name_en": f"Projet {index + 1}"}]
            (title_fr, title_en), *_ = self.fill(
                self.rng.choice(words.SOURCE_TITLES), example, project, [{"name": ""}]
            )
            published_on, precision = self.date(2010, 2026)
            sources.append(
                {
                    "slug": f"{PREFIX}source-{index + 1:05d}",
                    "title": title_fr if draft.language == "fr" else title_en,
                    "language": draft.language,
                    "publisher": PUBLISHER,
                    "text": draft.text,
                    "published_on": published_on,
                    "published_on_precision": precision,
                    "status": Status.PUBLISHED,
                }
            )
        return self.bulk(Source, sources, "sources")

    def save_citations(self, label, cites, sources):
        """One citation per cite, in the order of cites; its text is the source's own slice."""
        citations = []
        for source_index, (start, end) in cites:
            source = sources[source_index]
            citations.append(
                {
                    "source_id": source["id"],
                    "start": start,
                    "end": end,
                    "text": source["text"][start:end],
                }
            )
        return self.bulk(Citation, citations, f"{label} cites")

    def link(self, model, field, records, citations):
        rows = [
            {f"{field}_id": record["id"], "citation_id": citation["id"]}
            for record, citation in zip(records, citations, strict=True)
        ]
        self.bulk(model.citations.through, rows, f"{field} links")


def stand_ins(model, rows):
    """{id: unsaved instance} holding what a linking record's search text reads of each row."""
    return {
        row["id"]: model(
            status=row["status"], **{name: row[name] for name in model.name_fields if name in row}
        )
        for row in rows
    }


def translated_fields(model):
    try:
        return sorted(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return []
