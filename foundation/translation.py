"""Bilingual fields (django-modeltranslation) and history (django-simple-history), both
registered from the models' own declarations (`translated_fields`, models/kinds.py).

History is registered after the translations, so that the historical tables also hold the
_fr and _en columns: django-simple-history documents this order for modeltranslation.
"""

import simple_history
from django.conf import settings
from modeltranslation.translator import TranslationOptions, translator

from .models import CitedRecord
from .models.kinds import content_models

for model in content_models():
    if model.translated_fields:
        required = tuple(
            name for name in model.translated_fields if not model._meta.get_field(name).blank
        )
        options = {
            "fields": model.translated_fields,
            "required_languages": {settings.MODELTRANSLATION_DEFAULT_LANGUAGE: required},
        }
        translator.register(
            model, type(f"{model.__name__}Translation", (TranslationOptions,), options)
        )

# Every content model keeps its history; a cited record's history keeps its citations too.
for model in content_models():
    cited = issubclass(model, CitedRecord)
    simple_history.register(model, **({"m2m_fields": ["citations"]} if cited else {}))
