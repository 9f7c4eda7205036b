from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from foundation.search import KINDS, explain, search, suggest

from .base import PageMixin

QUERY_MAX_LENGTH = 200


def clean_query(raw):
    """What the search box may hold: no NUL (PostgreSQL rejects it), no overlong text."""
    return " ".join(raw.replace("\x00", " ").split())[:QUERY_MAX_LENGTH]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=QUERY_MAX_LENGTH)


class SearchView(PageMixin, TemplateView):
    template_name = "foundation/search.html"

    def get_page_title(self):
        query = clean_query(self.request.GET.get("q", ""))
        if query:
            return gettext("Search: %(query)s") % {"query": query}
        return gettext("Search")

    def get_context_data(self, **kwargs):
        query = clean_query(self.request.GET.get("q", ""))
        groups, suggestion = [], None
        if query:
            user = self.request.user
            results = explain(search(query, user), query)
            # Asked whatever the results, so a search costs the same queries either way.
            suggestion = suggest(query, user)
            if any(results.values()):
                suggestion = None
            groups = [
                (kind, capfirst(KINDS[kind].model._meta.verbose_name_plural), records)
                for kind, records in results.items()
                if records
            ]
        return super().get_context_data(
            query=query,
            form=SearchForm(initial={"q": query}),
            groups=groups,
            suggestion=suggestion,
            result_count=sum(len(records) for _, _, records in groups),
            **kwargs,
        )
