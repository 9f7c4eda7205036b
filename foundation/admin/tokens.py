"""Each editor's own API token, in the admin: create, see once, rotate, revoke.

The page acts on the signed-in user only: no address or field names a user, so nobody can
reach another user's token through it. Superusers manage everyone's tokens in the admin's
*Tokens* (rest_framework.authtoken), which the Editor role cannot open.

The key is DRF's Token, the one TokenAuthentication reads. It is shown once, in the answer to
the POST that made it (never stored in the session or a message to survive a redirect), and
never again: afterwards the page gives its creation time and last four characters. Each change
goes to the "foundation.security" log (user, action, IP; never the key) and to the admin's
log, on the user, as "Added/Changed/Deleted token" (the token's own id is its key).
"""

import json
import logging

from django import forms
from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from rest_framework.authtoken.models import Token

from foundation.roles import writes_content
from foundation.security import client_ip

logger = logging.getLogger("foundation.security")

URL_NAME = "token"
SHOWN_CHARACTERS = 4


# Each action, and what it does to the token in the words of the admin's log.
ACTIONS = {"create": "added", "rotate": "changed", "revoke": "deleted"}


class TokenActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])


class TokenView(View):
    """GET: whether the user has a token. POST action=create|rotate|revoke changes it."""

    http_method_names = ["get", "post"]
    site = None  # the AdminSite, given to as_view()
    template_name = "admin/foundation/token.html"

    def dispatch(self, request, *args, **kwargs):
        # The site's admin_view has already sent anonymous and non-staff users to the login.
        if not writes_content(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(request, Token.objects.filter(user=request.user).first())

    def post(self, request):
        form = TokenActionForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest("Unknown action.")
        action = form.cleaned_data["action"]
        user = request.user
        with transaction.atomic():
            # One change at a time per user: two rotations cannot both succeed.
            get_user_model()._default_manager.select_for_update().get(pk=user.pk)
            token = Token.objects.filter(user=user).first()
            if action == "create" and token is not None:
                messages.error(
                    request, _("You already have an API token. Rotate it to get a new key.")
                )
                return self.back(request)
            if action in {"rotate", "revoke"} and token is None:
                messages.error(request, _("You have no API token."))
                return self.back(request)
            if token is not None:
                token.delete()
            if action != "revoke":
                token = Token.objects.create(user=user)
            self.record(request, action)
        if action == "revoke":
            messages.success(request, _("Your API token was revoked: it no longer works."))
            return self.back(request)
        return self.render(request, token, new_key=token.key, rotated=action == "rotate")

    def record(self, request, action):
        user = request.user
        ip = client_ip(request) or "-"
        logger.info("api-token %s user=%s ip=%s", action, user.get_username(), ip)
        # The shape the admin gives a change to a related object; shown translated in the
        # user's history. Never the key, which is also the token's primary key.
        change = {"name": "Token", "object": user.get_username()}
        if action == "rotate":
            change["fields"] = ["Key"]
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[user],
            action_flag=CHANGE,
            change_message=json.dumps([{ACTIONS[action]: change}]),
            single_object=True,
        )

    def back(self, request):
        return HttpResponseRedirect(reverse(f"{self.site.name}:{URL_NAME}"))

    def render(self, request, token, new_key=None, rotated=False):
        context = {
            **self.site.each_context(request),
            "title": _("Your API token"),
            "token": token,
            "key_end": token.key[-SHOWN_CHARACTERS:] if token and not new_key else None,
            "new_key": new_key,
            "rotated": rotated,
        }
        return TemplateResponse(request, self.template_name, context)


def install(site):
    """Serves the page at <admin>/token/ on this site and links it from every admin page."""
    site_urls, site_context = site.get_urls, site.each_context

    def get_urls():
        view = site.admin_view(TokenView.as_view(site=site))
        return [path("token/", view, name=URL_NAME), *site_urls()]

    def each_context(request):
        context = site_context(request)
        if request.user.is_staff and writes_content(request.user):
            context["api_token_url"] = reverse(f"{site.name}:{URL_NAME}")
        return context

    site.get_urls = get_urls
    site.each_context = each_context
