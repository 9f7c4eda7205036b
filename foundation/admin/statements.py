"""Statements and the figures they give (figures are parts of their statement, edited with it)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from foundation.models import Figure, Statement

from .base import ContentAdmin, InferredFilter, RobustFormsMixin, citations_inline

FIGURE_FIELDS = [
    ("position", "qualifier", "value"),
    "unit",
    "scope",
    ("as_of", "as_of_precision"),
    "inferences",
    "citation",
]


class FigureInline(RobustFormsMixin, TranslationStackedInline):
    model = Figure
    extra = 0
    autocomplete_fields = ["citation"]
    fields = FIGURE_FIELDS


@admin.register(Statement)
class StatementAdmin(ContentAdmin):
    list_display = ["__str__", "kind", "speaker", "date", "language", "status", "verification"]
    list_filter = ["status", "verification", "kind", "language", "medium", InferredFilter]
    list_select_related = ["speaker"]
    search_fields = [
        *("text_fr", "text_en", "slug", "speaker__name"),
        *("on_behalf_of__name_fr", "on_behalf_of__name_en", "event__title_fr", "event__title_en"),
    ]
    autocomplete_fields = ["speaker", "on_behalf_of", "event"]
    prepopulated_fields = {"slug": ["text_fr"]}
    date_hierarchy = "date"
    inlines = [citations_inline(Statement), FigureInline]
    fieldsets = [
        (None, {"fields": ["kind", "slug", "text"]}),
        (
            _("Who and when"),
            {"fields": ["speaker", "on_behalf_of", "event", "medium", ("date", "date_precision")]},
        ),
        (_("Language"), {"fields": ["language", "original_language", "rendered_by"]}),
        ContentAdmin.verification_fieldset,
        ContentAdmin.record_fieldset,
    ]
