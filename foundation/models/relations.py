"""Relations between two organisations: one developed, hosts or launched the other.

Not memberships: a project developed by a lab is not a member of it, and Popolo's
memberships would say so. Where one organisation sits within another, that is its
`parent` (Organisation), the one place for "part of"; a company's seat on a board is a
membership held by its (possibly unnamed) representative.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .base import CitedRecord
from .constraints import FieldCheck, FieldUnique
from .dates import (
    PreciseDates,
    date_order_constraint,
    precise_date_constraints,
    precise_date_fields,
    shown_date,
)
from .visibility import Visibility


class RelationKind(models.TextChoices):
    DEVELOPED_BY = "developed_by", _("developed by")
    HOSTED_BY = "hosted_by", _("hosted by")
    LAUNCHED_WITHIN = "launched_within", _("launched within")


class OrganisationRelation(PreciseDates, CitedRecord):
    """`organisation` is <kind> `related_organisation`: PyTorch is developed by Meta AI."""

    Kind = RelationKind

    # The same relation read from the other end, on the related organisation's page.
    INVERSE_LABELS = {
        Kind.DEVELOPED_BY: _("developed"),
        Kind.HOSTED_BY: _("hosts"),
        Kind.LAUNCHED_WITHIN: _("saw launched within it"),
    }

    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Left empty, it is made from the kind and a random suffix."),
    )
    organisation = models.ForeignKey(
        "foundation.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="relations",
        help_text=_("The organisation the relation is about, e.g. PyTorch."),
    )
    kind = models.CharField(_("relation"), max_length=20, choices=Kind.choices, db_index=True)
    related_organisation = models.ForeignKey(
        "foundation.Organisation",
        verbose_name=_("related organisation"),
        on_delete=models.PROTECT,
        related_name="inverse_relations",
        help_text=_("The other end, e.g. Meta AI in 'PyTorch developed by Meta AI'."),
    )
    start_date, start_date_precision = precise_date_fields(
        _("start date"), _("start date precision")
    )
    end_date, end_date_precision = precise_date_fields(_("end date"), _("end date precision"))

    visibility = Visibility(requires=["organisation", "related_organisation"])
    # "Hosted by" may be read from "joined"; a start date may be that of an announcement.
    inferable_fields = ("kind", "start_date", "end_date")
    # Shown on both organisations' pages, not on a page of its own.
    has_page = False
    precise_dates = ("start_date", "end_date")

    class Meta:
        ordering = ["organisation__name", "kind", "slug"]
        verbose_name = _("relation between organisations")
        verbose_name_plural = _("relations between organisations")
        constraints = [
            *CitedRecord.Meta.constraints,
            FieldCheck(
                condition=~Q(related_organisation=models.F("organisation")),
                name="foundation_organisationrelation_not_to_itself",
                field="related_organisation",
                violation_error_message=_("An organisation cannot be related to itself."),
            ),
            FieldCheck(
                condition=Q(kind__in=RelationKind.values),
                name="foundation_organisationrelation_known_kind",
                field="kind",
                violation_error_message=_("Choose a kind of relation from the list."),
            ),
            FieldUnique(
                fields=["organisation", "kind", "related_organisation"],
                name="foundation_organisationrelation_unique",
                field="related_organisation",
                violation_error_message=_("This relation is already recorded."),
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
        return f"{self.organisation} — {self.get_kind_display()} — {self.related_organisation}"

    def get_absolute_url(self):
        return self.organisation.get_absolute_url() + f"#relation-{self.slug}"

    @property
    def inverse_label(self):
        return self.INVERSE_LABELS.get(self.kind, self.get_kind_display())

    start_display = shown_date("start_date")
    end_display = shown_date("end_date")

    def clean(self):
        super().clean()
        self.fill_slug()

    def fill_slug(self):
        """Its kind and a random suffix: never an end's slug, which could name a draft."""
        if not self.slug:
            self.slug = f"{(self.kind or 'relation').replace('_', '-')}-{secrets.token_hex(4)}"

    def save(self, *args, **kwargs):
        self.fill_slug()
        super().save(*args, **kwargs)
