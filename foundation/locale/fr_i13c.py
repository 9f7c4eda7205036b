"""French for review, scheduling, team comments, change reasons and reverts (issue 13, points 6
and 7): merged into the catalogue by fill_fr.py."""

FR = {
    # Review: states, roles, the queue (foundation/review.py, foundation/admin/review.py).
    "In review": "En relecture",
    "Review queue": "File de relecture",
    "Nothing is waiting for review.": "Aucune fiche n’attend de relecture.",
    "someone": "quelqu’un",
    "Sent for review by %(who)s on %(when)s.": "Envoyée en relecture par %(who)s le %(when)s.",
    "Changed since last published by:": "Modifiée depuis sa dernière publication par :",
    "Scheduled to go live on %(when)s.": "Publication programmée le %(when)s.",
    "Compared with version %(version)s, published on %(when)s.": "Comparée à la version %(version)s, publiée le %(when)s.",
    "Never published: every field is new.": "Jamais publiée : tous les champs sont nouveaux.",
    "Field": "Champ",
    "Change": "Modification",
    "No change to its content since it was last published.": "Aucune modification de son contenu depuis sa dernière publication.",
    "Publish": "Publier",
    "Send back to draft": "Renvoyer en brouillon",
    "Open the record to edit or comment": "Ouvrir la fiche pour la modifier ou la commenter",
    "Unknown action or record.": "Action ou fiche inconnue.",
    "This record was deleted since you opened the queue.": "Cette fiche a été supprimée depuis que vous avez ouvert la file.",
    "%(kind)s “%(record)s” published.": "« %(record)s » (%(kind)s) : fiche publiée.",
    "%(kind)s “%(record)s” sent back to draft.": "« %(record)s » (%(kind)s) : fiche renvoyée en brouillon.",
    "yes": "oui",
    "no": "non",
    "Cited passages": "Passages cités",
    "Send the selected records for review": "Envoyer les fiches sélectionnées en relecture",
    "Only published records are shown to visitors and anonymous API users. Send a draft for review when it is ready; a reviewer publishes it.": "Seules les fiches publiées sont montrées aux visiteurs et aux utilisateurs anonymes de l’API. Envoyez un brouillon en relecture quand il est prêt : un relecteur le publie.",
    "Only a reviewer may publish or schedule a record. Send it for review: a reviewer will publish it.": "Seul un relecteur peut publier ou programmer une fiche. Envoyez-la en relecture : un relecteur la publiera.",
    "You changed this record since it was last published, and a reviewer may not publish their own work: another reviewer must publish it.": "Vous avez modifié cette fiche depuis sa dernière publication, et un relecteur ne peut pas publier son propre travail : un autre relecteur doit la publier.",
    "%(kind)s “%(record)s”: %(reason)s": "%(kind)s « %(record)s » : %(reason)s",
    # Scheduling (publish_at).
    "publish at": "publier le",
    "A reviewer may schedule publication: the record goes live at this time, as it is then, unless it was changed after this was set. Leave empty to publish by hand.": "Un relecteur peut programmer la publication : la fiche est publiée à cette heure, telle qu’elle est alors, sauf si elle a été modifiée depuis. Laissez vide pour publier à la main.",
    "A published record needs no publish-at time: leave it empty, or send the record for review to schedule it.": "Une fiche publiée n’a pas besoin d’heure de publication : laissez ce champ vide, ou envoyez la fiche en relecture pour la programmer.",
    "Choose a publish-at time in the future.": "Choisissez une heure de publication dans le futur.",
    # Comments for the team (foundation/models/review.py, the record's admin page).
    "Comments for the team": "Commentaires pour l’équipe",
    "comments for the team": "commentaires pour l’équipe",
    "a former member": "un ancien membre",
    "No comment yet.": "Aucun commentaire pour l’instant.",
    "Add the comment": "Ajouter le commentaire",
    "Add a comment for the team": "Ajouter un commentaire pour l’équipe",
    "Write the comment before sending it.": "Écrivez le commentaire avant de l’envoyer.",
    "Your comment was added.": "Votre commentaire a été ajouté.",
    "kind of record": "type de fiche",
    "record": "fiche",
    "author": "auteur",
    "comment": "commentaire",
    "written at": "écrit le",
    # Each save's reason, and reverts (foundation/admin/base.py).
    "Reason for this change": "Motif de la modification",
    "Optional. Shown in the record's history, e.g. “date corrected from the source”.": "Facultatif. Affiché dans l’historique de la fiche, par exemple « date corrigée d’après la source ».",
    "Reverted to version %(version)s": "Rétablie à la version %(version)s",
    "%(kind)s “%(record)s” reverted to version %(version)s.": "« %(record)s » (%(kind)s) : fiche rétablie à la version %(version)s.",
}

FR_PLURAL = {
    "%(counter)s record is waiting for review. Each change is shown against the version visitors last saw.": (
        "%(counter)s fiche attend une relecture. Chaque modification est montrée par rapport à la version que les visiteurs ont vue en dernier.",
        "%(counter)s fiches attendent une relecture. Chaque modification est montrée par rapport à la version que les visiteurs ont vue en dernier.",
    ),
    "%(count)d record sent for review.": (
        "%(count)d fiche envoyée en relecture.",
        "%(count)d fiches envoyées en relecture.",
    ),
}
