"""Pictures drawn on the server as SVG: the timeline and an organisation's relations.

No JavaScript: each function returns the SVG markup and a plain-text summary that the page
shows next to it, so the picture is never the only way to the information.
"""

import datetime
import textwrap
import unicodedata
from dataclasses import dataclass
from html import escape

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from foundation.french import of_name

WIDTH = 960
# The phone drawing: at 320 units across a phone's column, 13-unit text stays 12 px or more.
NARROW = 320
MARGIN = 16
AXIS_HEIGHT = 40
ROW_HEIGHT = 30
BAR_HEIGHT = 14
MIN_BAR = 8
CHAR_WIDTH = 7.5  # a generous average at 13px, to keep labels inside the picture
LINE_HEIGHT = 16
MAX_YEAR_LABELS = 16
YEAR_LABEL_WIDTH = 48


def _marked(event):
    inference = event.inference("date")
    return f" ({inference.label})" if inference else ""


def _truncate(text, length):
    """Truncator(text).chars(length), without walking every character of a text that fits."""
    text = unicodedata.normalize("NFC", str(text))
    return text if len(text) <= length else Truncator(text).chars(length)


def _n(value):
    """A coordinate with one decimal, as SVG text."""
    return f"{value:.1f}"


@dataclass
class Picture:
    svg: str
    title: str
    summary: str
    # The same picture drawn for a phone's width (templates show one or the other).
    narrow: str = ""


def _svg_open(dom_id, width, height, css_class, title, desc):
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="{}" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc" focusable="false" font-family="inherit">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
        css_class,
        width,
        height,
        dom_id,
        dom_id,
        dom_id,
        title,
        dom_id,
        desc,
    )


def timeline_svg(events, dom_id="timeline"):
    """Dated events as bars on a year axis; a bar spans the period its date covers.

    Drawn twice: wide for a screen, narrow for a phone (the page shows the one that fits, so
    text keeps its size instead of shrinking with the picture)."""
    dated = [event for event in events if event.date]
    if not dated:
        return None
    title = ngettext(
        "Timeline of %(count)s event, %(first)s–%(last)s",
        "Timeline of %(count)s events, %(first)s–%(last)s",
        len(dated),
    ) % {
        "count": len(dated),
        "first": min(event.date.year for event in dated),
        "last": max(event.date_end.year for event in dated),
    }
    desc = _(
        "Years run left to right. Each bar covers the period its date is known to: a whole "
        "year when the source gives only the year, a month, or a single day. Dashed bars "
        "mark inferred dates."
    )
    summary = "; ".join(f"{event.date_display}{_marked(event)}: {event.title}" for event in dated)
    pictures = {}
    for width, suffix in ((WIDTH, ""), (NARROW, "-narrow")):
        parts, height = _timeline_parts(dated, width)
        css_class = "timeline wide" if width == WIDTH else "timeline narrow"
        pictures[width] = (
            _svg_open(dom_id + suffix, width, height, css_class, title, desc)
            + mark_safe("".join(parts))
            + mark_safe("</svg>")
        )
    return Picture(svg=pictures[WIDTH], title=title, summary=summary, narrow=pictures[NARROW])


def _timeline_parts(dated, width):
    first_year = min(event.date.year for event in dated)
    last_year = max(event.date_end.year for event in dated)
    origin = datetime.date(first_year, 1, 1)
    total_days = (datetime.date(last_year + 1, 1, 1) - origin).days
    plot_width = width - 2 * MARGIN
    line_chars = int(plot_width / CHAR_WIDTH)

    def x(day):
        return MARGIN + (day - origin).days / total_days * plot_width

    rows, top = [], AXIS_HEIGHT
    for event in dated:
        start = x(event.date)
        end = x(event.date_end + datetime.timedelta(days=1))
        if end - start < MIN_BAR:
            start, end = (start + end - MIN_BAR) / 2, (start + end + MIN_BAR) / 2
        label = unicodedata.normalize("NFC", f"{event.date_display} · {event.title}")
        label += _marked(event)
        # Beside its bar when the label fits there on one line; under it otherwise, wrapped.
        if end + 6 + len(label) * CHAR_WIDTH <= width - MARGIN:
            placement, lines = ("start", end + 6, top + BAR_HEIGHT - 2), [label]
        elif start - 6 - len(label) * CHAR_WIDTH >= MARGIN:
            placement, lines = ("end", start - 6, top + BAR_HEIGHT - 2), [label]
        else:
            lines = _wrap(label, line_chars)
            placement = ("start", MARGIN, top + BAR_HEIGHT + LINE_HEIGHT)
        rows.append((event, top, start, end, placement, lines))
        below = 0 if placement[2] < top + BAR_HEIGHT else len(lines) * LINE_HEIGHT
        top += ROW_HEIGHT + below
    height = top + 8

    # f-strings, not format_html: numbers need no escaping, and a timeline has ~200 elements.
    parts = []
    years = range(first_year, last_year + 1)
    most_labels = max(1, min(MAX_YEAR_LABELS, int(plot_width / YEAR_LABEL_WIDTH)))
    step = max(1, -(-len(years) // most_labels))
    for index, year in enumerate(years):
        left = x(datetime.date(year, 1, 1))
        right = x(datetime.date(year + 1, 1, 1))
        parts.append(
            f'<line class="tl-grid" x1="{_n(left)}" y1="28" x2="{_n(left)}" y2="{height}" '
            'stroke="#8a8f98" stroke-width="1"/>'
        )
        if index % step == 0:
            parts.append(
                f'<text class="tl-year" x="{_n((left + right) / 2)}" y="20" '
                'text-anchor="middle" font-size="14" font-weight="bold" '
                f'fill="#1d2330">{year}</text>'
            )
    for event, top, start, end, (anchor, label_x, label_y), lines in rows:
        classes = f"tl-bar tl-{event.date_precision or 'day'}"
        inferred = event.inference("date") is not None
        if inferred:
            classes += " tl-inferred"
        dashed = ' stroke-dasharray="4 2" fill-opacity="0.45"' if inferred else ""
        parts.append(
            f'<rect class="{escape(classes)}" x="{_n(start)}" y="{top}" '
            f'width="{_n(end - start)}" height="{BAR_HEIGHT}" rx="3" '
            f'fill="#1f5fbf" stroke="#0b2f66" stroke-width="1"{dashed}/>'
        )
        parts.append(
            _text(
                "tl-label",
                label_x,
                label_y,
                lines,
                f'text-anchor="{anchor}" font-size="13" fill="#1d2330"',
            )
        )
    return parts, height


def _wrap(text, chars):
    """Lines of at most `chars` characters, broken between words where it can."""
    return textwrap.wrap(text, max(chars, 1), break_long_words=True) or [""]


def _text(css_class, x, y, lines, attributes, line_height=LINE_HEIGHT):
    """An SVG text of one or more lines (each a tspan), the first at y."""
    spans = "".join(
        f'<tspan x="{_n(x)}" dy="{0 if index == 0 else line_height}">{escape(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return f'<text class="{css_class}" x="{_n(x)}" y="{_n(y)}" {attributes}>{spans}</text>'


BOX_WIDTH = 146
BOX_GAP = 12
MAX_BOXES = 12
GROUP_LABEL = 22
# Characters per line inside a box, at its fonts' generous average widths (13 bold, 12).
NAME_CHARS = int((BOX_WIDTH - 12) / 8.2)
DETAIL_CHARS = int((BOX_WIDTH - 12) / 7.2)
MAX_NAME_LINES = 3
MAX_DETAIL_LINES = 2
DETAIL_LINE = 15
CENTRE_LINE = 19


def _per_row(width):
    return max(1, (width - 2 * MARGIN + BOX_GAP) // (BOX_WIDTH + BOX_GAP))


def _box_lines(name, detail):
    """A box's name and detail, wrapped to its width; a name too long even so ends in '…'."""
    names = _wrap(str(name), NAME_CHARS)
    if len(names) > MAX_NAME_LINES:
        names = [
            *names[: MAX_NAME_LINES - 1],
            _truncate(" ".join(names[MAX_NAME_LINES - 1 :]), NAME_CHARS),
        ]
    details = _wrap(str(detail), DETAIL_CHARS)
    if len(details) > MAX_DETAIL_LINES:
        details = [details[0], _truncate(" ".join(details[1:]), DETAIL_CHARS)]
    return names, details


def _box_height(lines):
    names, details = lines
    return 12 + len(names) * LINE_HEIGHT + len(details) * DETAIL_LINE


def _box(x, y, lines, height, css_class="dg-box"):
    names, details = lines
    centre = x + BOX_WIDTH / 2
    first_detail = y + 10 + len(names) * LINE_HEIGHT + 11
    name_spans = "".join(
        format_html('<tspan x="{}" dy="{}">{}</tspan>', centre, 0 if i == 0 else LINE_HEIGHT, line)
        for i, line in enumerate(names)
    )
    detail_spans = "".join(
        format_html('<tspan x="{}" dy="{}">{}</tspan>', centre, 0 if i == 0 else DETAIL_LINE, line)
        for i, line in enumerate(details)
    )
    return format_html(
        '<g class="{}"><rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="#ffffff" '
        'stroke="#1f5fbf" stroke-width="1.5"/>'
        '<text class="dg-name" x="{}" y="{}" text-anchor="middle" font-size="13" '
        'font-weight="bold" fill="#1d2330">{}</text>'
        '<text class="dg-role" x="{}" y="{}" text-anchor="middle" font-size="12.5" '
        'fill="#3d4350">{}</text></g>',
        css_class,
        x,
        y,
        BOX_WIDTH,
        height,
        centre,
        y + 22,
        mark_safe(name_spans),
        centre,
        first_detail,
        mark_safe(detail_spans),
    )


def _line(x1, y1, x2, y2):
    return format_html(
        '<line class="dg-line" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#5a6070" '
        'stroke-width="1.5"/>',
        x1,
        y1,
        x2,
        y2,
    )


SPINE_X = 6


def _row_layout(count, width):
    row_width = count * BOX_WIDTH + (count - 1) * BOX_GAP
    left = (width - row_width) // 2
    return [left + i * (BOX_WIDTH + BOX_GAP) for i in range(count)]


def _group_label(text, y, width):
    return _text(
        "dg-group",
        MARGIN,
        y,
        _wrap(str(text), int((width - 2 * MARGIN) / 8.2)),
        'font-size="13" font-weight="bold" fill="#1d2330"',
    )


def _label_height(text, width):
    return GROUP_LABEL + (len(_wrap(str(text), int((width - 2 * MARGIN) / 8.2))) - 1) * LINE_HEIGHT


def _group(label, items, top, width):
    """A labelled grid of boxes, each row on a bus from the left spine.

    Returns the parts, the y where the group ends and the y of its lowest bus."""
    shown = items[:MAX_BOXES]
    parts = [_group_label(label, top + 14, width)]
    top += _label_height(label, width)
    per_row = _per_row(width)
    rows = [shown[i : i + per_row] for i in range(0, len(shown), per_row)]
    bus = top
    y = top + 8
    for row in rows:
        lines = [_box_lines(name, detail) for name, detail in row]
        height = max(_box_height(box) for box in lines)
        bus = y - 6
        lefts = _row_layout(len(row), width)
        parts.append(_line(SPINE_X, bus, lefts[-1] + BOX_WIDTH // 2, bus))
        for box_x, box in zip(lefts, lines, strict=True):
            parts.append(_line(box_x + BOX_WIDTH // 2, bus, box_x + BOX_WIDTH // 2, y))
            parts.append(_box(box_x, y, box, height))
        y += height + BOX_GAP + 8
    bottom = y
    if len(items) > MAX_BOXES:
        parts.append(
            format_html(
                '<text class="dg-more" x="{}" y="{}" text-anchor="middle" font-size="13" '
                'fill="#3d4350">{}</text>',
                width // 2,
                bottom + 4,
                _("and %(count)s more, listed below") % {"count": len(items) - MAX_BOXES},
            )
        )
        bottom += 20
    return parts, bottom, bus


def organisation_svg(organisation, parent, children, members, held, dom_id="org-diagram"):
    """The organisation in the middle: what it sits within above; members and projects below."""
    above = []
    if parent is not None:
        above.append((parent.name, organisation.marked_text("parent", _("hosts it"))))
    # A role or a parent the source does not state keeps its mark in the drawing too.
    above.extend((m.organisation.name, m.marked_text("role", m.role)) for m in held)
    # A seat held by a company's unnamed representative is named as such, never as the company.
    organisation_members = [
        (
            m.member.name if m.member is not None else m.member_label,
            m.marked_text("role", m.role),
        )
        for m in members
        if m.member_organisation_id or m.is_unnamed_representative
    ]
    person_members = [
        (m.member.name, m.marked_text("role", m.role)) for m in members if m.person_id
    ]
    hosted = [
        (child.marked_text("parent", child.name), child.get_kind_display()) for child in children
    ]
    if not (above or organisation_members or person_members or hosted):
        return None

    drawings = {
        width: _organisation_parts(
            organisation, above, organisation_members, person_members, hosted, width
        )
        for width in (WIDTH, NARROW)
    }

    # French sentences take the name with its article and 'de' (french.of_name).
    title = _("How %(name)s relates to other organisations and people") % {
        "name": of_name(organisation)
    }
    sentences = []
    if parent is not None:
        sentences.append(
            _("It sits within %(parent)s.")
            % {"parent": organisation.marked_text("parent", of_name(parent))}
        )
    if held:
        sentences.append(
            _("It is a member of: %(list)s.")
            % {"list": ", ".join(f"{name} ({role})" for name, role in above[1 if parent else 0 :])}
        )
    if organisation_members:
        sentences.append(
            _("Member organisations and board seats: %(list)s.")
            % {"list": ", ".join(f"{name} ({role})" for name, role in organisation_members)}
        )
    if person_members:
        sentences.append(
            _("People: %(list)s.")
            % {"list": ", ".join(f"{name} ({role})" for name, role in person_members)}
        )
    if hosted:
        sentences.append(
            _("It hosts: %(list)s.") % {"list": ", ".join(name for name, _kind in hosted)}
        )
    summary = " ".join(sentences)
    svg = {
        width: _svg_open(
            dom_id + ("" if width == WIDTH else "-narrow"),
            width,
            height,
            "org-diagram wide" if width == WIDTH else "org-diagram narrow",
            title,
            summary,
        )
        + mark_safe("".join(parts))
        + mark_safe("</svg>")
        for width, (parts, height) in drawings.items()
    }
    return Picture(svg=svg[WIDTH], title=title, summary=summary, narrow=svg[NARROW])


def _organisation_parts(organisation, above, organisation_members, person_members, hosted, width):
    parts, top = [], 8
    centre_x = width // 2
    if above:
        label = _("Within, and member of")
        parts.append(_group_label(label, top + 14, width))
        y = top + _label_height(label, width)
        per_row = _per_row(width)
        for start in range(0, min(len(above), MAX_BOXES), per_row):
            row = [_box_lines(name, detail) for name, detail in above[start : start + per_row]]
            height = max(_box_height(box) for box in row)
            lefts = _row_layout(len(row), width)
            bus = y + height + 10
            for box_x, box in zip(lefts, row, strict=True):
                parts.append(_box(box_x, y, box, height))
                centre = box_x + BOX_WIDTH // 2
                parts.append(_line(centre, y + height, centre, bus))
            centres = [box_x + BOX_WIDTH // 2 for box_x in lefts]
            parts.append(_line(min(*centres, centre_x), bus, max(*centres, centre_x), bus))
            y = bus + 14
        top = y
        parts.append(_line(centre_x, bus, centre_x, top))
    centre_width = min(BOX_WIDTH + 60, width - 2 * MARGIN)
    centre_left = centre_x - centre_width // 2
    names = _wrap(organisation.name, int((centre_width - 16) / 9.5))
    centre_height = 18 + len(names) * CENTRE_LINE
    parts.append(
        format_html(
            '<g class="dg-centre"><rect x="{}" y="{}" width="{}" height="{}" rx="8" '
            'fill="#1f5fbf" stroke="#0b2f66" stroke-width="2"/>{}</g>',
            centre_left,
            top,
            centre_width,
            centre_height,
            mark_safe(
                _text(
                    "dg-centre-name",
                    centre_x,
                    top + 28,
                    names,
                    'text-anchor="middle" font-size="15" font-weight="bold" fill="#ffffff"',
                    line_height=CENTRE_LINE,
                )
            ),
        )
    )
    spine_top = top + centre_height // 2
    top += centre_height + 12
    lowest_bus = None
    for label, items in (
        (_("Member organisations and board seats"), organisation_members),
        (_("People and their roles"), person_members),
        (_("Projects and bodies it hosts"), hosted),
    ):
        if items:
            group_parts, top, lowest_bus = _group(label, items, top, width)
            parts.extend(group_parts)
    if lowest_bus is not None:
        parts.append(_line(SPINE_X, spine_top, centre_left, spine_top))
        parts.append(_line(SPINE_X, spine_top, SPINE_X, lowest_bus))
    return parts, top + 8
