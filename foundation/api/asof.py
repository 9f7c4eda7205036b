"""?as_of=<date-time>: lists and details as a reader could see them at that moment, from history.

The rows are the records' history rows at that moment, visible by the rule applied to them
(foundation/models/history.py); a detail's nested lists (passages, figures, participants,
members, statements…) are read the same way, each in one query. A moment after now reads as
now. A list's filters that compare columns apply to the rows of that moment; those that
follow today's relations (search, citation, member_of…) cannot say what held then and are
refused with as_of, by name.
"""

import datetime

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from foundation.models import Citation, CitedRecord, EventParticipant, Figure, Membership, Statement
from foundation.models.history import as_of, rows_at, visible_at
from foundation.models.visibility import hidden_links

from .expand import Reading
from .filters import UTCDateTimeField, history_ordering

PARAMETER = "as_of"
# Parameters that are not filters (pagination, format, shape).
NOT_FILTERS = {"page", "page_size", "format", "fields", "expand", PARAMETER}


def parse_as_of(request):
    """The moment asked for (aware, at most now), None without ?as_of=; 400 when invalid."""
    raw = request.query_params.get(PARAMETER)
    if raw is None:
        return None
    field = UTCDateTimeField(required=True)
    try:
        when = field.clean(raw)
    except forms.ValidationError as error:
        hint = _("Give an ISO 8601 date-time, e.g. 2024-05-01T12:00:00Z.")
        raise ValidationError({PARAMETER: [hint, *error.messages]}) from error
    if when is None:
        raise ValidationError({PARAMETER: [_("Give an ISO 8601 date-time.")]})
    if timezone.is_naive(when):
        when = timezone.make_aware(when, datetime.UTC)
    return min(when, timezone.now())


def refuse_present_only_filters(request, filterset_class, model):
    """400 when a filter that reads today's relations is combined with as_of."""
    if filterset_class is None:
        return
    history = model.history.model
    refused = []
    for name in sorted(request.query_params.keys() - NOT_FILTERS):
        filter_ = filterset_class.base_filters.get(name)
        if filter_ is None or name == "ordering":
            continue
        if filter_.method is not None:
            if filter_.method not in getattr(filterset_class, "as_of_methods", ()):
                refused.append(name)
            continue
        try:
            field = history._meta.get_field(filter_.field_name.split("__")[0])
        except FieldDoesNotExist:
            refused.append(name)
            continue
        if field.many_to_many or field.one_to_many:
            refused.append(name)
    if refused:
        raise ValidationError(
            {
                PARAMETER: [
                    _("These filters read today's relations and cannot be used with as_of: %s.")
                    % ", ".join(refused)
                ]
            }
        )


class AsOfReading(Reading):
    """What ?expand= reads, as of the moment."""

    def __init__(self, user, when):
        super().__init__(user)
        self.when = when

    def records(self, model):
        return as_of(model, self.user, self.when)

    def links(self, model, ids, attnames):
        return rows_at(model, self.when).filter(id__in=ids).values_list("id", *attnames)

    def passages(self, model, ids):
        name = model._meta.model_name
        snapshot = model.history.model.citations.model
        records = visible_at(model, self.user, self.when).filter(id__in=ids)
        passages = visible_at(Citation, self.user, self.when).values("id")
        return (
            snapshot.objects.filter(history__in=records.values("history_id"), citation__in=passages)
            .values_list(name, "citation__source")
            .distinct()
        )


def record_as_of(view, when):
    """The detail's record as it was at `when`, its nested lists too; 404 if hidden then."""
    user = view.request.user
    model = view.model
    lookup = view.kwargs[view.lookup_url_kwarg or view.lookup_field]
    key = "id" if view.lookup_field == "pk" else view.lookup_field
    if key == "id" and not str(lookup).isdigit():
        raise Http404
    rows = as_of(model, user, when).select_related(*view.select)
    row = rows.filter(**{key: lookup}).first()
    if row is None:
        raise Http404
    instance = instance_of(row, rows, view.select)
    if issubclass(model, CitedRecord):
        cache(instance, "citations", passages_of(row, model, user, when))
    for name, read in NESTED.get(model._meta.model_name, {}).items():
        value = read(instance, user, when)
        if name.startswith("visible_"):
            setattr(instance, name, value)
        else:
            cache(instance, name, value)
    return instance


def instance_of(row, rows, select=()):
    """The model instance a history row holds, its selected links cached, those hidden at
    that moment emptied (as RedactedIterable empties today's)."""
    instance = row.instance
    model = type(instance)
    for name in select:
        field = model._meta.get_field(name)
        field.set_cached_value(instance, getattr(row, name))
    for link, column in hidden_links(rows):
        if getattr(row, column) or getattr(row, model._meta.get_field(link).attname) is None:
            continue
        field = model._meta.get_field(link)
        setattr(instance, field.attname, None)
        field.set_cached_value(instance, None)
        instance.redacted_links = {*getattr(instance, "redacted_links", ()), link}
    return instance


def cache(instance, name, items):
    """`instance.<name>.all()` gives `items`, as prefetch_related would (the related
    managers read their prefetch cache under the relation's name)."""
    queryset = type(instance)._base_manager.none()
    queryset._result_cache = list(items)
    queryset._prefetch_done = True
    instance._prefetched_objects_cache = {
        **getattr(instance, "_prefetched_objects_cache", {}),
        name: queryset,
    }


def passages_at(user, when, ids):
    """{id: Citation} of these passages visible at `when`, their source read."""
    rows = as_of(Citation, user, when).filter(id__in=ids).select_related("source")
    return {row.id: instance_of(row, rows, ("source",)) for row in rows}


def passages_of(row, model, user, when):
    snapshot = type(row).citations.model
    ids = snapshot.objects.filter(history=row).values("citation")
    found = passages_at(user, when, ids)
    return sorted(found.values(), key=lambda c: (c.source_id, c.start or 0, c.end or 0, c.pk))


def figures_at(statement, user, when):
    rows = as_of(Figure, user, when).filter(statement=statement.pk).order_by("position", "id")
    figures = [instance_of(row, rows) for row in rows]
    passages = passages_at(user, when, [f.citation_id for f in figures if f.citation_id])
    for figure in figures:
        Figure._meta.get_field("citation").set_cached_value(
            figure, passages.get(figure.citation_id)
        )
    return figures


def participants_at(event, user, when):
    select = ("person", "organisation")
    rows = (
        as_of(EventParticipant, user, when)
        .filter(event=event.pk)
        .select_related(*select)
        .order_by("id")
    )
    return [instance_of(row, rows, select) for row in rows]


def memberships_at(link, select):
    def read(record, user, when):
        rows = (
            as_of(Membership, user, when)
            .filter(**{link: record.pk})
            .select_related(*select)
            .order_by(*history_ordering(Membership, ("role", "slug")))
        )
        return [instance_of(row, rows, select) for row in rows]

    return read


def statements_at(link):
    def read(record, user, when):
        rows = as_of(Statement, user, when).filter(**{link: record.pk})
        order = history_ordering(Statement, Statement._meta.ordering)
        return list(rows.order_by(*order).only("id", "slug"))

    return read


def children_at(organisation, user, when):
    from foundation.models import Organisation

    rows = as_of(Organisation, user, when).filter(parent=organisation.pk)
    return list(rows.order_by(*history_ordering(Organisation, ("name",))).only("id", "slug"))


NESTED = {
    "statement": {"figures": figures_at},
    "event": {"participants": participants_at, "visible_statements": statements_at("event")},
    "person": {
        "visible_memberships": memberships_at("person", ("organisation",)),
        "visible_statements": statements_at("speaker"),
    },
    "organisation": {
        "children": children_at,
        "visible_members": memberships_at("organisation", ("person", "member_organisation")),
        "visible_memberships_held": memberships_at("member_organisation", ("organisation",)),
    },
}
