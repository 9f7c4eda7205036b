"""The editors' admin: every content model, with history, revert and no lost edits."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import actors, events, sources, statements

admin.site.site_header = _("Foundation editors")
admin.site.site_title = _("Foundation admin")
admin.site.index_title = _("The cited record")

__all__ = ["actors", "events", "sources", "statements"]
