"""Merges of duplicate records: what each moved, so that the merged record's addresses lead to
the survivor and the merge can be undone (foundation/services.py merge_records, undo_merge)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Merge(models.Model):
    """One record merged into another of its kind. The merged record is deleted (its history
    keeps its last state, `merged_history_id`); its slug answers with a redirect to the
    survivor while the merge stands."""

    kind = models.CharField(_("kind"), max_length=100, help_text="app_label.model_name")
    survivor_id = models.BigIntegerField(_("survivor"))
    merged_id = models.BigIntegerField(_("merged record"))
    merged_slug = models.CharField(_("merged record's slug"), max_length=120)
    merged_name = models.CharField(_("merged record's name"), max_length=300)
    merged_history_id = models.BigIntegerField(_("merged record's last history entry"))
    # Names the survivor gained as aliases; passages it gained (citation ids).
    aliases_added = models.JSONField(_("aliases added"), default=list)
    citations_added = models.JSONField(_("citations added"), default=list)
    # The merged record's citations (ids), restored by an undo.
    citations = models.JSONField(_("citations"), default=list)
    # [[model label, pk, field name]] of every row moved to the survivor.
    moved = models.JSONField(_("moved"), default=list)
    # Rows that would have duplicated one of the survivor's (the same participation), or
    # linked it to itself: removed, kept here serialised (Django's "python" format).
    dropped = models.JSONField(_("dropped"), default=list)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-merged_at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "merged_slug"], name="foundation_merge_slug"),
            models.Index(fields=["kind", "survivor_id"], name="foundation_merge_survivor"),
        ]

    def __str__(self):
        return f"{self.merged_name} → {self.kind}:{self.survivor_id}"
