"""Writes, once: the one path by which every record is written, for the admin, the API and
commands alike.

Each function is keyword-only and runs in one transaction. It validates every row it writes
with the models' own rules (full_clean: field checks and the constraints that name their
field), claims the version the caller read for every versioned row it changes (a stale
version raises EditConflict and nothing is written), records who made the change in the
history, and writes the record with its citations, its parts (a statement's figures, an
event's participants: replaced as a whole under the record's version) and, for organisations
and people, the memberships edited with them (each under its own version).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from foundation import mentions as mention_finder
from foundation import publication, review
from foundation.changes import record_changes
from foundation.models import (
    ChangeKind,
    Citation,
    Organisation,
    Person,
    ProposedMention,
    Publishable,
    RecordComment,
    Source,
    Status,
    Verification,
    Versioned,
    VisibleModel,
)
from foundation.passages import locate, sentence_around


class PartsInvalid(ValidationError):
    """Parts written with a record are invalid: `errors_by_part` = {name: [{field: [..]}, ..]},
    one dict per part in the order given ({} for a valid one)."""

    def __init__(self, errors_by_part):
        self.errors_by_part = errors_by_part
        messages = {}
        for name, items in errors_by_part.items():
            for position, errors in enumerate(items, start=1):
                for field, texts in errors.items():
                    where = "" if field == NON_FIELD_ERRORS else f" ({field})"
                    for text in texts:
                        messages.setdefault(name, []).append(f"{position}{where}: {text}")
        super().__init__(messages)


@transaction.atomic
def save_record(
    *,
    record,
    user,
    expected_version=None,
    citations=None,
    parts=None,
    memberships=(),
    deleted_memberships=(),
    publish_together=False,
    reason="",
):
    """Validate and write `record` (new, or changed since `expected_version`) and its parts.

    citations: the passages it cites, as a whole (None leaves them as they are).
    parts: {"figures": [Figure, ...]} or {"participants": [...]}: the record's parts become
        exactly these (new or existing instances); others are deleted.
    memberships: [(membership, version read or None if new[, citations])] written with the
        record, each through this same path; deleted_memberships: [(membership, version read)].
    publish_together: when the record is published, publish with it the drafts it links to
        and the memberships written with it (foundation.publication says what is needed).
    reason: why, kept with the history entry (shown in the record's history).
    Raises ValidationError (PartsInvalid for parts, publication.PublicationRefused when it
    may not be published) or EditConflict; nothing is then written.
    """
    relink(record)
    becomes_published = publication_starts(record)
    note_verification(record, user)
    record._history_user = user
    if reason:
        record._change_reason = reason
    record.full_clean()
    check_publication(record, user, citations=citations)
    kind = change_kind(record)
    renamed = names_change(record)
    if record._state.adding:
        record.save()
    elif isinstance(record, Versioned):
        if expected_version is None:
            raise TypeError("Changing a versioned record needs the version the caller read.")
        record.save_if_version(expected_version)
    else:
        record.save()
    if citations is not None:
        set_citations(record, citations)
    for name, items in (parts or {}).items():
        replace_parts(record, name, items, user=user)
    for membership, version in deleted_memberships:
        delete_record(record=membership, user=user, expected_version=version)
    published = isinstance(record, Publishable) and record.status == Status.PUBLISHED
    for membership, version, *cited in memberships:
        if publish_together and published:
            membership.status = Status.PUBLISHED
        save_record(
            record=membership,
            user=user,
            expected_version=version,
            citations=cited[0] if cited else None,
            publish_together=publish_together,
        )
    if published:
        together = publication.drafts_needed([record]) if publish_together else []
        if becomes_published or together or citations == []:
            publication.check([record, *together])
        set_status(records=together, user=user, status=Status.PUBLISHED)
    if isinstance(record, Source):
        propose_mentions(record)
    elif isinstance(record, Person | Organisation):
        # A passage it now cites settles the proposals there, at once.
        for source in Source.objects.filter(citations__in=record.citations.all()).distinct():
            propose_mentions(source)
        if renamed:
            # New names may be in any source: those are searched in the background.
            from foundation.tasks import enqueue_in_transaction, propose_mentions_everywhere

            enqueue_in_transaction(propose_mentions_everywhere)
    schedule_publication(record, user)
    record_changes([(record, kind)])
    return record


def publication_starts(record):
    """Whether this write publishes a record not published until now."""
    if not isinstance(record, Publishable) or record.status != Status.PUBLISHED:
        return False
    if record._state.adding:
        return True
    stored = type(record)._base_manager.filter(pk=record.pk).values_list("status", flat=True)
    return stored.first() != Status.PUBLISHED


def check_publication(record, user, *, citations=None):
    """A write that publishes or schedules a record needs a reviewer (foundation/review.py);
    a publish-at time is in the future and only for a record not yet published."""
    if not isinstance(record, Publishable):
        return
    stored = {}
    if not record._state.adding:
        stored = (
            type(record)._base_manager.filter(pk=record.pk).values("status", "publish_at").first()
        ) or {}
    publishing = record.status == Status.PUBLISHED and stored.get("status") != Status.PUBLISHED
    scheduling = record.publish_at is not None and record.status != Status.PUBLISHED
    errors = {}
    if record.publish_at is not None and record.status == Status.PUBLISHED:
        errors["publish_at"] = _(
            "A published record needs no publish-at time: leave it empty, or send the record "
            "for review to schedule it."
        )
    elif scheduling and record.publish_at != stored.get("publish_at"):
        if record.publish_at <= timezone.now():
            errors["publish_at"] = _("Choose a publish-at time in the future.")
    if (publishing or scheduling) and not errors:
        changing = review.changes_content(record) or (
            citations is not None and cites_other_passages(record, citations)
        )
        refusal = review.publish_refusal(user, record, changing=changing)
        if refusal:
            errors["status" if publishing else "publish_at"] = refusal
    if errors:
        raise ValidationError(errors)


def cites_other_passages(record, citations):
    if record.pk is None or not hasattr(record, "citations"):
        return bool(citations)
    wanted = {getattr(citation, "pk", citation) for citation in citations}
    return wanted != set(record.citations.values_list("pk", flat=True))


def schedule_publication(record, user):
    """A record written with a publish-at time goes live then, through `publish`, if it is
    still this version: any later write (a change, another time, a publication by hand)
    makes this task do nothing."""
    if not isinstance(record, Publishable) or record.publish_at is None:
        return
    if record.status == Status.PUBLISHED:
        return
    from foundation.tasks import enqueue_in_transaction, publish_when_due

    enqueue_in_transaction(
        publish_when_due.using(run_after=record.publish_at),
        record._meta.label,
        record.pk,
        record.version,
        getattr(user, "pk", None),
    )


def change_kind(record):
    """What saving `record` does, for the change feed: created, published or unpublished
    (its status changes), or updated."""
    if record._state.adding:
        return ChangeKind.CREATED
    if isinstance(record, Publishable):
        stored = type(record)._base_manager.filter(pk=record.pk).values_list("status", flat=True)
        was_published = stored.first() == Status.PUBLISHED
        if was_published != (record.status == Status.PUBLISHED):
            return ChangeKind.UNPUBLISHED if was_published else ChangeKind.PUBLISHED
    return ChangeKind.UPDATED


def relink(record):
    """Copy each linked record's key again: a link to a record saved since it was set (a new
    membership of a person created in the same form) still holds no key."""
    for field in record._meta.concrete_fields:
        if field.is_relation and field.is_cached(record):
            setattr(record, field.name, field.get_cached_value(record))


def note_verification(record, user):
    """Who checked a record and when are set when it is marked checked, and only then.

    The checker is the user who marks it checked. A write with no user (the seed loader's
    reset) keeps the checker the record names; the models refuse a check that names no one.
    """
    if not hasattr(record, "verification"):
        return
    if record.verification != Verification.CHECKED:
        record.verified_by, record.verified_at = None, None
        return
    stored = None
    if not record._state.adding:
        stored = (
            type(record)
            ._base_manager.filter(pk=record.pk)
            .values_list("verification", flat=True)
            .first()
        )
    if stored != Verification.CHECKED:
        if user is not None:
            record.verified_by = user
        record.verified_at = record.verified_at or timezone.now()


def replace_parts(record, name, items, *, user):
    """The record's parts called `name` become exactly `items`, each validated before it is
    saved (and after the removed ones are gone, so a part may take over a removed one's place)."""
    related = getattr(record, name)
    owner = related.field.name
    kept = [item.pk for item in items if item.pk is not None]
    for removed in related.exclude(pk__in=kept):
        removed._history_user = user
        removed.delete()
    errors = []
    for item in items:
        setattr(item, owner, record)
        item._history_user = user
        try:
            item.full_clean()
        except ValidationError as error:
            errors.append(error.message_dict)
            continue
        item.save()
        errors.append({})
    if any(errors):
        raise PartsInvalid({name: errors})


@transaction.atomic
def delete_record(*, record, user, expected_version):
    """Delete `record` if nobody changed it since `expected_version` (EditConflict otherwise)."""
    if isinstance(record, Versioned):
        record.claim_version(expected_version)
        # The deletion is a version of its own, as the claim counts it.
        record.version = expected_version + 1
    # Logged before the delete: what lists or links to the record is still there to find.
    record_changes([(record, ChangeKind.DELETED)])
    record._history_user = user
    pk = record.pk
    record.delete()
    # The team's comments on it go with it (a generic link: no cascade).
    RecordComment.objects.filter(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=pk
    ).delete()


@transaction.atomic
def set_status(*, records, user, status, reason=""):
    """Set each record's status (each under the version read); returns how many changed.

    Publishing needs a reviewer (review.publish_refusal: a ValidationError naming the record
    otherwise, and nothing is written). A change of status by hand ends any schedule.
    """
    changed = []
    for record in records:
        if record.status == status:
            continue
        if status == Status.PUBLISHED:
            refusal = review.publish_refusal(user, record)
            if refusal:
                named = _("%(kind)s “%(record)s”: %(reason)s") % {
                    "kind": capfirst(record._meta.verbose_name),
                    "record": record,
                    "reason": refusal,
                }
                raise ValidationError({"status": named})
        kind = ChangeKind.UNPUBLISHED if record.status == Status.PUBLISHED else ChangeKind.UPDATED
        record.status = status
        record.publish_at = None
        record._history_user = user
        if reason:
            record._change_reason = reason
        record.save_if_version(record.version, update_fields=["status", "publish_at", "updated_at"])
        changed.append((record, ChangeKind.PUBLISHED if status == Status.PUBLISHED else kind))
    record_changes(changed)
    return len(changed)


def publish(*, records, user, together=False):
    """Publish `records` if nothing keeps them from it (foundation.publication: a passage
    cited, no draft linked), else PublicationRefused and nothing changes. together: publish
    with them the drafts they link to (each under the same rule)."""
    records = [record for record in records if record.status != Status.PUBLISHED]
    extra = publication.drafts_needed(records) if together else []
    publication.check([*records, *extra])
    return set_status(records=[*extra, *records], user=user, status=Status.PUBLISHED)


def unpublish(*, records, user):
    return set_status(records=records, user=user, status=Status.DRAFT)


def submit_for_review(*, records, user):
    """Send each record to the review queue: hidden from visitors until a reviewer publishes."""
    return set_status(records=records, user=user, status=Status.IN_REVIEW)


def add_comment(*, record, user, text):
    """A comment for the team on `record` (admin: the record's page, the review queue)."""
    comment = RecordComment(record=record, author=user, text=text.strip())
    comment.full_clean(exclude=["content_type", "object_id"])
    comment.save()
    return comment


@transaction.atomic
def mark_checked(*, records, user):
    """Mark each record checked against its source, by `user`, now."""
    now = timezone.now()
    for record in records:
        record.verification = Verification.CHECKED
        record.verified_by, record.verified_at = user, now
        record._history_user = user
        record.save_if_version(
            record.version,
            update_fields=["verification", "verified_by", "verified_at", "updated_at"],
        )
    record_changes([(record, ChangeKind.UPDATED) for record in records])
    return len(records)


def set_citations(record, citations):
    """The record cites exactly `citations` (instances or ids), and its history row says so.

    Through rows directly, not citations.set(): that sends m2m_changed, on which the history
    would record a version per add and per removal.
    """
    through = type(record).citations.through
    owner = citations_owner_field(type(record))
    wanted = {getattr(citation, "pk", citation) for citation in citations}
    rows = through.objects.filter(**{owner: record})
    have = set(rows.values_list("citation_id", flat=True))
    rows.filter(citation_id__in=have - wanted).delete()
    through.objects.bulk_create(
        [through(**{owner: record}, citation_id=pk) for pk in sorted(wanted - have)]
    )
    snapshot_citations(record)


def snapshot_citations(record):
    """Store the citations the record now has with its latest history row.

    The history row is written when the record itself is saved, before its citations are set.
    """
    latest = record.history.first()
    if latest is None:
        return
    m2m_model = type(latest).citations.model
    through = type(record).citations.through
    owner = citations_owner_field(type(record))
    m2m_model.objects.filter(history=latest).delete()
    fields = [field.name for field in through._meta.fields]
    m2m_model.objects.bulk_create(
        [
            m2m_model(history=latest, **{name: getattr(row, name) for name in fields})
            for row in through.objects.filter(**{owner: record})
        ]
    )


def citations_owner_field(model):
    """The name of the through table's link to `model` (e.g. 'statement')."""
    through = model.citations.through
    return next(
        field.name
        for field in through._meta.fields
        if field.is_relation and field.related_model is model
    )


def conflict_message(record, expected_version):
    """What an editor is told when someone else saved `record` since they read it."""
    latest = record.history.select_related("history_user").first() if record.pk else None
    user = getattr(latest, "history_user", None)
    when = latest.history_date if latest else getattr(record, "updated_at", None)
    message = _(
        "This record was changed by %(who)s at %(at)s since you opened it (version "
        "%(expected)s, now %(current)s). Nothing was saved: reload the page to see their "
        "changes, then apply yours again."
    ) % {
        "who": (user.get_username() if user else None) or _("another editor"),
        "at": date_format(timezone.localtime(when), "DATETIME_FORMAT") if when else "?",
        "expected": expected_version,
        "current": getattr(record, "version", "?"),
    }
    return f"{capfirst(record._meta.verbose_name)} « {record} » — {message}"


@transaction.atomic
def cite_passage(*, source, user, text, start=None, end=None, note=""):
    """The citation of a passage of `source`: the one already at its offsets, or a new one.

    The passage is found as foundation.passages.locate finds it (typographic variants
    tolerated, the source's exact text stored); returns (citation, created).
    Raises ValidationError (not in the source, ambiguous without a start, …).
    """
    start, end, exact = locate(source.text, text, start, end)
    existing = Citation.objects.filter(source=source, start=start, end=end).first()
    if existing is not None:
        return existing, False
    citation = Citation(source=source, text=exact, start=start, end=end, note=note)
    save_record(record=citation, user=user)
    return citation, True


@transaction.atomic
def add_citation(*, record, citation, user):
    """`record` cites `citation` too (a new version of the record, in its history)."""
    current = type(record)._base_manager.get(pk=record.pk)
    cited = list(current.citations.values_list("pk", flat=True))
    if citation.pk in cited:
        return current
    return save_record(
        record=current,
        user=user,
        expected_version=current.version,
        citations=[*cited, citation.pk],
    )


NAME_FIELDS = {Person: ("name", "other_names"), Organisation: ("name_fr", "name_en", "other_names")}


def names_change(record):
    """Is this write giving a person or an organisation a name or alias it did not have?"""
    fields = NAME_FIELDS.get(type(record))
    if fields is None:
        return False
    wanted = tuple(getattr(record, name) or "" for name in fields)
    if record._state.adding:
        return any(wanted)
    stored = type(record)._base_manager.filter(pk=record.pk).values_list(*fields).first()
    return stored is None or tuple(value or "" for value in stored) != wanted


def known_names():
    people = Person.objects.only("pk", "name", "other_names")
    organisations = Organisation.objects.only("pk", "name_fr", "name_en", "other_names")
    return mention_finder.names_of(people, organisations)


def propose_mentions(source, names=None):
    """Find again the people and organisations `source` names (foundation.mentions) and the
    capitalised names no record has, and keep them as proposals for editors.

    A place the record already cites is not proposed; accepted and dismissed proposals are
    kept as decided; a proposal no longer found (a record renamed or deleted, a candidate now
    a record) goes. Returns the proposals still waiting for a decision.
    """
    if names is None:
        names = known_names()
    found = mention_finder.find_mentions(source.text, names)
    candidates = mention_finder.find_candidates(source.text, found)
    cited = cited_spans(source)
    wanted = {}
    for mention in found:
        target = ProposedMention.target_of(mention.kind, mention.pk)
        if any(start <= mention.start and mention.end <= end for start, end in cited[target]):
            continue
        wanted[(mention.start, mention.end, target)] = ProposedMention(
            source=source,
            start=mention.start,
            end=mention.end,
            text=source.text[mention.start : mention.end][:300],
            target=target,
            **{f"{mention.kind}_id": mention.pk},
        )
    for candidate in candidates:
        key = (candidate.start, candidate.end, ProposedMention.CANDIDATE)
        wanted[key] = ProposedMention(
            source=source,
            start=candidate.start,
            end=candidate.end,
            text=candidate.text[:300],
            target=ProposedMention.CANDIDATE,
        )
    stored = {(row.start, row.end, row.target): row for row in source.proposed_mentions.all()}
    stale = [
        row.pk
        for key, row in stored.items()
        if key not in wanted and row.status == ProposedMention.Status.PROPOSED
    ]
    ProposedMention.objects.filter(pk__in=stale).delete()
    ProposedMention.objects.bulk_create(
        [row for key, row in wanted.items() if key not in stored], ignore_conflicts=True
    )
    return source.proposed_mentions.filter(status=ProposedMention.Status.PROPOSED)


def cited_spans(source):
    """{target: [(start, end), …]}: the passages of `source` each person and organisation cites."""
    spans = {}
    for model, kind in ((Person, "person"), (Organisation, "organisation")):
        through = model.citations.through
        owner = citations_owner_field(model)
        rows = through.objects.filter(citation__source=source).values_list(
            f"{owner}_id", "citation__start", "citation__end"
        )
        for pk, start, end in rows:
            spans.setdefault(ProposedMention.target_of(kind, pk), []).append((start, end))
    return _DefaultList(spans)


class _DefaultList(dict):
    def __missing__(self, key):
        return []


@transaction.atomic
def accept_mention(*, mention, user):
    """The mentioned record cites the sentence that names it; the proposal is accepted."""
    mention = ProposedMention.objects.select_for_update().get(pk=mention.pk)
    record = mention.record
    if record is None:
        raise ValidationError(_("A candidate becomes a record when you create it."))
    text = mention.source.text
    start, end = sentence_around(text, mention.start, mention.end)
    citation, _created = cite_passage(
        source=mention.source, user=user, text=text[start:end], start=start, end=end
    )
    # Decided first: citing the passage finds the source's mentions again, and settles the
    # proposals still waiting there.
    decide(mention, ProposedMention.Status.ACCEPTED, user, citation=citation)
    add_citation(record=record, citation=citation, user=user)
    return mention


@transaction.atomic
def dismiss_mention(*, mention, user):
    mention = ProposedMention.objects.select_for_update().get(pk=mention.pk)
    decide(mention, ProposedMention.Status.DISMISSED, user)
    return mention


@transaction.atomic
def cite_for_candidate(*, mention, user):
    """The sentence naming a candidate, cited, for the new record an editor starts from it."""
    text = mention.source.text
    start, end = sentence_around(text, mention.start, mention.end)
    citation, _created = cite_passage(
        source=mention.source, user=user, text=text[start:end], start=start, end=end
    )
    return citation


def decide(mention, status, user, citation=None):
    mention.status = status
    mention.decided_by = user
    mention.decided_at = timezone.now()
    if citation is not None:
        mention.citation = citation
    mention.save()


@transaction.atomic
def merge_records(*, survivor, duplicate, user, survivor_version, duplicate_version):
    """Merge `duplicate` into `survivor` (two people, or two organisations) and return the Merge.

    Under the versions the editor read (EditConflict if either record changed since, and
    nothing is written): every row that points at the duplicate (memberships, relations,
    participations, statements, children…) moves to the survivor, each with a history entry;
    a row that would repeat one of the survivor's or link it to itself is removed and kept in
    the Merge; the duplicate's citations join the survivor's, its names become the survivor's
    aliases; then the duplicate is deleted (its history is kept) and the Merge makes its
    addresses lead to the survivor until `undo_merge`.
    """
    from foundation import merging
    from foundation.models import Merge

    model = type(survivor)
    if type(duplicate) is not model or not merging.mergeable(model):
        raise ValidationError(_("Only two people, or two organisations, can be merged."))
    if survivor.pk == duplicate.pk:
        raise ValidationError(_("Choose two different records to merge."))
    survivor.claim_version(survivor_version)
    duplicate.claim_version(duplicate_version)
    label = model._meta.label_lower
    reason = _("Merged « %(name)s » (%(slug)s) into this record.") % {
        "name": duplicate,
        "slug": duplicate.slug,
    }
    moved, dropped, changed = [], [], []
    for field, rows in merging.pointing_rows(duplicate):
        for row in rows:
            row_label = row._meta.label_lower
            if row_label == label and row.pk == survivor.pk:
                # The survivor pointed at the duplicate (its parent): that link would be a loop.
                setattr(survivor, field.attname, None)
                moved.append([row_label, row.pk, field.name])
                continue
            merging.point(row, field, survivor)
            row._history_user = user
            row._change_reason = reason
            if merging.breaks_a_rule(row):
                merging.point(row, field, duplicate)
                dropped.append(merging.serialised(row))
                if isinstance(row, VisibleModel):
                    record_changes([(row, ChangeKind.DELETED)])
                row.delete()
                continue
            if isinstance(row, Versioned):
                row.save_if_version(row.version)
            else:
                row.save()
            moved.append([row_label, row.pk, field.name])
            if isinstance(row, VisibleModel):
                changed.append((row, ChangeKind.UPDATED))
    aliases = merging.new_aliases(survivor, duplicate)
    survivor.other_names = "\n".join([*survivor.alias_list, *aliases])
    survivor._history_user = user
    survivor._change_reason = reason
    survivor.full_clean()
    survivor.version = survivor_version
    survivor.save()
    kept = set(survivor.citations.values_list("pk", flat=True))
    theirs = set(duplicate.citations.values_list("pk", flat=True))
    set_citations(survivor, kept | theirs)
    # The change feed: what moved, the survivor, then the duplicate's tombstone naming it.
    record_changes([*changed, (survivor, ChangeKind.UPDATED)])
    record_changes([(duplicate, ChangeKind.MERGED)], survivor=survivor)
    duplicate_pk, duplicate_slug, duplicate_name = duplicate.pk, duplicate.slug, str(duplicate)
    duplicate._history_user = user
    duplicate._change_reason = _("Merged into « %(name)s » (%(slug)s).") % {
        "name": survivor,
        "slug": survivor.slug,
    }
    duplicate.delete()
    last = model.history.filter(id=duplicate_pk).order_by("-history_id").first()
    return Merge.objects.create(
        kind=label,
        survivor_id=survivor.pk,
        merged_id=duplicate_pk,
        merged_slug=duplicate_slug,
        merged_name=duplicate_name[:300],
        merged_history_id=last.history_id,
        aliases_added=aliases,
        citations_added=sorted(theirs - kept),
        citations=sorted(theirs),
        moved=moved,
        dropped=dropped,
        merged_by=user if getattr(user, "pk", None) else None,
    )


@transaction.atomic
def undo_merge(*, merge, user):
    """Bring the merged record back as it was when merged, with what moved from it.

    Rows moved to the survivor go back unless an editor has pointed them elsewhere since; the
    survivor loses the aliases and passages it gained (under the version read here, so a
    concurrent edit of it makes this refuse). The merged record's address is its own again.
    """
    from django.apps import apps

    from foundation import merging
    from foundation.models import Merge

    merge = Merge.objects.select_for_update().filter(pk=merge.pk, undone_at=None).first()
    if merge is None:
        raise ValidationError(_("This merge was already undone."))
    model = apps.get_model(merge.kind)
    survivor = model._base_manager.filter(pk=merge.survivor_id).first()
    if survivor is None:
        raise ValidationError(
            _(
                "The record it was merged into no longer exists (deleted, or merged in its "
                "turn): undo that first."
            )
        )
    survivor_version = survivor.version
    reason = _("Merge of « %(name)s » undone.") % {"name": merge.merged_name}
    last = model.history.get(history_id=merge.merged_history_id)
    duplicate = last.instance
    duplicate.pk = merge.merged_id
    duplicate.version = last.version + 1
    duplicate._history_user = user
    duplicate._change_reason = reason
    duplicate.full_clean()
    duplicate.save(force_insert=True)
    set_citations(duplicate, merge.citations)
    changed = [(duplicate, ChangeKind.CREATED)]
    for row_label, pk, name in merge.moved:
        row_model = apps.get_model(row_label)
        field = row_model._meta.get_field(name)
        if row_model is model and pk == survivor.pk:
            if getattr(survivor, field.attname) is None:
                setattr(survivor, field.attname, duplicate.pk)
            continue
        row = row_model._base_manager.filter(pk=pk).first()
        if row is None or getattr(row, field.attname) != survivor.pk:
            continue  # deleted or pointed elsewhere since: the later edit stands
        merging.point(row, field, duplicate)
        row._history_user = user
        row._change_reason = reason
        if isinstance(row, Versioned):
            row.save_if_version(row.version)
        else:
            row.save()
        if isinstance(row, VisibleModel):
            changed.append((row, ChangeKind.UPDATED))
    for data in merge.dropped:
        row, m2m = merging.restored(data)
        row._history_user = user
        row._change_reason = reason
        row.save(force_insert=True)
        if "citations" in m2m:
            set_citations(row, m2m["citations"])
        if isinstance(row, VisibleModel):
            changed.append((row, ChangeKind.CREATED))
    gained = set(merge.aliases_added)
    survivor.other_names = "\n".join(name for name in survivor.alias_list if name not in gained)
    survivor._history_user = user
    survivor._change_reason = reason
    survivor.save_if_version(survivor_version)
    citations = set(survivor.citations.values_list("pk", flat=True))
    set_citations(survivor, citations - set(merge.citations_added))
    record_changes([*changed, (survivor, ChangeKind.UPDATED)])
    merge.undone_at = timezone.now()
    merge.undone_by = user if getattr(user, "pk", None) else None
    merge.save(update_fields=["undone_at", "undone_by"])
    return duplicate
