"""French for publication checks, consistency checks and merges (foundation/publication.py,
foundation/consistency.py, foundation/merging.py and their admin pages)."""

FR = {
    # Publication checks
    "Publish together": "Publier ensemble",
    "When this record is published: publish with it the drafts it links to (speaker, organisation, event, parent, participants) and the memberships edited below.": "Quand cette fiche est publiée : publier avec elle les brouillons auxquels elle renvoie (auteur, organisation, événement, parent, participants) et les appartenances modifiées ci-dessous.",
    "It cites no passage, so it cannot be published: add a citation of the source's words that support it. A fact the source only implies is marked 'inferred': it cites the passages it is inferred from and its inference note says how.": "Elle ne cite aucun passage et ne peut donc pas être publiée : ajoutez une citation des mots de la source qui l’appuient. Un fait que la source ne fait que suggérer est marqué « déduit » : il cite les passages dont il est déduit et sa note de déduction dit comment.",
    "%(record)s is a draft: publish it first, or publish them together (visitors would not see this record, or its link, otherwise).": "%(record)s est un brouillon : publiez-le d’abord, ou publiez-les ensemble (sinon les visiteurs ne verraient pas cette fiche, ou son lien).",
    "Nothing was published.": "Rien n’a été publié.",
    "Publish with the drafts they link to?": "Publier avec les brouillons auxquels elles renvoient ?",
    "The records you chose link to drafts. Published alone, a record whose speaker or member is a draft would stay hidden from visitors, and a link to a draft organisation or event would not be shown.": "Les fiches choisies renvoient à des brouillons. Publiée seule, une fiche dont l’auteur ou le membre est un brouillon resterait cachée aux visiteurs, et un lien vers une organisation ou un événement en brouillon ne serait pas affiché.",
    "Selected": "Sélection",
    "Drafts to publish with them": "Brouillons à publier avec elles",
    "Publish them together": "Les publier ensemble",
    "Cancel": "Annuler",
}
