"""Review: who may publish a record, and what changed since it was last published.

A record goes draft → in review → published. Publishing (by hand or by scheduling it) needs
the kind's `publish_<kind>` permission (the Reviewer group has it, the Editor group does
not: foundation/roles.py). With FOUNDATION_REVIEWER_CANNOT_PUBLISH_OWN_WORK on, nobody
publishes a record whose content they changed since it was last published: a second person
always reads it first. Sending for review, scheduling, checking against the source and
disputing are a reviewer's acts, not the record's content, so they never make it one's own.

services.py applies the rule on every write; the review queue (admin/review.py) shows the
changes from the history.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from foundation.models import CitedRecord, Status
from foundation.roles import publish_permission_name

# Fields whose change is not authorship (see the module's docstring).
NOT_CONTENT = frozenset(
    {
        *("id", "version", "status", "publish_at", "created_at", "updated_at", "search_text"),
        *("verification", "verified_by", "verified_at"),
        *("verification_note", "verification_note_fr", "verification_note_en"),
    }
)


def content_fields(model):
    """The fields of `model` an author writes (bilingual fields as their language columns)."""
    # A translated field's own column only mirrors one of its language columns; fields no one
    # edits (search text, sort keys) are derived from the others.
    translated = set(getattr(model, "translated_fields", ()))
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.name not in NOT_CONTENT and field.name not in translated and field.editable
    ]


def publish_refusal(user, record, *, changing=False):
    """Why `user` may not publish `record`, or None if they may.

    `changing`: the write that publishes also changes the record's content (then, under the
    own-work rule, it is this user's work whatever the history says). None as user is a
    command run by the site's operators (load_seed), which publishes as the fixtures say.
    """
    if user is None:
        return None
    if not user.is_active or not user.has_perm(publish_permission_name(type(record))):
        return _(
            "Only a reviewer may publish or schedule a record. Send it for review: a "
            "reviewer will publish it."
        )
    own_work_rule = getattr(settings, "FOUNDATION_REVIEWER_CANNOT_PUBLISH_OWN_WORK", False)
    if own_work_rule and (changing or changed_by_since_published(record, user)):
        return _(
            "You changed this record since it was last published, and a reviewer may not "
            "publish their own work: another reviewer must publish it."
        )
    return None


def history_rows(record):
    """The record's history, newest first, each with its author."""
    return list(
        record.history.select_related("history_user").order_by("-history_date", "-history_id")
    )


def unpublished_changes(record, rows=None):
    """[(row, changes)] for each history row since the record was last published, newest
    first; changes are simple_history's ModelChange list against the row before it (all of
    the row's content when it is the first)."""
    rows = history_rows(record) if rows is None else rows
    fields = content_fields(type(record))
    result = []
    for position, row in enumerate(rows):
        if row.status == Status.PUBLISHED:
            break
        older = rows[position + 1] if position + 1 < len(rows) else None
        if older is None:
            result.append((row, None))
            continue
        delta = row.diff_against(older, included_fields=[*named(type(record), fields)])
        result.append((row, delta.changes))
    return result


def named(model, attnames):
    by_attname = {field.attname: field.name for field in model._meta.concrete_fields}
    names = [by_attname[attname] for attname in attnames]
    # A source's `citations` are the passages cut from it, not its evidence.
    if issubclass(model, CitedRecord):
        names.append("citations")
    return names


def changed_by_since_published(record, user):
    """Did `user` change the record's content since it was last published?"""
    return any(
        row.history_user_id == user.pk and (changes is None or changes)
        for row, changes in unpublished_changes(record)
    )


def last_published(record, rows=None):
    """The history row of the record as it was last published, or None if it never was."""
    rows = history_rows(record) if rows is None else rows
    return next((row for row in rows if row.status == Status.PUBLISHED), None)


def changes_content(record):
    """Does `record`, as about to be written, differ in content from its stored row?"""
    if record._state.adding or record.pk is None:
        return True
    fields = content_fields(type(record))
    stored = type(record)._base_manager.filter(pk=record.pk).values(*fields).first()
    if stored is None:
        return True
    return any(stored[name] != getattr(record, name) for name in fields)
