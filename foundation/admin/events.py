"""Events and who took part."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from foundation.models import Event, EventParticipant

from .base import ContentAdmin, HistoryAdmin, RobustFormsMixin, citations_inline

PARTICIPANT_UNIQUE = {
    "foundation_participant_unique_person_role": (
        "person",
        _("This person already takes part in this event in this role."),
    ),
    "foundation_participant_unique_organisation_role": (
        "organisation",
        _("This organisation already takes part in this event in this role."),
    ),
}


class ParticipantInline(RobustFormsMixin, admin.TabularInline):
    model = EventParticipant
    extra = 0
    autocomplete_fields = ["person", "organisation"]
    fields = ["person", "organisation", "role"]


@admin.register(Event)
class EventAdmin(ContentAdmin):
    list_display = ["title", "kind", "date", "date_precision", "status", "verification"]
    list_filter = ["status", "verification", "kind", "date_precision", "inferred"]
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


@admin.register(EventParticipant)
class EventParticipantAdmin(HistoryAdmin):
    list_display = ["__str__", "event", "role"]
    list_filter = ["role"]
    list_select_related = ["event", "person", "organisation"]
    search_fields = ["event__title_fr", "person__name", "organisation__name_fr"]
    autocomplete_fields = ["event", "person", "organisation"]
    constraint_fields = PARTICIPANT_UNIQUE
