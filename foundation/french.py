"""French sentences that name an organisation: its article, and the contractions and elisions
French makes with it ("de la Linux Foundation", "du Conseil", "de l’Institut", "d’AMD")."""

from django.utils.translation import get_language, gettext_noop

# Django's forms end a label with gettext(":"); our catalogue, read first, gives French its
# narrow no-break space (Django's own French has a plain no-break one).
gettext_noop(":")

VOWELS = frozenset("aeiouâàäéèêëîïôöûùüœæAEIOUÂÀÄÉÈÊËÎÏÔÖÛÙÜŒÆ")
_DE = {"le": "du ", "la": "de la ", "l’": "de l’", "les": "des "}


def with_article(organisation):
    """'la Linux Foundation', 'l’Institut', 'PyTorch': the name as a French sentence uses it."""
    article = organisation.french_article
    if not article:
        return organisation.name
    return (
        f"{article}{organisation.name}"
        if article.endswith("’")
        else f"{article} {organisation.name}"
    )


def of(record):
    """'de la Linux Foundation', 'du Conseil', 'd’AMD', 'de PyTorch', 'd’Adam Paszke'."""
    return of_article(record) + record.name


def of_article(record):
    """What French puts between 'au nom' and the name: 'de la ', 'du ', 'de l’', 'd’', 'de '.
    People and organisations named bare take 'd’' before a vowel."""
    article = getattr(record, "french_article", "")
    if article:
        return _DE[article]
    return "d’" if record.name[:1] in VOWELS else "de "


def of_name(record):
    """A person or organisation as the complement of a noun in the active language: 'de la
    Linux Foundation', 'd’Adam Paszke' in French (whose sentence leaves out its 'de'), the
    bare name in English."""
    if record is None:
        return ""
    return of(record) if _french() else record.name


def of_article_in_language(organisation):
    """of_article in French; nothing in English, whose 'of' is in the sentence."""
    return of_article(organisation) if organisation is not None and _french() else ""


def _french():
    return (get_language() or "").startswith("fr")
