"""API fixtures: clients holding tokens for each role, and a database much larger than the seed."""

import datetime

import pytest
from django.core.cache import cache
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
