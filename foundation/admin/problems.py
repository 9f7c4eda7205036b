"""The admin's Problems page (<admin>/problems/): every finding of the consistency checks
(foundation/consistency.py), each linked to the records it involves; and the same findings as
warnings on a record's own form (ConsistencyWarningsMixin)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View

from foundation import consistency
from foundation.roles import writes_content

URL_NAME = "problems"


def admin_link(record):
    """(label, admin change address or None) of a record."""
    opts = record._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    except NoReverseMatch:
        url = None
    return f"{capfirst(opts.verbose_name)} « {record} »", url


def linked(record):
    label, url = admin_link(record)
    return format_html('<a href="{}">{}</a>', url, label) if url else label


class ProblemsView(View):
    """Every likely problem of the record, for editors."""

    http_method_names = ["get"]
    site = None
    template_name = "admin/foundation/problems.html"

    def dispatch(self, request, *args, **kwargs):
        if not writes_content(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        rows = [
            {
                "record": linked(finding.record),
                "message": finding.message,
                "others": format_html_join(", ", "{}", ((linked(o),) for o in finding.others)),
            }
            for finding in consistency.findings()
        ]
        context = {
            **self.site.each_context(request),
            "title": _("Problems"),
            "rows": rows,
        }
        return TemplateResponse(request, self.template_name, context)


def install(site):
    """Serves the page at <admin>/problems/ and links it from every admin page."""
    site_urls, site_context = site.get_urls, site.each_context

    def get_urls():
        view = site.admin_view(ProblemsView.as_view(site=site))
        return [path("problems/", view, name=URL_NAME), *site_urls()]

    def each_context(request):
        context = site_context(request)
        if request.user.is_staff and writes_content(request.user):
            context["problems_url"] = reverse(f"{site.name}:{URL_NAME}")
        return context

    site.get_urls = get_urls
    site.each_context = each_context


class ConsistencyWarningsMixin:
    """A record's form shows what the consistency checks find about it, as warnings: they
    never stop a save."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            for finding in consistency.findings(obj):
                about = "" if finding.record == obj else format_html("{}: ", linked(finding.record))
                messages.warning(request, format_html("{}{}", about, finding.message))
        return super().render_change_form(request, context, add, change, form_url, obj)
