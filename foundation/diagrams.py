"""Pictures drawn on the server as SVG: the timeline and an organisation's relations.

No JavaScript: each function returns the SVG markup and a plain-text summary that the page
shows next to it, so the picture is never the only way to the information.
"""

import datetime
import unicodedata
from dataclasses import dataclass
from html import escape

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WIDTH = 960
MARGIN = 16
AXIS_HEIGHT = 40
ROW_HEIGHT = 30
BAR_HEIGHT = 14
MIN_BAR = 8
CHAR_WIDTH = 7  # a generous average at 13px, to keep labels inside the picture
MAX_YEAR_LABELS = 16


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
    """Dated events as bars on a year axis; a bar spans the period its date covers."""
    dated = [event for event in events if event.date]
    if not dated:
        return None
    first_year = min(event.date.year for event in dated)
    last_year = max(event.date_end.year for event in dated)
    origin = datetime.date(first_year, 1, 1)
    total_days = (datetime.date(last_year + 1, 1, 1) - origin).days
    plot_width = WIDTH - 2 * MARGIN

    def x(day):
        return MARGIN + (day - origin).days / total_days * plot_width

    height = AXIS_HEIGHT + ROW_HEIGHT * len(dated) + 8
    # f-strings, not format_html: numbers need no escaping, and a timeline has ~200 elements.
    parts = []
    years = range(first_year, last_year + 1)
    step = max(1, -(-len(years) // MAX_YEAR_LABELS))
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
    for row, event in enumerate(dated):
        top = AXIS_HEIGHT + row * ROW_HEIGHT
        start = x(event.date)
        end = x(event.date_end + datetime.timedelta(days=1))
        if end - start < MIN_BAR:
            start, end = (start + end - MIN_BAR) / 2, (start + end + MIN_BAR) / 2
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
        label = _truncate(f"{event.date_display} · {event.title}", 70)
        label += _marked(event)
        if end + 6 + len(label) * CHAR_WIDTH <= WIDTH - MARGIN:
            anchor, label_x = "start", end + 6
        elif start - 6 - len(label) * CHAR_WIDTH >= MARGIN:
            anchor, label_x = "end", start - 6
        else:
            anchor, label_x = "start", MARGIN
            label = _truncate(label, int((WIDTH - 2 * MARGIN) / CHAR_WIDTH))
        parts.append(
            f'<text class="tl-label" x="{_n(label_x)}" y="{top + BAR_HEIGHT - 2}" '
            f'text-anchor="{anchor}" font-size="13" fill="#1d2330">{escape(label)}</text>'
        )
    title = ngettext(
        "Timeline of %(count)s event, %(first)s–%(last)s",
        "Timeline of %(count)s events, %(first)s–%(last)s",
        len(dated),
    ) % {"count": len(dated), "first": first_year, "last": last_year}
    desc = _(
        "Years run left to right. Each bar covers the period its date is known to: a whole "
        "year when the source gives only the year, a month, or a single day. Dashed bars "
        "mark inferred dates."
    )
    summary = "; ".join(f"{event.date_display}{_marked(event)}: {event.title}" for event in dated)
    svg = (
        _svg_open(dom_id, WIDTH, height, "timeline", title, desc)
        + mark_safe("".join(parts))
        + mark_safe("</svg>")
    )
    return Picture(svg=svg, title=title, summary=summary)


BOX_WIDTH = 146
BOX_HEIGHT = 46
BOX_GAP = 12
PER_ROW = 6
MAX_BOXES = 12
GROUP_LABEL = 22


def _box(x, y, name, detail, css_class="dg-box"):
    return format_html(
        '<g class="{}"><rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="#ffffff" '
        'stroke="#1f5fbf" stroke-width="1.5"/>'
        '<text class="dg-name" x="{}" y="{}" text-anchor="middle" font-size="13" '
        'font-weight="bold" fill="#1d2330">{}</text>'
        '<text class="dg-role" x="{}" y="{}" text-anchor="middle" font-size="11" '
        'fill="#3d4350">{}</text></g>',
        css_class,
        x,
        y,
        BOX_WIDTH,
        BOX_HEIGHT,
        x + BOX_WIDTH // 2,
        y + 19,
        _truncate(name, 20),
        x + BOX_WIDTH // 2,
        y + 36,
        _truncate(detail, 24),
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


def _row_layout(count):
    row_width = count * BOX_WIDTH + (count - 1) * BOX_GAP
    left = (WIDTH - row_width) // 2
    return [left + i * (BOX_WIDTH + BOX_GAP) for i in range(count)]


def _group_label(text, y):
    return format_html(
        '<text class="dg-group" x="{}" y="{}" font-size="13" font-weight="bold" '
        'fill="#1d2330">{}</text>',
        MARGIN,
        y,
        text,
    )


def _group(label, items, top):
    """A labelled grid of boxes, each row on a bus from the left spine.

    Returns the parts, the y where the group ends and the y of its lowest bus."""
    shown = items[:MAX_BOXES]
    parts = [_group_label(label, top + 14)]
    top += GROUP_LABEL
    rows = [shown[i : i + PER_ROW] for i in range(0, len(shown), PER_ROW)]
    bus = top
    for row_index, row in enumerate(rows):
        y = top + row_index * (BOX_HEIGHT + BOX_GAP + 8) + 8
        bus = y - 6
        lefts = _row_layout(len(row))
        parts.append(_line(SPINE_X, bus, lefts[-1] + BOX_WIDTH // 2, bus))
        for box_x, (name, detail) in zip(lefts, row, strict=True):
            parts.append(_line(box_x + BOX_WIDTH // 2, bus, box_x + BOX_WIDTH // 2, y))
            parts.append(_box(box_x, y, name, detail))
    bottom = top + len(rows) * (BOX_HEIGHT + BOX_GAP + 8) + 8
    if len(items) > MAX_BOXES:
        parts.append(
            format_html(
                '<text class="dg-more" x="{}" y="{}" text-anchor="middle" font-size="12" '
                'fill="#3d4350">{}</text>',
                WIDTH // 2,
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
        above.append((parent.name, _("hosts it")))
    above.extend((m.organisation.name, m.role) for m in held)
    organisation_members = [(m.member.name, m.role) for m in members if m.member_organisation_id]
    person_members = [(m.member.name, m.role) for m in members if m.person_id]
    hosted = [(child.name, child.get_kind_display()) for child in children]
    if not (above or organisation_members or person_members or hosted):
        return None

    parts, top = [], 8
    centre_x = WIDTH // 2
    if above:
        shown = above[:PER_ROW]
        parts.append(_group_label(_("Within, and member of"), top + 14))
        y = top + GROUP_LABEL
        lefts = _row_layout(len(shown))
        bus = y + BOX_HEIGHT + 10
        for box_x, (name, detail) in zip(lefts, shown, strict=True):
            parts.append(_box(box_x, y, name, detail))
            centre = box_x + BOX_WIDTH // 2
            parts.append(_line(centre, y + BOX_HEIGHT, centre, bus))
        centres = [box_x + BOX_WIDTH // 2 for box_x in lefts]
        parts.append(_line(min(*centres, centre_x), bus, max(*centres, centre_x), bus))
        top = bus + 14
        parts.append(_line(centre_x, bus, centre_x, top))
    centre_width = BOX_WIDTH + 60
    centre_left = centre_x - centre_width // 2
    parts.append(
        format_html(
            '<g class="dg-centre"><rect x="{}" y="{}" width="{}" height="{}" rx="8" '
            'fill="#1f5fbf" stroke="#0b2f66" stroke-width="2"/>'
            '<text x="{}" y="{}" text-anchor="middle" font-size="15" font-weight="bold" '
            'fill="#ffffff">{}</text></g>',
            centre_left,
            top,
            centre_width,
            BOX_HEIGHT,
            centre_x,
            top + 28,
            _truncate(organisation.name, 26),
        )
    )
    spine_top = top + BOX_HEIGHT // 2
    top += BOX_HEIGHT + 12
    lowest_bus = None
    for label, items in (
        (_("Member organisations and board seats"), organisation_members),
        (_("People and their roles"), person_members),
        (_("Projects and bodies it hosts"), hosted),
    ):
        if items:
            group_parts, top, lowest_bus = _group(label, items, top)
            parts.extend(group_parts)
    if lowest_bus is not None:
        parts.append(_line(SPINE_X, spine_top, centre_left, spine_top))
        parts.append(_line(SPINE_X, spine_top, SPINE_X, lowest_bus))
    height = top + 8

    title = _("How %(name)s relates to other organisations and people") % {
        "name": organisation.name
    }
    sentences = []
    if parent is not None:
        sentences.append(_("It sits within %(parent)s.") % {"parent": parent.name})
    if held:
        sentences.append(
            _("It is a member of: %(list)s.")
            % {"list": ", ".join(f"{m.organisation.name} ({m.role})" for m in held)}
        )
    if organisation_members:
        sentences.append(
            _("Member organisations: %(list)s.")
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
    svg = (
        _svg_open(dom_id, WIDTH, height, "org-diagram", title, summary)
        + mark_safe("".join(parts))
        + mark_safe("</svg>")
    )
    return Picture(svg=svg, title=title, summary=summary)
