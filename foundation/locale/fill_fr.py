# ruff: noqa: E501  (a table of long translated sentences)
"""Fill foundation/locale/fr/LC_MESSAGES/django.po from the table below (run after makemessages).

Usage: .venv/bin/python foundation/locale/fill_fr.py && msgfmt ... (see the README).
Only empty msgstr are filled: a translation edited by hand in the .po is kept.
"""

import re
from pathlib import Path

PO = Path(__file__).parent / "fr" / "LC_MESSAGES" / "django.po"

FR = {
    "French": "Français",
    "English": "Anglais",
    "German": "Allemand",
    "Spanish": "Espagnol",
    "Italian": "Italien",
    "Chinese": "Chinois",
    "Page not found": "Page introuvable",
    "This page does not exist": "Cette page n’existe pas",
    "The address may be mistyped, or the record may not be published (yet).": "L’adresse est peut-être mal saisie, ou la fiche n’est pas (encore) publiée.",
    "Back to the home page": "Retour à l’accueil",
    "Search the record": "Chercher dans le registre",
    "Events (Atom feed)": "Événements (flux Atom)",
    "Statements (Atom feed)": "Déclarations (flux Atom)",
    "Skip to content": "Aller au contenu",
    "a cited record": "un registre sourcé",
    "Main": "Principale",
    "Organisations": "Organisations",
    "People": "Personnes",
    "Events": "Événements",
    "Statements": "Déclarations",
    "Sources": "Sources",
    "Search": "Rechercher",
    "Site search": "Recherche sur le site",
    "Search page": "Page de recherche",
    "Language": "Langue",
    "Draft": "Brouillon",
    "This record is not published: only editors can see this page.": "Cette fiche n’est pas publiée : seuls les éditeurs voient cette page.",
    "Every fact on this site links to the exact passage of the source that supports it.": "Chaque fait de ce site renvoie au passage exact de la source qui l’établit.",
    "Events feed (Atom)": "Flux des événements (Atom)",
    "Statements feed (Atom)": "Flux des déclarations (Atom)",
    "Sitemap": "Plan du site",
    "Date": "Date",
    "precision: %(precision)s": "précision : %(precision)s",
    "date unknown": "date inconnue",
    "Inferred": "Déduit",
    "inferred": "déduit",
    "Participants": "Participants",
    "What was said about it": "Ce qui en a été dit",
    "Timeline": "Chronologie",
    "Dates are shown as precisely as the sources give them: a year, a month or a day. Inferred dates are marked, with how they were inferred.": "Les dates sont données avec la précision des sources : une année, un mois ou un jour. Les dates déduites sont signalées, avec la façon dont elles l’ont été.",
    "No events yet.": "Aucun événement pour l’instant.",
    "In September 2022 PyTorch, the open-source machine-learning framework created at Meta, joined the Linux Foundation, and the PyTorch Foundation was launched with a governing board of Meta, AMD, Amazon Web Services, Google, Microsoft and NVIDIA. Here is who did what, when, and who said what — each fact tied to the sentence of the source that supports it.": "En septembre 2022, PyTorch, le framework open source d’apprentissage automatique créé chez Meta, a rejoint la Linux Foundation, et la Fondation PyTorch a été lancée avec un conseil d’administration réunissant Meta, AMD, Amazon Web Services, Google, Microsoft et NVIDIA. Voici qui a fait quoi, quand, et qui a dit quoi — chaque fait relié à la phrase de la source qui l’établit.",
    "What happened, when": "Ce qui s’est passé, et quand",
    "The full timeline": "Toute la chronologie",
    "Key statements": "Déclarations clés",
    "No statements yet.": "Aucune déclaration pour l’instant.",
    "Every statement": "Toutes les déclarations",
    "Foundations": "Fondations",
    "within %(parent)s": "au sein de %(parent)s",
    "All people": "Toutes les personnes",
    "Also known as": "Autres noms",
    "Within": "Au sein de",
    "Founded": "Fondation",
    "Website": "Site web",
    "Who belongs to whom": "Qui appartient à qui",
    "Member organisations": "Organisations membres",
    "Member organisations and their seats": "Organisations membres et leurs sièges",
    "Organisation": "Organisation",
    "People and their roles": "Personnes et leurs rôles",
    "Person": "Personne",
    "Member of": "Membre de",
    "Organisations it belongs to": "Organisations dont elle est membre",
    "Hosts": "Héberge",
    "Statements on its behalf": "Déclarations en son nom",
    "Every statement on its behalf": "Toutes les déclarations en son nom",
    "Every statement by this person": "Toutes les déclarations de cette personne",
    "Filter": "Filtrer",
    "No organisation matches.": "Aucune organisation ne correspond.",
    "Roles over time": "Rôles au fil du temps",
    "Roles held by %(name)s": "Rôles de %(name)s",
    "No statement by this person is recorded.": "Aucune déclaration de cette personne n’est enregistrée.",
    "No people yet.": "Aucune personne pour l’instant.",
    "Words to find in organisations, people, events, statements and sources": "Mots à chercher dans les organisations, personnes, événements, déclarations et sources",
    "Source": "Source",
    "Publisher": "Éditeur",
    "Published": "Publication",
    "Original": "Original",
    "Text": "Texte",
    "What each passage supports": "Ce que chaque passage établit",
    "No published record cites this passage.": "Aucune fiche publiée ne cite ce passage.",
    "The documents every record is drawn from, kept word for word.": "Les documents dont chaque fiche est tirée, conservés mot pour mot.",
    "No sources yet.": "Aucune source pour l’instant.",
    "%(name)s, in their words": "%(name)s, dans le texte",
    "What %(name)s said, as reported": "Ce que %(name)s a dit, selon la source",
    "What the source states": "Ce qu’affirme la source",
    "About": "À propos de",
    "Some filters were not understood and were ignored; choose from the lists.": "Certains filtres n’ont pas été compris et ont été ignorés ; choisissez dans les listes.",
    "No statement matches.": "Aucune déclaration ne correspond.",
    "Role": "Rôle",
    "From": "Depuis",
    "Until": "Jusqu’à",
    "Pages": "Pages",
    "Previous page": "Page précédente",
    "Page %(number)s of %(total)s": "Page %(number)s sur %(total)s",
    "Next page": "Page suivante",
    "Evidence": "Preuves",
    "The passages of the sources that support this record:": "Les passages des sources qui établissent cette fiche :",
    "No passage of a source is cited for this record yet.": "Aucun passage de source n’est encore cité pour cette fiche.",
    "Checked against its source": "Vérifié d’après sa source",
    "on behalf of": "au nom de",
    "Said in %(original)s; the source gives it in %(held)s (translation: %(by)s).": "Dit en %(original)s ; la source le donne en %(held)s (traduction : %(by)s).",
    "In %(held)s, as the source gives it.": "En %(held)s, tel que la source le donne.",
    "Shown here in our editors' translation.": "Affiché ici dans la traduction de notre rédaction.",
    "The words as the source gives them (%(held)s)": "Les mots tels que la source les donne (%(held)s)",
    "Figures given": "Chiffres donnés",
    "as of %(date)s": "en %(date)s",
    "passage": "passage",
    "This statement and its evidence": "Cette déclaration et ses preuves",
    "The same events are listed as text below.": "Les mêmes événements sont listés en texte ci-dessous.",
    "Undated": "Sans date",
    "date inferred": "date déduite",
    "Years run left to right. Each bar covers the period its date is known to: a whole year when the source gives only the year, a month, or a single day. Dashed bars mark inferred dates.": "Les années vont de gauche à droite. Chaque barre couvre la période connue de sa date : une année entière quand la source ne donne que l’année, un mois, ou un seul jour. Les barres en pointillé signalent les dates déduites.",
    "and %(count)s more, listed below": "et %(count)s de plus, listés ci-dessous",
    "hosts it": "l’héberge",
    "Within, and member of": "Au sein de, et membre de",
    "Member organisations and board seats": "Organisations membres et sièges au conseil",
    "Projects and bodies it hosts": "Projets et entités hébergés",
    "How %(name)s relates to other organisations and people": "Les liens de %(name)s avec d’autres organisations et personnes",
    "It sits within %(parent)s.": "Elle fait partie de %(parent)s.",
    "It is a member of: %(list)s.": "Elle est membre de : %(list)s.",
    "Member organisations: %(list)s.": "Organisations membres : %(list)s.",
    "People: %(list)s.": "Personnes : %(list)s.",
    "It hosts: %(list)s.": "Elle héberge : %(list)s.",
    "Foundation — events": "Foundation — événements",
    "What happened, when, as the sources tell it.": "Ce qui s’est passé, et quand, selon les sources.",
    "Foundation — statements": "Foundation — déclarations",
    "Who said what, each with the passage of the source that reports it.": "Qui a dit quoi, chaque fois avec le passage de la source qui le rapporte.",
    "%(speaker)s: “%(text)s”": "%(speaker)s : « %(text)s »",
    "PyTorch, the Linux Foundation and who said what: a cited record": "PyTorch, la Linux Foundation et qui a dit quoi : un registre sourcé",
    "Organisations, people, events and statements, each tied to the exact sentence of the source that supports it.": "Organisations, personnes, événements et déclarations, chacun relié à la phrase exacte de la source qui l’établit.",
    "Kind": "Type",
    "All kinds": "Tous les types",
    "Search: %(query)s": "Recherche : %(query)s",
    "Membership": "Appartenance",
    "Event": "Événement",
    "Statement": "Déclaration",
    "Figure": "Chiffre",
    "Passage %(number)s: what it supports": "Passage %(number)s : ce qu’il établit",
    "Anyone": "Tout le monde",
    "On behalf of": "Au nom de",
    "Any organisation": "Toute organisation",
    "Any language": "Toute langue",
    "Speaker": "Orateur",
    # Labels of the model's choices, shown on the pages.
    "Foundation": "Fondation",
    "Company": "Entreprise",
    "Research lab": "Laboratoire de recherche",
    "Open-source project": "Projet open source",
    "Conference": "Conférence",
    "Board": "Conseil",
    "Platform": "Plateforme",
    "Community": "Communauté",
    "Other": "Autre",
    "Unverified": "Non vérifié",
    "Checked against the source": "Vérifié d’après la source",
    "Disputed": "Contesté",
    "Retracted": "Retiré",
    "Published ": "Publié",
    "year": "année",
    "month": "mois",
    "day": "jour",
    "Announcement": "Annonce",
    "Release": "Sortie",
    "Founding": "Création",
    "Joining": "Adhésion",
    "Development": "Développement",
    "Launch": "Lancement",
    "Announcer": "Annonceur",
    "Subject": "Sujet",
    "Host": "Hôte",
    "Creator": "Créateur",
    "Founder": "Fondateur",
    "Member": "Membre",
    "Quotation": "Citation",
    "Paraphrase": "Propos rapportés",
    "Claim": "Affirmation",
    "Blog": "Blog",
    "Press release": "Communiqué de presse",
    "Article": "Article",
    "Interview": "Entretien",
    "Social media": "Réseaux sociaux",
    "Not translated: the speaker's own words": "Non traduit : les mots mêmes de l’orateur",
    "The speaker": "L’orateur",
    "The source's own translation": "la traduction de la source",
    "Our editors": "notre rédaction",
    "exactly": "exactement",
    "about": "environ",
    "nearly": "près de",
    "more than": "plus de",
    "less than": "moins de",
}

FR_PLURAL = {
    "All %(counter)s organisation": (
        "Les %(counter)s organisations",
        "Les %(counter)s organisations",
    ),
    "%(counter)s result for “%(query)s”.": (
        "%(counter)s résultat pour « %(query)s ».",
        "%(counter)s résultats pour « %(query)s ».",
    ),
    "The text is kept word for word. The %(counter)s cited passage is highlighted; its number leads to the record it supports.": (
        "Le texte est conservé mot pour mot. Le passage cité (%(counter)s) est surligné ; son numéro mène à la fiche qu’il établit.",
        "Le texte est conservé mot pour mot. Les %(counter)s passages cités sont surlignés ; chaque numéro mène aux fiches qu’ils établissent.",
    ),
    "Timeline of %(count)s event, %(first)s–%(last)s": (
        "Chronologie de %(count)s événement, %(first)s–%(last)s",
        "Chronologie de %(count)s événements, %(first)s–%(last)s",
    ),
}


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unquote(text):
    return text[1:-1].replace('\\"', '"').replace("\\\\", "\\")


def fill(po_text):
    blocks = po_text.split("\n\n")
    out = []
    for block in blocks:
        msgid = re.search(r'^msgid (".*")$', block, re.M)
        key = unquote(msgid.group(1)) if msgid else None
        fuzzy = "#, fuzzy" in block
        if key == "":
            # The header: never fuzzy, and it names the language.
            block = block.replace("#, fuzzy\n", "").replace('"Language: \\n"', '"Language: fr\\n"')
        elif key in FR_PLURAL and ('msgstr[0] ""' in block or fuzzy):
            one, many = FR_PLURAL[key]
            block = re.sub(r"^msgstr\[0\] .*$", "msgstr[0] " + _escape(one), block, flags=re.M)
            block = re.sub(r"^msgstr\[1\] .*$", "msgstr[1] " + _escape(many), block, flags=re.M)
            block = _unfuzzy(block)
        elif key in FR and (re.search(r'^msgstr ""$', block, re.M) or fuzzy):
            block = re.sub(r"^msgstr .*$", "msgstr " + _escape(FR[key]), block, flags=re.M)
            block = _unfuzzy(block)
        out.append(block)
    return "\n\n".join(out)


def _escape(text):
    """A quoted PO string, escaped again for use as an re.sub replacement."""
    return quote(text).replace("\\", "\\\\")


def _unfuzzy(block):
    """A guessed (fuzzy) entry now holds our translation: drop the flag and the old msgid."""
    lines = [line for line in block.split("\n") if not line.startswith("#|")]
    return "\n".join(lines).replace("#, fuzzy, ", "#, ").replace("#, fuzzy\n", "")


if __name__ == "__main__":
    PO.write_text(fill(PO.read_text()))
