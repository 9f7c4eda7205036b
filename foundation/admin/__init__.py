"""The editors' admin: every content model, with history, revert and no lost edits.

And each editor's own API token, at <admin>/token/ (tokens.py).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import actors, events, problems, review, sources, statements, tokens, webhooks

admin.site.site_header = _("Foundation editors")
admin.site.site_title = _("Foundation admin")
admin.site.index_title = _("The cited record")
tokens.install(admin.site)
review.install(admin.site)
problems.install(admin.site)

__all__ = [
    "actors",
    "events",
    "problems",
    "review",
    "sources",
    "statements",
    "tokens",
    "webhooks",
]
