"""What keeps a record from being published: the one rule the admin's action and form and the
API's writes reach through foundation.services (publish, save_record).

A record is published only when

- it cites at least one passage (a cited fact: organisation, person, membership, event,
  statement…): visitors are shown its evidence, and a value the source leaves implicit cites
  the passages it is inferred from, its reason in the record's `inferences`;
- every record it links to is published, or published with it: a published statement whose
  speaker is a draft would vanish from visitors' pages (the speaker is required), and one whose
  organisation or event is a draft would lose that link. The links are the model's own
  visibility declaration (`requires` and `shows`), and those of its parts (an event's
  participants).

`blockers(record)` lists the reasons by field; `drafts_needed(records)` the drafts that would
have to be published with them. Neither writes.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from foundation.models import CitedRecord, Publishable, Status, VisibleModel


def draft_links(record):
    """[(field name, linked draft record)] of `record`'s own links (not its parts')."""
    found = []
    model = type(record)
    for name in (*model.visibility.requires, *model.visibility.shows):
        field = model._meta.get_field(name)
        if not issubclass(field.related_model, Publishable):
            continue
        if getattr(record, field.attname) is None:
            continue
        linked = getattr(record, name)
        if linked.status != Status.PUBLISHED:
            found.append((name, linked))
    return found


def part_relations(model):
    """The reverse relations to `model`'s parts: rows with no status of their own that need
    it to be seen (an event's participants, a statement's figures)."""
    return [
        relation
        for relation in model._meta.related_objects
        if relation.one_to_many
        and issubclass(relation.related_model, VisibleModel)
        and not issubclass(relation.related_model, Publishable)
        and relation.field.name in relation.related_model.visibility.requires
    ]


def part_draft_links(record):
    """[(relation accessor, linked draft record)] through `record`'s parts."""
    found = []
    if record.pk is None:
        return found
    for relation in part_relations(type(record)):
        for part in getattr(record, relation.get_accessor_name()).all():
            found += [
                (relation.get_accessor_name(), linked)
                for name, linked in draft_links(part)
                if name != relation.field.name
            ]
    return found


def all_draft_links(record):
    return [*draft_links(record), *part_draft_links(record)]


def describe(record):
    return f"{capfirst(record._meta.verbose_name)} « {record} »"


def blockers(record, *, publishing=()):
    """{field: [messages]}: what keeps `record` from being published, given that the records
    in `publishing` are published with it. Empty when it may be published."""
    errors = {}
    together = {(type(other), other.pk) for other in publishing}
    if isinstance(record, CitedRecord) and (record.pk is None or not record.citations.exists()):
        errors.setdefault("citations", []).append(
            _(
                "It cites no passage, so it cannot be published: add a citation of the "
                "source's words that support it. A value the source only implies still cites "
                "the passages it is inferred from, and its reason goes in 'inferred values'."
            )
        )
    for name, linked in all_draft_links(record):
        if (type(linked), linked.pk) in together:
            continue
        errors.setdefault(name, []).append(
            _(
                "%(record)s is a draft: publish it first, or publish them together "
                "(visitors would not see this record, or its link, otherwise)."
            )
            % {"record": describe(linked)}
        )
    return errors


def drafts_needed(records):
    """The draft records `records` link to, directly or through other such drafts, that
    would have to be published with them, in an order that publishes each one's links first."""
    chosen = {(type(record), record.pk) for record in records}
    ordered = []

    def visit(record):
        for _name, linked in all_draft_links(record):
            key = (type(linked), linked.pk)
            if key in chosen:
                continue
            chosen.add(key)
            visit(linked)
            ordered.append(linked)

    for record in records:
        visit(record)
    return ordered


class PublicationRefused(ValidationError):
    """Some records may not be published: `refusals` = [(record, {field: [messages]})].

    As a ValidationError, it gives the fields of a single record (the forms and the API show
    them on their fields), or one message per record for several.
    """

    def __init__(self, refusals):
        self.refusals = refusals
        if len(refusals) == 1:
            super().__init__(refusals[0][1])
            return
        super().__init__(
            {
                NON_FIELD_ERRORS: [
                    f"{describe(record)}: {message}"
                    for record, errors in refusals
                    for messages in errors.values()
                    for message in messages
                ]
            }
        )

    @property
    def only_drafts(self):
        """True when what stops them is only drafts they link to (publishing them together
        may be offered)."""
        return all("citations" not in errors for _record, errors in self.refusals)


def check(records, *, publishing=()):
    """Raise PublicationRefused unless every record of `records` may be published with
    `publishing` (which includes them)."""
    together = [*records, *publishing]
    refusals = [
        (record, errors) for record in records if (errors := blockers(record, publishing=together))
    ]
    if refusals:
        raise PublicationRefused(refusals)
