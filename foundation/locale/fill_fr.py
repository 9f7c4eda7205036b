# ruff: noqa: E501  (a table of long translated sentences)
"""Fill foundation/locale/fr/LC_MESSAGES/django.po from the table below (run after makemessages).

Usage: .venv/bin/python foundation/locale/fill_fr.py && msgfmt ... (see the README).
Only empty msgstr are filled: a translation edited by hand in the .po is kept.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from foundation.text import french_typography

PO = Path(__file__).parent / "fr" / "LC_MESSAGES" / "django.po"

FR = {
    "The service is temporarily unavailable. Retry shortly.": "Le service est momentanément indisponible. Réessayez dans un instant.",
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
    "within %(parent)s": "au sein %(parent)s",
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
    "Roles held by %(name)s": "Rôles %(name)s",
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
    "%(name)s, quoted": "%(name)s, dans le texte",
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
    "How %(name)s relates to other organisations and people": "Les liens %(name)s avec d’autres organisations et personnes",
    "It sits within %(parent)s.": "Elle fait partie %(parent)s.",
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
    "Announcer": "Auteur de l’annonce",
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
    "The speaker": "La personne citée",
    "The source's own translation": "la traduction de la source",
    "Our editors": "notre rédaction",
    "exactly": "exactement",
    "about": "environ",
    "nearly": "près de",
    "more than": "plus de",
    "less than": "moins de",
    "Foundation editors": "Rédaction de Foundation",
    "Foundation admin": "Administration de Foundation",
    "The cited record": "Le registre sourcé",
    "members": "membres",
    "memberships of this organisation in others": "appartenances de cette organisation à d’autres",
    "memberships": "appartenances",
    "Founding date": "Date de fondation",
    "Description": "Description",
    "Period": "Période",
    "%(record)s was deleted since you opened it. Nothing was saved.": "%(record)s a été supprimé depuis que vous l’avez ouvert. Rien n’a été enregistré.",
    "citation": "citation",
    "citations: the passages that support this record": "citations : les passages qui étayent cette fiche",
    "Publish the selected records": "Publier les fiches sélectionnées",
    "published": "publié",
    "Unpublish the selected records (back to draft)": "Dépublier les fiches sélectionnées (retour au brouillon)",
    "Mark as checked against the source": "Marquer comme vérifiées d’après la source",
    "Record": "Fiche",
    "Publication and verification": "Publication et vérification",
    "Publication date": "Date de publication",
    "Document": "Document",
    "Publication": "Publication",
    "citations": "citations",
    "Where the passage is": "Où se trouve le passage",
    "Leave both offsets empty: they are found from the passage. Give the start only when the passage occurs more than once.": "Laissez les deux positions vides : elles sont retrouvées à partir du passage. Donnez le début seulement quand le passage figure plusieurs fois.",
    "passage in context": "passage en contexte",
    "Who and when": "Qui et quand",
    "Unknown field(s): %(unknown)s. Choose among: %(available)s.": "Champ(s) inconnu(s) : %(unknown)s. Choisissez parmi : %(available)s.",
    "other names": "autres noms",
    "Aliases and spellings found in sources, one per line.": "Alias et graphies trouvés dans les sources, un par ligne.",
    "name": "nom",
    "kind": "type",
    "parent": "organisation mère",
    "The body this one sits within, e.g. PyTorch Foundation → Linux Foundation.": "L’organisation dont celle-ci fait partie, par exemple Fondation PyTorch → Linux Foundation.",
    "description": "description",
    "website": "site web",
    "founded": "fondée le",
    "founding date precision": "précision de la date de fondation",
    "organisation": "organisation",
    "organisations": "organisations",
    "An organisation cannot be its own parent.": "Une organisation ne peut pas être sa propre organisation mère.",
    "This would make the organisation its own ancestor.": "L’organisation deviendrait sa propre ancêtre.",
    "sort name": "nom de tri",
    "E.g. 'Zemlin, Jim'.": "Par exemple « Zemlin, Jim ».",
    "person": "personne",
    "people": "personnes",
    "slug": "identifiant d’adresse",
    "Left empty, it is made from the role and a random suffix.": "Laissé vide, il est formé du rôle et d’un suffixe aléatoire.",
    "member (person)": "membre (personne)",
    "member (organisation)": "membre (organisation)",
    "Fill this or 'member (person)', not both: e.g. a company on a board.": "Remplissez ce champ ou « membre (personne) », pas les deux : par exemple une entreprise au sein d’un conseil.",
    "role": "rôle",
    "E.g. 'creator', 'governing board member'.": "Par exemple « créateur », « membre du conseil d’administration ».",
    "start date": "date de début",
    "start date precision": "précision de la date de début",
    "end date": "date de fin",
    "end date precision": "précision de la date de fin",
    "membership": "appartenance",
    "Choose exactly one member: a person or an organisation (member organisation).": "Choisissez exactement un membre : une personne ou une organisation (membre organisation).",
    "An organisation cannot be a member of itself.": "Une organisation ne peut pas être membre d’elle-même.",
    "The end date is before the start date: swap or correct them.": "La date de fin précède la date de début : inversez-les ou corrigez-les.",
    "version": "version",
    "The record's address: lowercase letters, digits and hyphens, unique.": "L’adresse de la fiche : lettres minuscules, chiffres et traits d’union, unique.",
    "status": "statut",
    "Only published records are shown to visitors and anonymous API users.": "Seules les fiches publiées sont montrées aux visiteurs et aux utilisateurs anonymes de l’API.",
    "created": "créée le",
    "updated": "modifiée le",
    "search text": "texte de recherche",
    "The exact passages of a source that support this record.": "Les passages exacts d’une source qui étayent cette fiche.",
    "verification": "vérification",
    "Independent of publication: whether an editor checked this against its source.": "Indépendante de la publication : si un éditeur a vérifié la fiche d’après sa source.",
    "verified by": "vérifiée par",
    "verified at": "vérifiée le",
    "verification note": "note de vérification",
    "Required when a record is disputed or retracted: say why.": "Obligatoire quand une fiche est contestée ou retirée : dites pourquoi.",
    "Tick when part of this record (often a date) is inferred, not stated.": "Cochez quand une partie de la fiche (souvent une date) est déduite et non énoncée.",
    "inference note": "note de déduction",
    "What was inferred and how, e.g. the year the source leaves implicit.": "Ce qui a été déduit et comment, par exemple l’année que la source laisse implicite.",
    "A record checked against its source needs the date it was checked.": "Une fiche vérifiée d’après sa source doit indiquer la date de la vérification.",
    "Say why this record is disputed or retracted.": "Dites pourquoi cette fiche est contestée ou retirée.",
    "Say what was inferred and how, or untick 'inferred'.": "Dites ce qui a été déduit et comment, ou décochez « déduit ».",
    "How much of the date the source gives: only a year, a month, or a day.": "Ce que la source donne de la date : seulement une année, un mois ou un jour.",
    "Say whether the date is a year, a month or a day.": "Précisez si la date est une année, un mois ou un jour.",
    "A precision was given without a date: add the date.": "Une précision est donnée sans date : ajoutez la date.",
    "title": "titre",
    "date": "date",
    "date precision": "précision de la date",
    "For a year-only date enter 1 January of that year and choose 'year'.": "Pour une année seule, saisissez le 1er janvier de cette année et choisissez « année ».",
    "event": "événement",
    "events": "événements",
    "participant": "participant",
    "participants": "participants",
    "Choose exactly one participant: a person or an organisation.": "Choisissez exactement un participant : une personne ou une organisation.",
    "This person already takes part in this event in this role.": "Cette personne participe déjà à cet événement dans ce rôle.",
    "This organisation already takes part in this event in this role.": "Cette organisation participe déjà à cet événement dans ce rôle.",
    "language": "langue",
    "publisher": "éditeur",
    "URL": "URL",
    "published on": "publiée le",
    "publication date precision": "précision de la date de publication",
    "publication date note": "note sur la date de publication",
    "How the publication date is known, when the document does not state it.": "Comment la date de publication est connue, quand le document ne la donne pas.",
    "text": "texte",
    "The document verbatim. It cannot change once a passage is cited.": "Le document mot pour mot. Il ne peut plus changer dès qu’un passage est cité.",
    "file name": "nom de fichier",
    "The copy under seeds/, if any.": "La copie sous seeds/, s’il y en a une.",
    "source": "source",
    "sources": "sources",
    "This source is cited: its text cannot change. Add a new source.": "Cette source est citée : son texte ne peut plus changer. Ajoutez une nouvelle source.",
    "start": "début",
    "Character offset where the passage begins. Leave empty to locate the text.": "Position du caractère où commence le passage. Laissez vide pour retrouver le texte.",
    "end": "fin",
    "Character offset just after the passage.": "Position du caractère qui suit le passage.",
    "Copied exactly from the source.": "Copié exactement depuis la source.",
    "note": "note",
    "End must come after start.": "La fin doit venir après le début.",
    "This passage is not in the source: copy it exactly.": "Ce passage ne figure pas dans la source : copiez-le exactement.",
    "This passage occurs more than once: give its start offset.": "Ce passage figure plusieurs fois : donnez sa position de début.",
    "The passage does not match the source at %(start)s–%(end)s: copy the source's exact text, or clear the offsets to locate it.": "Le passage ne correspond pas à la source en %(start)s–%(end)s : copiez le texte exact de la source, ou videz les positions pour le retrouver.",
    "The words as the source gives them; the other language is a translation.": "Les mots tels que la source les donne ; l’autre langue est une traduction.",
    "speaker": "auteur des propos",
    "Required for quotations and paraphrases; empty when the source itself claims.": "Obligatoire pour les citations et les paraphrases ; vide quand c’est la source elle-même qui affirme.",
    "about event": "à propos de l’événement",
    "medium": "support",
    "language of the text held": "langue du texte conservé",
    "The language of the words in the source, e.g. French for this article.": "La langue des mots dans la source, par exemple le français pour cet article.",
    "original language": "langue d’origine",
    "The language the speaker used, when known (e.g. English for a blog post).": "La langue employée par l’auteur des propos, si elle est connue (par exemple l’anglais pour un billet de blog).",
    "translated by": "traduit par",
    "Who turned the original words into the text held, if they differ.": "Qui a rendu les mots d’origine dans le texte conservé, s’ils diffèrent.",
    "statement": "déclaration",
    "statements": "déclarations",
    "A quotation or paraphrase needs its speaker; choose 'claim' for the source's own assertions.": "Une citation ou une paraphrase a besoin de son auteur ; choisissez « affirmation » pour ce que la source affirme elle-même.",
    "The text held is in another language than the original: say who translated it.": "Le texte conservé n’est pas dans la langue d’origine : dites qui l’a traduit.",
    "position": "position",
    "value": "valeur",
    "qualifier": "qualificatif",
    "unit": "unité",
    "E.g. 'contributors', '%'.": "Par exemple « contributeurs », « % ».",
    "scope": "périmètre",
    "What is counted, and where.": "Ce qui est compté, et où.",
    "as of": "à la date du",
    "as-of precision": "précision de la date de référence",
    "as-of date inferred": "date de référence déduite",
    "as-of note": "note sur la date de référence",
    "The exact words that give the number, e.g. 'plus de 2 400 contributeurs'.": "Les mots exacts qui donnent le nombre, par exemple « plus de 2 400 contributeurs ».",
    "figure": "chiffre",
    "figures": "chiffres",
    "Say how the as-of date was inferred.": "Dites comment la date de référence a été déduite.",
    "This record was changed by %(who)s at %(at)s since you opened it (version %(expected)s, now %(current)s). Nothing was saved: reload the page to see their changes, then apply yours again.": "Cette fiche a été modifiée par %(who)s le %(at)s depuis que vous l’avez ouverte (version %(expected)s, désormais %(current)s). Rien n’a été enregistré : rechargez la page pour voir ses modifications, puis appliquez de nouveau les vôtres.",
    "another editor": "un autre éditeur",
    # The API's messages (foundation/api/, foundation/security.py): one language per response.
    "Other records still refer to this one: change or delete them first.": "D’autres fiches font encore référence à celle-ci : modifiez-les ou supprimez-les d’abord.",
    "Other records still refer to this one (%(kinds)s): change or delete them first.": "D’autres fiches font encore référence à celle-ci (%(kinds)s) : modifiez-les ou supprimez-les d’abord.",
    "This conflicts with a record saved at the same moment: read and retry.": "Ceci entre en conflit avec une fiche enregistrée au même moment : relisez-la et réessayez.",
    "Send If-Match with the ETag of the record you read, so that no one else's edit is silently overwritten.": "Envoyez If-Match avec l’ETag de la fiche que vous avez lue, afin que la modification de quelqu’un d’autre ne soit pas écrasée à son insu.",
    "The record changed since you read it (its ETag differs): read it again and reapply your change.": "La fiche a changé depuis que vous l’avez lue (son ETag diffère) : relisez-la et refaites votre modification.",
    'A weak ETag (W/"…") cannot authorise a write: If-Match compares ETags strongly (RFC 9110, section 13.1.1). Send the record\'s ETag exactly as its response gave it.': 'Un ETag faible (W/"…") ne peut pas autoriser une écriture : If-Match compare les ETag au sens fort (RFC 9110, section 13.1.1). Renvoyez l’ETag de la fiche exactement tel que sa réponse l’a donné.',
    "This date-time is out of range.": "Cette date et heure est hors de la plage admise.",
    "A whole number from 1 to 200.": "Un nombre entier de 1 à 200.",
    "A whole number from 1.": "Un nombre entier à partir de 1.",
    "The request body is too large.": "Le corps de la requête est trop volumineux.",
    "The request body is larger than %(limit)d bytes.": "Le corps de la requête dépasse %(limit)d octets.",
    "The request body is empty: send a JSON object.": "Le corps de la requête est vide : envoyez un objet JSON.",
    "The request body is not valid JSON (line %(line)d, column %(column)d).": "Le corps de la requête n’est pas du JSON valide (ligne %(line)d, colonne %(column)d).",
    "One name per item: no line breaks.": "Un nom par élément : pas de saut de ligne.",
    "Each figure needs its own position.": "Chaque chiffre doit avoir sa propre position.",
    "Too many failed logins for this account from this address. Try again after the cool-off period.": "Trop de connexions échouées pour ce compte depuis cette adresse. Réessayez après le délai d’attente.",
    # The 404 page under DEBUG (templates/404.html).
    "Developer details (DEBUG is on):": "Détails pour les développeurs (DEBUG est activé) :",
    "Django’s technical 404 page for this address": "La page 404 technique de Django pour cette adresse",
    # Editors' own API tokens (foundation/admin/tokens.py, templates/admin/).
    "API token": "Jeton d’API",
    "Home": "Accueil",
    "An API token lets a script write to the API as you, with your permissions: send it in the header <code>Authorization: Token &lt;key&gt;</code>. Keep it secret, as you would a password.": "Un jeton d’API permet à un script d’écrire dans l’API en votre nom, avec vos permissions : envoyez-le dans l’en-tête <code>Authorization: Token &lt;clé&gt;</code>. Gardez-le secret, comme un mot de passe.",
    "Your new key": "Votre nouvelle clé",
    "Your key": "Votre clé",
    "Copy it now: it will not be shown again.": "Copiez-la maintenant : elle ne sera plus affichée.",
    "Your previous key no longer works.": "Votre clé précédente ne fonctionne plus.",
    "Key": "Clé",
    "You have an API token, created %(created)s; its key ends in <code>%(end)s</code>. It is not shown again: if you have lost it, rotate it.": "Vous avez un jeton d’API, créé le %(created)s ; sa clé se termine par <code>%(end)s</code>. Elle n’est plus affichée : si vous l’avez perdue, renouvelez le jeton.",
    "Rotating gives you a new key; the current key stops working at once.": "Renouveler vous donne une nouvelle clé ; la clé actuelle cesse aussitôt de fonctionner.",
    "Rotate the token": "Renouveler le jeton",
    "Revoking deletes the token: its key stops working at once.": "Révoquer supprime le jeton : sa clé cesse aussitôt de fonctionner.",
    "Revoke the token": "Révoquer le jeton",
    "You have no API token.": "Vous n’avez pas de jeton d’API.",
    "Create a token": "Créer un jeton",
    "You already have an API token. Rotate it to get a new key.": "Vous avez déjà un jeton d’API. Renouvelez-le pour obtenir une nouvelle clé.",
    "Your API token was revoked: it no longer works.": "Votre jeton d’API a été révoqué : il ne fonctionne plus.",
    "Your API token": "Votre jeton d’API",
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
    "%(count)d record published.": ("%(count)d fiche publiée.", "%(count)d fiches publiées."),
    "%(count)d record set to draft.": (
        "%(count)d fiche remise en brouillon.",
        "%(count)d fiches remises en brouillon.",
    ),
    "%(count)d record marked as checked by you.": (
        "%(count)d fiche marquée comme vérifiée par vous.",
        "%(count)d fiches marquées comme vérifiées par vous.",
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
        # A string with a context is keyed "context\x04string" (gettext's own convention).
        context = re.search(r'^msgctxt (".*")$', block, re.M)
        if key and context:
            key = unquote(context.group(1)) + "\x04" + key
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
        if key:
            block = _typeset(block)
        out.append(block)
    return "\n\n".join(out)


def _typeset(block):
    """Every French string as a French reader writes it (foundation.text.french_typography):
    applied to each msgstr, those edited by hand included, so the catalogue cannot drift."""
    return re.sub(
        r'^(msgstr(?:\[\d\])? )(".*")$',
        lambda line: line.group(1) + quote(french_typography(unquote(line.group(2)))),
        block,
        flags=re.M,
    )


def _escape(text):
    """A quoted PO string, escaped again for use as an re.sub replacement."""
    return quote(text).replace("\\", "\\\\")


def _unfuzzy(block):
    """A guessed (fuzzy) entry now holds our translation: drop the flag and the old msgid."""
    lines = [line for line in block.split("\n") if not line.startswith("#|")]
    return "\n".join(lines).replace("#, fuzzy, ", "#, ").replace("#, fuzzy\n", "")


def _more_tables():
    """Each part of the product may keep its strings in its own table, fr_<part>.py beside this
    file (a dict FR, and optionally FR_PLURAL), so work on different parts never collides."""
    for path in sorted(Path(__file__).parent.glob("fr_*.py")):
        table = {}
        exec(compile(path.read_text(), str(path), "exec"), table)
        FR.update(table.get("FR", {}))
        FR_PLURAL.update(table.get("FR_PLURAL", {}))


if __name__ == "__main__":
    _more_tables()
    PO.write_text(fill(PO.read_text()))
