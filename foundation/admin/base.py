"""What every content admin shares: history, translations, no lost edits, field-named errors."""

import itertools

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst, format_lazy
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from foundation import services
from foundation.models import CitedRecord, EditConflict, RecordComment, Versioned
from foundation.models.inference import written_reasons
from foundation.publication import PublicationRefused, drafts_needed
from foundation.services import conflict_message

from .problems import ConsistencyWarningsMixin


class AdminForm(forms.ModelForm):
    """Puts a model error about a field this form does not show at the top, not into a 500."""

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            placed = {}
            for name, messages in errors.error_dict.items():
                target = self.input_of(name) or NON_FIELD_ERRORS
                placed.setdefault(target, []).extend(messages)
            errors = ValidationError(placed)
        super()._update_errors(errors)

    def input_of(self, name):
        """The form field showing model field `name` (a bilingual one's first language), or
        None when the form does not show it."""
        names = [name, *(f"{name}_{code}" for code in settings.MODELTRANSLATION_LANGUAGES)]
        return next((field for field in names if field in self.fields), None)

    def clean_inferences(self):
        """A reason typed as a text is in the admin's language; the other's is kept."""
        return written_reasons(
            self.instance.inferences, self.cleaned_data["inferences"], get_language()
        )


class VersionedForm(AdminForm):
    """Carries the version the editor loaded and refuses to save over a newer one.

    The check here gives the editor a message on the form; the guarded UPDATE of the write
    (foundation.services) closes the race between this check and the save.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = self.version_read()

    def version_read(self):
        return self.instance.version

    def has_changed(self):
        # The version read is not an edit (it differs once someone else saved the record).
        return any(name != "loaded_version" for name in self.changed_data)

    def stored_version(self):
        model = type(self.instance)
        return model._base_manager.filter(pk=self.instance.pk).values_list("version", flat=True)

    def checks_version(self):
        return self.instance.pk is not None

    def clean(self):
        cleaned = super().clean()
        if not self.checks_version():
            return cleaned
        expected = cleaned.get("loaded_version")
        stored = self.stored_version().first()
        if stored is None:
            raise ValidationError(
                _("%(record)s was deleted since you opened it. Nothing was saved.")
                % {"record": capfirst(self.instance._meta.verbose_name)},
                code="edit_conflict",
            )
        if expected is None or stored != expected:
            current = type(self.instance)._base_manager.get(pk=self.instance.pk)
            raise ValidationError(conflict_message(current, expected or "?"), code="edit_conflict")
        return cleaned


class ContentForm(VersionedForm):
    """A record's own form; it also shows what its write refused on the previous attempt."""

    # Set by HistoryAdmin.get_form when the write failed after this form validated.
    write_error: Exception | None = None
    publish_together = forms.BooleanField(
        label=_("Publish together"),
        required=False,
        help_text=_(
            "When this record is published: publish with it the drafts it links to (speaker, "
            "organisation, event, parent, participants) and the memberships edited below."
        ),
    )

    def has_changed(self):
        return any(name not in ("loaded_version", "publish_together") for name in self.changed_data)

    # Kept as the history entry's reason (simple_history's history_change_reason, 100 chars).
    change_reason = forms.CharField(
        label=_("Reason for this change"),
        required=False,
        max_length=100,
        help_text=_(
            "Optional. Shown in the record's history, e.g. “date corrected from the source”."
        ),
    )

    def version_read(self):
        # The stored version, not the instance's: a revert form's instance is an old one.
        return self.stored_version().first()

    def clean(self):
        cleaned = super().clean()
        error = self.write_error
        if isinstance(error, EditConflict):
            current = type(error.instance)._base_manager.filter(pk=error.instance.pk).first()
            raise ValidationError(
                conflict_message(current or error.instance, error.expected_version),
                code="edit_conflict",
            )
        if isinstance(error, ValidationError):
            for field, messages in error.message_dict.items():
                shown = self.input_of(field)
                for message in messages:
                    if shown:
                        self.add_error(shown, message)
                    else:
                        self.add_error(None, self.labelled(field, message))
        return cleaned

    def labelled(self, field, message):
        """A message about a field the form does not show (citations are an inline), named."""
        if field == NON_FIELD_ERRORS:
            return message
        try:
            label = getattr(self.instance._meta.get_field(field), "verbose_name", field)
        except FieldDoesNotExist:
            label = field
        return f"{capfirst(label)}: {message}"


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Add a comment for the team"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": _("Write the comment before sending it.")},
    )


class VersionedInlineForm(VersionedForm):
    """An inline row that is a record of its own (a membership), under its own version."""

    def checks_version(self):
        # Rows left as they were are not written: their version does not matter.
        return self.instance.pk is not None and self.has_changed()


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


class SafeAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    """The same for a many-to-many autocomplete (a membership row's passages)."""

    def optgroups(self, name, value, attr=None):
        key = self.choices.queryset.model._meta.pk
        resolvable = []
        for item in value:
            try:
                if key.to_python(item) is not None:
                    resolvable.append(item)
            except ValidationError:
                continue
        return super().optgroups(name, resolvable, attr)


class RobustFormsMixin:
    """For admins and inlines: bad input gets a message on the form, never a 500."""

    form = AdminForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name == "inferences":
            # Which keys this kind of record takes, where the editor types them.
            keys = ", ".join(db_field.model.inference_keys())
            field.help_text = format_lazy(
                "{} {}", db_field.help_text, _("Keys here: %(keys)s.") % {"keys": keys}
            )
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# The selection script and its styles (foundation/admin/citing.py): static files, as the
# strict CSP wants.
CITE_MEDIA = {
    "js": ["foundation/admin/cite.js"],
    "css": {"all": ["foundation/admin/cite.css"]},
}


class CitationRowForm(AdminForm):
    """A citation row. A new row that arrives with its passage already chosen (a record
    started from a candidate, ?_cite=) is an edit, though it equals its initial value."""

    def has_changed(self):
        if (
            self.instance.pk is None
            and self.is_bound
            and self.data.get(self.add_prefix("citation"))
        ):
            return True
        return super().has_changed()


class CitationsInlineMixin(RobustFormsMixin):
    """The auto-created through model of `citations`, with the passage picked by search (or
    selected in the source's text, by the panel below the inlines)."""

    form = CitationRowForm
    autocomplete_fields = ["citation"]
    extra = 0
    verbose_name = _("citation")
    verbose_name_plural = _("citations: the passages that support this record")

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None and citation_initial(request) is not None else self.extra

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        citation = citation_initial(request) if obj is None else None
        if citation is None:
            return formset
        initial = [{"citation": citation.pk}]

        class StartingFormSet(formset):
            def __init__(self, *args, **kwargs):
                kwargs.setdefault("initial", initial)
                super().__init__(*args, **kwargs)

        return StartingFormSet


def citation_initial(request):
    """The passage a new record starts with (?_cite=<id>, from a candidate's button)."""
    from foundation.models import Citation

    raw = request.GET.get("_cite", "")
    return Citation.objects.filter(pk=int(raw)).first() if raw.isdigit() else None


def through_str(row):
    # An inline row's title: its passage, not "Statement_citations object (22)".
    return str(row.citation) if row.citation_id else ""


def citations_inline(model):
    model.citations.through.__str__ = through_str
    return type(
        f"{model.__name__}CitationInline",
        (CitationsInlineMixin, admin.TabularInline),
        {"model": model.citations.through},
    )


@admin.action(description=_("Publish the selected records"), permissions=["publish"])
def publish(modeladmin, request, queryset):
    """Publish what may be (foundation.publication); when only drafts they link to stand in
    the way, a page offers to publish those with them."""
    records = list(queryset)
    together = request.POST.get("publish_together") == "1"
    try:
        count = modeladmin.apply(
            request,
            lambda records, user: services.publish(records=records, user=user, together=together),
            records,
        )
    except PublicationRefused as refused:
        if refused.only_drafts and not together:
            return publish_together_page(modeladmin, request, records)
        for record, errors in refused.refusals:
            for message in itertools.chain.from_iterable(errors.values()):
                text = f"{capfirst(record._meta.verbose_name)} « {record} »: {message}"
                modeladmin.message_user(request, text, messages.ERROR)
        modeladmin.message_user(request, _("Nothing was published."), messages.WARNING)
        return None
    if count is not None:
        done = ngettext("%(count)d record published.", "%(count)d records published.", count)
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)
    return None


def publish_together_page(modeladmin, request, records):
    """Asks whether to publish the drafts the selected records link to with them."""
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Publish with the drafts they link to?"),
        "opts": opts,
        "records": records,
        "drafts": [(draft._meta.verbose_name, draft) for draft in drafts_needed(records)],
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/foundation/publish_together.html", context)


@admin.action(
    description=_("Unpublish the selected records (back to draft)"), permissions=["change"]
)
def unpublish(modeladmin, request, queryset):
    count = modeladmin.apply(request, services.unpublish, queryset)
    if count is not None:
        done = ngettext("%(count)d record set to draft.", "%(count)d records set to draft.", count)
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)


@admin.action(description=_("Send the selected records for review"), permissions=["change"])
def submit_for_review(modeladmin, request, queryset):
    count = modeladmin.apply(request, services.submit_for_review, queryset)
    if count is not None:
        done = ngettext(
            "%(count)d record sent for review.", "%(count)d records sent for review.", count
        )
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)


@admin.action(description=_("Mark as checked against the source"), permissions=["change"])
def mark_checked(modeladmin, request, queryset):
    count = modeladmin.apply(request, services.mark_checked, queryset)
    if count is not None:
        done = ngettext(
            "%(count)d record marked as checked by you.",
            "%(count)d records marked as checked by you.",
            count,
        )
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)


def inline_changes(record, formsets):
    """What the inline formsets of a record's form ask to write with it (services.save_record)."""
    changes = {"citations": None, "parts": {}, "memberships": [], "deleted_memberships": []}
    citations = type(record).citations if isinstance(record, CitedRecord) else None
    for formset in formsets:
        deleted = formset.deleted_forms
        kept = [
            form
            for form in formset.forms
            if form not in deleted and (form.instance.pk is not None or form.has_changed())
        ]
        if citations is not None and formset.model is citations.through:
            changes["citations"] = [form.instance.citation for form in kept]
        elif issubclass(formset.model, Versioned):
            # Records of their own (memberships): each written under the version it showed,
            # with the passages cited on its row.
            changes["memberships"] += [
                (
                    form.instance,
                    form.cleaned_data.get("loaded_version"),
                    form.cleaned_data.get("citations") if "citations" in form.fields else None,
                )
                for form in kept
                if form.has_changed()
            ]
            changes["deleted_memberships"] += [
                (form.instance, form.cleaned_data.get("loaded_version"))
                for form in deleted
                if form.instance.pk is not None
            ]
        else:
            name = formset.fk.remote_field.get_accessor_name()
            changes["parts"][name] = [form.instance for form in kept]
    return changes


def key_or_404(field, raw):
    """`raw` as a value of the key `field`; one it cannot hold names no record (404)."""
    try:
        return field.to_python(raw)
    except ValidationError:
        raise Http404 from None


class BoundedChangeList(ChangeList):
    """Filters no database can answer are bad lookups (the list says so), not a 500: a date
    hierarchy's year, month or day beyond what a date holds (Django catches only the ValueError
    of an impossible date), and NUL, which PostgreSQL refuses in any text."""

    def get_filters(self, request):
        values = self.get_filters_params().values()
        if any("\x00" in value for value in itertools.chain.from_iterable(values)):
            raise IncorrectLookupParameters("NUL in a filter")
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class LookupSafeMixin:
    """A ModelAdmin's answers to query strings no database or Django check expects: a 400,
    404 or the list's "bad lookup" message, never a 500.

    - `?_to_field=` empty: Django looks up a field named "" (change and delete views);
    - `?_to_field=+`: Django reads `primary_key` of what get_field finds, and a hidden reverse
      relation (simple_history's, named "+") has none: only a column may be named;
    - the changelist's filters: BoundedChangeList;
    - the autocomplete's `term` arrives unchecked, and PostgreSQL refuses NUL.
    """

    def get_object(self, request, object_id, from_field=None):
        return super().get_object(request, object_id, from_field or None)

    def to_field_allowed(self, request, to_field):
        try:
            field = self.opts.get_field(to_field)
        except FieldDoesNotExist:
            return False
        return field.concrete and super().to_field_allowed(request, to_field)

    def get_changelist(self, request, **kwargs):
        return BoundedChangeList

    def get_search_results(self, request, queryset, search_term):
        if "\x00" in search_term:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)


class HistoryAdmin(LookupSafeMixin, RobustFormsMixin, SimpleHistoryAdmin):
    """History and revert, with every write through foundation.services and no lost edit."""

    form = ContentForm
    save_on_top = True
    list_per_page = 50
    change_form_template = "admin/foundation/change_form.html"

    class Media:
        # Slugs pre-filled from names drop French elision (foundation/text.py slugify).
        js = ["foundation/admin/slug.js"]

    def get_urls(self):
        opts = self.model._meta
        comment = path(
            "<path:object_id>/comment/",
            self.admin_site.admin_view(self.comment_view),
            name=f"{opts.app_label}_{opts.model_name}_comment",
        )
        return [comment, *super().get_urls()]

    def has_publish_permission(self, request):
        """Whether to offer the publish action: the Reviewer group's right (services.publish
        applies the whole rule, the own-work rule included, and says why it refuses)."""
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def comment_view(self, request, object_id):
        """POST: a comment for the team on the record (services.add_comment); not an edit
        of the record, so it takes no version and leaves the record as it is."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        key_or_404(self.model._meta.pk, unquote(object_id))
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        form = CommentForm(request.POST)
        if form.is_valid():
            services.add_comment(record=obj, user=request.user, text=form.cleaned_data["text"])
            self.message_user(request, _("Your comment was added."), messages.SUCCESS)
        else:
            for error in form.errors.get("text", []):
                self.message_user(request, error, messages.ERROR)
        opts = self.model._meta
        url = reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
        )
        return HttpResponseRedirect(f"{url}#comments")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None and change:
            opts = self.model._meta
            context["record_comments"] = RecordComment.objects.filter(
                content_type=ContentType.objects.get_for_model(self.model), object_id=obj.pk
            ).select_related("author")
            context["comment_url"] = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_comment",
                args=[obj.pk],
            )
            context["comment_form"] = CommentForm()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        attrs = {"write_error": getattr(request, "_foundation_write_error", None)}
        if obj is None:
            attrs["loaded_version"] = None
        return type(form.__name__, (form,), attrs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [*super().get_fieldsets(request, obj), (None, {"fields": ["change_reason"]})]
        if obj is None:
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
        # The record is written with its inlines, in save_related; a revert has none.
        revert_to = self.reverting_to(request)
        if revert_to is not None:
            citations = None
            if isinstance(obj, CitedRecord):
                citations = list(revert_to.citations.values_list("citation_id", flat=True))
            reason = _("Reverted to version %(version)s") % {"version": revert_to.version}
            given = form.cleaned_data.get("change_reason")
            services.save_record(
                record=obj,
                user=request.user,
                expected_version=form.cleaned_data.get("loaded_version"),
                citations=citations,
                reason=f"{reason}: {given}"[:100] if given else reason,
            )
            request._foundation_reverted_to = revert_to.version

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            # Nothing is saved here: this lists new, changed and deleted rows for the history
            # message (construct_change_message), as Django's own save_related would.
            formset.save(commit=False)
        services.save_record(
            record=form.instance,
            user=request.user,
            expected_version=form.cleaned_data.get("loaded_version"),
            publish_together=bool(form.cleaned_data.get("publish_together")),
            reason=form.cleaned_data.get("change_reason", ""),
            **inline_changes(form.instance, formsets),
        )
        form.save_m2m()

    def response_change(self, request, obj):
        version = getattr(request, "_foundation_reverted_to", None)
        if version is None:
            return super().response_change(request, obj)
        message = _("%(kind)s “%(record)s” reverted to version %(version)s.") % {
            "kind": capfirst(obj._meta.verbose_name),
            "record": obj,
            "version": version,
        }
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(
            reverse(
                f"{self.admin_site.name}:{obj._meta.app_label}_{obj._meta.model_name}_change",
                args=[obj.pk],
            )
        )

    def delete_model(self, request, obj):
        # Through the write path, like every write: the change feed logs it (a tombstone).
        services.delete_record(
            record=obj, user=request.user, expected_version=getattr(obj, "version", None)
        )

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    def reverting_to(self, request):
        match = request.resolver_match
        if match is None or not match.url_name.endswith("_simple_history"):
            return None
        return self.model.history.filter(history_id=match.args[1]).first()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (EditConflict, ValidationError) as error:
            # The write refused after the form validated (another save won the race, or a
            # rule the form could not check); the atomic block rolled everything back. Show
            # the form again, with the reason on it.
            request._foundation_write_error = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        key_or_404(self.model._meta.pk, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history looks both keys up as given: "abc" was a 500, not an unknown record.
        key_or_404(self.model._meta.pk, unquote(object_id))
        key_or_404(self.model.history.model._meta.pk, version_id)
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except (EditConflict, ValidationError) as error:
            request._foundation_write_error = error
            return super().history_form_view(request, object_id, version_id, extra_context)

    def apply(self, request, action, queryset):
        """Run a services action on the selected records: how many changed, or None if it
        refused (another editor's save, or a rule such as who may publish): the editor is
        told why, and nothing was written."""
        try:
            return action(records=list(queryset), user=request.user)
        except PublicationRefused:
            raise  # the publish action answers it (it may offer to publish drafts together)
        except ValidationError as refusal:
            for message in refusal.messages:
                self.message_user(request, message, messages.ERROR)
            return None
        except EditConflict as conflict:
            stale = conflict.instance
            current = type(stale)._base_manager.filter(pk=stale.pk).first() or stale
            message = conflict_message(current, conflict.expected_version)
            self.message_user(request, message, messages.ERROR)
            return None


class InferredFilter(admin.SimpleListFilter):
    """Records with an inferred value, or with none (the values are in `inferences`)."""

    title = _("inferred values")
    parameter_name = "inferred"

    def lookups(self, request, model_admin):
        return [("yes", _("Some value inferred")), ("no", _("Every value stated"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(inferences={})
        if self.value() == "no":
            return queryset.filter(inferences={})
        return queryset


def flatten(fields):
    for item in fields:
        if isinstance(item, list | tuple):
            yield from item
        else:
            yield item


class CitedAdmin(ConsistencyWarningsMixin, HistoryAdmin):
    """A cited record: publication, verification and the record's bookkeeping.

    Its form has a panel to cite a passage of any source by selecting it
    (record_change_form.html, citing.py)."""

    change_form_template = "admin/foundation/record_change_form.html"

    class Media:
        js = CITE_MEDIA["js"]
        css = CITE_MEDIA["css"]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        from foundation.models import Source

        if request.user.has_perm("foundation.add_citation"):
            context["cite_sources"] = Source.objects.only("pk", "title").order_by("title")
            # The source shown first: the one the record starts from (a candidate's passage)
            # or the one it cites.
            starting = citation_initial(request) if obj is None else None
            if starting is not None:
                context["cite_source_id"] = starting.source_id
            elif obj is not None and obj.pk is not None:
                context["cite_source_id"] = (
                    obj.citations.values_list("source_id", flat=True).order_by("pk").first()
                )
        return super().render_change_form(request, context, add, change, form_url, obj)

    actions = [submit_for_review, publish, unpublish, mark_checked]
    readonly_fields = [
        *("version", "created_at", "updated_at", "search_text"),
        *("verified_by", "verified_at"),
    ]
    list_filter = ["status", "verification", InferredFilter]
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
                ("status", "publish_at", "publish_together"),
                "verification",
                ("verified_by", "verified_at"),
                "verification_note",
                "inferences",
            ]
        },
    )


class ContentAdmin(CitedAdmin, TranslationAdmin):
    """A cited, bilingual record. Plain TranslationAdmin: the tabbed one loads jQuery UI from
    a CDN, which a strict Content-Security-Policy (and an offline machine) refuses."""
