"""The API's language: Accept-Language alone chooses it, English when it names none we have.

The site's pages default to French (LANGUAGE_CODE) and follow the URL prefix and the language
cookie; an integrator's program has neither, and every message of one response (ours, DRF's,
django-filter's, Django's validation) must be in one language. So for /api/:
- the first language of Accept-Language (by q-value) that the site has (fr, en, or a regional
  variant of one, fr-CA → fr) is activated for the request;
- none given, none supported, or `*`: English;
- the language cookie and any URL prefix are ignored;
- the response says which it is (Content-Language) and that it depends on the header (Vary);
  the page cache keys API entries by this language (request.LANGUAGE_CODE).
"""

from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

from foundation.security import is_api_request

DEFAULT_API_LANGUAGE = "en"


def api_language(request):
    """The language of an API response to this request."""
    for code, quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":
            break
        if quality <= 0:
            continue  # q=0: "not this one"
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return DEFAULT_API_LANGUAGE


class ApiLanguageMiddleware:
    """Activates the API's language for /api/ requests; goes right after LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api_request(request):
            return self.get_response(request)
        language = api_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language",))
        return response
