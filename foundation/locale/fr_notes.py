"""French of the editorial notes in both languages (issue 15), merged by fill_fr.py."""

FR = {
    'The values the source does not state, each with how it was inferred, e.g. {"date.year": "The article gives the day and month only; the year is that of the announcement."}, or the reason in each language: {"date.year": {"fr": "…", "en": "…"}}; a reason typed as one text is in the admin\'s language. A date\'s key may end in ".year" when only its year is inferred.': 'Les valeurs que la source n’énonce pas, chacune avec la façon dont elle a été déduite, par exemple {"date.year": "L’article ne donne que le jour et le mois, l’année est celle de l’annonce."}, ou la raison dans chaque langue : {"date.year": {"fr": "…", "en": "…"}}, une raison saisie comme un seul texte étant dans la langue de l’administration. La clé d’une date peut finir par « .year » quand seule son année est déduite.',
    'Give the reason for “%(key)s” as a text, or as texts by language: {"fr": "…", "en": "…"}.': 'Donnez la raison de «\u202f%(key)s\u202f» comme un texte, ou comme des textes par langue : {"fr": "…", "en": "…"}.',
}

# Who a role is said of: a person's grammatical gender and the feminine forms of event roles.
FR.update(
    {
        "feminine": "féminin",
        "masculine": "masculin",
        "grammatical gender": "genre grammatical",
        "Grammatical gender": "Genre grammatical",
        "How French agrees with this person (fondatrice, fondateur), as the source writes of them; left empty, role labels take their generic form. Mark it inferred when only the source's grammar gives it.": "Comment le français s’accorde avec cette personne (fondatrice, fondateur), tel que la source en parle ; laissé vide, les rôles prennent leur forme générique. Marquez-le déduit quand seule la grammaire de la source le donne.",
        "E.g. 'creator', 'governing board member'; in French, the form that agrees with the member (fondatrice, fondateur).": "Par ex. « créateur », « membre du conseil d’administration » ; en français, la forme qui s’accorde avec le membre (fondatrice, fondateur).",
        "role of a woman\x04Announcer": "Autrice de l’annonce",
        "role of a woman\x04Creator": "Créatrice",
        "role of a woman\x04Founder": "Fondatrice",
        "role of a woman\x04Speaker": "Oratrice",
    }
)

# A statement card's translation note, one sentence per translator (no "translation: the
# source's translation").
FR.update(
    {
        "Said in %(original)s; the source gives it in %(held)s, in its own translation.": "Dit en %(original)s ; la source le donne en %(held)s, dans sa propre traduction.",
        "Said in %(original)s; the source gives it in %(held)s, as the speaker translated it.": "Dit en %(original)s ; la source le donne en %(held)s, dans la traduction de la personne citée.",
        "Said in %(original)s; the source gives it in %(held)s, in our editors' translation.": "Dit en %(original)s ; la source le donne en %(held)s, dans la traduction de notre rédaction.",
    }
)
