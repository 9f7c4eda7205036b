"""Bilingual fields (django-modeltranslation) and history (django-simple-history).

History is registered here, after the translations, so that the historical tables also
hold the _fr and _en columns: django-simple-history documents this order for modeltranslation.
"""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import CitedRecord, Event, Figure, Membership, Organisation, Person, Statement
from .models.kinds import content_models


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"fr": ("name",)}


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("description",)


@register(Membership)
class MembershipTranslation(TranslationOptions):
    fields = ("role",)
    required_languages = {"fr": ("role",)}


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"fr": ("title",)}


@register(Statement)
class StatementTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = {"fr": ("text",)}


@register(Figure)
class FigureTranslation(TranslationOptions):
    fields = ("unit", "scope")
    required_languages = {"fr": ("unit",)}


# Every content model keeps its history; a cited record's history keeps its citations too.
for model in content_models():
    cited = issubclass(model, CitedRecord)
    simple_history.register(model, **({"m2m_fields": ["citations"]} if cited else {}))
