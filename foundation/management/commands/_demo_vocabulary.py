"""Words for the synthetic archive: bilingual (French, English) and plausible, never real."""

NAME_PREFIXES = [
    "Open", "Apache", "Eclipse", "Cloud", "Data", "Neural", "Quantum", "Rust", "Edge", "Free",
    "Secure", "Green", "Civic", "Tensor", "Vector", "Kernel", "Signal", "Atlas", "Nova", "Polar",
]  # fmt: skip
NAME_NOUNS = [
    "Compute", "Stack", "Forge", "Works", "Grid", "Mesh", "Flow", "Base", "Vision", "Graph",
    "Bridge", "Harbor", "Pulse", "Scope", "Loom",
]  # fmt: skip
# kind: (French pattern, English pattern)
ORGANISATION_PATTERNS = {
    "foundation": ("Fondation {name}", "{name} Foundation"),
    "company": ("{name} SA", "{name} Inc."),
    "research_lab": ("Laboratoire {name}", "{name} Lab"),
    "project": ("{name}", "{name}"),
    "conference": ("{name}Conf", "{name}Conf"),
}
ORGANISATION_DESCRIPTIONS = {
    "foundation": ("Fondation qui héberge des projets libres.", "Hosts open projects."),
    "company": ("Entreprise qui contribue au logiciel libre.", "Contributes to open source."),
    "research_lab": ("Laboratoire de recherche appliquée.", "An applied research laboratory."),
    "project": ("Projet open source.", "An open-source project."),
    "conference": ("Conférence annuelle de la communauté.", "The community's yearly conference."),
}  # fmt: skip

FIRST_NAMES = [
    "Amina", "Bruno", "Chen", "Dalia", "Emeka", "Fatou", "Gaspard", "Hana", "Ines", "Jonas",
    "Kenji", "Lucia", "Mehdi", "Nadia", "Olek", "Priya", "Quentin", "Rosa", "Sven", "Tariq",
    "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoé", "Aurélien", "Brigitte", "Céline", "Dmitri",
    "Élodie", "François", "Gaëlle", "Hélène", "Ismaël", "Jérôme", "Léa", "Maëlys", "Noël", "Océane",
]  # fmt: skip
LAST_NAMES = [
    "Abara", "Bernard", "Castillo", "Dubois", "Eriksen", "Fontaine", "García", "Haddad", "Ivanova",
    "Jansen", "Kowalski", "Lefèvre", "Moreau", "Nakamura", "Okafor", "Petit", "Quist", "Rossi",
    "Sato", "Traoré", "Urbanek", "Vasquez", "Weber", "Xu", "Yilmaz", "Zhang", "Mercier", "Girard",
    "Lambert", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
    "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fournier", "Chevalier",
    "Robin", "Masson", "Sanchez", "Noël", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gérard",
    "Roger", "Roche", "Roy", "Meyer",
]  # fmt: skip

TOPICS = [
    ("l’apprentissage automatique", "machine learning"),
    ("la sécurité logicielle", "software security"),
    ("l’informatique en nuage", "cloud computing"),
    ("les compilateurs", "compilers"),
    ("la gouvernance ouverte", "open governance"),
    ("les bases de données", "databases"),
    ("la vision par ordinateur", "computer vision"),
    ("le traitement du langage naturel", "natural language processing"),
    ("les systèmes embarqués", "embedded systems"),
    ("l’observabilité", "observability"),
    ("la recherche reproductible", "reproducible research"),
    ("l’accessibilité", "accessibility"),
]

ROLES = [
    ("créatrice ou créateur", "creator"),
    ("mainteneur", "maintainer"),
    ("chercheur", "researcher"),
    ("directeur exécutif", "executive director"),
    ("membre du conseil d’administration", "governing board member"),
    ("responsable de la communauté", "community manager"),
    ("contributeur", "contributor"),
]

# kind, medium, French, English. {p}: a person, {o}/{o2}: organisations, {j}: a project.
STATEMENTS = [
    ("quote", "blog",
     "« Nous voulons que {j} reste neutre et ouvert à tous les contributeurs », écrit {p}.",
     "“We want {j} to stay neutral and open to every contributor,” writes {p}."),
    ("quote", "press_release",
     "« Rejoindre {o} nous donne les moyens de soutenir {tf} sur le long terme », déclare {p}.",
     "“Joining {o} gives us the means to support {te} over the long term,” says {p}."),
    ("quote", "interview",
     "« Sans la fondation, {j} n’aurait jamais atteint cette maturité », estime {p}.",
     "“Without the foundation, {j} would never have reached this maturity,” says {p}."),
    ("quote", "article",
     "« Notre priorité pour {y} : la sécurité de la chaîne d’approvisionnement de {j} », dit {p}.",
     "“Our priority for {y} is the supply-chain security of {j},” says {p}."),
    ("paraphrase", "article",
     "Selon {p}, {o} investira davantage dans {tf} en {y}.",
     "According to {p}, {o} will invest more in {te} in {y}."),
    ("paraphrase", "interview",
     "{p} estime que la neutralité de {o} est essentielle au développement de {j}.",
     "{p} believes the neutrality of {o} is essential to the development of {j}."),
    ("claim", "article",
     "Plus de {n} contributeurs ont participé à {j} depuis {y}.",
     "More than {n} contributors have worked on {j} since {y}."),
    ("claim", "press_release",
     "{o} compte désormais {n} membres, dont {o2}.",
     "{o} now has {n} members, including {o2}."),
    ("claim", "article",
     "Près de {n} projets s’appuient sur {j} pour {tf}.",
     "Nearly {n} projects rely on {j} for {te}."),
]  # fmt: skip
# Figures the claims above state: template index -> (qualifier, French unit, English unit).
FIGURES = {
    6: ("more_than", "contributeurs", "contributors"),
    7: ("exactly", "membres", "members"),
    8: ("nearly", "projets", "projects"),
}

# kind, French, English title. {o}/{o2}: organisations, {j}: a project, {v}: a version.
EVENTS = [
    ("release", "Publication de {j} {v}", "{j} {v} released"),
    ("joining", "{j} rejoint {o}", "{j} joins {o}"),
    ("launch", "Lancement de {o}", "Launch of {o}"),
    ("announcement", "{o} annonce un programme pour {tf}", "{o} announces a programme for {te}"),
    ("founding", "Création de {o}", "{o} is founded"),
    ("development", "Début du développement de {j}", "Development of {j} begins"),
]
FILLER = [
    "Le communiqué a été publié le matin même.",
    "Plusieurs entreprises ont salué cette décision.",
    "La communauté en discute depuis plusieurs mois.",
    "The announcement was made during the keynote.",
    "Several companies welcomed the decision.",
    "Des détails supplémentaires sont attendus.",
]
SOURCE_TITLES = [
    ("Ce que change l’arrivée de {j}", "What {j} changes"),
    ("{o} : l’année de la maturité", "{o}: the year of maturity"),
    ("Entretien sur {tf}", "An interview on {te}"),
    ("Revue de presse : {j}", "Press review: {j}"),
]
