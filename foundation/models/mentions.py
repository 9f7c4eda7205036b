"""Mentions of known people and organisations found in a source, for editors to decide on."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .actors import Organisation, Person
from .sources import Citation, Source


class ProposedMention(models.Model):
    """A place where a source names a known person or organisation (or, with neither, a
    capitalised name no record has: a candidate for a new one). Found when the source is
    saved (foundation.services.propose_mentions); an editor accepts it (the record then cites
    the sentence) or dismisses it, and either decision is kept when mentions are found again.

    Editors' working data, not part of the record: no page, no API, no history.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DISMISSED = "dismissed", _("Dismissed")

    CANDIDATE = "candidate"

    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.CASCADE,
        related_name="proposed_mentions",
    )
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    text = models.CharField(_("mention"), max_length=300)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, null=True, blank=True
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    # "person:<id>", "organisation:<id>" or "candidate": one proposal per place and target.
    target = models.CharField(max_length=40, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    citation = models.ForeignKey(
        Citation,
        verbose_name=_("citation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["source", "start", "target"]
        verbose_name = _("proposed mention")
        verbose_name_plural = _("proposed mentions")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "start", "end", "target"],
                name="foundation_proposedmention_unique_place",
            ),
        ]

    def __str__(self):
        return f"{self.text} ({self.start}–{self.end})"

    @property
    def record(self):
        return self.person or self.organisation

    @property
    def is_candidate(self):
        return self.target == self.CANDIDATE

    def merged_into(self, field, record):
        """A merge (foundation.services.merge_records) moved this proposal to `record`."""
        self.target = self.target_of(field, record.pk)

    @staticmethod
    def target_of(kind, pk):
        return f"{kind}:{pk}" if kind != ProposedMention.CANDIDATE else kind
