"""The change feed: what each write logs, in commit order, and what each reader is shown of it.

Writing (`record_changes`, called by foundation/services.py inside the write's transaction):
one `Change` row per record written, and one "updated" row per record whose representation
the write changes without touching it — the records that list it (a person's statements, an
organisation's members, the records citing a passage), and, when it appears, disappears,
changes address or visibility, the records that link to it (a statement whose speaker was
unpublished is no longer public either). So a reader that refetches every record the feed
names ends up with what the API serves.

Commit order: a reader resumes after the last `seq` it saw, so a row must never become visible
after a row with a higher `seq`. A sequence alone does not promise that (T1 takes 5, T2 takes
6 and commits first, a reader at 6 never sees 5). On PostgreSQL each writer takes one
transaction-level advisory lock before taking its numbers and keeps it until it commits, so
numbers are handed out in commit order; SQLite's write transactions are serial already
(BEGIN IMMEDIATE).

Reading (`visible_changes`, `shown_kind`): a reader who sees drafts of a kind sees every change
of its records; anyone else sees the changes made while the record was public, and a
tombstone ("unpublished", "deleted", "merged") when it stops being public — never a draft.
"""

import base64
import binascii
import datetime
from collections import defaultdict

from django.db import connection
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from foundation.models import Change, ChangeKind, Citation, Publishable
from foundation.models.changes import GONE
from foundation.models.kinds import record_models
from foundation.models.visibility import rule_models, sees_drafts

# Any constant: the one advisory lock every writer of the change log takes.
SEQUENCE_LOCK = 0x46_4E_44_43


def type_name(model):
    return model._meta.model_name


def record_model(name):
    return next((model for model in record_models() if type_name(model) == name), None)


def take_sequence_lock():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEQUENCE_LOCK])


# --- Writing --------------------------------------------------------------------------------


def record_changes(entries, *, survivor=None):
    """Log each (instance, kind) of `entries` and what it changes in other records.

    Call it in the write's transaction: after saving (created, updated, published…), before
    deleting (deleted, merged). `survivor`: the record a merged one became.
    Returns the Change rows written, in order.
    """
    if not entries:
        return []
    take_sequence_lock()
    now = timezone.now()
    rows, seen = [], set()
    wave, first = list(entries), True
    while wave:
        spread = defaultdict(set)
        by_model = defaultdict(list)
        for instance, kind in wave:
            by_model[type(instance)].append((instance, kind))
        for model, items in by_model.items():
            if not issubclass(model, Publishable):
                # A part or a passage: no entry of its own. A part's record has one; the
                # records citing a passage do (none yet if it is new: they are logged when
                # they come to cite it).
                owner = owner_link(model)
                for instance, kind in items:
                    if owner is not None:
                        spread[owner.related_model].add(getattr(instance, owner.attname))
                    elif kind != ChangeKind.CREATED:
                        merge(spread, showing(instance))
                continue
            pks = [instance.pk for instance, _kind in items]
            previous = last_changes(model, pks)
            public = set(model.objects.public().filter(pk__in=pks).values_list("pk", flat=True))
            for instance, kind in items:
                key = (model, instance.pk)
                if key in seen:
                    continue
                seen.add(key)
                before = previous.get(instance.pk)
                was_public = before is not None and before.public
                is_public = kind not in GONE and instance.pk in public
                slug = instance.slug
                if before is not None and was_public and not is_public:
                    # A tombstone names the record as its readers knew it.
                    slug = before.slug
                rows.append(
                    Change(
                        kind=kind,
                        record_type=type_name(model),
                        record_id=instance.pk,
                        slug=slug,
                        version=getattr(instance, "version", None),
                        at=now,
                        public=is_public,
                        was_public=was_public,
                        survivor_id=survivor.pk if survivor and kind == ChangeKind.MERGED else None,
                        survivor_slug=survivor.slug
                        if survivor and kind == ChangeKind.MERGED
                        else "",
                    )
                )
                moved = is_public != was_public
                renamed = before is not None and before.slug != instance.slug
                if first or moved:
                    merge(spread, listing(instance))
                # Nothing links to a record just created but what is logged with it.
                if kind != ChangeKind.CREATED and (
                    moved or renamed or (first and kind != ChangeKind.UPDATED)
                ):
                    merge(spread, showing(instance))
        wave = []
        for model, pks in spread.items():
            fresh = [pk for pk in pks if (model, pk) not in seen]
            if fresh:
                wave += [
                    (instance, ChangeKind.UPDATED)
                    for instance in model._base_manager.filter(pk__in=fresh)
                    .only(*neighbour_fields(model))
                    .order_by("pk")
                ]
        first = False
    written = Change.objects.bulk_create(rows)
    from foundation import webhooks

    webhooks.enqueue(written)
    return written


def record_bulk(model, queryset, kind):
    """Log `kind` for every record of `queryset` at once (before deleting them, for
    deletions): for the demo generator's bulk loads and purges, which bypass the services.
    Neither neighbours nor webhooks: such loads touch only records of their own."""
    take_sequence_lock()
    now = timezone.now()
    gone = kind in GONE
    public = set(
        model.objects.public().filter(pk__in=queryset.values("pk")).values_list("pk", flat=True)
    )
    records = queryset.order_by("pk").values_list("pk", "slug", "version")
    Change.objects.bulk_create(
        (
            Change(
                kind=kind,
                record_type=type_name(model),
                record_id=pk,
                slug=slug,
                version=version,
                at=now,
                public=not gone and pk in public,
                was_public=gone and pk in public,
            )
            for pk, slug, version in records.iterator(chunk_size=2000)
        ),
        batch_size=2000,
    )


def merge(into, found):
    for model, pks in found.items():
        into[model] |= pks


def neighbour_fields(model):
    """What logging a neighbour reads: its key, slug, version and its links."""
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.primary_key or field.name in ("slug", "version") or field.many_to_one
    ]


def last_changes(model, pks):
    """{pk: the record's latest Change}, for the records of `model` that have one."""
    latest = (
        Change.objects.filter(record_type=type_name(model), record_id__in=pks)
        .values("record_id")
        .annotate(last=Max("seq"))
        .values("last")
    )
    return {row.record_id: row for row in Change.objects.filter(seq__in=latest)}


def listing(instance):
    """{model: {pk}}: the records `instance` links to, whose representation lists it
    (a statement's speaker and event, a membership's two ends, an organisation's parent)."""
    found = defaultdict(set)
    for field in instance._meta.concrete_fields:
        if field.many_to_one and issubclass(field.related_model, Publishable):
            pk = getattr(instance, field.attname)
            if pk is not None:
                found[field.related_model].add(pk)
    return found


def showing(instance):
    """{model: {pk}}: the records that link to `instance` or hold a part or a passage that
    does (a person's statements, an event naming them as a participant, the records citing a
    passage, those citing a source's passages)."""
    found = defaultdict(set)
    passages = set()
    if isinstance(instance, Citation):
        passages.add(instance.pk)
    for relation in instance._meta.related_objects:
        model, name = relation.related_model, relation.field.name
        if model is Citation:
            cited = model._base_manager.filter(source=instance.pk)
            passages |= set(cited.values_list("pk", flat=True))
            continue
        rows = model._base_manager.filter(**{name: instance.pk})
        if issubclass(model, Publishable):
            found[model] |= set(rows.values_list("pk", flat=True))
        elif (owner := owner_link(model)) is not None:
            found[owner.related_model] |= set(rows.values_list(owner.attname, flat=True))
    if passages and not isinstance(instance, Citation):
        for pk in sorted(passages):
            merge(found, showing(Citation(pk=pk)))
    return found


def owner_link(model):
    """The link from a part (a figure, a participant) to the record it belongs to."""
    return next(
        (
            field
            for field in model._meta.concrete_fields
            if field.many_to_one
            and issubclass(field.related_model, Publishable)
            and field.remote_field.on_delete.__name__ == "CASCADE"
        ),
        None,
    )


# --- Reading --------------------------------------------------------------------------------


def sees_all(user, model):
    """Whether `user` sees every record of `model` the rule reads (its drafts, and those of
    what it requires): then every change of it is theirs to see."""
    return all(sees_drafts(user, kind) for kind in rule_models(model))


def visible_changes(user):
    """The Change rows `user` is shown (see the module's rule), in commit order."""
    whole, partial = [], []
    for model in record_models():
        (whole if sees_all(user, model) else partial).append(type_name(model))
    changes = Change.objects.order_by("seq")
    if not partial:
        return changes
    public = Q(record_type__in=partial) & (Q(public=True) | Q(was_public=True))
    return changes.filter(Q(record_type__in=whole) | public) if whole else changes.filter(public)


def shown_kind(change, whole):
    """The kind of `change` as a reader sees it: `whole` if they see every change of its
    record; None if it is not theirs to see."""
    if whole:
        return change.kind
    if change.public:
        if not change.was_public and change.kind == ChangeKind.UPDATED:
            # A record appears to the public without being written (its speaker was published).
            return ChangeKind.PUBLISHED
        return change.kind
    if change.was_public:
        return change.kind if change.kind in GONE else ChangeKind.UNPUBLISHED
    return None


def record_path(record_type, slug):
    return reverse(f"api:{record_type}-detail", kwargs={"slug": slug})


def represent(change, kind, base):
    """A change as the feed and the webhooks give it. `base`: the site's scheme and host."""
    survivor = None
    if change.survivor_id is not None:
        survivor = {
            "type": change.record_type,
            "id": change.survivor_id,
            "slug": change.survivor_slug,
            "url": base + record_path(change.record_type, change.survivor_slug),
        }
    return {
        "cursor": encode_cursor(change.seq),
        "kind": kind,
        "type": change.record_type,
        "id": change.record_id,
        "slug": change.slug,
        "version": change.version,
        "at": change.at.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z"),
        "url": base + record_path(change.record_type, change.slug),
        "survivor": survivor,
    }


def encode_cursor(seq):
    return base64.urlsafe_b64encode(f"c1:{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor):
    """The seq a cursor of this feed names; ValueError for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValueError(cursor) from None
    prefix, _, number = raw.partition(":")
    if prefix != "c1" or not number.isdigit() or len(number) > 18:
        raise ValueError(cursor)
    return int(number)
