"""Webhook endpoints and their delivery log, for users with the endpoints' permissions.

An endpoint's owner is who registered it; deliveries carry the changes that user may see
(foundation/changes.py). Sending is the worker's (foundation/webhooks.py); here one registers,
reads the log (attempts, status codes, latency), sends again, and enables a disabled endpoint.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from foundation import webhooks
from foundation.admin.base import LookupSafeMixin, key_or_404
from foundation.changes import type_name
from foundation.models import ChangeKind, Delivery, DeliveryAttempt, Endpoint
from foundation.models.kinds import record_models


def record_type_choices():
    return [(type_name(model), model._meta.verbose_name_plural) for model in record_models()]


class EndpointForm(forms.ModelForm):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("http or https; addresses on private networks are refused."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("events"),
        choices=ChangeKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The kinds of change to deliver; none ticked means all."),
    )
    record_types = forms.MultipleChoiceField(
        label=_("record types"),
        choices=record_type_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The kinds of record to deliver changes of; none ticked means all."),
    )

    class Meta:
        model = Endpoint
        fields = ["url", "description", "secret", "kinds", "record_types", "active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            webhooks.check_url(url)
        except webhooks.UnsafeURL as error:
            raise forms.ValidationError(str(error)) from None
        return url

    def clean_secret(self):
        secret = self.cleaned_data["secret"]
        try:
            webhooks.Webhook(secret)
        except Exception:  # the library raises several kinds for a bad key
            raise forms.ValidationError(
                _("A secret is whsec_ followed by base64, as generated for you.")
            ) from None
        return secret


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = ["at", "status_code", "latency_ms", "error"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.action(description=_("Enable again and send what waited"), permissions=["change"])
def enable_again(modeladmin, request, queryset):
    for endpoint in queryset:
        webhooks.enable(endpoint)
    modeladmin.message_user(
        request,
        ngettext("%(count)d endpoint enabled.", "%(count)d endpoints enabled.", len(queryset))
        % {"count": len(queryset)},
        messages.SUCCESS,
    )


@admin.register(Endpoint)
class EndpointAdmin(LookupSafeMixin, admin.ModelAdmin):
    form = EndpointForm
    list_display = ["url", "description", "active", "consecutive_failures", "disabled_at"]
    list_filter = ["active"]
    readonly_fields = ["owner", "consecutive_failures", "disabled_at", "disabled_reason"]
    actions = [enable_again]

    def get_queryset(self, request):
        endpoints = super().get_queryset(request).select_related("owner")
        # Each user manages their own endpoints; superusers all of them.
        return endpoints if request.user.is_superuser else endpoints.filter(owner=request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.owner = request.user
        super().save_model(request, obj, form, change)

    def warn_of_disabled(self, request, endpoints):
        for endpoint in endpoints:
            if endpoint.disabled_at is not None and not endpoint.active:
                self.message_user(
                    request,
                    _("Webhook endpoint %(url)s is disabled: %(reason)s")
                    % {"url": endpoint.url, "reason": endpoint.disabled_reason},
                    messages.WARNING,
                )

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            self.warn_of_disabled(request, self.get_queryset(request).filter(active=False))
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            pk = key_or_404(self.model._meta.pk, unquote(object_id))
            self.warn_of_disabled(request, self.get_queryset(request).filter(pk=pk, active=False))
        return super().change_view(request, object_id, form_url, extra_context)


@admin.action(description=_("Deliver again"), permissions=["change"])
def deliver_again(modeladmin, request, queryset):
    deliveries = list(queryset)
    webhooks.redeliver(deliveries)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d delivery will be sent again.",
            "%(count)d deliveries will be sent again.",
            len(deliveries),
        )
        % {"count": len(deliveries)},
        messages.SUCCESS,
    )


@admin.register(Delivery)
class DeliveryAdmin(LookupSafeMixin, admin.ModelAdmin):
    list_display = [
        "pk",
        "endpoint",
        "kind",
        "record_type",
        "slug",
        "status",
        "attempts",
        "last_status_code",
        "last_latency_ms",
        "delivered_at",
    ]
    list_filter = ["status", "kind", "record_type", "endpoint"]
    list_select_related = ["endpoint", "change"]
    readonly_fields = [
        "endpoint",
        "change",
        "record_type",
        "record_id",
        "kind",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
        "delivered_at",
        "last_status_code",
        "last_latency_ms",
        "last_error",
    ]
    exclude = ["leased_until"]
    inlines = [DeliveryAttemptInline]
    actions = [deliver_again]

    def get_queryset(self, request):
        deliveries = super().get_queryset(request)
        if request.user.is_superuser:
            return deliveries
        return deliveries.filter(endpoint__owner=request.user)

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("slug"))
    def slug(self, delivery):
        return delivery.change.slug
