"""Sources and the passages cited from them."""

from django.contrib import admin
from django.db.models import Count
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from foundation.models import Citation, Source

from .base import CITE_MEDIA, ContentForm, HistoryAdmin, publish, submit_for_review, unpublish
from .citing import CiteForm, CitingViews, OccurrenceMixin, proposals_context, render_source_text

CONTEXT_CHARS = 240


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = ["title", "language", "publisher", "published_on", "status", "citation_count"]
    list_filter = ["status", "language", "publisher"]
    search_fields = ["title", "publisher", "slug", "url"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_on"
    actions = [submit_for_review, publish, unpublish]
    readonly_fields = ["version", "created_at", "updated_at", "search_text"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "publisher", "url", "file_name"]}),
        (
            _("Publication date"),
            {"fields": [("published_on", "published_on_precision"), "inferences"]},
        ),
        (_("Document"), {"fields": ["text"]}),
        (_("Publication"), {"fields": [("status", "publish_at")]}),
        (
            _("Record"),
            {"classes": ["collapse"], "fields": ["version", "created_at", "updated_at"]},
        ),
    ]

    change_form_template = "admin/foundation/source/change_form.html"

    class Media:
        js = CITE_MEDIA["js"]
        css = CITE_MEDIA["css"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    def get_urls(self):
        views = CitingViews(self)

        def route(pattern, view, name):
            return path(pattern, self.admin_site.admin_view(view), name=f"foundation_source_{name}")

        return [
            route("<path:object_id>/passages/", require_GET(views.passages), "passages"),
            route("<path:object_id>/cite/", require_POST(views.cite), "cite"),
            route("<path:object_id>/mentions/", require_POST(views.find_mentions), "mentions"),
            route(
                "<path:object_id>/mentions/<str:mention_id>/",
                require_POST(views.decide),
                "mention",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context.update(
                source_text=render_source_text(obj, request),
                cite_form=CiteForm(source=obj),
                cite_url=reverse(f"{self.admin_site.name}:foundation_source_cite", args=[obj.pk]),
                mentions_url=reverse(
                    f"{self.admin_site.name}:foundation_source_mentions", args=[obj.pk]
                ),
                passages=obj.citations.all(),
                proposals=proposals_context(obj),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.citations.exists():
            # A cited text is frozen: every citation's offsets point into it.
            readonly.append("text")
        return readonly

    @admin.display(description=_("citations"), ordering="citation_count")
    def citation_count(self, obj):
        return obj.citation_count


class CitationForm(OccurrenceMixin, ContentForm):
    pass


@admin.register(Citation)
class CitationAdmin(HistoryAdmin):
    form = CitationForm
    list_display = ["excerpt", "source", "start", "end", "note"]
    list_filter = ["source"]
    search_fields = ["text", "note", "source__title", "source__slug"]
    autocomplete_fields = ["source"]
    list_select_related = ["source"]
    readonly_fields = ["in_context", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["source", "text", "note"]}),
        (
            _("Where the passage is"),
            {
                "description": _(
                    "Leave both offsets empty: they are found from the passage, whatever its "
                    "quotes, apostrophes and spaces. When it occurs more than once, pick the "
                    "occurrence below."
                ),
                "fields": [("start", "end"), "occurrence", "in_context"],
            },
        ),
        (_("Record"), {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description=_("passage"))
    def excerpt(self, obj):
        return obj.text if len(obj.text) <= 90 else obj.text[:87] + "…"

    @admin.display(description=_("passage in context"))
    def in_context(self, obj):
        if obj is None or obj.pk is None or obj.start is None:
            return "—"
        text = obj.source.text
        before = text[max(0, obj.start - CONTEXT_CHARS) : obj.start]
        after = text[obj.end : obj.end + CONTEXT_CHARS]
        return format_html(
            '<div class="passage-context">…{}<mark>{}</mark>{}…</div>',
            before,
            text[obj.start : obj.end],
            after,
        )
