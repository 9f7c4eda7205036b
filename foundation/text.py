"""Text folding shared by search on every database (case, accents and apostrophes), the
addresses (slugs) made from names, French typography, and the order a bilingual text is read in."""

import re
import unicodedata

from django.conf import settings
from django.utils.text import slugify as django_slugify
from django.utils.translation import get_language

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "«": " ", "»": " "})
# Letters that Unicode does not decompose but readers type without their mark, as
# PostgreSQL's unaccent does: "coeur" finds "cœur", "Lodz" finds "Łódź".
LETTERS = {"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
_LETTERS = str.maketrans(LETTERS)
_LETTERS_UPPER = str.maketrans({key.upper(): value.capitalize() for key, value in LETTERS.items()})


def fold(text):
    """'Fondation Linux', 'FONDATION linux' and 'fondatión línux' fold to the same string."""
    if text is not None and text.isascii():
        # Nothing to decompose, translate or strip: the same result, several times faster
        # (search marks words one by one on every results page).
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_APOSTROPHES))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split()).translate(_LETTERS)


# French elision: the article or particle before a vowel ("l’Institut", "d’Amazon",
# "qu’elle") says nothing in an address. The admin's slug pre-fill applies the same rule in
# the browser (foundation/static/foundation/admin/slug.js); tests/test_slugs.py holds both to it.
ELISION = re.compile(r"(^|[^\w])(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’ʼ](?=\w)", re.IGNORECASE)


def slugify(text):
    """The address made from a name: "l’Institut d’études" → "institut-etudes"."""
    text = ELISION.sub(r"\1", text or "")
    return django_slugify(text.translate(_LETTERS).translate(_LETTERS_UPPER))


NARROW_NBSP = "\u202f"
_BEFORE_HIGH_PUNCTUATION = re.compile(r"[ \u00a0\u202f]*([;!?»])|[ \u00a0\u202f]+(:)(?=\s|$)")
_AFTER_OPENING_GUILLEMET = re.compile(r"«[ \u00a0\u202f]*")
_STRAIGHT_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


def french_typography(text):
    """French as a French reader writes it: a narrow no-break space before ; ! ? » and a
    spaced colon, and after «; typographic apostrophes. Placeholders (%(name)s) and markup
    are left alone, so the rule can run over our French catalogue."""
    pieces = re.split(r"(%\([^)]*\)[sd]|<[^>]*>|&[a-z]+;|https?://\S+)", text)
    for index in range(0, len(pieces), 2):
        piece = pieces[index]
        piece = _STRAIGHT_APOSTROPHE.sub("’", piece)
        piece = _AFTER_OPENING_GUILLEMET.sub("«" + NARROW_NBSP, piece)
        piece = _BEFORE_HIGH_PUNCTUATION.sub(
            lambda match: NARROW_NBSP + (match.group(1) or match.group(2)), piece
        )
        pieces[index] = piece
    return "".join(pieces)


# A number written with its thousands grouped ("2 400", "2,400", "2 400" with a no-break
# space, "2'400"): fold() has turned the spaces into plain ones and the apostrophes into "'".
# Only groups of exactly three digits after one to three, so "2,5" and "2019 2020" stay apart.
_GROUPED_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[ ,']\d{3})+(?![\d])")
_GROUP_SEPARATORS = re.compile(r"[ ,']")


def search_fold(text):
    """fold(), with grouped numbers written as one ("2 400" and "2,400" both as "2400"): what
    search compares, in the stored search text and in the words a reader types alike."""
    return _GROUPED_NUMBER.sub(lambda match: _GROUP_SEPARATORS.sub("", match[0]), fold(text))


def reading_languages():
    """The languages a bilingual text is read in, first to last: the active language, then
    modeltranslation's fallbacks (the same order for fields and editorial notes)."""
    return [get_language() or settings.LANGUAGE_CODE, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES]
