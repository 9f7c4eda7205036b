"""Consistency checks across records: what is likely wrong, shown as warnings (never errors) on
a record's admin form and, for every record, on the admin's Problems page.

- a membership (or any dated record with a start, e.g. a relation between organisations)
  that begins before an organisation it names was founded;
- an event dated after the publication of a source that reports it (cites it);
- an end before a start across related records: a membership that ends before an
  organisation it names was founded, an event that an organisation takes part in dated before
  that organisation was founded;
- two people, or two organisations, sharing a name or an alias (likely duplicates: merge them);
- a published record whose only evidence is in sources that are not published.

Dates known to a precision compare by it (models/dates.py): a date is *certainly* before
another only when the last day it may mean comes before the first day the other may mean, so
2016 is neither before nor after 12 September 2016.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from foundation.merging import mergeable, names
from foundation.models import (
    Citation,
    CitedRecord,
    Event,
    EventParticipant,
    Organisation,
    Status,
    VisibleModel,
    format_precise_date,
)
from foundation.models.dates import period_end
from foundation.models.kinds import cited_models
from foundation.text import fold


@dataclass
class Finding:
    """One likely problem: about `record`, involving `others` (linked in the admin)."""

    record: object
    message: str
    others: list = field(default_factory=list)


def certainly_before(value, precision, other, other_precision):
    """Whether the date `value` (at `precision`) surely comes before `other`: the last day it
    may mean is before the first day `other` may mean (dates are stored normalised)."""
    if value is None or other is None:
        return False
    return period_end(value, precision) < other


def shown(record, name):
    return format_precise_date(getattr(record, name), getattr(record, f"{name}_precision"))


def with_links(model):
    """Rows of `model` with the records they link to, which their names show (a membership
    reads as "member — role — organisation"): one query however many."""
    links = [
        each.name
        for each in model._meta.concrete_fields
        if each.is_relation and issubclass(each.related_model, VisibleModel)
    ]
    return model._base_manager.select_related(*links)


def dated_links_to_organisations():
    """[(model, [organisation foreign keys])] of cited records with a start date that name
    organisations (memberships, and relations between organisations when they exist)."""
    found = []
    for model in cited_models():
        if "start_date" not in getattr(model, "precise_dates", ()):
            continue
        links = [
            each
            for each in model._meta.concrete_fields
            if each.is_relation and each.related_model is Organisation
        ]
        if links:
            found.append((model, links))
    return found


def check_periods(model, links, record):
    """Memberships (or relations) that begin or end before an organisation they name was
    founded."""
    rows = with_links(model)
    if isinstance(record, Organisation):
        rows = rows.filter(Q(*[Q(**{link.name: record}) for link in links], _connector=Q.OR))
    elif record is not None:
        if not isinstance(record, model):
            return []
        rows = rows.filter(pk=record.pk)
    found = []
    for row in rows:
        for link in links:
            organisation = getattr(row, link.name)
            if organisation is None or organisation.founded is None:
                continue
            founded = (organisation.founded, organisation.founded_precision)
            for name, message in (
                (
                    "start_date",
                    _("It begins (%(date)s) before %(organisation)s was founded (%(founded)s)."),
                ),
                (
                    "end_date",
                    _("It ends (%(date)s) before %(organisation)s was founded (%(founded)s)."),
                ),
            ):
                if name == "end_date" and certainly_before(
                    row.start_date, row.start_date_precision, *founded
                ):
                    continue  # said once, about its start
                date = getattr(row, name, None)
                if certainly_before(date, getattr(row, f"{name}_precision", ""), *founded):
                    values = {
                        "date": shown(row, name),
                        "organisation": f"« {organisation} »",
                        "founded": shown(organisation, "founded"),
                    }
                    found.append(Finding(row, message % values, [organisation]))
    return found


def check_events(record):
    """Events dated after a source that reports them was published; events an organisation
    takes part in, dated before it was founded."""
    if record is not None and not isinstance(record, Event | Organisation):
        return []
    events = Event._base_manager.prefetch_related(
        Prefetch("citations", queryset=Citation._base_manager.select_related("source")),
        Prefetch(
            "participants",
            queryset=EventParticipant._base_manager.filter(
                organisation__isnull=False
            ).select_related("organisation"),
        ),
    )
    if isinstance(record, Event):
        events = events.filter(pk=record.pk)
    elif isinstance(record, Organisation):
        events = events.filter(participants__organisation=record).distinct()
    found = []
    for event in events:
        sources = {citation.source_id: citation.source for citation in event.citations.all()}
        if isinstance(record, Organisation):
            sources = {}
        for source in sources.values():
            if certainly_before(source.published_on, source.published_on_precision, event.date, ""):
                message = _(
                    "It is dated %(date)s, after the publication of %(source)s (%(published)s), "
                    "which reports it."
                ) % {
                    "date": event.date_display,
                    "source": f"« {source} »",
                    "published": shown(source, "published_on"),
                }
                found.append(Finding(event, message, [source]))
        for participant in event.participants.all():
            organisation = participant.organisation
            if isinstance(record, Organisation) and organisation.pk != record.pk:
                continue
            if certainly_before(event.date, event.date_precision, organisation.founded, ""):
                message = _(
                    "It is dated %(date)s, before %(organisation)s, which takes part in it, was "
                    "founded (%(founded)s)."
                ) % {
                    "date": event.date_display,
                    "organisation": f"« {organisation} »",
                    "founded": shown(organisation, "founded"),
                }
                found.append(Finding(event, message, [organisation]))
    return found


def check_duplicates(record):
    """People, or organisations, that share a name or an alias."""
    found = []
    for model in [each for each in cited_models() if mergeable(each)]:
        if record is not None and not isinstance(record, model):
            continue
        rows = model._base_manager.order_by("pk")
        if record is not None:
            # Only the records whose search text holds one of its names can share one.
            wanted = [Q(search_text__contains=fold(name)) for name in names(record)]
            rows = rows.filter(Q(pk=record.pk) | Q(*wanted, _connector=Q.OR))
        holders = {}
        for each in rows:
            for name in names(each):
                holders.setdefault(fold(name), {})[each.pk] = (each, name)
        for shared in holders.values():
            if len(shared) < 2:
                continue
            records = [each for each, _name in shared.values()]
            name = next(iter(shared.values()))[1]
            for each in records:
                if record is not None and each.pk != record.pk:
                    continue
                others = [other for other in records if other.pk != each.pk]
                message = _(
                    "It shares the name « %(name)s » with %(others)s: a likely duplicate. Merge "
                    "them if they are the same."
                ) % {"name": name, "others": ", ".join(f"« {other} »" for other in others)}
                found.append(Finding(each, message, others))
    return found


def check_evidence(record):
    """Published records all of whose passages are in sources that are not published."""
    found = []
    for model in cited_models():
        if record is not None and not isinstance(record, model):
            continue
        rows = (
            with_links(model)
            .filter(status=Status.PUBLISHED)
            .prefetch_related(
                Prefetch("citations", queryset=Citation._base_manager.select_related("source"))
            )
        )
        rows = rows.filter(pk=record.pk) if record is not None else rows
        for row in rows:
            sources = {citation.source for citation in row.citations.all()}
            if sources and all(source.status != Status.PUBLISHED for source in sources):
                message = _(
                    "It is published, but its only evidence is in sources that are not: "
                    "%(sources)s. Publish the source, or cite a published one."
                ) % {"sources": ", ".join(f"« {source} »" for source in sources)}
                found.append(Finding(row, message, sorted(sources, key=lambda s: s.pk)))
    return found


def findings(record=None):
    """Every likely problem, or those about `record` (its admin form)."""
    if record is not None and (record.pk is None or not isinstance(record, CitedRecord)):
        return []
    found = []
    for model, links in dated_links_to_organisations():
        found += check_periods(model, links, record)
    found += check_events(record)
    found += check_duplicates(record)
    found += check_evidence(record)
    return found
