"""Organisations, people, and who belongs to what (Popolo-shaped)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .base import CitedRecord, date_order_constraint, precision_constraint, reverse_slug
from .dates import format_precise_date, normalise, precision_field
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


class Organisation(OtherNamesMixin, CitedRecord):
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
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    founded = models.DateField(_("founded"), null=True, blank=True)
    founded_precision = precision_field(_("founding date precision"))

    search_fields = (
        "name_fr",
        "name_en",
        "other_names",
        "slug",
        "description_fr",
        "description_en",
    )
    visibility = Visibility(shows=["parent"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            *CitedRecord.Meta.constraints,
            precision_constraint("founded", "foundation_organisation_founded_precision"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="foundation_organisation_not_own_parent",
                violation_error_message=_("Parent: an organisation cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_slug("foundation:organisation-detail", self.slug)

    @property
    def founded_display(self):
        return format_precise_date(self.founded, self.founded_precision)

    def clean(self):
        super().clean()
        self.founded = normalise(self.founded, self.founded_precision)
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": _("Parent: this would make the organisation its own ancestor.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class Person(OtherNamesMixin, CitedRecord):
    """A person named by a source."""

    name = models.CharField(_("name"), max_length=200)
    sort_name = models.CharField(
        _("sort name"), max_length=200, blank=True, help_text=_("E.g. 'Zemlin, Jim'.")
    )
    description = models.TextField(_("description"), blank=True)

    search_fields = ("name", "other_names", "slug", "description_fr", "description_en")

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [*CitedRecord.Meta.constraints]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_slug("foundation:person-detail", self.slug)


class Membership(CitedRecord):
    """A person or an organisation belonging to an organisation, in a role, over a period."""

    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Left empty, it is made from the member, the role and the organisation."),
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
        help_text=_("Fill this or 'member (person)', not both: e.g. a company on a board."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"), max_length=200, help_text=_("E.g. 'creator', 'governing board member'.")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    start_date_precision = precision_field(_("start date precision"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_date_precision = precision_field(_("end date precision"))

    search_fields = ("role_fr", "role_en")
    visibility = Visibility(requires=["organisation", "person", "member_organisation"])
    # Shown on its organisation's page, not on a page of its own.
    has_page = False

    class Meta:
        ordering = ["organisation__name", "role", "slug"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            *CitedRecord.Meta.constraints,
            models.CheckConstraint(
                condition=Q(person__isnull=False, member_organisation__isnull=True)
                | Q(person__isnull=True, member_organisation__isnull=False),
                name="foundation_membership_exactly_one_member",
                violation_error_message=_(
                    "Member: choose exactly one member, a person or an organisation."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(member_organisation=models.F("organisation")),
                name="foundation_membership_not_member_of_itself",
                violation_error_message=_(
                    "Member (organisation): an organisation cannot be a member of itself."
                ),
            ),
            date_order_constraint(
                "start_date",
                "end_date",
                "foundation_membership_start_before_end",
                _("End date: a membership cannot end before it starts."),
            ),
            precision_constraint("start_date", "foundation_membership_start_precision"),
            precision_constraint("end_date", "foundation_membership_end_precision"),
        ]

    def __str__(self):
        return f"{self.member} — {self.role} — {self.organisation}"

    def get_absolute_url(self):
        return self.organisation.get_absolute_url() + f"#membership-{self.slug}"

    @property
    def member(self):
        return self.person or self.member_organisation

    @property
    def start_display(self):
        return format_precise_date(self.start_date, self.start_date_precision)

    @property
    def end_display(self):
        return format_precise_date(self.end_date, self.end_date_precision)

    def clean(self):
        super().clean()
        self.start_date = normalise(self.start_date, self.start_date_precision)
        self.end_date = normalise(self.end_date, self.end_date_precision)
        errors = {}
        # The related objects, not their ids: an inline on an unsaved person or organisation
        # sets the member before it has a primary key.
        if (self.person is None) == (self.member_organisation is None):
            errors["person"] = _(
                "Choose exactly one member: a person or an organisation (member organisation)."
            )
        if self.member_organisation_id and self.member_organisation_id == self.organisation_id:
            errors["member_organisation"] = _("An organisation cannot be a member of itself.")
        if self.start_date and self.end_date and self.start_date > self.end_date:
            errors["end_date"] = _("The end date is before the start date: swap or correct them.")
        for field in ("start_date", "end_date"):
            if getattr(self, field) and not getattr(self, f"{field}_precision"):
                errors[f"{field}_precision"] = _("Say whether the date is a year, month or day.")
            if getattr(self, f"{field}_precision") and not getattr(self, field):
                errors[field] = _("A precision was given without a date: add the date.")
        if errors:
            raise ValidationError(errors)
        self.fill_slug()

    def fill_slug(self):
        if not self.slug and self.organisation_id and self.member:
            self.slug = slugify(f"{self.member.slug}-{self.role}-{self.organisation.slug}")[:120]

    def save(self, *args, **kwargs):
        self.fill_slug()
        super().save(*args, **kwargs)
