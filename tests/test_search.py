"""Search: every term, any case, any accent, both languages, drafts hidden, bounded queries."""

import datetime
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from foundation import search as search_module
from foundation.models import Event, Organisation, Person, Source, Statement, Status
from foundation.models.kinds import kind_name
from foundation.search import (
    INDEXED_TABLES,
    KINDS,
    TermsQuery,
    full_text_matching,
    matches,
    matching,
    portable_matching,
    search,
    terms_of,
    trigram_index,
)

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL only"
)
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the trigram index is SQLite's"
)


def slugs(results, kind):
    return [record.slug for record in results[kind]]


@pytest.fixture
def records(db):
    """A few records shaped like the seed's, built here so the test states what it needs."""
    published = Status.PUBLISHED
    linux = Organisation.objects.create(
        slug="linux-foundation",
        name_fr="Fondation Linux",
        name_en="Linux Foundation",
        other_names="Linux Fondation\nLF",
        kind=Organisation.Kind.FOUNDATION,
        status=published,
    )
    Organisation.objects.create(
        slug="pytorch-foundation",
        name_fr="Fondation PyTorch",
        name_en="PyTorch Foundation",
        kind=Organisation.Kind.FOUNDATION,
        parent=linux,
        status=published,
    )
    zemlin = Person.objects.create(
        slug="jim-zemlin",
        name="Jim Zemlin",
        sort_name="Zemlin, Jim",
        description_fr="Directeur exécutif de la Fondation Linux.",
        status=published,
    )
    Statement.objects.create(
        slug="zemlin-neutral-home-quote",
        kind=Statement.Kind.QUOTE,
        text_fr="La Fondation Linux offre un foyer de neutralité à PyTorch.",
        text_en="The Linux Foundation offers PyTorch a neutral home.",
        speaker=zemlin,
        language="fr",
        status=published,
    )
    Event.objects.create(
        slug="pytorch-initial-release",
        title_fr="Première version publique de PyTorch",
        title_en="PyTorch initial release",
        kind=Event.Kind.RELEASE,
        date=datetime.date(2017, 1, 1),
        date_precision="year",
        status=published,
    )
    Source.objects.create(
        slug="article-pytorch",
        title="PyTorch rejoint la Fondation Linux",
        language="fr",
        publisher="Le Monde Informatique",
        text="PyTorch rejoint la Fondation Linux.",
        status=published,
    )
    Organisation.objects.create(
        slug="secret-lab",
        name_fr="Laboratoire secret Linux",
        kind=Organisation.Kind.RESEARCH_LAB,
        status=Status.DRAFT,
    )


def test_query_terms_are_folded_words():
    assert terms_of("  Neutralité, «FONDATION»  l’IA  fondation ") == [
        "neutralite",
        "fondation",
        "l",
        "ia",
    ]
    assert terms_of("Cœur de Łódź, snake_case") == ["coeur", "de", "lodz", "snake", "case"]


@pytest.mark.parametrize(
    ("query", "kind", "slug"),
    [
        ("fondation linux", "organisations", "linux-foundation"),
        ("Linux Foundation", "organisations", "linux-foundation"),
        ("FONDATION pytorch", "organisations", "pytorch-foundation"),
        ("zemlin", "people", "jim-zemlin"),
        ("Zemlin", "people", "jim-zemlin"),
        ("neutralite", "statements", "zemlin-neutral-home-quote"),
        ("neutralité", "statements", "zemlin-neutral-home-quote"),
        ("neutral home", "statements", "zemlin-neutral-home-quote"),
        ("premiere version", "events", "pytorch-initial-release"),
        ("initial release", "events", "pytorch-initial-release"),
        ("monde informatique", "sources", "article-pytorch"),
    ],
)
def test_search_finds_records_whatever_the_case_accents_and_language(records, query, kind, slug):
    assert slug in slugs(search(query), kind)


def test_terms_match_whole_words_from_their_start(records):
    assert slugs(search("oundation"), "organisations") == []
    assert "linux-foundation" in slugs(search("fondations"), "organisations")


def test_every_term_must_match(records):
    results = search("linux release")
    assert all(not found for found in results.values())
    assert slugs(search("fondation pytorch"), "organisations") == ["pytorch-foundation"]


def test_drafts_are_found_by_editors_only(records, editor):
    assert "secret-lab" not in slugs(search("laboratoire secret"), "organisations")
    assert "secret-lab" in slugs(search("laboratoire secret", editor), "organisations")


def test_results_are_grouped_by_kind_in_page_order(records):
    assert list(search("linux")) == list(KINDS)
    assert list(search("")) == list(KINDS)


def test_the_kinds_searched_are_the_searchable_models(db):
    from foundation.models.kinds import searchable_models

    assert [kind.model for kind in KINDS.values()] == searchable_models()
    # Keys are the models' English plural names, whatever the active language.
    with translation.override("fr"):
        assert kind_name(Person) == "people"
    assert {"organisations", "people", "events", "statements", "sources"} == set(KINDS)


def test_results_page_headings_are_the_models_plural_names(client, records):
    html = client.get(reverse("foundation:search"), {"q": "linux"}).content.decode()
    assert '<h2 id="results-organisations">Organisations <span class="count">' in html


def test_limit_per_type_bounds_each_group(records):
    results = search("linux", limit_per_type=1)
    assert all(len(found) <= 1 for found in results.values())
    assert slugs(results, "organisations")


def test_empty_query_touches_no_database(records, django_assert_num_queries):
    with django_assert_num_queries(0):
        results = search("  ,;  ")
    assert all(not found for found in results.values())


def test_search_costs_one_query_per_kind(records, django_assert_num_queries):
    with django_assert_num_queries(len(KINDS)):
        results = search("linux pytorch")
        for statement in results["statements"]:
            assert statement.speaker.name


def test_letters_without_a_decomposition_fold_as_unaccent_does(records):
    Organisation.objects.create(
        slug="coeur-lodz",
        name_fr="Cœur numérique de Łódź",
        kind=Organisation.Kind.OTHER,
        status=Status.PUBLISHED,
    )
    assert slugs(search("coeur lodz"), "organisations") == ["coeur-lodz"]
    assert slugs(search("CŒUR Łódź"), "organisations") == ["coeur-lodz"]


def test_statements_of_a_draft_speaker_are_hidden_from_visitors(records, editor):
    Person.objects.filter(slug="jim-zemlin").update(status=Status.DRAFT)
    assert slugs(search("neutral home"), "statements") == []
    assert slugs(search("neutral home", editor), "statements") == ["zemlin-neutral-home-quote"]


@pytest.mark.parametrize(
    "query", ["", "   ", ",;!?", "«»", "x" * 10_000, "a\x00b", "\x00", "_", "a_b", "l'", "😀"]
)
def test_bad_queries_get_a_page_not_an_error(client, records, query):
    response = client.get(reverse("foundation:search"), {"q": query})
    assert response.status_code == HTTPStatus.OK


def test_matches_keeps_every_match_where_matching_ranks_the_first(records, monkeypatch):
    monkeypatch.setattr(search_module, "RANKED", 1)
    published = Organisation.objects.public()
    terms = terms_of("fondation")
    assert matches(published, terms).count() == 2
    assert matching(published, terms).count() == (1 if connection.vendor == "postgresql" else 2)


def test_edit_is_searchable_at_once(records):
    person = Person.objects.get(slug="jim-zemlin")
    person.name = "James Zemlin"
    person.save()
    assert slugs(search("james"), "people") == ["jim-zemlin"]


# What readers of the PyTorch article type, in both languages, and what each must find.
SEED_SEARCHES = [
    ("fondation linux", "organisations", "linux-foundation"),
    ("Linux Foundation", "organisations", "linux-foundation"),
    ("fondation pytorch", "organisations", "pytorch-foundation"),
    ("zemlin", "people", "jim-zemlin"),
    ("CHINTALA", "people", "soumith-chintala"),
    ("neutralite", "statements", "zemlin-neutrality-essential"),
    ("maison neutre", "statements", "zemlin-neutral-home-quote"),
    ("chercheurs", "people", "soumith-chintala"),
    ("version initiale", "events", "pytorch-initial-release"),
    ("kubernetes", "organisations", "kubernetes"),
]
MORE_SEED_QUERIES = [
    "pytorch",
    "meta ai",
    "premiere version",
    "initial release",
    "conseil d'administration",
    "governing board",
    "amazon web services",
    "2016",
    "contributeurs",
    "researchers",
    "neutral home",
    "ia",
    "ai",
    "deep learning",
    "developpement",
    "development",
    "directeur",
    "lfx",
    "gregory chanan",
]


# One test per list, not one per query: loading the seed dominates the time.
def test_seed_searches_find_their_records(seed):
    missing = [
        (query, slug)
        for query, kind, slug in SEED_SEARCHES
        if slug not in slugs(search(query), kind)
    ]
    assert missing == []


@on_postgresql
def test_full_text_and_portable_paths_agree_on_the_seed(seed):
    disagreements = []
    for query in [query for query, *_ in SEED_SEARCHES] + MORE_SEED_QUERIES:
        terms = terms_of(query)
        for model, *_ in KINDS.values():
            queryset = model.objects.all()
            full_text = {record.slug for record in full_text_matching(queryset, terms)}
            portable = {record.slug for record in portable_matching(queryset, terms)}
            if full_text != portable:
                disagreements.append((query, model.__name__, full_text ^ portable))
    assert disagreements == []


@on_postgresql
def test_full_text_ranks_closer_matches_first(records):
    Organisation.objects.create(
        slug="linux-linux",
        name_fr="Linux Linux Linux",
        kind=Organisation.Kind.OTHER,
        status=Status.PUBLISHED,
    )
    assert slugs(search("linux"), "organisations")[0] == "linux-linux"


@on_postgresql
def test_gin_indexes_take_every_write_directly(db):
    # With fastupdate, writes wait in a pending list that every search reads row by row.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relname = ANY(%s) "
            "AND 'fastupdate=off' = ANY(reloptions)",
            [[f"{table}_search_vector" for table in INDEXED_TABLES]],
        )
        assert len(cursor.fetchall()) == len(INDEXED_TABLES)


@on_postgresql
def test_a_term_both_languages_stem_alike_is_looked_up_once(db):
    for terms, expected in [(["linux"], "'linux':*"), (["fondation"], "'fondat':*")]:
        sql, params = TermsQuery(terms).as_sql(None, connection)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {sql}::text", params)
            assert cursor.fetchone()[0] == expected


@on_postgresql
def test_full_text_uses_the_gin_index(records):
    terms = terms_of("fondation linux")
    queryset = full_text_matching(Statement.objects.all(), terms)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "foundation_statement_search_vector" in plan


@on_sqlite
def test_every_searchable_table_has_its_trigram_index_and_triggers(db):
    # A migration that rebuilds one of these tables on SQLite drops its triggers: search still
    # answers right (without the index) but slowly, until trigram_index_sql runs again.
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master")
        names = {name for (name,) in cursor.fetchall()}
    for table in INDEXED_TABLES:
        assert f"search_{table}" in names
        assert {f"search_{table}_{event}" for event in ("insert", "update", "delete")} <= names


@on_sqlite
def test_sqlite_search_reads_the_trigram_index(records):
    with CaptureQueriesContext(connection) as queries:
        search("fondation linux")
    assert all("MATCH" in query["sql"] for query in queries.captured_queries)
    assert trigram_index(Organisation.objects.all()) == "search_foundation_organisation"


def test_search_index_is_current_after_bulk_writes(records):
    # PostgreSQL's generated vector and SQLite's trigram index both see writes that skip
    # Django's signals.
    Organisation.objects.bulk_create(
        [
            Organisation(
                slug="bulk-org",
                name_fr="Organisation de masse",
                kind=Organisation.Kind.OTHER,
                status=Status.PUBLISHED,
                search_text="organisation de masse",
            )
        ]
    )
    assert slugs(search("masse"), "organisations") == ["bulk-org"]
    Organisation.objects.filter(slug="bulk-org").update(search_text="renamed body")
    assert slugs(search("renamed"), "organisations") == ["bulk-org"]
    assert slugs(search("masse"), "organisations") == []
    Organisation.objects.filter(slug="bulk-org").delete()
    assert slugs(search("renamed"), "organisations") == []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO search_foundation_organisation(search_foundation_organisation) "
                "VALUES ('integrity-check')"
            )


@on_sqlite
def test_trigram_index_changes_no_result_on_the_seed(seed, monkeypatch):
    queries = [query for query, *_ in SEED_SEARCHES] + MORE_SEED_QUERIES + ["l'ia", "a_b"]

    def found():
        return {
            (query, model.__name__): [
                record.slug for record in portable_matching(model.objects.all(), terms_of(query))
            ]
            for query in queries
            for model, *_ in KINDS.values()
        }

    with_index = found()
    monkeypatch.setattr(search_module, "trigram_index", lambda queryset: None)
    assert found() == with_index
    assert any(with_index.values())


@pytest.mark.parametrize("language", ["fr", "en"])
def test_results_page_loads_no_field_record_by_record(client, seed, editor, language):
    # The records carry only what a list of results shows (Kind.shown): a field the page
    # reads beyond those would cost one query per record.
    with translation.override(language):
        address = reverse("foundation:search")

    def queries(query):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(address, {"q": query})
        assert response.status_code == HTTPStatus.OK
        return len(captured.captured_queries)

    nothing = queries("zzyzx")
    # Every kind has results here; the figures of the quote cards are one more query.
    assert all(search("pytorch").values())
    assert queries("pytorch") <= nothing + 1
    client.force_login(editor)
    assert queries("pytorch") <= queries("zzyzx") + 1
