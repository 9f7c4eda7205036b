"""?expand=: the records a list or a detail links to, embedded in the same response.

Each item gets `expanded`: {name: the linked record as its own list gives it, or null} and,
for `source`, the list of the sources its passages come from. However many items a page
holds, this costs one query for the links, one per kind of linked record and two for the
sources: the records are read together, through the same rule as everything else (the
`read` function the view passes: `Model.objects.visible_to(user)`, or the same rule applied
to history for `?as_of=`), and written by the linked kind's own list serializer
(foundation/api/lean.py), so an embedded person is exactly an item of /api/v1/people/.
"""

from collections import defaultdict

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from .lean import LeanReader


class Link:
    """The record a foreign key names (a statement's speaker): one item, or null."""

    many = False

    def __init__(self, field):
        self.field = field


class Sources:
    """The sources of the passages a record cites: a list, in the sources' order."""

    many = True


EXPANSIONS = {
    "statement": {
        "speaker": Link("speaker"),
        "organisation": Link("on_behalf_of"),
        "event": Link("event"),
        "source": Sources(),
    },
    "membership": {
        "person": Link("person"),
        "organisation": Link("organisation"),
        "member_organisation": Link("member_organisation"),
        "on_behalf_of": Link("on_behalf_of"),
        "source": Sources(),
    },
    "organisationrelation": {
        "organisation": Link("organisation"),
        "related_organisation": Link("related_organisation"),
        "source": Sources(),
    },
    "organisation": {"parent": Link("parent"), "source": Sources()},
    "person": {"source": Sources()},
    "event": {"source": Sources()},
    "citation": {"source": Link("source")},
    "source": {},
}


def allowed(model):
    return EXPANSIONS[model._meta.model_name]


def parse_expand(raw, model):
    """The names asked for in ?expand= (None for none); 400 naming any unknown one."""
    if raw is None:
        return None
    wanted = {name.strip() for name in raw.split(",") if name.strip()}
    if not wanted:
        return None
    choices = allowed(model)
    unknown = sorted(wanted - choices.keys())
    if unknown:
        raise ValidationError(
            {
                "expand": [
                    _("Unknown expansion(s): %(unknown)s. Choose among: %(available)s.")
                    % {
                        "unknown": ", ".join(unknown),
                        "available": ", ".join(sorted(choices)) or _("(none)"),
                    }
                ]
            }
        )
    return wanted


class Reading:
    """How the view reads what an expansion needs, now or as of a past moment.

    records(model): the records of `model` the reader sees (a queryset with the rule's
    columns); links(model, ids, attnames): rows (id, *link ids) of the expanded records as
    they are read; passages(model, ids): rows (record id, source id) of the visible passages
    the records cite.
    """

    def __init__(self, user):
        self.user = user

    def records(self, model):
        return model._default_manager.visible_to(self.user)

    def links(self, model, ids, attnames):
        return model._base_manager.filter(pk__in=ids).values_list("pk", *attnames)

    def passages(self, model, ids):
        from foundation.models import Citation

        name = model._meta.model_name
        return self.records(Citation).filter(**{f"{name}__in": ids}).values_list(name, "source")


def expand(items, names, *, model, request, reading, list_serializers):
    """Add `expanded` to each item (dicts holding their record's `id`)."""
    choices = allowed(model)
    ids = [item["id"] for item in items]
    expanded = {pk: {} for pk in ids}
    links = [name for name in sorted(names) if not choices[name].many]
    if links and ids:
        fields = [model._meta.get_field(choices[name].field) for name in links]
        targets = {name: {} for name in links}
        for row in reading.links(model, ids, [field.attname for field in fields]):
            for name, key in zip(links, row[1:], strict=True):
                targets[name][row[0]] = key
        for name, field in zip(links, fields, strict=True):
            keys = {key for key in targets[name].values() if key is not None}
            found = _items(field.related_model, keys, request, reading, list_serializers)
            for pk in ids:
                expanded[pk][name] = found.get(targets[name].get(pk))
    if "source" in names and choices["source"].many and ids:
        from foundation.models import Source

        by_record = defaultdict(set)
        for record, source in reading.passages(model, ids):
            by_record[record].add(source)
        keys = {key for keys in by_record.values() for key in keys}
        found = _items(Source, keys, request, reading, list_serializers)
        for pk in ids:
            # In the sources' own order (found keeps it), each source once.
            expanded[pk]["source"] = [
                item for key, item in found.items() if key in by_record.get(pk, ())
            ]
    for item in items:
        item["expanded"] = {name: expanded[item["id"]].get(name) for name in sorted(names)}
    return items


def _items(target, keys, request, reading, list_serializers):
    """{id: list item} of the records of `target` with these ids the reader sees, in the
    kind's order."""
    if not keys:
        return {}
    reader = LeanReader(list_serializers[target], request)
    queryset = reading.records(target).filter(id__in=keys).order_by(*target._meta.ordering, "id")
    items = reader.represent(reader.rows(queryset))
    return {item["id"]: item for item in items}
