"""What every record of the cited record shares: publication, verification, history, citations."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from foundation.fastpaths import ChoiceDisplayMixin, reverse_slug
from foundation.text import search_fold

from .constraints import FieldCheck
from .inference import Inferable
from .reading import LANGUAGES, ReadingOrder
from .visibility import PUBLISHED, VisibleModel, VisibleQuerySet


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", _("Unverified")
    CHECKED = "checked", _("Checked against the source")
    DISPUTED = "disputed", _("Disputed")
    RETRACTED = "retracted", _("Retracted")


class EditConflict(Exception):
    """The record was saved by someone else since this edit began."""

    def __init__(self, instance, expected_version):
        self.instance = instance
        self.expected_version = expected_version
        super().__init__(
            f"{instance._meta.verbose_name} {instance.pk} changed since version "
            f"{expected_version}: reload it and apply the edit again."
        )


class Versioned(VisibleModel):
    """A record whose every write bumps its version: the API's ETags and the admin's conflict
    check compare it, and save_if_version refuses to write over a newer one."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            self.version += 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)

    save.alters_data = True

    def save_if_version(self, expected_version, **kwargs):
        """Save only if nobody saved since expected_version; race-free (one guarded UPDATE).

        Raises EditConflict otherwise. The guarded UPDATE takes the row's write lock inside
        the transaction, so of two concurrent writers exactly one succeeds.
        """
        with transaction.atomic():
            self.claim_version(expected_version)
            self.version = expected_version
            self.save(**kwargs)

    save_if_version.alters_data = True

    def claim_version(self, expected_version):
        """Take the row's write lock if its version is still expected_version, else EditConflict."""
        claimed = (
            type(self)
            ._base_manager.filter(pk=self.pk, version=expected_version)
            .update(version=expected_version + 1)
        )
        if not claimed:
            raise EditConflict(self, expected_version)

    claim_version.alters_data = True


class PublishableQuerySet(VisibleQuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Publishable(ChoiceDisplayMixin, Versioned):
    """A record with a public address, a draft/published status and timestamps."""

    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("The record's address: lowercase letters, digits and hyphens, unique."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_(
            "Only published records are shown to visitors and anonymous API users. Send a "
            "draft for review when it is ready; a reviewer publishes it."
        ),
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "A reviewer may schedule publication: the record goes live at this time, as it "
            "is then, unless it was changed after this was set. Leave empty to publish by hand."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    # Folded text of the fields named in search_fields, kept current on save, for search.
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    search_fields: tuple[str, ...] = ()
    # The fields that name the record (its names and aliases, one per line, or its title):
    # what finds the records that link to it (search_related) and what search's "matched:
    # name" and typo suggestions read.
    name_fields: tuple[str, ...] = ()
    # Links whose record's names find this record too (a statement by its speaker's,
    # organisation's and event's names), kept in its search text: so a rename rewrites the
    # search text of the records linking to it (refresh_linked_search_text).
    search_related: tuple[str, ...] = ()
    # Whether the record has a public page of its own (get_absolute_url without a #fragment).
    has_page = True

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
        refresh_linked_search_text(self)

    save.alters_data = True

    def delete(self, *args, **kwargs):
        # Records that link to this one may outlive it (an event's statements: SET_NULL, an
        # UPDATE that skips save()): their search text must drop its names.
        linking = [
            (
                model,
                list(model._base_manager.filter(**{link: self.pk}).values_list("pk", flat=True)),
            )
            for model, link in linking_models(type(self))
        ]
        deleted = super().delete(*args, **kwargs)
        for model, pks in linking:
            rows = model._base_manager.filter(pk__in=pks).select_related(*model.search_related)
            rewrite_derived_fields(rows)
        return deleted

    delete.alters_data = True

    def natural_key(self):
        return (self.slug,)

    def get_history_url(self):
        """The public page of its published versions (foundation/history.py)."""
        return reverse_slug(f"foundation:{self._meta.model_name}-history", self.slug)

    def build_search_text(self):
        texts = [getattr(self, name, "") for name in self.search_fields]
        for link in self.search_related:
            linked = linked_for_search(self, link)
            if linked is not None:
                texts.extend(linked.names())
        return search_fold(" ".join(str(text or "") for text in texts))

    def names(self):
        """The record's names and aliases (name_fields, other names one per line), each once."""
        found = []
        for name in self.name_fields:
            found.extend(line.strip() for line in str(getattr(self, name, "") or "").splitlines())
        return list(dict.fromkeys(name for name in found if name))

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


def publicly_visible(record):
    """Whether an anonymous reader may see `record` (the visibility rule, on one instance)."""
    if getattr(record, "status", PUBLISHED) != PUBLISHED:
        return False
    for link in record.visibility.requires:
        linked = getattr(record, link)
        if linked is not None and not publicly_visible(linked):
            return False
    return True


def linked_for_search(record, link):
    """The record `link` names, if its names may find `record`: always when `record` cannot be
    read without it (visibility.requires: who sees the statement sees its speaker), otherwise
    only while it is public, so that no draft's name finds a published record."""
    linked = getattr(record, link)
    if linked is None or link in record.visibility.requires or publicly_visible(linked):
        return linked
    return None


def linking_models(model):
    """[(model, link)] of the records whose search text holds `model`'s names."""
    from .kinds import indexed_models

    return [
        (other, link)
        for other in indexed_models()
        for link in other.search_related
        if other._meta.get_field(link).related_model is model
    ]


def rewrite_derived_fields(records):
    """Store what each record derives from its fields by its model's rule (search text, sort
    keys): for records saved raw (fixtures), which skip save() and whose stored text may
    predate the rule or the records it names."""
    by_model = {}
    for record in records:
        by_model.setdefault(type(record), []).append(record)
    for model, rows in by_model.items():
        fields = []
        if issubclass(model, ReadingOrder):
            fields += [f"sort_key_{language}" for language in LANGUAGES]
            for row in rows:
                row.fill_sort_keys()
        if issubclass(model, Publishable) and model.search_fields:
            fields.append("search_text")
            for row in rows:
                row.search_text = row.build_search_text()
        if fields:
            model._base_manager.bulk_update(rows, fields, batch_size=500)


def refresh_linked_search_text(record):
    """Rewrite the search text of the records that hold `record`'s names (a renamed person's
    statements; an organisation published or unpublished), after `record` is written."""
    for model, link in linking_models(type(record)):
        rows = model._base_manager.filter(**{link: record.pk}).select_related(*model.search_related)
        changed = []
        for row in rows:
            text = row.build_search_text()
            if text != row.search_text:
                row.search_text = text
                changed.append(row)
        # Bookkeeping, not an edit: no version, no history, no updated_at.
        model._base_manager.bulk_update(changed, ["search_text"], batch_size=500)


class CitedRecord(Inferable, Publishable):
    """A fact: it cites the passages that support it, carries its verification state (who
    read it against its source, when, and what that reading covered) and marks the values its
    source does not state (`inferences`, foundation/models/inference.py)."""

    citations = models.ManyToManyField(
        "foundation.Citation",
        verbose_name=_("citations"),
        blank=True,
        help_text=_("The exact passages of a source that support this record."),
    )
    verification = models.CharField(
        _("verification"),
        max_length=10,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
        db_index=True,
        help_text=_(
            "Independent of publication: whether an editor checked this against its source."
        ),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        # A check names its checker: an account that checked records is deactivated, not
        # deleted, so no check ever loses its name.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verification_note = models.TextField(
        _("verification note"),
        blank=True,
        help_text=_(
            "What the check covered (e.g. 'Read against the article'); required when a record "
            "is disputed or retracted: say why. Inferred values are never confirmed by the source."
        ),
    )

    # The note says what a check covered, in each language the site reads.
    translated_fields = ("verification_note",)

    @property
    def checker_name(self):
        """Who checked the record: the account's full name, else its username."""
        user = self.verified_by if self.verified_by_id else None
        if user is None:
            return None
        return user.get_full_name() or user.get_username()

    class Meta:
        abstract = True
        constraints = [
            FieldCheck(
                condition=~Q(verification=Verification.CHECKED) | Q(verified_at__isnull=False),
                name="%(app_label)s_%(class)s_checked_has_date",
                field="verified_at",
                violation_error_message=_(
                    "A record checked against its source needs the date it was checked."
                ),
            ),
            FieldCheck(
                condition=~Q(verification__in=[Verification.DISPUTED, Verification.RETRACTED])
                | ~Q(verification_note=""),
                name="%(app_label)s_%(class)s_dispute_has_note",
                field="verification_note",
                violation_error_message=_("Say why this record is disputed or retracted."),
            ),
            FieldCheck(
                condition=~Q(verification=Verification.CHECKED) | Q(verified_by__isnull=False),
                name="%(app_label)s_%(class)s_checked_has_checker",
                field="verified_by",
                violation_error_message=_(
                    "A check names who checked: mark it checked as yourself."
                ),
            ),
        ]
