"""Every address costs the same queries at any size, and no more than its budget.

The addresses come from the URL configuration (config.urls, the API router included): every
GET route but the admin's and set_language, in each language for the pages under
i18n_patterns, with the query strings of QUERIES too. A route with a record in its path gets
the richest record of its view's model (most links shown, then most related rows), so a
larger archive gives it more to show. A new page or endpoint is counted without editing this
file; it only needs its budget in BUDGETS.

Each address is requested on the seed alone (its own records), on a small archive (the seed
+ 40 synthetic statements) and on a large one (the seed + 1,500), by an anonymous visitor
missing the shared cache (each request carries a fresh query string) and by an editor, who
sees drafts and is never served from the cache. Both must make exactly as many queries on the
small and the large archive (an N+1 anywhere shows up as a difference), and never more than
the budget: the visitor's, or STAFF_EXTRA more for the editor. A count leaves out the
SAVEPOINT pair the test's transaction turns ATOMIC_REQUESTS into.
"""

import datetime
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from http import HTTPStatus

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from foundation.management.commands.generate_demo_data import synthetic
from foundation.models import Membership, Organisation, Statement, Status
from foundation.models.kinds import content_models, page_models
from foundation.roles import EDITOR_GROUP

# Marked so that pytest-django creates the test database before the module fixture runs.
pytestmark = pytest.mark.django_db

# The most queries an anonymous request to each route may make, by URL name. Pages: the
# budgets of the former 300-statement page harness (less its savepoint pair) where lower than
# the synthetic one's; the API: the synthetic harness's; the rest: their counts when first
# counted here.
BUDGETS = {
    "foundation:home": 7,
    "foundation:organisation-list": 3,
    # Its relations' passages: one query more when it has relations (the hub has none).
    "foundation:organisation-detail": 10,
    "foundation:person-list": 3,
    "foundation:person-detail": 7,
    "foundation:event-list": 3,
    "foundation:event-detail": 6,
    "foundation:statement-list": 6,
    "foundation:statement-detail": 4,
    "foundation:source-list": 3,
    # One query per kind of cited record its passages support (relations are one more).
    "foundation:source-detail": 10,
    # 9, and the names read once per content version (search.name_directory).
    "foundation:search": 11,
    "foundation:feed-events": 2,
    "foundation:feed-statements": 2,
    # Public history (foundation/history.py): the record, its history rows, its citations'.
    "foundation:organisation-history": 5,
    "foundation:person-history": 5,
    "foundation:event-history": 5,
    "foundation:statement-history": 5,
    "foundation:source-history": 4,
    # Four per kind of page: the newest published versions, their records, rows, citations.
    "foundation:feed-changes": 21,
    "sitemap": 11,
    "sitemap-section": 3,
    "healthz": 1,
    "robots": 1,
    "api:api-root": 1,
    "api:schema": 1,
    "api:docs": 1,
    "api:redoc": 1,
    "api:export-popolo": 10,
    "api:changes": 5,
    "api:source-list": 6,
    "api:source-detail": 10,
    "api:citation-list": 6,
    "api:citation-detail": 6,
    "api:organisation-list": 6,
    "api:organisation-detail": 10,
    "api:person-list": 6,
    "api:person-detail": 10,
    "api:membership-list": 6,
    "api:membership-detail": 10,
    "api:organisationrelation-list": 6,
    "api:organisationrelation-detail": 10,
    "api:event-list": 6,
    "api:event-detail": 10,
    "api:statement-list": 6,
    "api:statement-detail": 10,
    "api:source-history": 6,
    "api:organisation-history": 6,
    "api:person-history": 6,
    "api:membership-history": 6,
    "api:organisationrelation-history": 6,
    "api:event-history": 6,
    "api:statement-history": 6,
}
# What an editor may cost on top (the session, the user, their permissions, drafts)...
STAFF_EXTRA = 6
# ...but for these routes, by URL name. The sitemap index reads the content version once per
# section for signed-in requests (foundation.caching: only anonymous reads keep the version
# the middleware read), 21 reads more than a visitor's request.
STAFF_BUDGETS = {"sitemap": 32}
# Query strings counted besides the bare address (the search needs words to find).
QUERIES = {
    "foundation:search": ["q=fondation"],
    "foundation:statement-list": ["kind=quote"],
}
# Path arguments that are not a record's key: their values, from the route.
ARGUMENTS = {"section": lambda route: list(route.default_args["sitemaps"])}
# Not counted: the admin has its own tests; set_language only answers POST.
SKIPPED_NAMESPACES = {"admin"}
SKIPPED_URLCONFS = {"django.conf.urls.i18n"}
# Synthetic statements added to the seed: none (the seed's own records), a few, many.
SIZES = {"seed": 0, "small": 40, "large": 1500}
_bust = itertools.count()


@dataclass(frozen=True)
class Route:
    name: str
    callback: object
    arguments: tuple
    localized: bool
    default_args: dict

    @property
    def view(self):
        """The class behind the callback: a DRF viewset, a Django class-based view, or None."""
        return getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None)

    @property
    def answers_get(self):
        actions = getattr(self.callback, "actions", None)
        if actions is not None:  # a viewset's route
            return "get" in actions
        view = self.view
        return view is None or (hasattr(view, "get") and "get" in view.http_method_names)

    @property
    def model(self):
        view = self.view
        model = getattr(view, "model", None)
        if model is None and getattr(view, "queryset", None) is not None:
            model = view.queryset.model
        return model


def walk(resolver, namespace="", localized=False, groups=()):
    for entry in resolver.url_patterns:
        entry_groups = (*groups, *entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            urlconf = getattr(entry.urlconf_name, "__name__", "")
            if entry.namespace in SKIPPED_NAMESPACES or urlconf in SKIPPED_URLCONFS:
                continue
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            yield from walk(
                entry,
                inner,
                localized or isinstance(entry.pattern, LocalePrefixPattern),
                entry_groups,
            )
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Route(name, entry.callback, entry_groups, localized, entry.default_args)


def routes():
    """Every GET route of the URL configuration that this harness counts."""
    return [route for route in walk(get_resolver()) if route.answers_get]


def variants(route):
    """[(key, language, {argument: value or None for a record's key}, query)]: what to
    request, the same keys on every archive (records are picked per archive)."""
    languages = [code for code, _name in settings.LANGUAGES] if route.localized else [None]
    choices = []
    for argument in route.arguments:
        if argument in ARGUMENTS:
            choices.append([(argument, value) for value in ARGUMENTS[argument](route)])
        else:
            choices.append([(argument, None)])
    found = []
    for language, arguments, query in itertools.product(
        languages, itertools.product(*choices), ["", *QUERIES.get(route.name, [])]
    ):
        fixed = ",".join(str(value) for _argument, value in arguments if value is not None)
        label = " ".join(
            filter(None, [route.name, fixed, language and f"[{language}]", query and f"?{query}"])
        )
        found.append((label, language, dict(arguments), query))
    return found


ROUTES = {route.name: route for route in routes()}
ADDRESSES = {
    label: (route, language, arguments, query)
    for route in ROUTES.values()
    for label, language, arguments, query in variants(route)
}


def richest(model, generated=True):
    """The public record with the most links shown, then the most related rows. Once the
    generator has run, one of its records: the larger archive gives it more of everything
    (the seed's records have shapes of their own, counted on the seed alone)."""
    links = [
        model._meta.get_field(link).attname
        for link in (*model.visibility.requires, *model.visibility.shows)
    ]
    kinds = set(content_models())
    related = Counter()
    for relation in model._meta.get_fields():
        if (relation.one_to_many or relation.many_to_many) and relation.related_model in kinds:
            rows = model._base_manager.values("pk").annotate(n=Count(relation.name))
            related.update({row["pk"]: row["n"] for row in rows})
    records = model.objects.public().order_by("pk")
    if generated:
        records = records.filter(**synthetic(model))
    return max(
        records,
        key=lambda record: (
            sum(getattr(record, link) is not None for link in links),
            related[record.pk],
        ),
    )


def address(route, language, arguments, query, records, generated):
    kwargs = {}
    for argument, value in arguments.items():
        if value is None:
            model = route.model
            assert model is not None, (
                f"{route.name}: no model for its <{argument}>: give the view a model, "
                "or the argument an entry in ARGUMENTS"
            )
            if model not in records:
                records[model] = richest(model, generated)
            value = getattr(records[model], argument)
        kwargs[argument] = value
    with translation.override(language or settings.LANGUAGE_CODE):
        path = reverse(route.name, kwargs=kwargs)
    bust = f"_budget={next(_bust)}"
    return f"{path}?{query}&{bust}" if query else f"{path}?{bust}"


def count_queries(client, path):
    cache.clear()  # the view's own queries, not a cached copy's
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == HTTPStatus.OK, (path, response.status_code)
    return sum(1 for query in queries if not re.match(r"\s*(RELEASE )?SAVEPOINT", query["sql"]))


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """{label: {"anonymous" | "editor": {size: (count, path)}}}, measured on each archive in
    one transaction, rolled back."""
    results = {label: {"anonymous": {}, "editor": {}} for label in ADDRESSES}
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_seed", verbosity=0)
        editor = get_user_model().objects.create_user(
            "budget-editor", "budget-editor@example.org", "a-long-test-passphrase", is_staff=True
        )
        editor.groups.add(Group.objects.get(name=EDITOR_GROUP))
        clients = {"anonymous": Client(), "editor": Client()}
        clients["editor"].force_login(editor)
        for size, statements in SIZES.items():
            if statements:
                call_command("generate_demo_data", statements=statements, seed=1, verbosity=0)
            records = {}
            for label, (route, language, arguments, query) in ADDRESSES.items():
                for who, client in clients.items():
                    path = address(route, language, arguments, query, records, statements > 0)
                    results[label][who][size] = (count_queries(client, path), path)
        transaction.set_rollback(True)
    cache.clear()
    return results


def test_every_address_has_a_budget():
    missing = sorted(set(ROUTES) - set(BUDGETS))
    assert not missing, (
        f"New addresses without a query budget: {missing}. Add each to BUDGETS in "
        "tests/test_query_budgets.py (the count this test reports for it, or fewer)."
    )
    stale = sorted(set(BUDGETS) - set(ROUTES))
    assert not stale, f"BUDGETS names addresses that no longer exist: {stale}"


def test_every_kind_of_address_is_counted():
    """The walk finds every kind's page, the API, feeds and sitemaps; not the admin."""
    for model in page_models():
        assert any(route.model is model for route in ROUTES.values()), model
    assert {"foundation:home", "sitemap", "api:statement-list", "api:statement-detail"} <= set(
        ROUTES
    )
    assert not any(name.startswith("admin:") or name == "set_language" for name in ROUTES)


def test_report_query_counts(measured):
    """Each address's counts, printed with -s (or on a failure), for budgets and notes."""
    for label, counts in measured.items():
        line = ", ".join(
            f"{who} " + "/".join(str(by_size[size][0]) for size in SIZES)
            for who, by_size in counts.items()
        )
        print(f"{label}: {line} (budget {BUDGETS.get(ADDRESSES[label][0].name)})")


@pytest.mark.parametrize("label", list(ADDRESSES))
def test_queries_do_not_grow_with_the_data(measured, label):
    route = ADDRESSES[label][0]
    budget = BUDGETS.get(route.name)
    assert budget is not None, f"{route.name}: add a budget to BUDGETS ({measured[label]})"
    limits = {
        "anonymous": budget,
        "editor": STAFF_BUDGETS.get(route.name, budget + STAFF_EXTRA),
    }
    for who, limit in limits.items():
        counts = {size: count for size, (count, _path) in measured[label][who].items()}
        paths = {size: path for size, (_count, path) in measured[label][who].items()}
        assert counts["small"] == counts["large"], f"{who}, {paths['large']}: {counts}"
        for size, count in counts.items():
            assert count <= limit, f"{who}, {paths[size]}: {count} queries, budget {limit}"


# --- One record far larger than any of the archive's -----------------------------------------


@pytest.fixture
def hub(db):
    """An organisation with 60 member organisations (its children too) and 300 statements
    made on its behalf: more than its page draws or lists in full."""
    hub = Organisation.objects.create(
        slug="hub", name="Hub Foundation", kind="foundation", status=Status.PUBLISHED
    )
    members = Organisation.objects.bulk_create(
        Organisation(
            slug=f"org-{i}", name=f"Org {i}", kind="company", status=Status.PUBLISHED, parent=hub
        )
        for i in range(60)
    )
    Membership.objects.bulk_create(
        Membership(
            slug=f"m-org-{i}",
            member_organisation=member,
            organisation=hub,
            role="board member",
            status=Status.PUBLISHED,
        )
        for i, member in enumerate(members)
    )
    Statement.objects.bulk_create(
        Statement(
            slug=f"statement-{i}",
            kind="claim",
            text=f"La fondation dit {i}",
            text_en=f"The foundation says {i}",
            on_behalf_of=hub,
            language="fr",
            status=Status.PUBLISHED,
            date=datetime.date(2022, 9, 12),
            date_precision="day",
        )
        for i in range(300)
    )
    return hub


@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_a_far_larger_record_fits_the_budget_and_shows_everything(client, editor, hub, who):
    if who == "editor":
        client.force_login(editor)
    with translation.override("en"):
        path = hub.get_absolute_url()
    budget = BUDGETS["foundation:organisation-detail"] + (STAFF_EXTRA if who == "editor" else 0)
    count = count_queries(client, path)
    assert count <= budget, f"{who}, {path}: {count} queries, budget {budget}"
    html = client.get(path).content.decode()
    assert "and 48 more, listed below" in html  # the diagram caps each group; the table lists all
    assert html.count('id="membership-m-org-') == 60
    # 300 statements on its behalf: the newest 20, then a link to all of them.
    assert html.count('class="quote-card') == 20
    assert "/en/statements/?organisation=hub" in html
