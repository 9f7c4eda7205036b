"""Organisations, people, memberships and relations between organisations."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from foundation.models import Membership, Organisation, OrganisationRelation, Person

from .base import (
    CitedAdmin,
    ContentAdmin,
    InferredFilter,
    RobustFormsMixin,
    VersionedInlineForm,
    citations_inline,
)
from .merging import MergeMixin, merge_selected

DATES = [("start_date", "start_date_precision"), ("end_date", "end_date_precision")]


class MembershipInline(RobustFormsMixin, TranslationTabularInline):
    """Memberships are records of their own: each row is written under the version it shows."""

    model = Membership
    form = VersionedInlineForm
    extra = 0
    show_change_link = True
    # Each row cites its passages, so that it can be published with its parent.
    autocomplete_fields = [
        *("person", "member_organisation", "on_behalf_of", "organisation", "citations")
    ]


class MembersInline(MembershipInline):
    """The people and organisations that belong to this organisation."""

    fk_name = "organisation"
    fields = [
        *("person", "member_organisation", "on_behalf_of", "role", *DATES),
        *("citations", "status", "loaded_version"),
    ]
    verbose_name_plural = _("members and seats")


class MembershipsHeldInline(MembershipInline):
    """The organisations this organisation belongs to, e.g. a company on a board."""

    fk_name = "member_organisation"
    fields = ["organisation", "role", *DATES, "citations", "status", "loaded_version"]
    verbose_name_plural = _("memberships of this organisation in others")


class PersonMembershipInline(MembershipInline):
    fk_name = "person"
    fields = ["organisation", "role", *DATES, "citations", "status", "loaded_version"]
    verbose_name_plural = _("memberships")


class RelationInline(RobustFormsMixin, admin.TabularInline):
    """Relations are records of their own, with their passages on their own page (the change
    link): each row is written under the version it shows."""

    model = OrganisationRelation
    form = VersionedInlineForm
    extra = 0
    show_change_link = True
    # Each row cites its passages, so that it can be published with its organisation.
    autocomplete_fields = ["organisation", "related_organisation", "citations"]


class RelationsInline(RelationInline):
    """What this organisation is to others: PyTorch is developed by Meta AI."""

    fk_name = "organisation"
    fields = ["kind", "related_organisation", *DATES, "citations", "status", "loaded_version"]
    verbose_name_plural = _("relations to other organisations (developed by, hosted by…)")


class InverseRelationsInline(RelationInline):
    """The same relations seen from their other end: Meta AI developed PyTorch."""

    fk_name = "related_organisation"
    fields = ["organisation", "kind", *DATES, "citations", "status", "loaded_version"]
    verbose_name_plural = _("relations from other organisations to this one")


@admin.register(Organisation)
class OrganisationAdmin(MergeMixin, ContentAdmin):
    actions = [*ContentAdmin.actions, merge_selected]
    list_display = ["name", "kind", "parent", "founded", "status", "verification", "updated_at"]
    list_filter = ["status", "verification", "kind", InferredFilter]
    list_select_related = ["parent"]
    search_fields = ["name_fr", "name_en", "other_names", "slug", "website"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name_fr"]}
    date_hierarchy = "founded"
    inlines = [
        citations_inline(Organisation),
        MembersInline,
        MembershipsHeldInline,
        RelationsInline,
        InverseRelationsInline,
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "parent", "other_names", "website"]}),
        (_("Founding date"), {"fields": [("founded", "founded_precision")]}),
        (_("Description"), {"fields": ["description"]}),
        ContentAdmin.verification_fieldset,
        ContentAdmin.record_fieldset,
    ]


@admin.register(Person)
class PersonAdmin(MergeMixin, ContentAdmin):
    actions = [*ContentAdmin.actions, merge_selected]
    list_display = ["name", "sort_name", "status", "verification", "updated_at"]
    search_fields = ["name", "sort_name", "other_names", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [citations_inline(Person), PersonMembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "sort_name", "slug", "other_names"]}),
        (_("Description"), {"fields": ["description", "grammatical_gender"]}),
        ContentAdmin.verification_fieldset,
        ContentAdmin.record_fieldset,
    ]


@admin.register(Membership)
class MembershipAdmin(ContentAdmin):
    list_display = ["__str__", "role", "start_date", "end_date", "status", "verification"]
    list_filter = ["status", "verification", InferredFilter, "organisation"]
    list_select_related = ["person", "member_organisation", "on_behalf_of", "organisation"]
    search_fields = [
        "role_fr",
        "role_en",
        "slug",
        "person__name",
        "member_organisation__name_fr",
        "member_organisation__name_en",
        "organisation__name_fr",
        "organisation__name_en",
    ]
    autocomplete_fields = ["person", "member_organisation", "on_behalf_of", "organisation"]
    date_hierarchy = "start_date"
    inlines = [citations_inline(Membership)]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "person",
                    "member_organisation",
                    "on_behalf_of",
                    "organisation",
                    "role",
                    "slug",
                ]
            },
        ),
        (_("Period"), {"fields": DATES}),
        ContentAdmin.verification_fieldset,
        ContentAdmin.record_fieldset,
    ]


@admin.register(OrganisationRelation)
class OrganisationRelationAdmin(CitedAdmin):
    list_display = ["__str__", "kind", "start_date", "end_date", "status", "verification"]
    list_filter = ["status", "verification", InferredFilter, "kind"]
    list_select_related = ["organisation", "related_organisation"]
    search_fields = [
        "slug",
        "organisation__name_fr",
        "organisation__name_en",
        "related_organisation__name_fr",
        "related_organisation__name_en",
    ]
    autocomplete_fields = ["organisation", "related_organisation"]
    date_hierarchy = "start_date"
    inlines = [citations_inline(OrganisationRelation)]
    fieldsets = [
        (None, {"fields": ["organisation", "kind", "related_organisation", "slug"]}),
        (_("Period"), {"fields": DATES}),
        CitedAdmin.verification_fieldset,
        CitedAdmin.record_fieldset,
    ]
