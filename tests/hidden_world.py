"""A world of hidden records on top of the seed: every kind of link to a record anonymous
visitors may not see, each hidden record carrying a marker that no public surface may print.

Every hidden record's slug, name, title, text or role holds `MARKER` ("hiddenmarker"), and
no visible record's does: a response holding the word leaks a hidden record. Visible records
built here are named `conformance-visible-…`. Which records are hidden is decided here, by
construction, not by asking the rule under test (`HiddenWorld.hidden`).

Built with the models directly (create/save), as an import or a script would, not the admin.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import ForeignKey, ProtectedError

from foundation.models import (
    Citation,
    Event,
    EventParticipant,
    Figure,
    Membership,
    Organisation,
    OrganisationRelation,
    Person,
    Source,
    Statement,
)
from foundation.models.kinds import content_models

MARKER = "hiddenmarker"
MARKER_WORD = re.compile(rf"{MARKER}[\w-]*", re.IGNORECASE)
DRAFT, PUBLISHED = "draft", "published"
HIDDEN_SOURCE_TEXT = (
    "Note interne hiddenmarker-draft-source, jamais publiée.\n"
    "Le comité hiddenmarker-passage-cited a tout décidé en secret.\n"
    "Il compterait hiddenmarker-passage-figure 7 777 membres cachés.\n"
)


@dataclass
class HiddenWorld:
    # {model: [records anonymous visitors may not see]}, by construction.
    hidden: dict = field(default_factory=lambda: defaultdict(list))
    # Visible records built here that link to hidden ones, by name, for messages.
    visible: dict = field(default_factory=dict)

    def hide(self, record):
        self.hidden[type(record)].append(record)
        return record

    def hidden_pks(self, model):
        return {record.pk for record in self.hidden.get(model, ())}

    @property
    def hidden_slugs(self):
        """Every slug of a hidden record (each holds MARKER)."""
        return sorted(
            record.slug
            for records in self.hidden.values()
            for record in records
            if getattr(record, "slug", "")
        )

    @property
    def markers(self):
        """Every marker word a hidden record holds, in any of its texts."""
        words = set()
        for records in self.hidden.values():
            for record in records:
                for column in record._meta.concrete_fields:
                    value = getattr(record, column.attname)
                    if isinstance(value, str):
                        words.update(w.lower() for w in MARKER_WORD.findall(value))
        return words

    @property
    def hidden_passages(self):
        return list(self.hidden.get(Citation, ()))


def _person(slug, status, description=""):
    return Person.objects.create(
        slug=slug,
        name=slug.title(),
        description=description,
        description_fr=description,
        description_en=description,
        status=status,
    )


def _organisation(slug, status, **fields):
    name = fields.pop("name", slug.title())
    return Organisation.objects.create(
        slug=slug, name=name, name_fr=name, name_en=name, kind="company", status=status, **fields
    )


def _statement(slug, status, text, **fields):
    return Statement.objects.create(
        slug=slug,
        kind=fields.pop("kind", "quote"),
        text=text,
        text_fr=text,
        text_en=text,
        language="fr",
        date=datetime.date(2022, 9, 12),
        date_precision="day",
        status=status,
        **fields,
    )


def _membership(slug, status, role, **fields):
    return Membership.objects.create(
        slug=slug, role=role, role_fr=role, role_en=role, status=status, **fields
    )


def _event(slug, status, **fields):
    title = fields.pop("title", slug.title())
    return Event.objects.create(
        slug=slug,
        title=title,
        title_fr=title,
        title_en=title,
        kind="announcement",
        date=datetime.date(2022, 9, 12),
        date_precision="day",
        status=status,
        **fields,
    )


def build_hidden_world(warm=None):
    """Add the hidden world to the loaded seed; `warm(records)` is called while `records`
    are still published, before they are set to draft (so caches and indexes have seen them)."""
    world = HiddenWorld()
    hide = world.hide
    seed_person = Person.objects.filter(status=PUBLISHED).order_by("pk").first()
    seed_people = list(Person.objects.filter(status=PUBLISHED).order_by("pk")[:2])
    seed_org, other_seed_org = Organisation.objects.filter(status=PUBLISHED).order_by("pk")[:2]
    seed_event = Event.objects.filter(status=PUBLISHED).order_by("pk").first()
    seed_passage = Citation.objects.filter(source__status=PUBLISHED).order_by("pk").first()
    assert seed_person and seed_org and seed_event and seed_passage, "the seed is not loaded"

    # A draft source, its passages cited by published records (hidden: a citation's source).
    source = hide(
        Source.objects.create(
            slug="hiddenmarker-draft-source",
            title="hiddenmarker-draft-source title",
            language="fr",
            publisher="hiddenmarker-draft-publisher",
            text=HIDDEN_SOURCE_TEXT,
            status=DRAFT,
        )
    )

    def passage(words):
        start = HIDDEN_SOURCE_TEXT.index(words)
        return hide(
            Citation.objects.create(source=source, start=start, end=start + len(words), text=words)
        )

    cited = passage("Le comité hiddenmarker-passage-cited a tout décidé en secret.")
    figure_passage = passage("hiddenmarker-passage-figure 7 777 membres cachés")

    # A draft speaker with a published statement (hidden: a statement's speaker), which has
    # a figure (hidden: a figure's statement) and cites a visible passage.
    speaker = hide(_person("hiddenmarker-draft-speaker", DRAFT, description="hiddenmarker-bio"))
    speaker.citations.add(seed_passage)
    spoken = hide(
        _statement(
            "hiddenmarker-speaker-statement",
            PUBLISHED,
            "hiddenmarker-speaker-statement : nous rejoignons la fondation.",
            speaker=speaker,
        )
    )
    spoken.citations.add(seed_passage)
    hide(
        Figure.objects.create(
            statement=spoken,
            value=4242,
            unit="hiddenmarker-figure-unit",
            unit_fr="hiddenmarker-figure-unit",
            unit_en="hiddenmarker-figure-unit",
            citation=seed_passage,
        )
    )

    # A draft statement by a visible speaker, on behalf of a visible organisation.
    hide(
        _statement(
            "hiddenmarker-draft-statement",
            DRAFT,
            "hiddenmarker-draft-statement : brouillon jamais publié.",
            speaker=seed_person,
            on_behalf_of=seed_org,
            event=seed_event,
        )
    ).citations.add(seed_passage)

    # A published statement made on behalf of a draft organisation.
    behalf = hide(_organisation("hiddenmarker-draft-behalf", DRAFT))
    behalf.citations.add(seed_passage)
    world.visible["statement on behalf of a draft organisation"] = _statement(
        "conformance-visible-behalf",
        PUBLISHED,
        "Conformance: visible statement on behalf of a hidden organisation.",
        speaker=seed_person,
        on_behalf_of=behalf,
    )

    # A published organisation whose parent is a draft.
    parent = hide(_organisation("hiddenmarker-draft-parent", DRAFT))
    world.visible["organisation with a draft parent"] = _organisation(
        "conformance-visible-child", PUBLISHED, parent=parent
    )

    # A draft organisation within a published one (listed among its children).
    hide(_organisation("hiddenmarker-draft-child", DRAFT, parent=seed_org))

    # Published memberships with a draft end: a draft person member, a draft organisation
    # (of a visible person, of a visible member organisation), a draft member organisation;
    # and a draft membership between visible ends.
    member_person = hide(_person("hiddenmarker-draft-member-person", DRAFT))
    hide(
        _membership(
            "hiddenmarker-membership-person",
            PUBLISHED,
            "hiddenmarker-role-member-person",
            person=member_person,
            organisation=seed_org,
        )
    )
    draft_body = hide(_organisation("hiddenmarker-draft-membership-org", DRAFT))
    hide(
        _membership(
            "hiddenmarker-membership-in-draft-org",
            PUBLISHED,
            "hiddenmarker-role-in-draft-org",
            person=seed_person,
            organisation=draft_body,
        )
    )
    hide(
        _membership(
            "hiddenmarker-membership-org-in-draft-org",
            PUBLISHED,
            "hiddenmarker-role-org-in-draft-org",
            member_organisation=seed_org,
            organisation=draft_body,
        )
    )
    member_org = hide(_organisation("hiddenmarker-draft-member-org", DRAFT))
    hide(
        _membership(
            "hiddenmarker-membership-member-org",
            PUBLISHED,
            "hiddenmarker-role-member-org",
            member_organisation=member_org,
            organisation=seed_org,
        )
    )
    hide(
        _membership(
            "hiddenmarker-draft-membership",
            DRAFT,
            "hiddenmarker-role-draft-membership",
            person=seed_person,
            organisation=other_seed_org,
        )
    )

    # A seat held on behalf of a draft company by its unnamed representative.
    represented = hide(_organisation("hiddenmarker-draft-represented-company", DRAFT))
    hide(
        _membership(
            "hiddenmarker-seat-of-draft-company",
            PUBLISHED,
            "hiddenmarker-role-seat",
            on_behalf_of=represented,
            organisation=seed_org,
        )
    )

    # Published relations between organisations with a draft end (each way), citing a
    # hidden passage; and a draft relation between visible organisations.
    developer = hide(_organisation("hiddenmarker-draft-developer", DRAFT))
    hide(
        OrganisationRelation.objects.create(
            slug="hiddenmarker-relation-developed-by-draft",
            organisation=seed_org,
            kind="developed_by",
            related_organisation=developer,
            status=PUBLISHED,
        )
    )
    hosted = hide(_organisation("hiddenmarker-draft-hosted-project", DRAFT))
    hide(
        OrganisationRelation.objects.create(
            slug="hiddenmarker-relation-hosted-draft",
            organisation=hosted,
            kind="hosted_by",
            related_organisation=seed_org,
            status=PUBLISHED,
        )
    )
    hide(
        OrganisationRelation.objects.create(
            slug="hiddenmarker-draft-relation",
            organisation=seed_org,
            kind="launched_within",
            related_organisation=other_seed_org,
            status=DRAFT,
        )
    )
    visible_relation = OrganisationRelation.objects.create(
        slug="conformance-visible-relation",
        organisation=other_seed_org,
        kind="hosted_by",
        related_organisation=seed_org,
        status=PUBLISHED,
    )
    visible_relation.citations.add(cited, seed_passage)
    world.visible["relation citing a hidden passage"] = visible_relation

    # A draft event that a published statement is about, with published participants.
    draft_event = hide(
        _event("hiddenmarker-draft-event", DRAFT, description="hiddenmarker-event-description")
    )
    draft_event.citations.add(seed_passage)
    hide(EventParticipant.objects.create(event=draft_event, person=seed_person, role="speaker"))
    hide(EventParticipant.objects.create(event=draft_event, organisation=seed_org, role="host"))
    world.visible["statement about a draft event"] = _statement(
        "conformance-visible-about-event",
        PUBLISHED,
        "Conformance: visible claim about a hidden event.",
        kind="claim",
        event=draft_event,
    )

    # A published event whose participants are a draft person and a draft organisation.
    participant = hide(_person("hiddenmarker-draft-participant", DRAFT))
    participant_org = hide(_organisation("hiddenmarker-draft-participant-org", DRAFT))
    event = _event("conformance-visible-event", PUBLISHED)
    world.visible["event with draft participants"] = event
    EventParticipant.objects.create(event=event, person=seed_person, role="host")
    hide(EventParticipant.objects.create(event=event, person=participant, role="speaker"))
    hide(EventParticipant.objects.create(event=event, organisation=participant_org, role="subject"))

    # Published records citing the draft source's passages; a figure citing one of them.
    cites = _organisation("conformance-visible-cites-hidden", PUBLISHED)
    cites.citations.add(cited, seed_passage)
    world.visible["organisation citing a hidden passage"] = cites
    event.citations.add(cited)
    membership = _membership(
        "conformance-visible-membership",
        PUBLISHED,
        "conformance visible role",
        person=seed_person,
        organisation=cites,
    )
    membership.citations.add(cited)
    world.visible["membership citing a hidden passage"] = membership
    with_figure = _statement(
        "conformance-visible-figure",
        PUBLISHED,
        "Conformance: visible statement whose figure cites a hidden passage.",
        speaker=seed_people[-1],
    )
    with_figure.citations.add(cited, seed_passage)
    Figure.objects.create(
        statement=with_figure,
        value=7777,
        unit="membres",
        unit_fr="membres",
        unit_en="members",
        citation=figure_passage,
    )
    world.visible["statement whose figure cites a hidden passage"] = with_figure

    # Records published, saved, then set to draft: a person (with a statement and a
    # membership) and an organisation (parent of a visible one, and named by a statement).
    fallen_person = _person("hiddenmarker-unpublished-person", PUBLISHED)
    fallen_person.citations.add(seed_passage)
    fallen_statement = _statement(
        "hiddenmarker-unpublished-statement",
        PUBLISHED,
        "hiddenmarker-unpublished-statement : dit avant le retrait.",
        speaker=fallen_person,
        on_behalf_of=seed_org,
    )
    fallen_membership = _membership(
        "hiddenmarker-unpublished-membership",
        PUBLISHED,
        "hiddenmarker-role-unpublished",
        person=fallen_person,
        organisation=seed_org,
    )
    fallen_org = _organisation("hiddenmarker-unpublished-org", PUBLISHED)
    world.visible["organisation whose parent was unpublished"] = _organisation(
        "conformance-visible-child-of-unpublished", PUBLISHED, parent=fallen_org
    )
    world.visible["statement on behalf of an unpublished organisation"] = _statement(
        "conformance-visible-behalf-unpublished",
        PUBLISHED,
        "Conformance: visible statement on behalf of an unpublished organisation.",
        speaker=seed_person,
        on_behalf_of=fallen_org,
    )
    fallen_event_participation = EventParticipant.objects.create(
        event=seed_event, person=fallen_person, role="member"
    )
    for record in (fallen_person, fallen_org):
        record.save()  # saved again while published (a second history entry)
    if warm is not None:
        warm([fallen_person, fallen_statement, fallen_membership, fallen_org])
    for record in (fallen_person, fallen_org):
        record.refresh_from_db()
        record.status = DRAFT
        record.save()
    for record in (
        fallen_person,
        fallen_statement,
        fallen_membership,
        fallen_org,
        fallen_event_participation,
    ):
        hide(record)
    return world


def erase_hidden(world):
    """The same site as if the hidden records had never existed: the links of visible records
    to them emptied and the passages they cite uncited (queryset updates: no timestamp or
    version changes), then the hidden records deleted. Returns those that cannot be: a
    visible figure's passage cannot be emptied, so it and its source stay, hidden."""
    for model in content_models():
        own = world.hidden_pks(model)
        for column in model._meta.concrete_fields:
            targets = world.hidden_pks(column.related_model) if column.is_relation else ()
            if isinstance(column, ForeignKey) and column.null and targets:
                links = model._base_manager.filter(**{f"{column.attname}__in": targets})
                links.exclude(pk__in=own).update(**{column.attname: None})
        for relation in model._meta.many_to_many:
            targets = world.hidden_pks(relation.related_model)
            if targets:
                through = relation.remote_field.through._base_manager
                through.filter(**{f"{relation.m2m_reverse_field_name()}__in": targets}).delete()
    pending = [record for records in world.hidden.values() for record in records]
    for _attempt in range(len(pending)):
        left = []
        for record in pending:
            try:
                with transaction.atomic():
                    type(record)._base_manager.filter(pk=record.pk).delete()
            except ProtectedError:
                left.append(record)  # still needed: by a hidden record, deleted in a later pass
        if len(left) == len(pending):
            break
        pending = left
    # What a visible record cannot be without (a figure's passage) stays, hidden, in both.
    return pending
