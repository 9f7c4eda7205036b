"""Every public page runs a bounded number of queries, however much data there is."""

import datetime
from http import HTTPStatus

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

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
    Status,
)

pytestmark = pytest.mark.django_db

PUBLISHED = Status.PUBLISHED
# Measured with an empty page cache: the view's own queries, plus the request's savepoint and
# release (ATOMIC_REQUESTS) and the content-version read of foundation.caching. The same on
# the seed and on this data.
BUDGETS = {
    "home": 9,
    "organisation-list": 5,
    "organisation-detail": 11,
    "person-list": 5,
    "person-detail": 9,
    "event-list": 5,
    "event-detail": 8,
    "statement-list": 8,
    "statement-detail": 6,
    "source-list": 5,
    "source-detail": 11,
    "search": 11,
    "feed-events": 4,
    "feed-statements": 4,
    "sitemap": 13,
    "sitemap-section": 5,
}


def _bulk(model, objects):
    for obj in objects:
        obj.search_text = obj.build_search_text()
    return model.objects.bulk_create(objects)


@pytest.fixture(scope="module")
def big_record_data(django_db_setup, django_db_blocker):
    """Built once for the module, in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_big_record()
        transaction.set_rollback(True)


@pytest.fixture
def big_record(big_record_data, db):
    return big_record_data


def build_big_record():
    """Far more than the seed: 100 people, 300 statements, 120 events, 400 passages."""
    text = "\n".join(
        f"Phrase numéro {i} de la source, avec Zemlin et la fondation." for i in range(400)
    )
    source = Source.objects.create(
        slug="big-source", title="Grande source", language="fr", text=text, status=PUBLISHED
    )
    lines = text.split("\n")
    citations, offset = [], 0
    for line in lines:
        citations.append(Citation(source=source, start=offset, end=offset + len(line), text=line))
        offset += len(line) + 1
    citations = Citation.objects.bulk_create(citations)
    hub = Organisation.objects.create(
        slug="hub", name="Hub Foundation", kind="foundation", status=PUBLISHED
    )
    organisations = _bulk(
        Organisation,
        [
            Organisation(
                slug=f"org-{i}", name=f"Org {i}", kind="company", status=PUBLISHED, parent=hub
            )
            for i in range(60)
        ],
    )
    people = _bulk(
        Person,
        [Person(slug=f"person-{i}", name=f"Person {i}", status=PUBLISHED) for i in range(100)],
    )
    memberships = _bulk(
        Membership,
        [
            Membership(
                slug=f"m-org-{i}",
                member_organisation=org,
                organisation=hub,
                role="board member",
                status=PUBLISHED,
            )
            for i, org in enumerate(organisations)
        ]
        + [
            Membership(
                slug=f"m-person-{i}",
                person=person,
                organisation=hub if i % 2 else organisations[0],
                role="director",
                status=PUBLISHED,
                start_date=datetime.date(2016, 1, 1),
                start_date_precision="year",
            )
            for i, person in enumerate(people)
        ],
    )
    events = _bulk(
        Event,
        [
            Event(
                slug=f"event-{i}",
                title=f"Event {i}",
                kind="release",
                status=PUBLISHED,
                date=datetime.date(2010 + i % 13, 1 + i % 12, 1 + i % 28),
                date_precision=["year", "month", "day"][i % 3],
            )
            for i in range(120)
        ],
    )
    EventParticipant.objects.bulk_create(
        [
            EventParticipant(event=event, person=people[i % 100], role="speaker")
            for i, event in enumerate(events)
        ]
        + [EventParticipant(event=event, organisation=hub, role="host") for event in events]
    )
    statements = _bulk(
        Statement,
        [
            Statement(
                slug=f"statement-{i}",
                kind="quote" if i % 2 else "claim",
                text=f"Zemlin dit {i}",
                text_en=f"Zemlin says {i}",
                speaker=people[i % 100],
                on_behalf_of=hub,
                event=events[i % 120],
                language="fr",
                status=PUBLISHED,
                date=datetime.date(2022, 9, 12),
                date_precision="day",
            )
            for i in range(300)
        ],
    )
    Figure.objects.bulk_create(
        [
            Figure(
                statement=statement,
                value=2400 + i,
                qualifier="more_than",
                unit="contributeurs",
                citation=citations[i],
            )
            for i, statement in enumerate(statements)
        ]
    )
    for model, records in (
        (Organisation, [hub, *organisations]),
        (Person, people),
        (Membership, memberships),
        (Event, events),
        (Statement, statements),
    ):
        through = model.citations.through
        field = f"{model._meta.model_name}_id"
        through.objects.bulk_create(
            [
                through(**{field: record.pk, "citation_id": citations[(i + k) % 400].pk})
                for i, record in enumerate(records)
                for k in range(3)
            ]
        )
    return {
        "hub": hub,
        "person": people[1],
        "event": events[0],
        "statement": statements[1],
        "source": source,
    }


def page_urls(record):
    detail = {
        "organisation-detail": record["hub"],
        "person-detail": record["person"],
        "event-detail": record["event"],
        "statement-detail": record["statement"],
        "source-detail": record["source"],
    }
    urls = {}
    for name in BUDGETS:
        if name in detail:
            urls[name] = detail[name].get_absolute_url()
        elif name == "sitemap":
            urls[name] = reverse("sitemap")
        elif name == "sitemap-section":
            urls[name] = reverse(name, kwargs={"section": "statements-en"})
        else:
            urls[name] = reverse(f"foundation:{name}")
    urls["search"] += "?q=zemlin"
    urls["statement-list"] += "?kind=quote"
    return urls


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("name", list(BUDGETS))
def test_page_query_count_stays_bounded(
    client, big_record, django_assert_max_num_queries, name, language
):
    with translation.override(language):
        address = page_urls(big_record)[name]
    caches["default"].clear()  # measure the page, not a cached copy of it
    with django_assert_max_num_queries(BUDGETS[name]):
        response = client.get(address)
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    "name", ["organisation-detail", "person-detail", "source-detail", "statement-list"]
)
def test_staff_pages_stay_bounded_too(
    editor_client, big_record, django_assert_max_num_queries, name
):
    with django_assert_max_num_queries(BUDGETS[name] + 6):
        response = editor_client.get(page_urls(big_record)[name])
    assert response.status_code == HTTPStatus.OK


def test_big_record_pages_show_their_data(client, big_record):
    with translation.override("en"):
        address = big_record["hub"].get_absolute_url()
    html = client.get(address).content.decode()
    assert "and 48 more, listed below" in html  # the diagram caps each group; the table lists all
    assert html.count('id="membership-m-org-') == 60
    # 300 statements on its behalf: the newest 20, then a link to all of them.
    assert html.count('class="quote-card') == 20
    assert "/en/statements/?organisation=hub" in html


def test_report_query_counts(client, big_record, capsys):
    """Prints each page's query count (run with -s) for the README and the closing note."""
    counts = {}
    for name, address in page_urls(big_record).items():
        caches["default"].clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(address)
        counts[name] = len(queries)
    with capsys.disabled():
        print("\nqueries per page:", counts)
    assert all(counts[name] <= BUDGETS[name] for name in counts)


def test_seed_pages_fit_the_same_budgets(client, seed):
    """Small data and large data, one budget: the count does not follow the data."""
    record = {
        "hub": Organisation.objects.get(slug="pytorch-foundation"),
        "person": Person.objects.get(slug="jim-zemlin"),
        "event": Event.objects.get(slug="pytorch-joins-linux-foundation"),
        "statement": Statement.objects.get(slug="zemlin-neutral-home-quote"),
        "source": Source.objects.get(slug="pytorch-rejoint-la-linux-foundation"),
    }
    for name, address in page_urls(record).items():
        caches["default"].clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == HTTPStatus.OK, name
        assert len(queries) <= BUDGETS[name], (name, len(queries))
