"""Things that happened, when, and who took part."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from foundation.fastpaths import ChoiceDisplayMixin, reverse_slug

from .actors import Organisation, Person
from .base import CitedRecord
from .constraints import FieldCheck, FieldUnique
from .dates import (
    PreciseDates,
    period_end,
    precise_date_constraints,
    precise_date_fields,
    shown_date,
)
from .visibility import Visibility, VisibleModel, VisibleQuerySet


class Event(PreciseDates, CitedRecord):
    """An announcement, release, founding or other dated happening."""

    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", _("Announcement")
        RELEASE = "release", _("Release")
        FOUNDING = "founding", _("Founding")
        JOINING = "joining", _("Joining")
        DEVELOPMENT = "development", _("Development")
        LAUNCH = "launch", _("Launch")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    date, date_precision = precise_date_fields(
        _("date"),
        _("date precision"),
        db_index=True,
        help_text=_("For a year-only date enter 1 January of that year and choose 'year'."),
    )
    description = models.TextField(_("description"), blank=True)

    search_fields = ("title_fr", "title_en", "description_fr", "description_en")
    name_fields = ("title_fr", "title_en")
    translated_fields = (*CitedRecord.translated_fields, "title", "description")
    precise_dates = ("date",)
    inferable_fields = ("date",)

    class Meta:
        ordering = ["date", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            *CitedRecord.Meta.constraints,
            *precise_date_constraints("date"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_slug("foundation:event-detail", self.slug)

    date_display = shown_date("date")

    @property
    def date_end(self):
        """The last day the date covers: 31 December for a year-only date."""
        return period_end(self.date, self.date_precision)


class ParticipantQuerySet(VisibleQuerySet):
    def get_by_natural_key(self, event_slug, person_slug, organisation_slug, role):
        return self.get(
            event__slug=event_slug,
            person__slug=person_slug or None,
            organisation__slug=organisation_slug or None,
            role=role,
        )


class EventParticipant(ChoiceDisplayMixin, VisibleModel):
    """A person or organisation taking part in an event, in a role."""

    class Role(models.TextChoices):
        ANNOUNCER = "announcer", _("Announcer")
        SUBJECT = "subject", _("Subject")
        HOST = "host", _("Host")
        CREATOR = "creator", _("Creator")
        FOUNDER = "founder", _("Founder")
        MEMBER = "member", _("Member")
        SPEAKER = "speaker", _("Speaker")
        OTHER = "other", _("Other")

    # The roles whose French form agrees with a woman (créatrice); the others read alike for
    # anyone. English has one form of each.
    FEMININE_ROLES = {
        Role.ANNOUNCER: pgettext_lazy("role of a woman", "Announcer"),
        Role.CREATOR: pgettext_lazy("role of a woman", "Creator"),
        Role.FOUNDER: pgettext_lazy("role of a woman", "Founder"),
        Role.SPEAKER: pgettext_lazy("role of a woman", "Speaker"),
    }

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    visibility = Visibility(requires=["event", "person", "organisation"])

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            FieldCheck(
                condition=Q(person__isnull=False, organisation__isnull=True)
                | Q(person__isnull=True, organisation__isnull=False),
                name="foundation_participant_exactly_one",
                field="person",
                violation_error_message=_(
                    "Choose exactly one participant: a person or an organisation."
                ),
            ),
            FieldUnique(
                fields=["event", "person", "role"],
                condition=Q(person__isnull=False),
                name="foundation_participant_unique_person_role",
                field="person",
                violation_error_message=_(
                    "This person already takes part in this event in this role."
                ),
            ),
            FieldUnique(
                fields=["event", "organisation", "role"],
                condition=Q(organisation__isnull=False),
                name="foundation_participant_unique_organisation_role",
                field="organisation",
                violation_error_message=_(
                    "This organisation already takes part in this event in this role."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.participant} — {self.role}"

    def natural_key(self):
        return (
            self.event.slug,
            self.person.slug if self.person_id else "",
            self.organisation.slug if self.organisation_id else "",
            self.role,
        )

    natural_key.dependencies = ["foundation.event", "foundation.person", "foundation.organisation"]

    @property
    def participant(self):
        return self.person or self.organisation

    @property
    def role_label(self):
        """The role as a reader's language says it of this participant: in French, the
        feminine form for a woman (créatrice), the generic form for anyone else."""
        feminine = Person.GrammaticalGender.FEMININE
        if self.person_id and self.person.grammatical_gender == feminine:
            return self.FEMININE_ROLES.get(self.role, self.get_role_display())
        return self.get_role_display()
