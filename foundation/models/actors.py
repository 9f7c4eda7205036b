"""Organisations, people, and who belongs to what (Popolo-shaped)."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from foundation.fastpaths import reverse_slug
from foundation.french import of_name

from .base import CitedRecord
from .constraints import FieldCheck
from .dates import (
    PreciseDates,
    date_order_constraint,
    precise_date_constraints,
    precise_date_fields,
    shown_date,
)
from .reading import ReadingOrder
from .visibility import Visibility


class OtherNamesMixin(models.Model):
    other_names = models.TextField(
        _("other names"),
        blank=True,
        help_text=_("Aliases and spellings found in sources, one per line."),
    )

    class Meta:
        abstract = True

    @property
    def alias_list(self):
        return [line.strip() for line in self.other_names.splitlines() if line.strip()]


FRENCH_ARTICLES = [("le", "le"), ("la", "la"), ("l’", "l’"), ("les", "les")]


class Organisation(ReadingOrder, OtherNamesMixin, PreciseDates, CitedRecord):
    """A foundation, company, lab, project, conference or other body."""

    class Kind(models.TextChoices):
        FOUNDATION = "foundation", _("Foundation")
        COMPANY = "company", _("Company")
        RESEARCH_LAB = "research_lab", _("Research lab")
        PROJECT = "project", _("Open-source project")
        CONFERENCE = "conference", _("Conference")
        BOARD = "board", _("Board")
        PLATFORM = "platform", _("Platform")
        COMMUNITY = "community", _("Community")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The body this one sits within, e.g. PyTorch Foundation → Linux Foundation."),
    )
    french_article = models.CharField(
        _("article in French"),
        max_length=3,
        choices=FRENCH_ARTICLES,
        blank=True,
        help_text=_(
            "How French sentences name it: « la » Linux Foundation, « l’ »Institut, « le » "
            "Conseil; empty for a name used bare (PyTorch, AMD)."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    founded, founded_precision = precise_date_fields(_("founded"), _("founding date precision"))

    search_fields = (
        "name_fr",
        "name_en",
        "other_names",
        "slug",
        "description_fr",
        "description_en",
    )
    name_fields = ("name_fr", "name_en", "other_names")
    visibility = Visibility(shows=["parent"])
    translated_fields = (*CitedRecord.translated_fields, "name", "description")
    precise_dates = ("founded",)
    inferable_fields = ("parent", "founded", "kind")
    sorted_by = ("name",)

    class Meta:
        # In reading order, in the language read (models/reading.py reading_order).
        ordering = ["sort_key_fr", "slug"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            *CitedRecord.Meta.constraints,
            *precise_date_constraints("founded"),
            FieldCheck(
                condition=~Q(parent=models.F("pk")),
                name="foundation_organisation_not_own_parent",
                field="parent",
                violation_error_message=_("An organisation cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_slug("foundation:organisation-detail", self.slug)

    founded_display = shown_date("founded")

    def clean(self):
        super().clean()
        # A cycle through several records is not a row constraint: checked here, once.
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": _("This would make the organisation its own ancestor.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class Person(ReadingOrder, OtherNamesMixin, CitedRecord):
    """A person named by a source."""

    name = models.CharField(_("name"), max_length=200)
    sort_name = models.CharField(
        _("sort name"), max_length=200, blank=True, help_text=_("E.g. 'Zemlin, Jim'.")
    )
    description = models.TextField(_("description"), blank=True)

    class GrammaticalGender(models.TextChoices):
        FEMININE = "feminine", _("feminine")
        MASCULINE = "masculine", _("masculine")

    grammatical_gender = models.CharField(
        _("grammatical gender"),
        max_length=10,
        choices=GrammaticalGender.choices,
        blank=True,
        help_text=_(
            "How French agrees with this person (fondatrice, fondateur), as the source writes "
            "of them; left empty, role labels take their generic form. Mark it inferred when "
            "only the source's grammar gives it."
        ),
    )

    search_fields = ("name", "other_names", "slug", "description_fr", "description_en")
    name_fields = ("name", "other_names")
    translated_fields = (
        *CitedRecord.translated_fields,
        "description",
    )
    sorted_by = ("sort_name", "name")
    inferable_fields = ("grammatical_gender",)

    class Meta:
        ordering = ["sort_key_fr", "slug"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [*CitedRecord.Meta.constraints]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_slug("foundation:person-detail", self.slug)


class Membership(PreciseDates, CitedRecord):
    """A person or an organisation belonging to an organisation, in a role, over a period;
    or a seat held on behalf of an organisation by its representative, named or not."""

    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Left empty, it is made from the role and a random suffix."),
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("member (person)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    member_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("member (organisation)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships_held",
        help_text=_(
            "Fill this or 'member (person)', not both, for an organisation that is itself a "
            "member. A company's seat on a board is held by its representative: see 'on "
            "behalf of'."
        ),
    )
    on_behalf_of = models.ForeignKey(
        Organisation,
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_memberships",
        help_text=_(
            "The organisation the member represents, e.g. the company whose representative "
            "sits on a board. With no member named, the seat is held by its unnamed "
            "representative."
        ),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"),
        max_length=200,
        help_text=_(
            "E.g. 'creator', 'governing board member'; in French, the form that agrees with "
            "the member (fondatrice, fondateur)."
        ),
    )
    start_date, start_date_precision = precise_date_fields(
        _("start date"), _("start date precision")
    )
    end_date, end_date_precision = precise_date_fields(_("end date"), _("end date precision"))

    search_fields = ("role_fr", "role_en")
    translated_fields = (
        *CitedRecord.translated_fields,
        "role",
    )
    visibility = Visibility(
        requires=["organisation", "person", "member_organisation", "on_behalf_of"]
    )
    # Shown on its organisation's page, not on a page of its own.
    has_page = False
    precise_dates = ("start_date", "end_date")
    inferable_fields = ("role", "start_date", "end_date")

    class Meta:
        ordering = ["organisation__sort_key_fr", "role", "slug"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            *CitedRecord.Meta.constraints,
            FieldCheck(
                condition=Q(person__isnull=False, member_organisation__isnull=True)
                | Q(person__isnull=True, member_organisation__isnull=False)
                | Q(
                    person__isnull=True,
                    member_organisation__isnull=True,
                    on_behalf_of__isnull=False,
                ),
                name="foundation_membership_exactly_one_member",
                field="person",
                violation_error_message=_(
                    "Choose exactly one member: a person or an organisation (member "
                    "organisation); or, for a seat held by an unnamed representative, neither "
                    "and the organisation it is held on behalf of."
                ),
            ),
            FieldCheck(
                condition=~Q(on_behalf_of=models.F("organisation")),
                name="foundation_membership_not_on_behalf_of_itself",
                field="on_behalf_of",
                violation_error_message=_(
                    "A seat in an organisation is not held on behalf of that same organisation."
                ),
            ),
            FieldCheck(
                condition=~Q(member_organisation=models.F("organisation")),
                name="foundation_membership_not_member_of_itself",
                field="member_organisation",
                violation_error_message=_("An organisation cannot be a member of itself."),
            ),
            date_order_constraint(
                "start_date",
                "end_date",
                _("The end date is before the start date: swap or correct them."),
            ),
            *precise_date_constraints("start_date"),
            *precise_date_constraints("end_date"),
        ]

    def __str__(self):
        return f"{self.member_label} — {self.role} — {self.organisation}"

    def get_absolute_url(self):
        return self.organisation.get_absolute_url() + f"#membership-{self.slug}"

    @property
    def member(self):
        """The named member, or None for a seat held by an unnamed representative."""
        return self.person or self.member_organisation

    @property
    def is_unnamed_representative(self):
        return self.member is None and self.on_behalf_of_id is not None

    @property
    def member_label(self):
        """Who holds it, as words: never the represented company as if it were a person."""
        if self.member is not None:
            return str(self.member)
        if self.on_behalf_of_id is not None:
            # French names the company with its "de" (d’AMD, de la …): foundation/french.py.
            return _("a representative of %(organisation)s") % {
                "organisation": of_name(self.on_behalf_of)
            }
        return ""

    start_display = shown_date("start_date")
    end_display = shown_date("end_date")

    def clean(self):
        super().clean()
        self.fill_slug()

    def fill_slug(self):
        """A new membership's address: its role and a random suffix, never another record's
        slug (a member's slug would tell who holds it, even when that member is a draft)."""
        if not self.slug:
            role = slugify(self.role_fr or self.role or "")[:60].strip("-") or "membership"
            self.slug = f"{role}-{secrets.token_hex(4)}"

    def save(self, *args, **kwargs):
        self.fill_slug()
        super().save(*args, **kwargs)
