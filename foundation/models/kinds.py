"""The kinds of record, derived from the models themselves: permissions, seed counts, sitemaps,
search, the demo generator and tests list them from here, never by hand."""

from django.apps import apps
from django.utils import translation

from .base import CitedRecord, Publishable
from .visibility import VisibleModel


def content_models():
    """Every model of the cited record (history tables aside), in definition order."""
    return [
        model
        for model in apps.get_app_config("foundation").get_models()
        if issubclass(model, VisibleModel)
    ]


def record_models():
    """Records with a slug, a status and history of their own (sources and cited facts)."""
    return [model for model in content_models() if issubclass(model, Publishable)]


def page_models():
    """Records with a public page of their own."""
    return [model for model in record_models() if model.has_page]


def cited_models():
    """Facts that cite passages (Organisation, Person, Membership, Event, Statement)."""
    return [model for model in content_models() if issubclass(model, CitedRecord)]


def indexed_models():
    """Records with search text (search_fields), which the search indexes hold: the API's
    ?search= reads them on every list."""
    return [model for model in record_models() if model.search_fields]


def searchable_models():
    """Records the search page finds, in the order it shows them: those with a page."""
    return [model for model in indexed_models() if model.has_page]


def kind_name(model):
    """A kind's name in addresses and keys (sitemap sections, search results): the English
    plural of the model's name, "organisations", "people"…, whatever language is active."""
    with translation.override(None):
        return str(model._meta.verbose_name_plural)
