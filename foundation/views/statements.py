from django import forms
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from foundation.models import LANGUAGE_CHOICES, Organisation, Person, Statement

from .base import (
    STATEMENT_ORDER,
    VisibleMixin,
    can_see,
    citations_prefetch,
    visible,
    visible_statements,
)

STATEMENTS_PER_PAGE = 20


class StatementFilter(forms.Form):
    speaker = forms.ModelChoiceField(
        label=_("Speaker"),
        queryset=Person.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Anyone"),
    )
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any organisation"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Statement.Kind.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), *LANGUAGE_CHOICES],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        statements = visible(Statement, user)
        self.fields["speaker"].queryset = visible(Person, user).filter(
            pk__in=statements.values("speaker")
        )
        self.fields["organisation"].queryset = visible(Organisation, user).filter(
            pk__in=statements.values("on_behalf_of")
        )

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["speaker"]:
            queryset = queryset.filter(speaker=data["speaker"])
        if data["organisation"]:
            queryset = queryset.filter(on_behalf_of=data["organisation"])
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
        self.filter_form = StatementFilter(self.request.GET or None, user=user)
        return self.filter_form.apply(visible_statements(user).order_by(*STATEMENT_ORDER))

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class StatementDetailView(VisibleMixin, DetailView):
    og_type = "article"
    model = Statement

    def get_queryset(self):
        user = self.request.user
        return visible_statements(user).prefetch_related(citations_prefetch(user))

    def get_context_data(self, **kwargs):
        user = self.request.user
        statement = self.object
        return super().get_context_data(
            event=statement.event if can_see(user, statement.event) else None,
            **kwargs,
        )
