"""The visibility rule applied to history: what a reader could see at a past moment.

Every content model keeps its history (django-simple-history, foundation/translation.py).
`as_of(model, user, when)` gives, for each record, its last history row at or before `when`
(none if it was deleted by then), kept when the rule of foundation/models/visibility.py held
*then*: the record was published (or the reader sees drafts of its kind) and everything it
requires was visible at that moment, by the same rule on their own rows. A statement whose
speaker was a draft then is hidden then, even if both are published now. Each link in the
model's `shows` carries the rule's boolean column (`shown_column`), true when the linked
record was visible at that moment, so the API's lean lists and details empty it as they do
today's hidden links.

The rows are history rows (HistoricalStatement…): the same field names as the record, plus
history_id, history_date, history_type and history_user. A link names the linked record by
its key, so it reads the linked record as it is now (its slug, for an address that works).
"""

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from .visibility import PUBLISHED, has_status, sees_drafts, shown_column


def history_rows(model):
    return model.history.model._default_manager


def rows_at(model, when):
    """The last history row of each record at or before `when`, deletions left out."""
    rows = history_rows(model).filter(history_date__lte=when)
    later = rows.filter(id=OuterRef("id"), history_date__gt=OuterRef("history_date"))
    # Two rows of one record at the same instant: the later one written wins.
    same_instant = rows.filter(
        id=OuterRef("id"), history_date=OuterRef("history_date"), history_id__gt=OuterRef("pk")
    )
    return rows.filter(~Exists(later), ~Exists(same_instant)).exclude(history_type="-")


def condition_at(model, user, when):
    """The condition a history row of `model` meets when visible to `user` at `when`."""
    parts = Q()
    if has_status(model) and not sees_drafts(user, model):
        parts &= Q(status=PUBLISHED)
    for link in model.visibility.requires:
        field = model._meta.get_field(link)
        visible = visible_at(field.related_model, user, when).values("id")
        needed = Q(**{f"{link}__in": visible})
        parts &= Q(**{f"{link}__isnull": True}) | needed if field.null else needed
    return parts


def visible_at(model, user, when):
    """The history rows of the records of `model` visible to `user` at `when`."""
    return rows_at(model, when).filter(condition_at(model, user, when))


def as_of(model, user, when):
    """visible_at, with the rule's column for each link shown only when visible then."""
    rows = visible_at(model, user, when)
    shown = {}
    for link in model.visibility.shows:
        target = model._meta.get_field(link).related_model
        visible = visible_at(target, user, when).values("id")
        shown[shown_column(link)] = ExpressionWrapper(Q(**{f"{link}__in": visible}), BooleanField())
    return rows.annotate(**shown) if shown else rows
