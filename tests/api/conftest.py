"""API fixtures: clients holding tokens for each role, and a database much larger than the seed."""

import datetime
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from foundation.models import (
    Citation,
    Event,
    EventParticipant,
    Figure,
    Membership,
    Organisation,
    Person,
    Source,
    Statement,
)


@pytest.fixture(autouse=True)
def fresh_throttle_counters():
    """Throttle counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def token_client(user):
    client = APIClient()
    if user is not None:
        client.credentials(
            HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}"
        )
    return client


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def reader_api(reader):
    return token_client(reader)


@pytest.fixture
def editor_api(editor):
    return token_client(editor)


@pytest.fixture
def source(db):
    return Source.objects.create(
        slug="test-source",
        title="Test source",
        language="fr",
        text="Alpha Beta a dit : « bonjour ». Gamma compte plus de 2 400 contributeurs.",
        status="published",
    )


@pytest.fixture
def passage(source):
    return Citation.objects.create(source=source, start=0, end=10, text="Alpha Beta")


def build_bulk(n):
    """n records of every kind, all linked and published, for query budgets."""
    source = Source.objects.create(
        slug="bulk-source", title="Bulk", language="en", text="x" * 10_000, status="published"
    )
    citations = Citation.objects.bulk_create(
        Citation(source=source, start=i, end=i + 1, text="x") for i in range(n)
    )
    parent = Organisation.objects.create(
        slug="bulk-parent", name_fr="Parent", kind="foundation", status="published"
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(
            slug=f"bulk-org-{i}",
            name_fr=f"Org {i}",
            name=f"Org {i}",
            kind="company",
            parent=parent,
            status="published",
            other_names=f"Alias {i}",
        )
        for i in range(n)
    )
    people = Person.objects.bulk_create(
        Person(slug=f"bulk-person-{i}", name=f"Person {i}", status="published") for i in range(n)
    )
    Membership.objects.bulk_create(
        Membership(
            slug=f"bulk-membership-{i}",
            person=people[i] if i % 2 else None,
            member_organisation=None if i % 2 else organisations[i],
            organisation=parent,
            role_fr="membre",
            role="membre",
            start_date=datetime.date(2020, 1, 1),
            start_date_precision="year",
            status="published",
        )
        for i in range(n)
    )
    events = Event.objects.bulk_create(
        Event(
            slug=f"bulk-event-{i}",
            title_fr=f"Événement {i}",
            title=f"Événement {i}",
            kind="release",
            date=datetime.date(2020, 1, 1),
            date_precision="year",
            status="published",
        )
        for i in range(n)
    )
    EventParticipant.objects.bulk_create(
        EventParticipant(event=event, person=people[i], role="speaker")
        for i, event in enumerate(events)
    )
    statements = Statement.objects.bulk_create(
        Statement(
            slug=f"bulk-statement-{i}",
            kind="quote",
            text_fr=f"Texte {i}",
            text=f"Texte {i}",
            speaker=people[i],
            on_behalf_of=organisations[i],
            event=events[i],
            language="fr",
            status="published",
        )
        for i in range(n)
    )
    Figure.objects.bulk_create(
        Figure(statement=statement, value=i, unit_fr="x", unit="x", citation=citations[i])
        for i, statement in enumerate(statements)
    )
    through = Organisation.citations.through
    through.objects.bulk_create(
        through(organisation_id=org.pk, citation_id=citations[i].pk)
        for i, org in enumerate(organisations)
    )
    return n


@pytest.fixture
def bulk(db):
    return build_bulk(300)


# --- A small world of published records tied to drafts (tests/api/test_*visibility.py) ---

PUBLISHED = "published"


def organisation(slug, **fields):
    return Organisation.objects.create(slug=slug, name_fr=slug, kind="company", **fields)


def membership(slug, organisation, status=PUBLISHED, **member):
    return Membership.objects.create(
        slug=slug, organisation=organisation, role_fr="membre", status=status, **member
    )


@pytest.fixture
def world(db):
    """Published records tied to drafts (a person, an organisation, an event, a source).

    Every tie is published: only the draft at its other end hides it.
    """
    source = Source.objects.create(
        slug="open-source", title="Open", language="fr", text="Open text.", status=PUBLISHED
    )
    secret_source = Source.objects.create(
        slug="secret-source", title="Secret", language="fr", text="Secret text."
    )
    secret_passage = Citation.objects.create(source=secret_source, start=0, end=6, text="Secret")
    open_passage = Citation.objects.create(source=source, start=0, end=4, text="Open")

    foundation = organisation("foundation", status=PUBLISHED)
    member_co = organisation("member-co", status=PUBLISHED)
    secret_org = organisation("secret-org")
    organisation("child-co", status=PUBLISHED, parent=secret_org)
    organisation("draft-child", parent=foundation)
    alice = Person.objects.create(slug="alice", name="Alice", status=PUBLISHED)
    secret_person = Person.objects.create(slug="secret-person", name="Secret Person")

    cited = [
        foundation,
        alice,
        membership("alice-board", foundation, person=alice),
        membership("secret-person-board", foundation, person=secret_person),
        membership("secret-org-board", foundation, member_organisation=secret_org),
        membership("member-co-in-secret", secret_org, member_organisation=member_co),
        membership("alice-in-secret", secret_org, person=alice),
        membership("draft-board", foundation, status="draft", member_organisation=member_co),
    ]

    launch = Event.objects.create(
        slug="launch", title_fr="Lancement", kind="launch", status=PUBLISHED
    )
    secret_event = Event.objects.create(slug="secret-event", title_fr="Secret", kind="other")
    EventParticipant.objects.create(event=launch, person=alice, role="speaker")
    EventParticipant.objects.create(event=launch, person=secret_person, role="host")
    EventParticipant.objects.create(event=launch, organisation=secret_org, role="founder")
    quote = Statement.objects.create(
        slug="alice-quote",
        kind="quote",
        text_fr="Bonjour",
        language="fr",
        speaker=alice,
        on_behalf_of=secret_org,
        event=secret_event,
        status=PUBLISHED,
    )
    Statement.objects.create(
        slug="secret-quote",
        kind="quote",
        text_fr="Secret",
        language="fr",
        speaker=secret_person,
        event=launch,
        status=PUBLISHED,
    )
    Figure.objects.create(
        statement=quote, position=1, value=7, unit_fr="x", citation=secret_passage
    )
    Figure.objects.create(statement=quote, position=2, value=8, unit_fr="x", citation=open_passage)
    for record in [*cited, launch, quote]:
        record.citations.add(secret_passage, open_passage)
    return {"secret_passage": secret_passage.pk, "open_passage": open_passage.pk}


def list_of(client, basename, **params):
    response = client.get(reverse(f"api:{basename}-list"), {"page_size": 200, **params})
    assert response.status_code == HTTPStatus.OK, response.content
    return response.json()


def slugs(body):
    return {item["slug"] for item in body["results"]}
