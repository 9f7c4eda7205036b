"""What every content admin shares: history, translations, no lost edits, field-named errors."""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from foundation.models import EditConflict, Status, Verification


def last_editor(instance):
    """(user, time) of the latest saved version, from the record's history."""
    record = instance.history.select_related("history_user").first()
    if record is None:
        return None, getattr(instance, "updated_at", None)
    return record.history_user, record.history_date


def conflict_message(instance, expected_version):
    user, when = last_editor(instance)
    who = (user.get_username() if user else None) or _("another editor")
    at = date_format(timezone.localtime(when), "DATETIME_FORMAT") if when else "?"
    return _(
        "This record was changed by %(who)s at %(at)s since you opened it (version "
        "%(expected)s, now %(current)s). Nothing was saved: reload the page to see their "
        "changes, then apply yours again."
    ) % {"who": who, "at": at, "expected": expected_version, "current": instance.version}


class AdminForm(forms.ModelForm):
    """Puts a model error about a field this form does not show at the top, not into a 500."""

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            placed = {}
            for name, messages in errors.error_dict.items():
                target = name if name in self.fields else NON_FIELD_ERRORS
                placed.setdefault(target, []).extend(messages)
            errors = ValidationError(placed)
        super()._update_errors(errors)


class ContentForm(AdminForm):
    """Carries the version the editor loaded and refuses to save over a newer one.

    The check here gives the editor a message on the form; the guarded UPDATE in
    save_if_version (ContentAdmin.save_model) closes the race between this check and the save.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    # Set by ContentAdmin.get_form when a save lost the race after this form validated.
    lost_race: EditConflict | None = None
    # {constraint name: (field, message or None)}: where a constraint's error belongs.
    constraint_fields: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and "loaded_version" in self.fields:
            # The stored version, not the instance's: a revert form's instance is an old one.
            stored = self.stored_version()
            self.fields["loaded_version"].initial = stored

    def stored_version(self):
        model = type(self.instance)
        return (
            model._base_manager.filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or not hasattr(self.instance, "version"):
            return cleaned
        expected = cleaned.get("loaded_version")
        stored = self.stored_version()
        if stored is None:
            raise ValidationError(
                _("This record was deleted since you opened it. Nothing was saved."),
                code="edit_conflict",
            )
        if self.lost_race is not None or expected is None or stored != expected:
            current = type(self.instance)._base_manager.get(pk=self.instance.pk)
            raise ValidationError(conflict_message(current, expected or "?"), code="edit_conflict")
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        self.attach_constraint_errors()

    def attach_constraint_errors(self):
        """Move a database constraint's message from the top of the form to its field."""
        general = self._errors.get(NON_FIELD_ERRORS)
        if not general:
            return
        keep, moves = [], []
        for error in general.as_data():
            text = " ".join(error.messages)
            field, message = self.constraint_target(text)
            if field in self.fields:
                moves.append((field, message or text))
            else:
                keep.append(error)
        if not moves:
            return
        if keep:
            self._errors[NON_FIELD_ERRORS] = self.error_class(
                keep, error_class="nonfield", renderer=self.renderer
            )
        else:
            del self._errors[NON_FIELD_ERRORS]
        for field, message in moves:
            self.add_error(field, message)

    def constraint_target(self, text):
        for constraint in self._meta.model._meta.constraints:
            named = re.search(rf"\b{re.escape(constraint.name)}\b", text)
            if named or text == str(constraint.violation_error_message):
                field, message = self.constraint_fields.get(constraint.name, (None, None))
                return field or first_field(constraint), message
        return None, None


def first_field(constraint):
    """The first field a constraint names: its subject, by our convention."""
    if getattr(constraint, "fields", None):
        return constraint.fields[0]
    stack = [constraint.condition] if getattr(constraint, "condition", None) else []
    while stack:
        node = stack.pop(0)
        for child in getattr(node, "children", []):
            if isinstance(child, tuple):
                return child[0].split("__")[0]
            stack.append(child)
    return None


class SafeAutocompleteSelect(AutocompleteSelect):
    """Re-displays a form whose posted id is junk ('x', ' ') instead of failing with a 500.

    Django's widget filters by the raw posted value to show the current choice; a value the
    primary key cannot hold raises in that query. Only ids that resolve are shown again.
    """

    def optgroups(self, name, value, attr=None):
        field = self.choices.field
        resolvable = []
        for item in value:
            try:
                if field.to_python(item) is not None:
                    resolvable.append(item)
            except ValidationError:
                continue
        return super().optgroups(name, resolvable, attr)


class RobustFormsMixin:
    """For admins and inlines: bad input gets a message on the form, never a 500."""

    form = AdminForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CitationsInlineMixin(RobustFormsMixin):
    """The auto-created through model of `citations`, with the passage picked by search."""

    autocomplete_fields = ["citation"]
    extra = 0
    verbose_name = _("citation")
    verbose_name_plural = _("citations: the passages that support this record")


def citations_inline(model):
    return type(
        f"{model.__name__}CitationInline",
        (CitationsInlineMixin, admin.TabularInline),
        {"model": model.citations.through},
    )


@admin.action(description=_("Publish the selected records"), permissions=["change"])
def publish(modeladmin, request, queryset):
    modeladmin.set_status(request, queryset, Status.PUBLISHED)


@admin.action(
    description=_("Unpublish the selected records (back to draft)"), permissions=["change"]
)
def unpublish(modeladmin, request, queryset):
    modeladmin.set_status(request, queryset, Status.DRAFT)


@admin.action(description=_("Mark as checked against the source"), permissions=["change"])
def mark_checked(modeladmin, request, queryset):
    now = timezone.now()
    count = 0
    for obj in queryset:
        obj.verification = Verification.CHECKED
        obj.verified_by = request.user
        obj.verified_at = now
        obj._history_user = request.user
        obj.save(update_fields=["verification", "verified_by", "verified_at", "updated_at"])
        count += 1
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d record marked as checked by you.",
            "%(count)d records marked as checked by you.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )


class HistoryAdmin(RobustFormsMixin, SimpleHistoryAdmin):
    """History and revert for every model; version checks for versioned ones."""

    form = ContentForm
    save_on_top = True
    list_per_page = 50
    constraint_fields: dict = {}

    def is_versioned(self):
        return any(field.name == "version" for field in self.model._meta.fields)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        attrs = {
            "lost_race": getattr(request, "_foundation_lost_race", None),
            "constraint_fields": self.constraint_fields,
        }
        if not (self.is_versioned() and obj is not None):
            attrs["loaded_version"] = None
        return type(form.__name__, (form,), attrs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.is_versioned():
            return fieldsets
        names = {name for _, options in fieldsets for name in flatten(options["fields"])}
        if "loaded_version" in names:
            return fieldsets
        first_name, first_options = fieldsets[0]
        first = (
            first_name,
            {**first_options, "fields": [*first_options["fields"], "loaded_version"]},
        )
        return [first, *fieldsets[1:]]

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        if change and self.is_versioned():
            obj.save_if_version(form.cleaned_data["loaded_version"])
        else:
            obj.save()
        revert_to = self.reverting_to(request)
        if revert_to is not None and hasattr(revert_to, "citations"):
            self.restore_citations(obj, revert_to)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        citations = getattr(self.model, "citations", None)
        if citations is not None and any(f.model is citations.through for f in formsets):
            # The history row was written when the record itself was saved, before the
            # citation inline; record the citations it now has.
            snapshot_citations(form.instance)

    def reverting_to(self, request):
        match = request.resolver_match
        if match is None or not match.url_name.endswith("_simple_history"):
            return None
        return self.model.history.filter(history_id=match.args[1]).first()

    def restore_citations(self, obj, record):
        through = self.model.citations.through
        owner = through_owner_field(self.model)
        wanted = set(record.citations.values_list("citation_id", flat=True))
        have = set(through.objects.filter(**{owner: obj}).values_list("citation_id", flat=True))
        through.objects.filter(**{owner: obj}, citation_id__in=have - wanted).delete()
        through.objects.bulk_create(
            [through(**{owner: obj}, citation_id=pk) for pk in wanted - have]
        )
        snapshot_citations(obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict as conflict:
            # Another save won between our check and our guarded UPDATE; the atomic block
            # rolled everything back. Show the form again, with the conflict on it.
            request._foundation_lost_race = conflict
            return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except EditConflict as conflict:
            request._foundation_lost_race = conflict
            return super().history_form_view(request, object_id, version_id, extra_context)

    def set_status(self, request, queryset, status):
        count = 0
        for obj in queryset.exclude(status=status):
            obj.status = status
            obj._history_user = request.user
            obj.save(update_fields=["status", "updated_at"])
            count += 1
        label = Status(status).label
        self.message_user(
            request,
            ngettext(
                "%(count)d record set to %(status)s.",
                "%(count)d records set to %(status)s.",
                count,
            )
            % {"count": count, "status": label},
            messages.SUCCESS,
        )


def flatten(fields):
    for item in fields:
        if isinstance(item, list | tuple):
            yield from item
        else:
            yield item


def through_owner_field(model):
    through = model.citations.through
    return next(
        f.name
        for f in through._meta.fields
        if isinstance(f, models.ForeignKey) and f.related_model is model
    )


def snapshot_citations(obj):
    """Rewrite the citations stored with the record's latest history row."""
    record = obj.history.first()
    if record is None:
        return
    m2m_model = type(record).citations.model
    through = type(obj).citations.through
    owner = through_owner_field(type(obj))
    m2m_model.objects.filter(history=record).delete()
    m2m_model.objects.bulk_create(
        [
            m2m_model(
                history=record, **{f.name: getattr(row, f.name) for f in through._meta.fields}
            )
            for row in through.objects.filter(**{owner: obj})
        ]
    )


class ContentAdmin(HistoryAdmin, TranslationAdmin):
    """A cited, bilingual record. Plain TranslationAdmin: the tabbed one loads jQuery UI from
    a CDN, which a strict Content-Security-Policy (and an offline machine) refuses."""

    actions = [publish, unpublish, mark_checked]
    readonly_fields = ["version", "created_at", "updated_at", "search_text", "verified_by"]
    list_filter = ["status", "verification", "inferred"]
    record_fieldset = (
        _("Record"),
        {
            "classes": ["collapse"],
            "fields": ["version", "created_at", "updated_at", "search_text"],
        },
    )
    verification_fieldset = (
        _("Publication and verification"),
        {
            "fields": [
                "status",
                "verification",
                ("verified_by", "verified_at"),
                "verification_note",
                "inferred",
                "inference_note",
            ]
        },
    )
