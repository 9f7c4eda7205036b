"""French of search's reasons and suggestions (issue 15), merged by fill_fr.py."""

FR = {
    "other name": "autre nom",
    "address": "adresse",
    "speaker's name": "nom de la personne citée",
    "speaker's other name": "autre nom de la personne citée",
    "organisation's name": "nom de l’organisation",
    "organisation's other name": "autre nom de l’organisation",
    "event's title": "titre de l’événement",
    "sort key (French)": "clé de tri (français)",
    "sort key (English)": "clé de tri (anglais)",
    "Matched:": "Trouvé par\u202f:",
    'Did you mean <a href="?q=%(url)s">%(suggestion)s</a>?': 'Vouliez-vous dire <a href="?q=%(url)s">%(suggestion)s</a>\u202f?',
}
