"""Who may see a record: one rule, declared on each model, applied by every surface.

A record is visible to a user when it is published (or the user may see drafts of its kind,
see `sees_drafts`) and every record it cannot be read without (`Visibility.requires`: a
statement's speaker, a membership's two ends, a citation's source…) is visible too. A link to
any other record (`Visibility.shows`: a statement's organisation and event, a parent, a
figure's passage) is kept only when the linked record is visible: otherwise the record is
read as if the link were empty, so no surface can print its name, slug, id, URL or count.

`Model.objects.visible_to(user)` applies both: the first as a condition on joined rows (so a
list still walks its index to the LIMIT), the second as one boolean column per link, which
`RedactedIterable` turns into an empty link on each instance read. Value rows (`values()`)
carry the same columns under `shown_column(link)`.
"""

import operator
from functools import cache, reduce

from django.db import models
from django.db.models import DEFERRED, BooleanField, ExpressionWrapper, Q
from django.db.models.query import ModelIterable

PUBLISHED = "published"
_SHOWN_PREFIX = "shown_link_"


class Visibility:
    """What a record needs to be visible, and which of its links are shown only if visible.

    `requires`: links (foreign keys) without which the record cannot be read; an empty
    nullable link is fine (a claim has no speaker). `shows`: links shown only when the
    linked record is visible to the reader.
    """

    def __init__(self, *, requires=(), shows=()):
        self.requires = tuple(requires)
        self.shows = tuple(shows)


def sees_drafts(user, model):
    """The one policy for drafts: a signed-in, active user with the view permission of the
    record's kind (the Editor role has it) sees its drafts; everyone else, published records.

    Staff status is not required: an integrator's token user needs no admin access.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def has_status(model):
    return any(field.name == "status" for field in model._meta.concrete_fields)


def visible_condition(model, user, prefix=""):
    """The condition a row of `model`, reached through `prefix`, meets when visible to user.

    None when every row is visible (nothing to filter on).
    """
    parts = []
    if has_status(model) and not sees_drafts(user, model):
        parts.append(Q(**{f"{prefix}status": PUBLISHED}))
    for link in model.visibility.requires:
        field = model._meta.get_field(link)
        needed = visible_condition(field.related_model, user, f"{prefix}{link}__")
        if needed is None:
            continue
        parts.append(Q(**{f"{prefix}{link}__isnull": True}) | needed if field.null else needed)
    return reduce(operator.and_, parts) if parts else None


def shown_column(link):
    """The name of the boolean column that says whether `link` may be shown."""
    return f"{_SHOWN_PREFIX}{link}"


def hidden_links(queryset):
    """[(link, column)] of the links `visible_to` may have to empty on this queryset's rows."""
    return [
        (name.removeprefix(_SHOWN_PREFIX), name)
        for name in queryset.query.annotations
        if name.startswith(_SHOWN_PREFIX)
    ]


class RedactedIterable(ModelIterable):
    """Model instances whose links to records the reader may not see are empty."""

    def __iter__(self):
        links = [
            (self.queryset.model._meta.get_field(link), column)
            for link, column in hidden_links(self.queryset)
        ]
        for obj in super().__iter__():
            for field, column in links:
                # A deferred link (only()) is emptied too, without loading it: it must not
                # load later, unredacted.
                if getattr(obj, column) or obj.__dict__.get(field.attname, DEFERRED) is None:
                    continue
                setattr(obj, field.attname, None)
                field.set_cached_value(obj, None)
                obj.redacted_links = {*getattr(obj, "redacted_links", ()), field.name}
            yield obj


class VisibleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The records `user` may see, their hidden links emptied (see the module's rule)."""
        rule = visible_condition(self.model, user)
        queryset = self if rule is None else self.filter(rule)
        shown = {}
        for link in self.model.visibility.shows:
            target = self.model._meta.get_field(link).related_model
            condition = visible_condition(target, user, f"{link}__")
            if condition is not None:
                shown[shown_column(link)] = ExpressionWrapper(condition, BooleanField())
        if not shown:
            return queryset
        queryset = queryset.annotate(**shown)
        if queryset._iterable_class is ModelIterable:
            queryset._iterable_class = RedactedIterable
        return queryset

    def public(self):
        """What an anonymous visitor sees: for feeds, sitemaps and exports."""
        return self.visible_to(None)

    @classmethod
    def as_manager(cls):
        manager = VisibleManager.from_queryset(cls)()
        manager._built_with_as_manager = True
        return manager

    as_manager.queryset_only = True


class VisibleManager(models.Manager):
    """`Model.objects.visible_to(user)` builds the rule's query once per kind and audience.

    Resolving the rule's joins and columns is the costly part of a list's queryset; the
    result depends only on which kinds' drafts the reader sees, so it is built once and
    chained for each request, as a generic view chains its `queryset` attribute.
    """

    def visible_to(self, user):
        key = (self.model, audience(self.model, user))
        built = _BUILT.get(key)
        if built is None:
            built = _BUILT[key] = self.get_queryset().visible_to(user)
        return built._chain()

    def public(self):
        return self.visible_to(None)


_BUILT = {}


def audience(model, user):
    """Which of the kinds `model`'s rule reads the user sees drafts of: what the rule's query
    depends on (nothing for a visitor)."""
    if user is None or not user.is_authenticated:
        return ()
    return tuple(sees_drafts(user, kind) for kind in rule_models(model))


@cache
def rule_models(model):
    """The kinds whose visibility `model`'s rule reads: itself, what it requires and shows
    (an organisation's parent is an organisation: each kind once)."""
    kinds, waiting = [], [model]
    while waiting:
        kind = waiting.pop()
        if kind not in kinds:
            kinds.append(kind)
            links = [*kind.visibility.requires, *kind.visibility.shows]
            waiting += [kind._meta.get_field(link).related_model for link in links]
    return tuple(kinds)


class VisibleModel(models.Model):
    """A record of the cited record: it declares its visibility rule (see the module)."""

    visibility = Visibility()
    # Fields held in French and English (foundation/translation.py registers them); those the
    # model requires (not blank) are required in French, the sources' language.
    translated_fields: tuple[str, ...] = ()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if getattr(self, "redacted_links", None):
            # Read for display with hidden links emptied: saving it would erase them.
            raise ValueError(
                f"{type(self).__name__} {self.pk} was read with hidden links "
                f"({', '.join(sorted(self.redacted_links))}): read it again to change it."
            )
        super().save(*args, **kwargs)

    save.alters_data = True
