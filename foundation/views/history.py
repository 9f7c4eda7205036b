from django.utils.translation import gettext as _
from django.views.generic import DetailView

from foundation.history import published_versions

from .base import VisibleMixin


class RecordHistoryView(VisibleMixin, DetailView):
    """The published versions of a record a visitor can see: what changed and when."""

    template_name = "foundation/record_history.html"
    context_object_name = "record"

    def get_page_title(self):
        return _("History of %(record)s") % {"record": self.object}

    def get_page_description(self):
        return _("The published versions of this record: what changed and when.")

    def get_queryset(self):
        # What the record's name shows (a statement's speaker) is what it requires.
        return super().get_queryset().select_related(*self.model.visibility.requires)

    def get_context_data(self, **kwargs):
        versions = published_versions(self.model, [self.object.pk])[self.object.pk]
        # object=None: the page is about the versions, not the record's structured data
        # (base.html gives a detail page's `object` its JSON-LD).
        context = super().get_context_data(versions=versions, **kwargs)
        context["object"] = None
        return context
