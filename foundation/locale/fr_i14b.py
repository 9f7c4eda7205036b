"""French for the API's point-in-time reads and expansions and the public history (issue 14)."""

FR = {
    "Unknown expansion(s): %(unknown)s. Choose among: %(available)s.": "Expansion(s) inconnue(s) : %(unknown)s. Choisissez parmi : %(available)s.",
    "(none)": "(aucune)",
    "Give an ISO 8601 date-time, e.g. 2024-05-01T12:00:00Z.": "Donnez une date et une heure ISO 8601, par exemple 2024-05-01T12:00:00Z.",
    "Give an ISO 8601 date-time.": "Donnez une date et une heure ISO 8601.",
    "These filters read today's relations and cannot be used with as_of: %s.": "Ces filtres lisent les liens d’aujourd’hui et ne peuvent pas servir avec as_of : %s.",
    "First published": "Première publication",
    "Published again": "Publié à nouveau",
    "Changed: %(fields)s": "Modifié : %(fields)s",
    "nothing shown": "rien d’affiché",
    "(empty)": "(vide)",
    "yes": "oui",
    "no": "non",
    "passages cited": "passages cités",
    "History of %(record)s": "Historique de %(record)s",
    "The published versions of this record: what changed and when.": "Les versions publiées de cette fiche : ce qui a changé, et quand.",
    "History": "Historique",
    "Reason given:": "Raison donnée :",
    "changed": "modifié",
    "was “%(before)s”, now “%(after)s”": "était « %(before)s », est désormais « %(after)s »",
    "History of this page: what changed and when": "Historique de cette page : ce qui a changé, et quand",
    "Foundation — changes": "Foundation — modifications",
    "What changed in the published record, and when; drafts are never listed.": "Ce qui a changé dans le registre publié, et quand ; les brouillons n’y figurent jamais.",
    "%(field)s: was “%(before)s”, now “%(after)s”": "%(field)s : était « %(before)s », est désormais « %(after)s »",
    "Reason given: %(reason)s": "Raison donnée : %(reason)s",
    "Changes (Atom feed)": "Modifications (flux Atom)",
    "Changes feed (Atom)": "Flux des modifications (Atom)",
}

FR_PLURAL = {
    "%(counter)s published version, newest first. Only what was published is listed: drafts are not.": (
        "%(counter)s version publiée, la plus récente d’abord. Seul ce qui a été publié figure ici : les brouillons non.",
        "%(counter)s versions publiées, les plus récentes d’abord. Seul ce qui a été publié figure ici : les brouillons non.",
    ),
}
