"""Source documents and the exact passages cited from them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from foundation.fastpaths import reverse_slug
from foundation.passages import locate

from .base import Publishable, Versioned
from .constraints import FieldCheck
from .dates import PreciseDates, precise_date_constraints, precise_date_fields, shown_date
from .inference import Inferable
from .visibility import Visibility, VisibleQuerySet

LANGUAGE_CHOICES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("zh", _("Chinese")),
]


class Source(Inferable, PreciseDates, Publishable):
    """A document, kept verbatim; its text is frozen once a passage of it is cited."""

    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("URL"), blank=True)
    published_on, published_on_precision = precise_date_fields(
        _("published on"), _("publication date precision")
    )
    text = models.TextField(
        _("text"), help_text=_("The document verbatim. It cannot change once a passage is cited.")
    )
    file_name = models.CharField(
        _("file name"), max_length=200, blank=True, help_text=_("The copy under seeds/, if any.")
    )

    search_fields = ("title", "publisher", "slug")
    name_fields = ("title",)
    precise_dates = ("published_on",)
    inferable_fields = ("title", "published_on")

    class Meta:
        ordering = ["title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = precise_date_constraints("published_on")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse_slug("foundation:source-detail", self.slug)

    published_on_display = shown_date("published_on")

    def clean(self):
        super().clean()
        if self.pk:
            stored = Source.objects.filter(pk=self.pk).values_list("text", flat=True).first()
            if stored is not None and stored != self.text and self.citations.exists():
                raise ValidationError(
                    {"text": _("This source is cited: its text cannot change. Add a new source.")}
                )


class CitationQuerySet(VisibleQuerySet):
    def get_by_natural_key(self, source_slug, start, end):
        return self.get(source__slug=source_slug, start=start, end=end)


class Citation(Versioned):
    """An exact passage of a source: text equals source.text[start:end]."""

    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="citations"
    )
    start = models.PositiveIntegerField(
        _("start"),
        null=True,
        blank=True,
        help_text=_("Character offset where the passage begins. Leave empty to locate the text."),
    )
    end = models.PositiveIntegerField(
        _("end"), null=True, blank=True, help_text=_("Character offset just after the passage.")
    )
    text = models.TextField(_("passage"), help_text=_("Copied exactly from the source."))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    visibility = Visibility(requires=["source"])

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["source", "start"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "start", "end"], name="foundation_citation_unique_span"
            ),
            FieldCheck(
                condition=Q(start__lt=F("end")),
                name="foundation_citation_start_before_end",
                field="end",
                violation_error_message=_("End must come after start."),
            ),
        ]

    def __str__(self):
        excerpt = self.text if len(self.text) <= 80 else self.text[:77] + "…"
        return f"«{excerpt}» ({self.source_id and self.source.slug}:{self.start}–{self.end})"

    def get_absolute_url(self):
        return f"{self.source.get_absolute_url()}#passage-{self.pk}"

    def natural_key(self):
        return (*self.source.natural_key(), self.start, self.end)

    natural_key.dependencies = ["foundation.source"]

    def clean(self):
        super().clean()
        if not self.source_id or not self.text:
            return
        # Typographic variants are accepted; the source's exact text is what is stored.
        self.start, self.end, self.text = locate(self.source.text, self.text, self.start, self.end)
