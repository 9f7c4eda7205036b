"""Response formats: JSON through orjson (fast), and CSV for list exports."""

import csv
import decimal
import io
import re

import orjson
from django.utils.encoding import force_str
from django.utils.functional import Promise
from rest_framework.renderers import BaseRenderer

# Where a spreadsheet may start a cell inside a field: after a comma, a semicolon (the list
# separator of French and most European locales), a tab, a pipe or a line break, whether it
# opens the file with another separator than ours or splits a column again ("text to columns").
_SEPARATORS = ",;\t|\r\n"
# What a spreadsheet runs as a formula when a cell begins with it (OWASP "CSV injection"),
# with the full-width and small forms some spreadsheets read as the same signs.
_FORMULA_STARTS = "=+\\-@\t\r\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b"
_FORMULA_SIGN = re.compile(f"[{_FORMULA_STARTS}]")
# A cell start (the field's, or just after a separator), the blanks (any Unicode space, the
# no-break ones of French typography included) and double quotes a spreadsheet may skip
# there, then any apostrophes and a formula sign: an apostrophe goes before the sign.
_BLANKS = '(?:[^\\S\\t\\r\\n]|[\\u200b\\ufeff"])*'
_FORMULA = re.compile(f"(?:^|(?<=[{_SEPARATORS}]))({_BLANKS})('*)(?=[{_FORMULA_STARTS}])")
# A negative number up to the end of its cell is a number, not a formula: kept as it is.
_NEGATIVE_NUMBER = re.compile(f"-[0-9]+(?:\\.[0-9]+)?(?=[{_SEPARATORS}]|\\Z)")


def _default(value):
    if isinstance(value, Promise):
        return force_str(value)
    if isinstance(value, decimal.Decimal):
        # A JSON number written from the decimal's own digits: a float would round 20 digits.
        return _decimal_number(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _decimal_number(value):
    if not value.is_finite():
        raise TypeError(f"{value} is not a JSON number")
    return orjson.Fragment(f"{value.normalize():f}")


class ORJSONRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return orjson.dumps(data, default=_default, option=orjson.OPT_NON_STR_KEYS)


def _neutralised(match):
    blanks, apostrophes = match.groups()
    if not apostrophes and _NEGATIVE_NUMBER.match(match.string, match.end()):
        return blanks
    return f"{blanks}'{apostrophes}"


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return orjson.dumps(value, default=_default).decode()
    # DRF keeps ?format= on the links it builds; in a file the link should point at the record.
    return force_str(value).removesuffix("?format=csv")


def _cell(value):
    text = _text(value)
    # Most cells hold no formula sign at all: one quick scan, then the text as it is.
    return _FORMULA.sub(_neutralised, text) if _FORMULA_SIGN.search(text) else text


class CSVRenderer(BaseRenderer):
    """One row per record; lists are joined with '; '. Used by the list endpoints (?format=csv).

    Safe to open in a spreadsheet, whatever its locale's separator. Every field is quoted, and
    no cell a spreadsheet could make of a field begins with a formula: wherever a cell may start
    (the field's start, or after `,` `;` tab `|` CR or LF, past any blanks and double quotes),
    an apostrophe is inserted before a formula sign (`=` `+` `-` `@` tab CR, or a full-width
    `＝` `＋` `－` `＠`), so `Dupont;=cmd|' /C calc'!A0` is written `Dupont;'=cmd|' /C calc'!A0`.
    A negative number alone in its cell (`-12`, `-3.5`) is left as it is: a spreadsheet reads
    it as a number. Nothing else changes, and the rule can be undone exactly: apostrophes
    already there before a formula sign get one more, so a reader who wants the data back
    removes one apostrophe from each run of apostrophes before a formula sign at a cell start.
    """

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
        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow([_cell(key) for key in header])
        for row in rows:
            writer.writerow([_cell(row.get(key)) for key in header])
        return out.getvalue().encode("utf-8")
