"""The 404 a visitor sees: the site's own bilingual page, JSON under /api/, also under DEBUG.

Django answers a 404 with its technical page whenever DEBUG is on, whatever handler404
says, and `make run` turns DEBUG on. NotFoundPageMiddleware serves the site's page there too;
the page then links to the technical one (TECHNICAL_FLAG in the query) for developers.
"""

from http import HTTPStatus

from django.conf import settings
from django.http import Http404, HttpResponseNotFound, JsonResponse
from django.template import loader
from rest_framework.exceptions import NotFound

from foundation.security import is_api_request

# ?technical-404 on an address that does not exist: Django's technical 404 (DEBUG only).
TECHNICAL_FLAG = "technical-404"


def page_not_found(request, exception=None):
    """handler404 (config/urls.py); under DEBUG, called by NotFoundPageMiddleware."""
    if is_api_request(request):
        # The same body as the API's own 404s (DRF's NotFound), in the request's language.
        return JsonResponse(
            {"detail": str(NotFound.default_detail)},
            status=HTTPStatus.NOT_FOUND,
            json_dumps_params={"ensure_ascii": False},
        )
    context = {}
    if settings.DEBUG:
        query = request.GET.copy()
        query[TECHNICAL_FLAG] = "1"
        context["technical_404_url"] = f"{request.path}?{query.urlencode()}"
    return HttpResponseNotFound(loader.render_to_string("404.html", context, request))


def wants_the_site_page(request):
    return settings.DEBUG and TECHNICAL_FLAG not in request.GET


class NotFoundPageMiddleware:
    """Under DEBUG, the site's 404 page instead of Django's technical one.

    An address no pattern matches never reaches a view: its technical 404 is replaced on the
    way out (the request was never resolved). A view's Http404 is caught as it is raised.
    A view that returns its own 404 (the API's JSON) is left alone. Goes after
    LocaleMiddleware and CommonMiddleware: the page is rendered in the address's language,
    and their redirects (a missing slash or language prefix) still apply to a 404.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        unresolved = request.resolver_match is None  # no pattern matched: no view answered
        if response.status_code == HTTPStatus.NOT_FOUND and unresolved:
            if wants_the_site_page(request):
                return page_not_found(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and wants_the_site_page(request):
            return page_not_found(request, exception)
        return None
