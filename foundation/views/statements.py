import hashlib

from django import forms
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from foundation.caching import content_timeout, content_version, release, remembered
from foundation.models import LANGUAGE_CHOICES, Organisation, Person, Statement, sees_drafts
from foundation.models.kinds import record_models

from .base import STATEMENT_ORDER, VisibleMixin, citations_prefetch, statements

STATEMENTS_PER_PAGE = 20
# The filter's fields and the statement columns they filter.
FILTER_FIELDS = {"speaker": "speaker_id", "organisation": "on_behalf_of_id"}
# Matches no option: the cached <select> is rendered with none selected.
NOTHING_SELECTED = "\x00"


def filter_choices(user, version):
    """(key, {"speaker": {slug: (label, pk)}, "organisation": {…}}): who has a visible statement.

    The filter's two lists, in the models' orders, queried once per content version, language
    and visibility and kept in the shared cache: on a large archive, building them on every
    request cost more than the rest of the page. `key` also names their cached <select>s.
    """
    # What the user may see decides the lists: one digit per kind of record.
    sees = "".join(str(int(sees_drafts(user, model))) for model in record_models())
    # The release too: the key also names the cached <select> HTML.
    key = f"statement-filter:{version}:{release()}:{get_language()}:{sees}"
    return key, remembered(key, lambda: fetch_filter_choices(user))


def fetch_filter_choices(user):
    shown = Statement.objects.visible_to(user)
    choices = {}
    for field, model in (("speaker", Person), ("organisation", Organisation)):
        rows = (
            model.objects.visible_to(user)
            .filter(Exists(shown.filter(**{FILTER_FIELDS[field]: OuterRef("pk")})))
            # The label a ModelChoiceField shows, str(): the name, translated or its fallback.
            .values_list("slug", "name", "pk")
        )
        choices[field] = {slug: (label, pk) for slug, label, pk in rows}
    return choices


class CachedSelect(forms.Select):
    """A <select> of many options, rendered once per `cache_key` (see filter_choices).

    Django renders every <option> through a template, costly for the thousand or more
    speakers and organisations of a large archive. Only the selected option differs between
    requests: it is marked in the cached HTML.
    """

    cache_key = None

    def render(self, name, value, attrs=None, renderer=None):
        if self.cache_key is None:
            return super().render(name, value, attrs, renderer)
        attrs_digest = hashlib.blake2b(repr(sorted((attrs or {}).items())).encode(), digest_size=8)
        key = f"{self.cache_key}:{name}:{attrs_digest.hexdigest()}"
        html = cache.get(key)
        if html is None:
            html = str(super().render(name, NOTHING_SELECTED, attrs, renderer))
            cache.set(key, html, content_timeout())
        for selected in self.format_value(value)[:1]:
            html = html.replace(
                format_html('<option value="{}">', selected),
                format_html('<option value="{}" selected>', selected),
                1,
            )
        return mark_safe(html)  # Django's own rendering, escaped; two fixed strings added


class RecordChoices(BaseChoiceIterator):
    """(slug, label) pairs made as they are read: Select reads only the first one per request."""

    def __init__(self, empty_label, records):
        self.empty_label = empty_label
        self.records = records

    def __iter__(self):
        yield "", self.empty_label
        for slug, (label, _pk) in self.records.items():
            yield slug, label


class RecordChoiceField(forms.ChoiceField):
    """A record chosen by slug among {slug: (label, pk)}; cleans to the record's pk.

    Checked with a dict lookup; the options are only listed when the cached <select> is
    rendered again (a plain ChoiceField copies and scans all its choices per request).
    """

    widget = CachedSelect

    def __init__(self, *, empty_label, **kwargs):
        super().__init__(required=False, **kwargs)
        self.empty_label = empty_label
        self.records = {}

    def set_records(self, records, cache_key):
        self.records = records
        self.choices = RecordChoices(self.empty_label, records)
        self.widget.cache_key = cache_key

    def valid_value(self, value):
        return value in self.records

    def clean(self, value):
        slug = super().clean(value)
        return self.records[slug][1] if slug else None


class StatementFilter(forms.Form):
    speaker = RecordChoiceField(label=_("Speaker"), empty_label=_("Anyone"))
    organisation = RecordChoiceField(label=_("On behalf of"), empty_label=_("Any organisation"))
    # Short lists, but each <option> still goes through a widget template on every request.
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Statement.Kind.choices],
        widget=CachedSelect,
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), *LANGUAGE_CHOICES],
        widget=CachedSelect,
    )

    def __init__(self, *args, choices, cache_key, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FILTER_FIELDS:
            self.fields[name].set_records(choices[name], cache_key)
        for name in ("kind", "language"):
            self.fields[name].widget.cache_key = cache_key

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        for field, column in FILTER_FIELDS.items():
            if data[field]:
                queryset = queryset.filter(**{column: data[field]})
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["language"]:
            queryset = queryset.filter(language=data["language"])
        return queryset


class StatementListView(VisibleMixin, ListView):
    model = Statement
    paginate_by = STATEMENTS_PER_PAGE

    def get_queryset(self):
        user = self.request.user
        queryset = statements(user, figures=False).order_by(*STATEMENT_ORDER)
        cache_key, choices = filter_choices(user, content_version(queryset.db))
        self.filter_form = StatementFilter(
            self.request.GET or None, choices=choices, cache_key=cache_key
        )
        return self.filter_form.apply(queryset)

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class StatementDetailView(VisibleMixin, DetailView):
    og_type = "article"
    model = Statement

    def get_queryset(self):
        user = self.request.user
        # An event the user may not see comes back empty (visible_to): the page omits it.
        return (
            statements(user)
            .select_related("event", "verified_by")
            .prefetch_related(citations_prefetch(user))
        )
