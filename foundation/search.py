"""Search across every kind of record, one bounded query per kind.

`search("fondation linux", user)` returns the visible records whose folded text holds every
term, grouped by kind. Both paths compare folded text (foundation.text.fold: case, accents,
ligatures and apostrophes), so "neutralite" finds "neutralité" and "FONDATION" finds "Fondation".
The rule: each term is stemmed in French and in English (Snowball), and a record matches when,
for every term, a word of its folded text starts with one of the term's stems.

- PostgreSQL: full-text search over a stored tsvector column (French and English stemming of
  the folded text, migration 0002) with a GIN index that every write updates directly
  (migration 0007). Each term is a prefix query in both languages, so "fondation" also finds
  "fondations". The first RANKED matches the index yields are ranked with ts_rank.
- SQLite: a trigram index (FTS5, migration 0007, kept current by triggers on every write)
  narrows the rows to those that hold every term's letters, and the rule runs on those rows
  only, so the index changes no result. A term with a stem under three letters ("ia") is not
  narrowed: alone, it reads every row. Records come in the model's default order.
- Any other database: the same rule without an index.
"""

import difflib
import re
import uuid
from functools import cache
from typing import NamedTuple

import snowballstemmer
from django.core.cache import caches
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    FloatField,
    Func,
    IntegerField,
    Lookup,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from foundation.caching.version import content_timeout, content_version, remembered
from foundation.models import Organisation, Person, Statement
from foundation.models.kinds import kind_name, searchable_models
from foundation.models.visibility import audience
from foundation.search_index import TRIGGERS, indexed_tables
from foundation.text import french_typography, search_fold


class Kind(NamedTuple):
    model: type
    # Read with the records (select_related), and the only fields a list of results shows.
    related: tuple[str, ...]
    shown: tuple[str, ...]


# A results page shows statements as quote cards (includes/statement_card.html): what a card
# reads from a statement and its people, and the names that say why it matched (explain).
STATEMENT_CARD = (
    *("slug", "status", "kind", "text", "medium", "date", "date_precision"),
    *("language", "original_language", "rendered_by", "inferences"),
    *("speaker__slug", "speaker__name"),
    *("on_behalf_of__slug", "on_behalf_of__name", "on_behalf_of__french_article"),
)
# The field that names a record (its str()), the first of these it has.
NAME_FIELDS = ("name", "title")


def kind_of(model):
    """How a list of results reads records of `model` (see Kind)."""
    if model is Statement:
        related = Statement.search_related
        names = [
            f"{link}__{name}"
            for link in related
            for name in Statement._meta.get_field(link).related_model.name_fields
        ]
        return Kind(model, related, (*STATEMENT_CARD, *search_fields_of(model), *names))
    fields = {field.name for field in model._meta.concrete_fields}
    name = next(field for field in NAME_FIELDS if field in fields)
    # A source's title is marked with its language (lang=…).
    language = ("language",) if "language" in fields else ()
    return Kind(model, (), ("slug", "status", name, *language, *search_fields_of(model)))


def search_fields_of(model):
    return dict.fromkeys((*model.name_fields, *model.search_fields))


# Every searchable kind (foundation.models.kinds), in the order a results page shows them.
KINDS = {kind_name(model): kind_of(model) for model in searchable_models()}
DEFAULT_LIMIT = 20
# Longer queries are cut: a search box is not a document.
MAX_TERMS = 8
# PostgreSQL ranks at most this many matches per kind (see full_text_matching).
RANKED = 1000
# Letters and digits: "_" separates words, as in PostgreSQL's parser ("a_b" is a and b).
_WORD = re.compile(r"[^\W_]+")


def terms_of(query):
    """The folded words of a query, deduplicated, in order, at most MAX_TERMS ("2 400" is
    one word, "2400", as in the stored search text)."""
    words = _WORD.findall(search_fold(query or ""))
    return list(dict.fromkeys(words))[:MAX_TERMS]


def search(query, user=None, limit_per_type=DEFAULT_LIMIT, *, using=None):
    """Records visible to `user` matching every term of `query`, grouped by kind.

    Returns a dict whose keys are KINDS' keys, the kind the query names first (see
    named_kinds_first), and whose values are lists of model instances, at most
    `limit_per_type` each, holding the fields a list of results shows (Kind.shown; others
    load on access). Exact name matches come first (named_first: the
    person or organisation the query names, and what they said), then the best matches (see
    matching). An empty query returns empty lists without touching the database.
    """
    terms = terms_of(query)
    results = {kind: [] for kind in KINDS}
    if not terms or limit_per_type <= 0:
        return results
    named = exact_names(terms, user, using=using)
    for kind, (model, related, shown) in KINDS.items():
        queryset = model.objects.visible_to(user)
        if using is not None:
            queryset = queryset.using(using)
        queryset = queryset.select_related(*related).only(*shown)
        results[kind] = list(named_first(matching(queryset, terms), named)[:limit_per_type])
    return named_kinds_first(results, named)


def named_kinds_first(results, named):
    """`results` with the kind of the record the query names first ("zemlin": people), then
    the kinds linked to it (his statements), then the others, each in KINDS' order."""

    def rank(kind):
        model = KINDS[kind].model
        if named.get(model):
            return 0
        return 1 if any(named.get(target) for target in NAMED_LINKS.get(model, {}).values()) else 2

    return {kind: results[kind] for kind in sorted(results, key=rank)}


def matching(queryset, terms):
    """The queryset narrowed to records holding every term, best first.

    On PostgreSQL, ranked, and only the first RANKED matches are kept (full_text_matching):
    this shows the best matches, it does not count or page through all of them. Elsewhere,
    every match, in the model's default order.
    """
    if uses_full_text(queryset.db):
        return full_text_matching(queryset, terms)
    return portable_matching(queryset, terms)


def matches(queryset, terms):
    """Every record holding every term, in the queryset's own order: what a list that counts
    and pages through the matches needs (the API's ?search=), where matching() ranks a few."""
    if uses_full_text(queryset.db):
        return queryset.filter(Matches(TermsQuery(terms)))
    return portable_matching(queryset, terms)


def uses_full_text(alias):
    return connections[alias].vendor == "postgresql"


@cache
def _stemmers():
    return snowballstemmer.stemmer("french"), snowballstemmer.stemmer("english")


@cache
def stems(term):
    """The French and English stems of a term, without one that the other already prefixes."""
    found = sorted({stemmer.stemWord(term) or term for stemmer in _stemmers()}, key=len)
    # A tuple: the result is cached and shared.
    return tuple(
        stem for i, stem in enumerate(found) if not any(stem.startswith(s) for s in found[:i])
    )


# --- Names: exact matches first, typo suggestions

# The kinds whose names are names (not titles): a query that names one of them exactly finds
# it, and what it said or said on its behalf, first; their words are what a typo is checked
# against.
NAMED_MODELS = (Person, Organisation)
# Whose records' named link makes them exact matches: a statement's speaker or organisation.
NAMED_LINKS = {Statement: {"speaker": Person, "on_behalf_of": Organisation}}
# How close a word must be to a known name's to be suggested (difflib's ratio, 0 to 1).
SUGGESTION_CUTOFF = 0.8


def name_directory(user, using=None):
    """What exact matches and suggestions read, for the names `user` may see: the folded words
    of each visible name (postings: word → {(model label, pk, name)}) and the spelling of
    each word as written. Built once per content version and audience (a write changes the
    version), so a search reads no name table."""
    seen = "-".join(
        "".join("1" if drafts else "0" for drafts in audience(model, user))
        for model in NAMED_MODELS
    )
    key = f"search-names:{using or 'default'}:{content_version(using)}:{seen}"

    def build():
        postings, spelling = {}, {}
        for model in NAMED_MODELS:
            queryset = model.objects.visible_to(user)
            if using is not None:
                queryset = queryset.using(using)
            for pk, *values in queryset.values_list("pk", *model.name_fields):
                record = model(**dict(zip(model.name_fields, values, strict=True)))
                for index, name in enumerate(record.names()):
                    for word in _WORD.findall(name):
                        folded = search_fold(word)
                        spelling.setdefault(folded, word)
                        postings.setdefault(folded, set()).add((model._meta.label, pk, index))
        return postings, spelling

    # Kept in this process too, as the shared cache hands back a copy to unpickle per search;
    # the copy is trusted only while the shared cache holds the token it was kept under, so
    # clearing the shared cache clears it in every process too.
    shared = caches["default"]
    token = shared.get(f"{key}:token")
    directory = _DIRECTORIES.get((key, token)) if token is not None else None
    if directory is None:
        directory = remembered(key, build)
        if token is None:
            token = uuid.uuid4().hex
            shared.set(f"{key}:token", token, content_timeout())
        if len(_DIRECTORIES) >= 8:
            _DIRECTORIES.clear()
        _DIRECTORIES[(key, token)] = directory
    return directory


# name_directory's entries this process read, by key and token.
_DIRECTORIES = {}


def exact_names(terms, user, *, using=None):
    """{model: {pk}} of the visible people and organisations one of whose names holds every
    term as a whole word ("zemlin" and "Jim Zemlin" name Jim Zemlin; "zem" does not)."""
    postings, _spelling = name_directory(user, using)
    found = None
    for term in terms:
        entries = postings.get(term, set())
        found = entries if found is None else found & entries
        if not found:
            return {}
    named = {}
    for label, pk, _index in found:
        named.setdefault(label, set()).add(pk)
    return {model: named[model._meta.label] for model in NAMED_MODELS if model._meta.label in named}


def named_condition(model, named):
    """The records of `model` the query names exactly (themselves, or through a link), or None."""
    condition = Q()
    if named.get(model):
        condition |= Q(pk__in=named[model])
    for link, target in NAMED_LINKS.get(model, {}).items():
        if named.get(target):
            condition |= Q(**{f"{link}__in": named[target]})
    return condition or None


def named_first(queryset, named):
    """`queryset` with the records the query names exactly (`exact_names`) first, each part in
    the queryset's own order (its ranking on PostgreSQL). One query still: the matches are
    sorted anyway, and the names only add a first key."""
    condition = named_condition(queryset.model, named)
    if condition is None:
        return queryset
    first = Case(When(condition, then=Value(0)), default=Value(1), output_field=IntegerField())
    return queryset.order_by(first, *(queryset.query.order_by or queryset.model._meta.ordering))


def suggest(query, user=None, *, using=None):
    """The query with each word that is no known name's replaced by the nearest known name's
    word ("Chintalla" → "Chintala"), or None when no word has a near one or a word has none."""
    postings, spelling = name_directory(user, using)
    words, changed = [], False
    for term in terms_of(query):
        near = None
        if term not in postings and not term.isdigit():
            candidates = [word for word in spelling if abs(len(word) - len(term)) <= 2]
            near = difflib.get_close_matches(term, candidates, n=1, cutoff=SUGGESTION_CUTOFF)
        if near:
            words.append(spelling[near[0]])
            changed = True
        elif term not in postings and not term.isdigit():
            # A word near no known name: a suggestion keeping it would find nothing either.
            return None
        else:
            words.append(spelling.get(term, term))
    return " ".join(words) if changed else None


# --- Why each record matched, and its words marked

# Grouped numbers ("2 400", "2,400", with any space) are one word, as search_fold reads them.
_SHOWN_WORD = re.compile(r"\d{1,3}(?:[ ,'’\u00a0\u202f\u2009]\d{3})+(?!\d)|[^\W_]+")
SNIPPET_WORDS = 40


def term_stems(terms):
    """Every stem a word may start with to match one of the terms."""
    return tuple(dict.fromkeys(stem for term in terms for stem in stems(term)))


def folded_words_match(folded, wanted):
    """Whether a word of already folded text starts with one of the stems (the search rule)."""
    return any(word.startswith(wanted) for word in _WORD.findall(folded))


def highlight(text, wanted, *, window=SNIPPET_WORDS):
    """`text`, HTML-escaped, with the words that start with one of the stems `wanted` in <mark>,
    cut to `window` words around the first (… where cut). The text is editors' text: only <mark>
    is markup."""
    text = str(text or "")
    words = list(_SHOWN_WORD.finditer(text))
    marked = [word for word in words if folded_words_match(search_fold(word[0]), wanted)]
    start, end = 0, len(text)
    if len(words) > window:
        first = words.index(marked[0]) if marked else 0
        low = max(0, first - window // 4)
        high = min(len(words), low + window)
        start = words[low].start() if low else 0
        end = words[high - 1].end() if high < len(words) else len(text)
    parts, position = ["…" if start else ""], start
    for word in marked:
        if word.start() < start or word.end() > end:
            continue
        parts.append(escape(text[position : word.start()]))
        parts.append(f"<mark>{escape(word[0])}</mark>")
        position = word.end()
    parts.append(escape(text[position:end]))
    parts.append("…" if end < len(text) else "")
    return mark_safe("".join(parts))


def matched_in(text, wanted):
    """Whether a word of `text` starts with one of the stems `wanted`."""
    return bool(text) and folded_words_match(search_fold(str(text)), wanted)


# What each field is called in "matched: …", per field of a record and of its linked records.
FIELD_LABELS = {
    "name": _("name"),
    "name_fr": _("name"),
    "name_en": _("name"),
    "title": _("title"),
    "title_fr": _("title"),
    "title_en": _("title"),
    "other_names": _("other name"),
    "publisher": _("publisher"),
    "slug": _("address"),
    "text_fr": _("text"),
    "text_en": _("text"),
    "description_fr": _("description"),
    "description_en": _("description"),
}
LINK_LABELS = {
    "speaker": {"name": _("speaker's name"), "other_names": _("speaker's other name")},
    "on_behalf_of": {
        "name_fr": _("organisation's name"),
        "name_en": _("organisation's name"),
        "other_names": _("organisation's other name"),
    },
    "event": {"title_fr": _("event's title"), "title_en": _("event's title")},
}


def explain(results, query):
    """Say why each record of `search`'s results matched, for a results page. Sets on each
    record `match_reasons` (labels such as "speaker's name", each once), `snippet` (a
    statement's words, or the text other than its name that matched, with the matched words
    in <mark>, or "") and, but on statements, `marked_name` (its name, marked likewise). All
    escaped: only <mark> is markup."""
    wanted = term_stems(terms_of(query))
    for records in results.values():
        for record in records:
            reasons = []
            for name in search_fields_of(type(record)):
                if name in FIELD_LABELS and matched_in(getattr(record, name, ""), wanted):
                    reasons.append(FIELD_LABELS[name])
            for link in record.search_related:
                linked = getattr(record, link)
                if linked is None:
                    continue
                for name, label in LINK_LABELS[link].items():
                    if matched_in(getattr(linked, name, ""), wanted):
                        reasons.append(label)
            # The address (slug) repeats the name: a reason only when nothing else matched.
            shown = [reason for reason in reasons if reason is not FIELD_LABELS["slug"]]
            record.match_reasons = list(dict.fromkeys(shown or reasons))
            if not isinstance(record, Statement):  # a quote card shows no name of its own
                record.marked_name = highlight(str(record), wanted, window=len(str(record)))
            record.snippet = highlight(snippet_text(record, wanted), wanted)
    return results


def snippet_text(record, wanted):
    """A statement's words (in the page's language), or the first text of a record other than
    its names that holds a match."""
    if isinstance(record, Statement):
        return record.text
    named = {*NAME_FIELDS, *record.name_fields, "slug"}
    # The page's language only: a match in the other language's text is a reason, no snippet.
    other = "_en" if (get_language() or "fr").startswith("fr") else "_fr"
    for name in search_fields_of(type(record)):
        value = getattr(record, name, None)
        if name in named or name.endswith(other):
            continue
        if value and matched_in(value, wanted):
            # Editors' French is shown as French is written, as on the record's page (|typeset).
            return french_typography(value) if name.endswith("_fr") else value
    return ""


# --- Every database but PostgreSQL: the rule itself, narrowed by an index where there is one


def portable_matching(queryset, terms):
    term_stems = [stems(term) for term in terms]
    conditions = []
    # Terms whose stems all have three letters or more are narrowed by the trigram index,
    # the others by a substring test; the word starts are checked last, on the rows left.
    index = trigram_index(queryset)
    indexed = [each for each in term_stems if index and min(map(len, each)) >= 3]
    if indexed:
        rows = f"SELECT rowid FROM {index} WHERE {index} MATCH %s"
        conditions.append(Q(pk__in=RawSQL(rows, [trigram_query(indexed)])))
    for alternatives in term_stems:
        if alternatives not in indexed:
            narrow = Q()
            for stem in alternatives:
                narrow |= Q(search_text__contains=stem)
            conditions.append(narrow)
    conditions.extend(word_start(queryset, alternatives) for alternatives in term_stems)
    return queryset.filter(*conditions)


def word_start(queryset, alternatives):
    """A word of search_text starts with one of the stems (a word starts the text or follows
    a character other than a-z and 0-9)."""
    if connections[queryset.db].vendor == "sqlite":
        # GLOB runs in C, REGEXP calls Python once per row: GLOB is several times cheaper
        # on the rows the trigram index leaves. The same rule.
        starts = Q()
        for stem in alternatives:
            starts |= Glob(F("search_text"), f"{stem}*")
            starts |= Glob(F("search_text"), f"*[^a-z0-9]{stem}*")
        return starts
    # This syntax means the same in PostgreSQL's and MySQL's regular expressions.
    return Q(search_text__regex="(^|[^a-z0-9])(" + "|".join(alternatives) + ")")


class Glob(Lookup):
    """SQLite's case-sensitive GLOB pattern match (stems hold no *, ? or [)."""

    lookup_name = "glob"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} GLOB {rhs}", [*lhs_params, *rhs_params]


def trigram_query(term_stems):
    """An FTS5 query that every record holding the stems matches (and a few more, which the
    rule then drops): each term needs all the trigrams of one of its stems (of three letters
    or more: the index holds nothing shorter)."""
    clauses = []
    for alternatives in term_stems:
        grams = [
            " ".join(dict.fromkeys(f'"{stem[i : i + 3]}"' for i in range(len(stem) - 2)))
            for stem in alternatives
        ]
        clauses.append("(" + " OR ".join(f"({gram})" for gram in grams) + ")")
    return " AND ".join(clauses)


# SQLite tables whose search_text has a trigram index, named search_<table>: not
# foundation_<...>, which foundation.caching would give content-version triggers (a virtual
# table takes none).
INDEXED_TABLES = tuple(indexed_tables())


def trigram_index(queryset):
    """The FTS5 table indexing this queryset's search_text, or None where there is none.

    Used only with all its triggers in place: without them it could be stale, and the rule
    alone (slower) is still right.
    """
    connection = connections[queryset.db]
    table = queryset.model._meta.db_table
    if connection.vendor != "sqlite" or table not in INDEXED_TABLES:
        return None
    connection.ensure_connection()
    # Looked up once per connection, on the driver's own cursor: not a query of the request.
    raw = connection.connection
    known = getattr(connection, "_foundation_trigram_indexes", None)
    if known is None or known[0] is not raw:
        found = {name for (name,) in raw.execute("SELECT name FROM sqlite_master")}
        complete = {
            name
            for name in INDEXED_TABLES
            if {f"search_{name}", *(f"search_{name}_{event}" for event in TRIGGERS)} <= found
        }
        known = (raw, complete)
        connection._foundation_trigram_indexes = known
    return f"search_{table}" if table in known[1] else None


# --- PostgreSQL: full-text search


def full_text_matching(queryset, terms):
    query = TermsQuery(terms)
    # Ranking reads every match's vector, so a common word's many matches are slow to rank.
    # Only the first RANKED matches the GIN index yields are ranked, which bounds the cost;
    # queries with fewer matches (nearly all real ones) are ranked exactly.
    candidates = queryset.order_by().filter(Matches(query)).values("pk")[:RANKED]
    return (
        queryset.filter(pk__in=candidates)
        .annotate(search_rank=Rank(query))
        .order_by("-search_rank", *queryset.model._meta.ordering, "pk")
    )


class TermsQuery(Expression):
    """The tsquery of every term, each a word prefix through its French or English stem.

    When both languages stem a term alike the stem is looked up once, not twice (half the
    index work). PostgreSQL folds this into a constant when planning. Terms are letters and
    digits only (terms_of), so they cannot be tsquery syntax.
    """

    output_field = TextField()

    def __init__(self, terms):
        super().__init__()
        self.terms = tuple(terms)

    def as_sql(self, compiler, connection):
        french, english = (
            "to_tsquery('french'::regconfig, %s)",
            "to_tsquery('english'::regconfig, %s)",
        )
        either = f"CASE WHEN {french} = {english} THEN {french} ELSE {french} || {english} END"
        sql = " && ".join(f"({either})" for _ in self.terms)
        return f"({sql})", [f"{term}:*" for term in self.terms for _ in range(5)]


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


def search_vector():
    return UnmappedColumn("search_vector", TextField())


class Matches(Func):
    """search_vector @@ query, which the GIN index answers."""

    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()

    def __init__(self, query):
        super().__init__(search_vector(), query)


class Rank(Func):
    function = "ts_rank"
    output_field = FloatField()

    def __init__(self, query):
        super().__init__(search_vector(), query)
