"""Who said what: quotations, paraphrases and claims, and the figures they state."""

from typing import NamedTuple

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from foundation.fastpaths import ChoiceDisplayMixin, reverse_slug

from .actors import Organisation, Person
from .base import CitedRecord
from .constraints import FieldCheck
from .dates import (
    PreciseDates,
    precise_date_constraints,
    precise_date_fields,
    shown_date,
    shown_phrase,
)
from .events import Event
from .inference import Inferable
from .sources import LANGUAGE_CHOICES, Citation
from .visibility import Visibility, VisibleModel, VisibleQuerySet

# Who translated, as the object of "translated by".
TRANSLATORS = {
    "speaker": _("the speaker"),
    "source": _("the source itself"),
    "editors": _("our editors"),
}


class Rendering(NamedTuple):
    """A statement's text as shown in one language: the source's own words (perhaps already a
    translation of the speaker's, `translated_from` and `translator`), or our editors'
    translation of them (`is_source_text` false)."""

    text: str
    language: str
    is_source_text: bool
    translated_from: str
    translator: str


class Statement(PreciseDates, CitedRecord):
    """A quotation, a paraphrase or a reported claim, in the language the source gives it."""

    class Kind(models.TextChoices):
        QUOTE = "quote", _("Quotation")
        PARAPHRASE = "paraphrase", _("Paraphrase")
        CLAIM = "claim", _("Claim")

    class Medium(models.TextChoices):
        BLOG = "blog", _("Blog")
        PRESS_RELEASE = "press_release", _("Press release")
        ARTICLE = "article", _("Article")
        INTERVIEW = "interview", _("Interview")
        SOCIAL = "social", _("Social media")
        OTHER = "other", _("Other")

    class RenderedBy(models.TextChoices):
        ORIGINAL = "", _("Not translated: the speaker's own words")
        SPEAKER = "speaker", _("The speaker")
        SOURCE = "source", _("The source's own translation")
        EDITORS = "editors", _("Our editors")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, db_index=True)
    text = models.TextField(
        _("text"),
        help_text=_("The words as the source gives them; the other language is a translation."),
    )
    speaker = models.ForeignKey(
        Person,
        verbose_name=_("speaker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        help_text=_(
            "Required for quotations and paraphrases; empty when the source itself claims."
        ),
    )
    on_behalf_of = models.ForeignKey(
        Organisation,
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("about event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
    )
    medium = models.CharField(_("medium"), max_length=16, choices=Medium.choices, blank=True)
    date, date_precision = precise_date_fields(_("date"), _("date precision"), db_index=True)
    language = models.CharField(
        _("language of the text held"),
        max_length=8,
        choices=LANGUAGE_CHOICES,
        help_text=_("The language of the words in the source, e.g. French for this article."),
    )
    original_language = models.CharField(
        _("original language"),
        max_length=8,
        choices=LANGUAGE_CHOICES,
        blank=True,
        help_text=_("The language the speaker used, when known (e.g. English for a blog post)."),
    )
    rendered_by = models.CharField(
        _("translated by"),
        max_length=8,
        choices=RenderedBy.choices,
        blank=True,
        help_text=_("Who turned the original words into the text held, if they differ."),
    )

    search_fields = ("text_fr", "text_en")
    # Found by who said it, for whom and about what: "zemlin" finds Jim Zemlin's statements.
    search_related = ("speaker", "on_behalf_of", "event")
    translated_fields = (
        *CitedRecord.translated_fields,
        "text",
    )
    visibility = Visibility(requires=["speaker"], shows=["on_behalf_of", "event"])
    precise_dates = ("date",)
    inferable_fields = (
        *("date", "original_language", "rendered_by"),
        *("on_behalf_of", "event", "medium"),
    )

    class Meta:
        ordering = ["-date", "slug"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [
            *CitedRecord.Meta.constraints,
            *precise_date_constraints("date"),
            FieldCheck(
                condition=Q(kind="claim") | Q(speaker__isnull=False),
                name="foundation_statement_quote_has_speaker",
                field="speaker",
                violation_error_message=_(
                    "A quotation or paraphrase needs its speaker; choose 'claim' for the "
                    "source's own assertions."
                ),
            ),
            FieldCheck(
                condition=Q(original_language="")
                | Q(original_language=models.F("language"))
                | ~Q(rendered_by=""),
                name="foundation_statement_translation_has_translator",
                field="rendered_by",
                violation_error_message=_(
                    "The text held is in another language than the original: say who translated it."
                ),
            ),
        ]

    def __str__(self):
        excerpt = self.text if len(self.text) <= 70 else self.text[:67] + "…"
        if self.speaker_id:
            return gettext("%(speaker)s: “%(excerpt)s”") % {
                "speaker": self.speaker,
                "excerpt": excerpt,
            }
        return gettext("“%(excerpt)s”") % {"excerpt": excerpt}

    def get_absolute_url(self):
        return reverse_slug("foundation:statement-detail", self.slug)

    date_display = shown_date("date")

    @property
    def is_translation(self):
        return bool(self.original_language) and self.original_language != self.language

    @property
    def held_text(self):
        """The words as the source gives them, in the statement's language."""
        return getattr(self, f"text_{self.language}", None) or self.text_fr

    def rendering(self, language):
        """Which text a reader of `language` is shown, and whose words those are."""
        own = getattr(self, f"text_{language}", None) if language != self.language else None
        if own:
            return Rendering(own, language, False, self.language, self.RenderedBy.EDITORS)
        if self.is_translation:
            return Rendering(
                self.held_text, self.language, True, self.original_language, self.rendered_by
            )
        return Rendering(self.held_text, self.language, True, "", "")

    def translation_note(self, language):
        """The rendering shown to a reader of `language`, in words (feeds, exports): whose
        words they are, and each translation on the way from the speaker's, by whom."""
        rendering = self.rendering(language)
        names = dict(LANGUAGE_CHOICES)
        if rendering.is_source_text:
            notes = [
                gettext("The source's words, in %(language)s.")
                % {"language": names[rendering.language]}
            ]
        else:
            notes = [
                gettext("Our editors' translation from %(language)s; the source's words: %(text)s")
                % {"language": names[rendering.translated_from], "text": self.held_text}
            ]
        if self.is_translation:
            notes.append(
                gettext("Translated from %(language)s by %(translator)s.")
                % {
                    "language": self.marked_text(
                        "original_language", names[self.original_language]
                    ),
                    "translator": self.marked_text("rendered_by", TRANSLATORS[self.rendered_by]),
                }
            )
        return " ".join(notes)


class FigureQuerySet(VisibleQuerySet):
    def get_by_natural_key(self, statement_slug, position):
        return self.get(statement__slug=statement_slug, position=position)


class Figure(ChoiceDisplayMixin, Inferable, PreciseDates, VisibleModel):
    """A number a statement gives, kept with its qualifier: 'more than 2,400' stays that."""

    class Qualifier(models.TextChoices):
        EXACTLY = "exactly", _("exactly")
        ABOUT = "about", _("about")
        NEARLY = "nearly", _("nearly")
        MORE_THAN = "more_than", _("more than")
        LESS_THAN = "less_than", _("less than")

    statement = models.ForeignKey(
        Statement, verbose_name=_("statement"), on_delete=models.CASCADE, related_name="figures"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    qualifier = models.CharField(
        _("qualifier"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACTLY
    )
    unit = models.CharField(_("unit"), max_length=100, help_text=_("E.g. 'contributors', '%'."))
    scope = models.CharField(
        _("scope"), max_length=300, blank=True, help_text=_("What is counted, and where.")
    )
    as_of, as_of_precision = precise_date_fields(_("as of"), _("as-of precision"))
    citation = models.ForeignKey(
        Citation,
        verbose_name=_("citation"),
        on_delete=models.PROTECT,
        related_name="figures",
        help_text=_("The exact words that give the number, e.g. 'plus de 2 400 contributeurs'."),
    )

    visibility = Visibility(requires=["statement"], shows=["citation"])
    translated_fields = ("unit", "scope")
    precise_dates = ("as_of",)
    inferable_fields = ("scope", "as_of")

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["statement", "position"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "position"], name="foundation_figure_unique_position"
            ),
            *precise_date_constraints("as_of"),
        ]

    def __str__(self):
        return f"{self.get_qualifier_display()} {self.value_display} {self.unit}"

    def natural_key(self):
        return (self.statement.slug, self.position)

    natural_key.dependencies = ["foundation.statement"]

    @property
    def value_display(self):
        value = self.value.normalize()
        return f"{value:f}"

    as_of_display = shown_date("as_of")
    as_of_phrase = shown_phrase("as_of", "as of")
