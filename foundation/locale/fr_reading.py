"""French for the source page's reading aids and the evidence lists (see fill_fr.py)."""

FR = {
    "%(fact)s (day and month)": "%(fact)s (jour et mois)",
    "previous passage of this record": "passage précédent de cette fiche",
    "next passage of this record": "passage suivant de cette fiche",
    "Back to the record": "Retour à la fiche",
    "Show every passage alike": "Montrer tous les passages de la même façon",
    "The record named in the address is not known: every passage is shown alike.": "La fiche nommée dans l’adresse est inconnue : tous les passages sont montrés de la même façon.",
    "Highlight the cited passages": "Surligner les passages cités",
    "Supports:": "Établit :",
    "Supports the record as a whole.": "Établit la fiche dans son ensemble.",
}

FR_PLURAL = {
    "The passage of the %(kind)s “%(record)s” is highlighted, the others dimmed.": (
        "Le passage de la fiche « %(record)s » (%(kind)s) est mis en avant, les autres sont estompés.",
        "Les %(counter)s passages de la fiche « %(record)s » (%(kind)s) sont mis en avant, les autres sont estompés ; les flèches après chacun mènent au suivant et au précédent.",
    ),
}

# French sentences that name an organisation get its name with "de" and its article from
# foundation/french.py, so their French leaves the "de" out.
FR.update(
    {
        "followed by an organisation with its article\x04on behalf of": "au nom",
        "a date known to the year\x04in %(date)s": "en %(date)s",
        "a date known to the month\x04in %(date)s": "en %(date)s",
        "a date known to the day\x04on %(date)s": "le %(date)s",
        "a reference date known to the year\x04as of %(date)s": "en %(date)s",
        "a reference date known to the month\x04as of %(date)s": "en %(date)s",
        "a reference date known to the day\x04as of %(date)s": "au %(date)s",
        "article in French": "article en français",
        ":": " :",
        "between a label and what it labels\x04:": " :",
        "How French sentences name it: « la » Linux Foundation, « l’ »Institut, « le » Conseil; empty for a name used bare (PyTorch, AMD).": "Comment les phrases françaises la nomment : « la » Linux Foundation, « l’ »Institut, « le » Conseil ; vide pour un nom employé seul (PyTorch, AMD).",
        "%(speaker)s: “%(excerpt)s”": "%(speaker)s : « %(excerpt)s »",
        "“%(excerpt)s”": "« %(excerpt)s »",
    }
)
