"""Every page and every API list and detail costs the same queries at any size.

The same requests are counted twice: on a small archive (the seed + 40 synthetic statements)
and on a large one (the seed + 1,500). Each address must make exactly as many queries on
both, and no more than its budget: an N+1 anywhere shows up as a difference.
Counts are of anonymous requests that miss the shared cache (each address carries a fresh
query string), so they measure the view itself.
"""

import itertools
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from foundation.models import Citation, Event, Membership, Organisation, Person, Source, Statement

# Marked so that pytest-django creates the test database before the module fixture runs.
pytestmark = pytest.mark.django_db

SIZES = {"small": 40, "large": 1500}
API_LISTS = (
    "sources",
    "citations",
    "organisations",
    "people",
    "memberships",
    "events",
    "statements",
)
_bust = itertools.count()


def pick(model, **filters):
    """A published synthetic record, the same slug in both sizes (the generator is seeded)."""
    return (
        model.objects.public()
        .filter(slug__startswith="synthetic-", **filters)
        .order_by("slug")
        .values_list("slug", flat=True)
        .first()
    )


def addresses():
    """(name, path, budget): budget is the most queries the address may make."""
    statement = pick(Statement, speaker__status="published", event__isnull=False)
    organisation = (
        Organisation.objects.public()
        .filter(slug__startswith="synthetic-", memberships__isnull=False)
        .order_by("slug")
        .values_list("slug", flat=True)
        .first()
    )
    citation = Citation.objects.filter(source__slug__startswith="synthetic-").order_by("pk")[0]
    details = {
        "organisation": organisation,
        "person": pick(Person),
        "event": pick(Event),
        "statement": statement,
        "source": pick(Source),
        "membership": pick(Membership),
    }
    pages = [
        ("home page", "/fr/", 12),
        ("organisation list", "/fr/organisations/", 8),
        ("person list", "/fr/people/", 8),
        ("event list", "/fr/events/", 8),
        ("statement list", "/fr/statements/", 10),
        ("source list", "/fr/sources/", 8),
        ("search page", "/fr/search/?q=fondation", 12),
        ("events feed", "/fr/feeds/events/", 8),
        ("statements feed", "/fr/feeds/statements/", 8),
        ("sitemap", "/sitemap.xml", 11),
        *(
            (f"{kind} page", f"/fr/{plural}/{details[kind]}/", 16)
            for kind, plural in (
                ("organisation", "organisations"),
                ("person", "people"),
                ("event", "events"),
                ("statement", "statements"),
                ("source", "sources"),
            )
        ),
    ]
    api_lists = [(f"API {name} list", f"/api/v1/{name}/", 6) for name in API_LISTS]
    api_details = [
        (f"API {kind} detail", f"/api/v1/{plural}/{details[kind]}/", 10)
        for kind, plural in (
            ("organisation", "organisations"),
            ("person", "people"),
            ("event", "events"),
            ("statement", "statements"),
            ("source", "sources"),
            ("membership", "memberships"),
        )
    ] + [("API citation detail", f"/api/v1/citations/{citation.pk}/", 6)]
    return pages + api_lists + api_details


def count_queries(path):
    cache.clear()
    client = APIClient() if path.startswith("/api/") else Client()
    separator = "&" if "?" in path else "?"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{path}{separator}_budget={next(_bust)}")
    assert response.status_code == HTTPStatus.OK, (path, response.status_code)
    # The test's own transaction turns ATOMIC_REQUESTS into a savepoint pair: not the view's.
    return sum(1 for query in queries if "SAVEPOINT" not in query["sql"])


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """{name: (path, budget, {size: count})}, measured on both sizes, then rolled back."""
    results = {}
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_seed", verbosity=0)
        for size, statements in SIZES.items():
            call_command("generate_demo_data", statements=statements, seed=1, verbosity=0)
            for name, path, budget in addresses():
                entry = results.setdefault(name, (path, budget, {}))
                entry[2][size] = count_queries(path)
        transaction.set_rollback(True)
    cache.clear()
    return results


NAMES = [
    *(f"{kind} page" for kind in ("organisation", "person", "event", "statement", "source")),
    "home page",
    "organisation list",
    "person list",
    "event list",
    "statement list",
    "source list",
    "search page",
    "events feed",
    "statements feed",
    "sitemap",
    *(f"API {name} list" for name in API_LISTS),
    *(
        f"API {kind} detail"
        for kind in (
            "organisation",
            "person",
            "event",
            "statement",
            "source",
            "membership",
            "citation",
        )
    ),
]


@pytest.mark.parametrize("name", NAMES)
def test_queries_do_not_grow_with_the_data(measured, name):
    path, budget, counts = measured[name]
    assert counts["small"] == counts["large"], f"{path}: {counts}"
    assert counts["large"] <= budget, f"{path}: {counts['large']} queries, budget {budget}"
