"""Text folding shared by search on every database: case, accents and apostrophes."""

import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "«": " ", "»": " "})
# Letters that Unicode does not decompose but readers type without their mark, as
# PostgreSQL's unaccent does: "coeur" finds "cœur", "Lodz" finds "Łódź".
LETTERS = {"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
_LETTERS = str.maketrans(LETTERS)


def fold(text):
    """'Fondation Linux', 'FONDATION linux' and 'fondatión línux' fold to the same string."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_APOSTROPHES))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split()).translate(_LETTERS)
