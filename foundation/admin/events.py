"""Events and who took part (participants are parts of their event, edited with it)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from foundation.models import Event, EventParticipant

from .base import ContentAdmin, InferredFilter, RobustFormsMixin, citations_inline


class ParticipantInline(RobustFormsMixin, admin.TabularInline):
    model = EventParticipant
    extra = 0
    autocomplete_fields = ["person", "organisation"]
    fields = ["person", "organisation", "role"]


@admin.register(Event)
class EventAdmin(ContentAdmin):
    list_display = ["title", "kind", "date", "date_precision", "status", "verification"]
    list_filter = ["status", "verification", "kind", "date_precision", InferredFilter]
    search_fields = ["title_fr", "title_en", "slug", "description_fr", "description_en"]
    prepopulated_fields = {"slug": ["title_fr"]}
    date_hierarchy = "date"
    inlines = [citations_inline(Event), ParticipantInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", ("date", "date_precision")]}),
        (_("Description"), {"fields": ["description"]}),
        ContentAdmin.verification_fieldset,
        ContentAdmin.record_fieldset,
    ]
