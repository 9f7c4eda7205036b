"""Text folding shared by search on every database: case, accents and apostrophes."""

import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "«": " ", "»": " "})


def fold(text):
    """'Fondation Linux', 'FONDATION linux' and 'fondatión línux' fold to the same string."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_APOSTROPHES))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())
