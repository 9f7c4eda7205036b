"""Search across every kind of record, one bounded query per kind.

`search("fondation linux", user)` returns the visible records whose folded text holds every
term, grouped by kind. Both paths compare folded text (foundation.text.fold: case, accents and
apostrophes), so "neutralite" finds "neutralité" and "FONDATION" finds "Fondation":

- PostgreSQL: full-text search over a stored tsvector column (French and English stemming of
  the folded text, see migration 0002_search_vectors), GIN-indexed, ranked with ts_rank. A term
  matches as a word prefix in either language, so "fondation" also finds "fondations".
- Any other database (SQLite): the same rule without an index. Each term is stemmed with the
  same Snowball stemmers PostgreSQL uses, and a record matches when a word of its folded text
  starts with the French or the English stem; records come in the model's default order.
  A cheap LIKE narrows the rows before the word-start regex runs on the survivors.
"""

import re
from functools import cache

import snowballstemmer
from django.db import connections
from django.db.models import Expression, Q

from foundation.models import Event, Organisation, Person, Source, Statement
from foundation.text import fold

# The kinds in the order a results page shows them, with how each one is read.
KINDS = {
    "organisations": (Organisation, ()),
    "people": (Person, ()),
    "events": (Event, ()),
    "statements": (Statement, ("speaker", "on_behalf_of", "event")),
    "sources": (Source, ()),
}
DEFAULT_LIMIT = 20
# Longer queries are cut: a search box is not a document.
MAX_TERMS = 8
# PostgreSQL ranks at most this many matches per kind (see full_text_matching).
RANKED = 1000
_WORD = re.compile(r"\w+")


def terms_of(query):
    """The folded words of a query, deduplicated, in order, at most MAX_TERMS."""
    words = _WORD.findall(fold(query or ""))
    return list(dict.fromkeys(words))[:MAX_TERMS]


def search(query, user=None, limit_per_type=DEFAULT_LIMIT, *, using=None):
    """Records visible to `user` matching every term of `query`, grouped by kind.

    Returns a dict whose keys are KINDS' keys in order and whose values are lists of model
    instances, best match first, at most `limit_per_type` each. An empty query returns empty
    lists without touching the database.
    """
    terms = terms_of(query)
    results = {}
    for kind, (model, related) in KINDS.items():
        if not terms or limit_per_type <= 0:
            results[kind] = []
            continue
        queryset = model.objects.visible_to(user)
        if using is not None:
            queryset = queryset.using(using)
        if related:
            queryset = queryset.select_related(*related)
        results[kind] = list(matching(queryset, terms)[:limit_per_type])
    return results


def matching(queryset, terms):
    """The queryset narrowed to records holding every term, best first."""
    if uses_full_text(queryset.db):
        return full_text_matching(queryset, terms)
    return portable_matching(queryset, terms)


def uses_full_text(alias):
    return connections[alias].vendor == "postgresql"


@cache
def _stemmers():
    return snowballstemmer.stemmer("french"), snowballstemmer.stemmer("english")


def stems(term):
    """The French and English stems of a term, without one that the other already prefixes."""
    found = sorted({stemmer.stemWord(term) or term for stemmer in _stemmers()}, key=len)
    return [stem for i, stem in enumerate(found) if not any(stem.startswith(s) for s in found[:i])]


def portable_matching(queryset, terms):
    for term in terms:
        term_stems = stems(term)
        narrow = Q()
        for stem in term_stems:
            narrow |= Q(search_text__contains=stem)
        # A word starts at the beginning or after a non-alphanumeric character; this syntax
        # means the same in Python's re (SQLite), PostgreSQL and MySQL regular expressions.
        word_start = "(^|[^a-z0-9])(" + "|".join(term_stems) + ")"
        queryset = queryset.filter(narrow).filter(search_text__regex=word_start)
    return queryset


def tsquery_text(terms):
    """A to_tsquery() string: every term, each as a word prefix. Terms are \\w+ only: safe."""
    return " & ".join(f"{term}:*" for term in terms)


def full_text_matching(queryset, terms):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField

    vector = UnmappedColumn("search_vector", SearchVectorField())
    # Each term may match through either stemmer; every term must match.
    query = None
    for term in terms:
        either = SearchQuery(f"{term}:*", config="french", search_type="raw") | SearchQuery(
            f"{term}:*", config="english", search_type="raw"
        )
        query = either if query is None else query & either
    matches = queryset.annotate(search_document=vector).filter(search_document=query)
    # Ranking reads every match's vector: 10,000 matches of a common word cost ~100 ms.
    # Only the first RANKED matches the GIN index yields are ranked, which bounds the cost;
    # queries with fewer matches (nearly all real ones) are ranked exactly.
    candidates = matches.order_by().values("pk")[:RANKED]
    return (
        queryset.filter(pk__in=candidates)
        .annotate(search_rank=SearchRank(vector, query))
        .order_by("-search_rank", *queryset.model._meta.ordering, "pk")
    )


class UnmappedColumn(Expression):
    """A column of the query's own table that the model does not declare (search_vector).

    Unlike RawSQL with a table name, it follows the table's alias into subqueries (U0).
    """

    def __init__(self, column, output_field):
        super().__init__(output_field=output_field)
        self.column, self.alias = column, None

    def resolve_expression(self, query=None, *args, **kwargs):
        clone = self.copy()
        clone.alias = query.get_initial_alias()
        return clone

    def relabeled_clone(self, change_map):
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def get_group_by_cols(self):
        return [self]

    def as_sql(self, compiler, connection):
        quote = compiler.quote_name_unless_alias
        return f"{quote(self.alias)}.{connection.ops.quote_name(self.column)}", []
