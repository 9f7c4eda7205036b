"""The pieces the pages are built from: passage highlighting, figures, pictures, dates."""

import datetime
import re
from decimal import Decimal
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest
from django.utils import translation

from foundation.diagrams import organisation_svg, timeline_svg
from foundation.models import Event, Figure, Membership, Organisation
from foundation.models.dates import iso_precise_date as precise_date
from foundation.templatetags.foundation_tags import figure_text
from foundation.views.sources import highlight

TEXT = "Alpha beta gamma delta.\nEpsilon zeta eta."


def passage(pk, start, end, number=None):
    return SimpleNamespace(pk=pk, start=start, end=end, number=number or pk)


def well_formed(fragment):
    return ElementTree.fromstring(f"<p>{fragment}</p>")


def test_each_passage_is_marked_once_with_its_id():
    paragraphs = highlight(TEXT, [passage(1, 6, 10), passage(2, 24, 31)])
    assert len(paragraphs) == 2
    assert '<mark id="passage-1" class="passage">beta</mark>' in paragraphs[0]
    assert '<mark id="passage-2" class="passage">Epsilon</mark>' in paragraphs[1]


def test_nested_passages_nest_their_marks():
    html = highlight(TEXT, [passage(1, 0, 23), passage(2, 6, 10)])[0]
    well_formed(html)
    assert html.startswith('<mark id="passage-1" class="passage">Alpha <mark id="passage-2"')


def test_crossing_passages_stay_well_formed():
    html = highlight(TEXT, [passage(1, 0, 10), passage(2, 6, 16)])[0]
    tree = well_formed(html)
    ids = [mark.get("id") for mark in tree.iter("mark") if mark.get("id")]
    assert ids == ["passage-1", "passage-2"]
    assert "".join(tree.itertext()).startswith("Alpha beta[1] gamma[2]")


def test_a_passage_across_paragraphs_is_continued_without_a_second_id():
    first, second = highlight(TEXT, [passage(1, 17, 31)])
    assert 'id="passage-1"' in first and 'id="passage-1"' not in second
    assert '<mark class="passage">Epsilon</mark>' in second


def test_source_text_is_escaped():
    html = highlight("<script>x</script> & co", [passage(1, 0, 8)])[0]
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; co" in html


@pytest.mark.parametrize(
    ("language", "value", "qualifier", "unit", "expected"),
    [
        ("fr", "2400", "more_than", "contributeurs", "plus de 2\xa0400 contributeurs"),
        ("en", "2400", "more_than", "contributors", "more than 2,400 contributors"),
        ("fr", "154000", "nearly", "projets", "près de 154\xa0000 projets"),
        ("en", "80", "more_than", "%", "more than 80%"),
        ("fr", "80", "more_than", "%", "plus de 80\xa0%"),
        ("en", "12.5", "about", "%", "about 12.5%"),
        ("en", "3", "exactly", "boards", "3 boards"),
    ],
)
def test_a_figure_is_never_shown_bare(language, value, qualifier, unit, expected):
    figure = Figure(value=Decimal(value), qualifier=qualifier, unit=unit)
    with translation.override(language):
        assert figure_text(figure) == expected


def test_precise_dates_keep_their_precision():
    day = datetime.date(2022, 9, 12)
    assert precise_date(datetime.date(2016, 1, 1), "year") == "2016"
    assert precise_date(datetime.date(2022, 9, 1), "month") == "2022-09"
    assert precise_date(day, "day") == "2022-09-12"


def _event(title, date, precision, inferred=False):
    inferences = {"date.year": "The source gives no year."} if inferred else {}
    return Event(title=title, date=date, date_precision=precision, inferences=inferences)


def test_timeline_bar_spans_the_period_of_its_precision():
    picture = timeline_svg(
        [
            _event("Year", datetime.date(2016, 1, 1), "year"),
            _event("Month", datetime.date(2017, 3, 1), "month"),
            _event("Day", datetime.date(2017, 9, 12), "day", inferred=True),
        ]
    )
    root = ElementTree.fromstring(str(picture.svg))
    widths = {
        rect.get("class").split()[1]: float(rect.get("width"))
        for rect in root.iter("{http://www.w3.org/2000/svg}rect")
    }
    assert widths["tl-year"] > 10 * widths["tl-month"] > widths["tl-day"]
    assert root.find("{http://www.w3.org/2000/svg}title") is not None
    assert "2016: Year" in picture.summary and "2017" in picture.summary
    assert 'stroke-dasharray="4 2"' in str(picture.svg)


def test_timeline_without_dated_events_draws_nothing():
    assert timeline_svg([_event("Undated", None, "")]) is None


def test_organisation_diagram_escapes_names_and_summarises_in_text():
    centre = Organisation(name="<b>Centre</b>")
    member = Membership(
        member_organisation=Organisation(pk=1, name="Board & Co"), role="board member"
    )
    picture = organisation_svg(centre, Organisation(name="Parent"), [], [member], [])
    ElementTree.fromstring(str(picture.svg))
    assert "<b>" not in str(picture.svg)
    assert "Board &amp; Co" in str(picture.svg)
    assert "Board & Co (board member)" in picture.summary
    assert re.search(r"<desc id=\"org-diagram-desc\">.*Parent", str(picture.svg))


def test_json_ld_cannot_close_its_script_element():
    import json

    from foundation.templatetags.foundation_tags import to_json

    text = to_json({"text": "</script><script>alert(1)</script> & more"})
    assert "</script>" not in text and "<" not in text and "&" not in text
    assert json.loads(text)["text"].startswith("</script>")
