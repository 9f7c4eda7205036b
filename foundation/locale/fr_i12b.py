"""French for inference per field, named checks and translation labels (issue 12)."""

FR = {
    "inferred values": "valeurs déduites",
    "Some value inferred": "Une valeur au moins déduite",
    "Every value stated": "Toutes les valeurs énoncées",
    "The values the source does not state, each with how it was inferred, e.g. "
    '{"date.year": "The article gives the day and month only; the year is that of the '
    'announcement."}. A date\'s key may end in ".year" when only its year is inferred.': (
        "Les valeurs que la source n’énonce pas, chacune avec la façon dont elle a été déduite, "
        'par exemple {"date.year": "The article gives the day and month only; the year is that '
        'of the announcement."}. La clé d’une date peut finir par « .year » quand seule son '
        "année est déduite."
    ),
    "Give the inferred values as an object: {field: how it was inferred}.": (
        "Donnez les valeurs déduites sous forme d’objet : {champ: comment il a été déduit}."
    ),
    "“%(key)s” cannot be marked inferred here; choose among: %(fields)s.": (
        "« %(key)s » ne peut pas être signalé comme déduit ici ; choisissez parmi : %(fields)s."
    ),
    "Only a date has a year: “%(key)s”.": "Seule une date a une année : « %(key)s ».",
    "Say how “%(key)s” was inferred: the reason is missing.": (
        "Dites comment « %(key)s » a été déduit : la raison manque."
    ),
    "“%(key)s” is empty: there is no value to mark inferred.": (
        "« %(key)s » est vide : il n’y a pas de valeur à signaler comme déduite."
    ),
    "year inferred": "année déduite",
    "year of the %(field)s": "année du champ « %(field)s »",
    "%(what)s, inferred: %(reason)s": "%(what)s, déduit : %(reason)s",
    "A check names who checked: mark it checked as yourself.": (
        "Une vérification nomme qui l’a faite : marquez-la vérifiée en votre nom."
    ),
    "What the check covered (e.g. 'Read against the article'); required when a record is "
    "disputed or retracted: say why. Inferred values are never confirmed by the source.": (
        "Ce que la vérification a couvert (par exemple « lu d’après l’article ») ; obligatoire "
        "quand une fiche est contestée ou retirée : dites pourquoi. Les valeurs déduites ne sont "
        "jamais confirmées par la source."
    ),
    "Inferred, not stated by the source": "Déduit, non énoncé par la source",
    "Read against its source by %(who)s on %(when)s.": (
        "Lu d’après sa source par %(who)s le %(when)s."
    ),
    "Not confirmed by the source, inferred:": "Non confirmé par la source, déduit :",
    "Our editors' translation from %(language)s; the source's words: %(text)s": (
        "Traduction de notre rédaction depuis la langue : %(language)s ; les mots de la source : "
        "%(text)s"
    ),
    "The source's words, in %(language)s.": "Les mots de la source, langue : %(language)s.",
    "Translated from %(language)s by %(translator)s.": (
        "Traduit depuis la langue : %(language)s, par %(translator)s."
    ),
    "the speaker": "la personne citée elle-même",
    "the source itself": "la source elle-même",
    "our editors": "notre rédaction",
    "Date: %(date)s": "Date : %(date)s",
    "Keys here: %(keys)s.": "Clés possibles ici : %(keys)s.",
    "Who checked the record against its source (set by the write, read-only).": (
        "Qui a vérifié la fiche d’après sa source (fixé par l’écriture, en lecture seule)."
    ),
}
