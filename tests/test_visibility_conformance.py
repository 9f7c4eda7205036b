"""Conformance: no public address shows a hidden record, whatever surface is added later.

The world (tests/hidden_world.py) puts, on top of the seed, every kind of link to a record an
anonymous visitor may not see, each hidden record marked "hiddenmarker…". The addresses are not
listed here: they are enumerated from the URL configuration (both languages), every address
with a record in it instantiated for every record of its view's model, visible (200) and hidden
(404, the same answer as for an unknown record); the API's filters that can name a record are
asked for each hidden one (the same answer as for an unknown value); the pages' own GET forms
and filter links likewise; then every link of every answer is followed once.

Last, the hidden records are erased (links to them emptied by queryset updates, then deleted)
and every page fetched again: each must answer exactly as before, since a hidden link is to be
shown as absent, with no label, gap or count left behind.

The test fails with the whole list of what it found, not the first, one line per finding:
LEAK (a marker or a hidden passage's anchor, id or API URL in the answer), DIFFERS (a hidden
record asked for answers otherwise than an unknown one, or a page differs from the same page
without the hidden records), BROKEN (a link on our site that does not answer 200), ERROR (a
500), COUNT (an API list counting hidden records), RULE (the models' public() itself), UNTESTED
(an address the test could not make up and no link reached).
"""

import csv
import io
import json
import logging
import re
from collections import defaultdict, deque
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import django_filters
import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.signals import request_finished
from django.db import close_old_connections
from django.db.models import ForeignKey
from django.test import Client, RequestFactory
from django.urls import Resolver404, URLResolver, get_resolver, resolve, reverse
from django.utils import translation
from django.views.generic.list import MultipleObjectMixin

from foundation.models.kinds import content_models, record_models
from tests.hidden_world import MARKER, MARKER_WORD, build_hidden_world, erase_hidden

HOST = "testserver"
UNKNOWN = {"slug": "conformance-unknown-record", "pk": "2147480000", "text": "conformancenothing"}
# URL arguments that name a record: instantiated for every record of the view's model.
LOOKUPS = ("slug", "pk")
SEEDED = "the URL configuration"
API_PAGE_SIZE = 2
MAX_ADDRESSES = 6000

ABSOLUTE_URL = re.compile(rf"https?://{HOST}(?::\d+)?[^\s\"'<>\\{{}}]*")
XML_LINK = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>|\bhref=\"([^\"]+)\"")
NONCE = re.compile(r'nonce="[^"]*"')
# A CSRF token (a form's hidden field, the API docs' script): new for every visitor.
CSRF = re.compile(r"""(csrf[^"']*["'][^"']{0,20}["'])[A-Za-z0-9]{32,64}""", re.IGNORECASE)


@dataclass
class Answer:
    status: int
    content_type: str = ""
    text: str = ""
    location: str = ""
    error: str = ""


class Page(HTMLParser):
    """The links of an HTML page, and its GET forms' fields with their offered values."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.links, self.forms = [], []
        self._form = self._select = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        self.links += [attrs[name] for name in ("href", "src") if attrs.get(name)]
        if tag == "form":
            self._form = {"action": attrs.get("action", ""), "fields": {}}
            if attrs.get("method", "get").lower() == "get":
                self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "select", "textarea"):
            if not attrs.get("name"):
                return
            kind = "select" if tag == "select" else attrs.get("type", "text").lower()
            fields = self._form["fields"]
            field = fields.setdefault(attrs["name"], {"kind": kind, "options": []})
            if tag == "select":
                self._select = field
            elif attrs.get("value"):
                field["options"].append(attrs["value"])
        elif tag == "option" and self._select is not None and attrs.get("value"):
            self._select["options"].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


class Report:
    def __init__(self):
        self.leaks = defaultdict(set)  # address -> markers
        self.other = set()

    def leak(self, address, what):
        self.leaks[address].add(what)

    def problem(self, kind, address, detail):
        self.other.add((kind, address, detail))

    def __bool__(self):
        return bool(self.leaks or self.other)

    def render(self, fetched):
        """One line per path, kind and finding; the queries that found it counted."""
        groups = defaultdict(list)
        for address, what in self.leaks.items():
            path, _, query = address.partition("?")
            groups[("LEAK", path, ", ".join(sorted(what)))].append(query)
        for kind, address, detail in self.other:
            path, _, query = address.partition("?")
            groups[(kind, path, detail)].append(query)
        lines = [
            f"{sum(map(len, self.leaks.values()))} leaks on {len(self.leaks)} addresses and "
            f"{len(self.other)} other problems, among {fetched} addresses fetched anonymously:"
        ]
        for (kind, path, detail), queries in sorted(groups.items()):
            queries = sorted(queries)
            if queries == [""]:
                where = path
            elif len(queries) == 1:
                where = f"{path}?{queries[0]}"
            else:
                shown = " ".join(f"?{q}" if q else "(bare)" for q in queries[:3])
                more = f" …{len(queries) - 3} more" if len(queries) > 3 else ""
                where = f"{path} [{len(queries)} addresses: {shown}{more}]"
            lines.append(f"{kind:<8} {where}  {detail}")
        return "\n".join(lines)


class Site:
    """An anonymous visitor: each address fetched once."""

    def __init__(self):
        self.client = Client()
        self.answers = {}
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def get(self, address):
        if address not in self.answers:
            self.answers[address] = self._fetch(address)
        return self.answers[address]

    def _fetch(self, address):
        try:
            response = self.client.get(address)
        except Exception as error:  # the view raised: a 500 for the visitor
            return Answer(500, error=" ".join(f"{type(error).__name__}: {error}".split())[:300])
        content_type = response.get("Content-Type", "")
        if address.startswith(self.static_prefix) or not content_type.startswith(
            ("text/", "application/")
        ):
            body = b""  # static files and images: their status is what matters
        elif response.streaming:
            body = b"".join(response.streaming_content)
        else:
            body = response.content
        # Closing sends request_finished, which would close the test's database connection.
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)
        return Answer(
            response.status_code,
            content_type,
            body.decode("utf-8", "replace"),
            response.get("Location", ""),
        )


def internal(address, base):
    """The path and query of `address` (relative to `base`) if it is on our site, else None."""
    address = address.strip()
    if address.startswith(("#", "mailto:", "javascript:", "data:", "tel:")) or "{" in address:
        return None
    parts = urlsplit(urljoin(base, address))
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", HOST):
        return None
    return urlunsplit(("", "", parts.path or "/", parts.query, ""))


def json_links(data, key=""):
    if isinstance(data, dict):
        for name, value in data.items():
            yield from json_links(value, name)
    elif isinstance(data, list):
        for value in data:
            yield from json_links(value, key)
    elif isinstance(data, str) and (key in ("url", "next", "previous") or key.endswith("_url")):
        if data.startswith(("/", "http")):
            yield data


def json_passage_ids(data, key="", inside=False):
    """Integers held under a key naming a passage (citation, citations, passage…)."""
    inside = inside or "citation" in key or "passage" in key
    if isinstance(data, dict):
        for name, value in data.items():
            yield from json_passage_ids(value, name.lower(), inside)
    elif isinstance(data, list):
        for value in data:
            yield from json_passage_ids(value, key, inside)
    elif inside and isinstance(data, int) and not isinstance(data, bool):
        if key in ("id", "pk", "citation", "citations", "passage", "passages") or key == "":
            yield data


def parse_json(answer):
    if "json" not in answer.content_type:
        return None
    try:
        return json.loads(answer.text)
    except ValueError:
        return None


def with_params(address, **params):
    parts = urlsplit(address)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(params)
    return urlunsplit(("", "", parts.path, urlencode(query), ""))


def mask(text, *asked):
    """The answer with the echo of what was asked for and per-response tokens masked."""
    text = CSRF.sub(r"\1", NONCE.sub('nonce=""', text))
    for value in filter(None, asked):
        text = re.sub(rf"(?<![\w-]){re.escape(value)}(?![\w-])", "«asked»", text, flags=re.I)
    return text


def first_difference(left, right, width=70):
    index = next(
        (i for i, (a, b) in enumerate(zip(left, right, strict=False)) if a != b),
        min(len(left), len(right)),
    )
    start = max(0, index - 20)
    return f"…{left[start : index + width]!r}… instead of …{right[start : index + width]!r}…"


def url_patterns(patterns=None, names=()):
    """(name, pattern) of every address the URL configuration serves, included ones too."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            namespace = (pattern.namespace,) if pattern.namespace else ()
            yield from url_patterns(pattern.url_patterns, names + namespace)
        else:
            yield ":".join((*names, pattern.name or "")), pattern


def view_class(pattern):
    callback = pattern.callback
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None)


def answers_get(pattern):
    actions = getattr(pattern.callback, "actions", None)
    if actions is not None:
        return "get" in actions
    cls = view_class(pattern)
    return cls is None or ("get" in cls.http_method_names and hasattr(cls, "get"))


def view_model(cls):
    model = getattr(cls, "model", None)
    return model or getattr(getattr(cls, "queryset", None), "model", None)


class Conformance:
    def __init__(self, world):
        self.world = world
        self.site = Site()
        self.report = Report()
        self.hidden_passage_pks = {c.pk for c in world.hidden_passages}
        pks = "|".join(map(str, sorted(self.hidden_passage_pks)))
        self.passage_anchor = re.compile(rf"(?:passage-|support-|/citations/)({pks})(?!\d)")
        self.markers = sorted(world.markers)
        self.queue = deque()
        self.seen = set()
        self.page_params = defaultdict(lambda: {"kind": None, "values": set()})
        self.reached = set()
        self.crawled = []  # addresses answering 200, in the order they were fetched
        self.patterns = {}  # name -> the arguments the test cannot make up
        self.slug_models = {
            slug: model
            for model in record_models()
            for slug in model._default_manager.exclude(pk__in=world.hidden_pks(model)).values_list(
                "slug", flat=True
            )
        }

    # --- checks on one answer ---

    def scan(self, address, answer, asked=None):
        if answer.status >= 500:
            self.report.problem("ERROR", address, f"{answer.status} {answer.error}".strip())
        # An address naming a hidden record was asked for (its leak is where it was found):
        # its answer may echo what was asked.
        text = mask(answer.text, asked, *MARKER_WORD.findall(address))
        for word in MARKER_WORD.findall(text):
            self.report.leak(address, word.lower())
        if self.hidden_passage_pks:
            for match in self.passage_anchor.finditer(text):
                self.report.leak(address, f"hidden passage {match.group(0)}")
        data = parse_json(answer)
        if data is not None:
            for pk in set(json_passage_ids(data)) & self.hidden_passage_pks:
                self.report.leak(address, f"hidden passage id {pk} in JSON")
        if "csv" in answer.content_type and answer.text:
            rows = list(csv.reader(io.StringIO(answer.text)))
            for column, name in enumerate(rows[0] if rows else ()):
                if "citation" in name.lower() or "passage" in name.lower():
                    for row in rows[1:]:
                        cell = row[column] if column < len(row) else ""
                        ids = {int(n) for n in re.findall(r"\d+", cell)}
                        for pk in ids & self.hidden_passage_pks:
                            self.report.leak(address, f"hidden passage id {pk} in CSV {name}")

    def links(self, address, answer):
        found = []
        if answer.content_type.startswith("text/html"):
            page = Page(answer.text)
            found += page.links
            self.note_forms(address, page.forms)
        elif "xml" in answer.content_type:
            found += [loc or href for loc, href in XML_LINK.findall(answer.text)]
        data = parse_json(answer)
        if data is not None:
            found += list(json_links(data))
        if "csv" in answer.content_type:
            rows = csv.reader(io.StringIO(answer.text))
            found += [cell for row in rows for cell in row if ABSOLUTE_URL.fullmatch(cell)]
        else:
            found += ABSOLUTE_URL.findall(answer.text)
        for link in found:
            target = internal(link.replace("&amp;", "&"), "http://" + HOST + address)
            if target and not self.excluded(target):
                yield target

    def excluded(self, address):
        return address.startswith(("/" + settings.ADMIN_URL, reverse("set_language")))

    # --- crawling ---

    def visit(self, address, referrer=SEEDED):
        if address not in self.seen and not self.excluded(address):
            self.seen.add(address)
            self.queue.append((address, referrer))

    def crawl(self):
        while self.queue:
            if len(self.site.answers) > MAX_ADDRESSES:
                self.report.problem("LIMIT", "-", f"stopped after {MAX_ADDRESSES} addresses")
                return
            address, referrer = self.queue.popleft()
            answer = self.site.get(address)
            self.scan(address, answer)
            self.note_reached(address)
            if answer.status in (301, 302, 303, 307, 308):
                target = internal(answer.location, "http://" + HOST + address)
                if target:
                    self.visit(target, address)
                continue
            if answer.status == 405 and referrer == SEEDED:
                continue  # an address for other methods than GET (a function view)
            if answer.status != 200:
                self.report.problem(
                    "BROKEN", address, f"answers {answer.status} (linked from {referrer})"
                )
                continue
            self.crawled.append(address)
            for link in self.links(address, answer):
                self.note_link_params(link)
                self.visit(link, address)

    def note_reached(self, address):
        try:
            match = resolve(urlsplit(address).path)
        except Resolver404:
            return
        self.reached.add(match.view_name)

    def note_link_params(self, address):
        parts = urlsplit(address)
        for name, value in parse_qsl(parts.query):
            self.page_params[(parts.path, name)]["values"].add(value)

    def note_forms(self, address, forms):
        for form in forms:
            action = internal(form["action"] or address, "http://" + HOST + address)
            if not action or self.excluded(action):
                continue
            path = urlsplit(action).path
            for name, field in form["fields"].items():
                entry = self.page_params[(path, name)]
                entry["values"].update(field["options"])
                if field["kind"] in ("text", "search"):
                    entry["kind"] = "text"

    # --- probes: a hidden record asked for answers as an unknown one does ---

    def probe(self, address, param, values, unknown, what):
        """`address` with param=each of values answers exactly as with param=unknown
        (param None: the values are whole addresses, unknown too)."""

        def ask(value):
            target = value if param is None else with_params(address, **{param: value})
            asked = value if param is not None else what[value]
            return target, self.site.get(target), asked

        reference_address, reference, asked = ask(unknown)
        self.scan(reference_address, reference, asked)
        expected = (reference.status, mask(reference.text, asked))
        for value in values:
            target, answer, asked = ask(value)
            self.scan(target, answer, asked)
            if (answer.status, mask(answer.text, asked)) != expected:
                masked = mask(answer.text, asked)
                words = sorted(
                    {w.lower() for w in MARKER_WORD.findall(masked)}
                    - {w.lower() for w in MARKER_WORD.findall(expected[1])}
                )
                detail = (
                    f"answers {answer.status} unlike the unknown {reference_address} "
                    f"({reference.status})"
                )
                if words:
                    detail += ": shows " + ", ".join(words)
                elif answer.status == reference.status:
                    detail += ": " + first_difference(masked, expected[1])
                self.report.problem("DIFFERS", target, detail)

    def probe_record_addresses(self, name, pattern, lookup, cls, languages):
        model = view_model(cls) if cls else None
        if model is None:
            self.report.problem("UNTESTED", name, f"no model found for <{lookup}>")
            return
        hidden = self.world.hidden_pks(model)
        records = model._default_manager.all()
        for code in languages:
            with translation.override(code):
                for record in records:
                    address = reverse(name, kwargs={lookup: getattr(record, lookup)})
                    if record.pk not in hidden:
                        self.visit(address)
                addresses = {
                    reverse(name, kwargs={lookup: getattr(record, lookup)}): str(
                        getattr(record, lookup)
                    )
                    for record in records
                    if record.pk in hidden
                }
                unknown = reverse(name, kwargs={lookup: UNKNOWN[lookup]})
                if (status := self.site.get(unknown).status) != 404:
                    self.report.problem("STATUS", unknown, f"an unknown record answers {status}")
                # Each hidden record answers as the unknown one does: 404, the same page.
                self.probe(
                    None,
                    None,
                    list(addresses),
                    unknown,
                    {**addresses, unknown: UNKNOWN[lookup]},
                )

    def probe_api_filters(self, address, cls):
        filterset_class = getattr(cls, "filterset_class", None)
        if filterset_class is None:
            return
        model = filterset_class._meta.model
        request = RequestFactory().get(address)
        request.user = AnonymousUser()
        for name, filter_ in filterset_class.base_filters.items():
            target = related_model(model, filter_, request)
            if isinstance(
                filter_, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter
            ):
                field = filter_.extra.get("to_field_name") or "pk"
                values = [str(getattr(r, field)) for r in self.world.hidden.get(target, ())]
                self.probe(address, name, values, UNKNOWN["slug" if field != "pk" else "pk"], {})
            elif isinstance(filter_, django_filters.NumberFilter) and target is not None:
                values = [str(pk) for pk in sorted(self.world.hidden_pks(target))]
                self.probe(address, name, values, UNKNOWN["pk"], {})
            elif isinstance(filter_, django_filters.ChoiceFilter):
                for value, _label in filter_.extra.get("choices", ()):
                    self.visit(with_params(address, **{name: value}))
            elif isinstance(filter_, django_filters.BooleanFilter):
                for value in ("true", "false"):
                    self.visit(with_params(address, **{name: value}))
            elif isinstance(filter_, django_filters.CharFilter):
                self.probe(address, name, [MARKER, *self.markers], UNKNOWN["text"], {})

    def probe_page_params(self):
        for (path, name), entry in sorted(self.page_params.items()):
            if path.startswith(("/api/", self.site.static_prefix)):
                continue  # the API's parameters are its FilterSets' (probe_api_filters)
            models = {self.slug_models.get(value) for value in entry["values"]} - {None}
            if models:
                values = [
                    record.slug for model in models for record in self.world.hidden.get(model, ())
                ]
                self.probe(path, name, values, UNKNOWN["slug"], {})
            elif entry["kind"] == "text":
                self.probe(path, name, [MARKER, *self.markers], UNKNOWN["text"], {})

    # --- the whole site ---

    def addresses_from_urlconf(self):
        """Seed the crawl with every GET address of the URL configuration, in every language,
        and probe each address that names a record with every hidden one."""
        languages = [code for code, _name in settings.LANGUAGES]
        for name, pattern in url_patterns():
            if name.split(":")[0] == "admin" or name == "set_language":
                continue
            if not pattern.name:
                self.report.problem("UNTESTED", str(pattern.pattern), "unnamed pattern")
                continue
            if not answers_get(pattern):
                continue
            cls = view_class(pattern)
            kwargs = set(pattern.pattern.regex.groupindex) - set(pattern.default_args)
            lookups = kwargs & set(LOOKUPS)
            self.patterns[name] = kwargs - lookups
            if kwargs - lookups:
                continue  # reached through links (a sitemap index lists its sections), or reported
            if lookups:
                self.probe_record_addresses(name, pattern, lookups.pop(), cls, languages)
                continue
            for code in languages:
                with translation.override(code):
                    address = reverse(name)
                self.visit(address)
                actions = getattr(pattern.callback, "actions", None) or {}
                if actions.get("get") == "list":
                    self.visit(with_params(address, format="csv"))
                    paginator = getattr(cls, "pagination_class", None)
                    size = getattr(paginator, "page_size_query_param", None)
                    if size:
                        self.visit(with_params(address, **{size: API_PAGE_SIZE}))
                    self.check_count(address, view_model(cls))
                    self.probe_api_filters(address, cls)
                elif cls is not None and issubclass(cls, MultipleObjectMixin):
                    self.visit(with_params(address, page=1))

    def check_count(self, address, model):
        if model is None:
            return
        data = parse_json(self.site.get(address))
        expected = model._default_manager.exclude(pk__in=self.world.hidden_pks(model)).count()
        if isinstance(data, dict) and "count" in data and data["count"] != expected:
            self.report.problem(
                "COUNT", address, f"counts {data['count']} records, {expected} are visible"
            )

    def check_rule(self):
        """The models' rule itself: public() is what the world says is visible."""
        for model in content_models():
            hidden = self.world.hidden_pks(model)
            expected = set(
                model._default_manager.exclude(pk__in=hidden).values_list("pk", flat=True)
            )
            public = list(model.objects.public())
            shown = {record.pk for record in public}
            for pk in sorted(shown - expected):
                self.report.problem("RULE", model.__name__, f"public() shows hidden pk {pk}")
            for pk in sorted(expected - shown):
                self.report.problem("RULE", model.__name__, f"public() hides visible pk {pk}")
            for record in public:
                for field in model._meta.concrete_fields:
                    if not isinstance(field, ForeignKey):
                        continue
                    target = getattr(record, field.attname)
                    if target is not None and target in self.world.hidden_pks(field.related_model):
                        self.report.problem(
                            "RULE",
                            model.__name__,
                            f"public() {record.pk}.{field.name} still links hidden {target}",
                        )

    def compare_without_hidden(self):
        """Every page answers as it would if the hidden records had never been written: a link
        to a hidden record is absent, not emptied with a trace (a label, a count, a gap)."""
        erase_hidden(self.world)
        without = Site()
        for address in self.crawled:
            if MARKER_WORD.search(address) or address.startswith(self.site.static_prefix):
                continue  # addresses naming a hidden record are probed against unknown ones
            before, after = self.site.get(address), without.get(address)
            masked = mask(before.text), mask(after.text)
            if (before.status, masked[0]) != (after.status, masked[1]):
                detail = "unlike the same address without the hidden records"
                if before.status == after.status:
                    detail += ": " + first_difference(*masked)
                else:
                    detail += f" ({after.status} instead of {before.status})"
                self.report.problem("DIFFERS", address, detail)
        return len(without.answers)

    def run(self):
        self.check_rule()
        self.addresses_from_urlconf()
        self.crawl()
        self.probe_page_params()
        self.crawl()
        self.compare_without_hidden()
        for name, kwargs in sorted(self.patterns.items()):
            if name not in self.reached:
                unknown = f": <{'>, <'.join(sorted(kwargs))}> cannot be made up" if kwargs else ""
                self.report.problem("UNTESTED", name, f"no address of it was fetched{unknown}")
        return self.report


def related_model(model, filter_, request):
    queryset = getattr(filter_, "queryset", None)
    if callable(queryset):
        queryset = queryset(request)
    if queryset is not None and hasattr(queryset, "model"):
        return queryset.model
    try:
        field = model._meta.get_field(filter_.field_name.split("__")[0])
    except Exception:
        return None
    return field.related_model


def warm_up(records):
    """While `records` are still published: read every address without a record in it, each
    searching for the markers, and every address of the records themselves, so caches, counts
    and search indexes have seen them before they are unpublished."""
    client = Client()
    addresses = set()
    for name, pattern in url_patterns():
        if name.split(":")[0] == "admin" or name == "set_language" or not answers_get(pattern):
            continue
        kwargs = set(pattern.pattern.regex.groupindex) - set(pattern.default_args)
        model = view_model(view_class(pattern))
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                if not kwargs:
                    addresses.add(with_params(reverse(name), q=MARKER, search=MARKER))
                elif len(kwargs) == 1 and kwargs <= set(LOOKUPS):
                    (lookup,) = kwargs
                    addresses.update(
                        reverse(name, kwargs={lookup: getattr(record, lookup)})
                        for record in records
                        if type(record) is model
                    )
    for address in sorted(addresses):
        try:
            client.get(address)
        except Exception:  # a failing address is reported by the conformance run itself
            pass


@pytest.fixture
def quiet_not_found(caplog):
    """Hundreds of 404s are asked for on purpose; errors are still logged."""
    caplog.set_level(logging.ERROR, logger="django.request")


@pytest.fixture
def unthrottled(settings):
    rates = {"anon": None, "user": None}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    cache.clear()  # no page, count or counter from another run (Redis is shared)
    yield
    cache.clear()


def test_no_public_address_shows_a_hidden_record(seed, unthrottled, quiet_not_found):
    world = build_hidden_world(warm=warm_up)
    conformance = Conformance(world)
    report = conformance.run()
    assert not report, report.render(len(conformance.site.answers))
