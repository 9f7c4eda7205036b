"""Response formats: JSON through orjson (fast), and CSV for list exports."""

import csv
import decimal
import io

import orjson
from django.utils.encoding import force_str
from django.utils.functional import Promise
from rest_framework.renderers import BaseRenderer

# Spreadsheets run cells that begin with these as formulas; a leading quote keeps them text.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _default(value):
    if isinstance(value, Promise):
        return force_str(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


class ORJSONRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return orjson.dumps(data, default=_default, option=orjson.OPT_NON_STR_KEYS)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(_cell(item) for item in value)
    if isinstance(value, dict):
        return orjson.dumps(value, default=_default).decode()
    text = force_str(value)
    # DRF keeps ?format= on the links it builds; in a file the link should point at the record.
    text = text.removesuffix("?format=csv")
    if text.startswith(_FORMULA_PREFIXES):
        return "'" + text
    return text


class CSVRenderer(BaseRenderer):
    """One row per record; lists are joined with '; '. Used by the list endpoints (?format=csv)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
        if isinstance(data, dict):
            # An error (400, 404 ...) still comes back readable, as a one-row table.
            data = [data]
        rows = list(data or [])
        header = []
        for row in rows:
            header.extend(key for key in row if key not in header)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_cell(row.get(key)) for key in header])
        return out.getvalue().encode("utf-8")
