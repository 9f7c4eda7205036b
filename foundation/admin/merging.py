"""Merging duplicate people or organisations from their lists, and undoing a merge from the
survivor's history (the writes are foundation.services.merge_records and undo_merge)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from foundation import merging, services
from foundation.models import EditConflict, Merge
from foundation.services import conflict_message

from .base import key_or_404


@admin.action(
    description=gettext_lazy("Merge the two selected records"), permissions=["change", "delete"]
)
def merge_selected(modeladmin, request, queryset):
    """Asks which of the two records stays, then merges the other into it."""
    records = list(queryset.order_by("pk")[:3])
    if len(records) != 2:
        modeladmin.message_user(
            request, _("Select exactly two records to merge."), messages.WARNING
        )
        return None
    if request.POST.get("merge_confirm") != "1":
        return merge_page(modeladmin, request, records)
    chosen = request.POST.get("survivor")
    survivor = next((record for record in records if str(record.pk) == chosen), None)
    if survivor is None:
        modeladmin.message_user(request, _("Choose the record that stays."), messages.ERROR)
        return merge_page(modeladmin, request, records)
    duplicate = next(record for record in records if record is not survivor)
    try:
        versions = {
            record.pk: int(request.POST.get(f"version_{record.pk}", "")) for record in records
        }
    except ValueError:
        versions = {record.pk: 0 for record in records}
    name = str(duplicate)
    try:
        services.merge_records(
            survivor=survivor,
            duplicate=duplicate,
            user=request.user,
            survivor_version=versions[survivor.pk],
            duplicate_version=versions[duplicate.pk],
        )
    except EditConflict as conflict:
        stale = conflict.instance
        current = type(stale)._base_manager.filter(pk=stale.pk).first() or stale
        modeladmin.message_user(
            request, conflict_message(current, conflict.expected_version), messages.ERROR
        )
        return None
    except ValidationError as error:
        for message in error.messages:
            modeladmin.message_user(request, message, messages.ERROR)
        return None
    modeladmin.message_user(
        request,
        _(
            "« %(merged)s » was merged into « %(survivor)s ». Its history is kept; the merge "
            "can be undone from the history of « %(survivor)s »."
        )
        % {"merged": name, "survivor": survivor},
        messages.SUCCESS,
    )
    opts = survivor._meta
    return HttpResponseRedirect(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[survivor.pk])
    )


def merge_page(modeladmin, request, records):
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Merge two records"),
        "opts": modeladmin.model._meta,
        "records": [(record, merging.what_points_at(record)) for record in records],
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/foundation/merge_confirm.html", context)


class MergeMixin:
    """For the admins of records that can be merged: the action, and the undo of a merge
    from the survivor's history page."""

    object_history_template = "admin/foundation/object_history_merges.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/merges/<int:merge_id>/undo/",
                self.admin_site.admin_view(self.undo_merge_view),
                name=f"{opts.app_label}_{opts.model_name}_undo_merge",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        pk = key_or_404(self.model._meta.pk, unquote(object_id))
        may_undo = self.has_change_permission(request) and self.has_delete_permission(request)
        merges = list(merging.merges_into(self.model, pk)) if may_undo else []
        context = {**(extra_context or {}), "merges": merges}
        return super().history_view(request, object_id, context)

    def undo_merge_view(self, request, object_id, merge_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        pk = key_or_404(self.model._meta.pk, unquote(object_id))
        record = self.get_object(request, str(pk))
        if record is None:
            raise Http404
        if not (
            self.has_change_permission(request, record)
            and self.has_delete_permission(request, record)
        ):
            raise PermissionDenied
        merge = Merge.objects.filter(
            pk=merge_id, kind=self.model._meta.label_lower, survivor_id=record.pk
        ).first()
        if merge is None:
            raise Http404
        try:
            restored = services.undo_merge(merge=merge, user=request.user)
        except EditConflict as conflict:
            current = type(record)._base_manager.filter(pk=record.pk).first() or record
            self.message_user(
                request, conflict_message(current, conflict.expected_version), messages.ERROR
            )
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(
                request,
                _("The merge is undone: « %(record)s » is back, with what it held.")
                % {"record": restored},
                messages.SUCCESS,
            )
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk])
        )
