"""Names in reading order: a stored key per language, the same on every database.

A reader looks for "Amazon" before "AMD" and "NeurIPS" before "NVIDIA", and for "Écrit"
among the e's. Databases sort by their collation (SQLite's is binary: capitals before small
letters, accents after z), so each named record stores, per language, its name folded
(foundation.text.fold: case, accents, ligatures) with punctuation read as a space: its
`sort_key_<language>`. Every list of names orders by it (`reading_order`): pages, the API's
`ordering=name` (and its CSV), the Popolo export.
"""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from foundation.text import fold

LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)
DEFAULT_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
KEY_LENGTH = 200
_PUNCTUATION = re.compile(r"[\W_]+")


def reading_key(text):
    """'AMD' → 'amd', 'Amazon Web Services' → 'amazon web services', 'Été-2' → 'ete 2'."""
    return " ".join(_PUNCTUATION.sub(" ", fold(text)).split())[:KEY_LENGTH]


def key_column(language=None):
    """The sort key's column for `language` (the active one by default)."""
    language = (language or get_language() or DEFAULT_LANGUAGE).split("-")[0]
    return f"sort_key_{language if language in LANGUAGES else DEFAULT_LANGUAGE}"


def reading_order(model, language=None):
    """The model's ordering with its sort key in `language`'s column (active by default)."""
    column = key_column(language)
    return [
        term.replace(f"sort_key_{DEFAULT_LANGUAGE}", column) if "sort_key_" in term else term
        for term in model._meta.ordering
    ]


class ReadingOrder(models.Model):
    """A record listed by name: its sort keys follow its names on every save.

    `sorted_by`: the fields whose first non-empty value, in each language, is the name a
    reader looks for (a person's sort name, "Zemlin, Jim", before their name).
    """

    sort_key_fr = models.CharField(
        _("sort key (French)"), max_length=KEY_LENGTH, blank=True, default="", editable=False
    )
    sort_key_en = models.CharField(
        _("sort key (English)"), max_length=KEY_LENGTH, blank=True, default="", editable=False
    )

    sorted_by: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fill_sort_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *(f"sort_key_{lang}" for lang in LANGUAGES)}
        super().save(*args, **kwargs)

    save.alters_data = True

    def fill_sort_keys(self):
        for language in LANGUAGES:
            setattr(self, f"sort_key_{language}", reading_key(self.name_in(language)))

    def name_in(self, language):
        """The name listed in `language`: a translated field's own language, then the default
        language's (as modeltranslation falls back), then the field itself."""
        for field in self.sorted_by:
            for name in (f"{field}_{language}", f"{field}_{DEFAULT_LANGUAGE}", field):
                value = getattr(self, name, None)
                if value:
                    return value
        return ""
