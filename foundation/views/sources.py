import itertools
from collections import defaultdict

from django.db.models import F
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from foundation.models import Citation, Figure, Source
from foundation.models.kinds import cited_models, kind_name

from .base import PAGE_SIZE, VisibleMixin


class SourceListView(VisibleMixin, ListView):
    model = Source
    paginate_by = PAGE_SIZE


class SourceDetailView(VisibleMixin, DetailView):
    """The document verbatim, every cited passage highlighted and tied to its records."""

    og_type = "article"
    model = Source

    def get_context_data(self, **kwargs):
        user = self.request.user
        passages = sorted(
            Citation.objects.visible_to(user).filter(source=self.object),
            key=reading_order,
        )
        supports = supported_records(passages, user)
        for number, passage in enumerate(passages, start=1):
            passage.number = number
            passage.supports = supports[passage.pk]
        focus = focused_record(self.request.GET.get(FOCUS), user)
        focused = focus_on(focus, passages)
        return super().get_context_data(
            paragraphs=highlight(self.object.text, passages),
            passages=passages,
            focus=focus,
            focus_kind=focus._meta.verbose_name if focus else "",
            focus_asked=FOCUS in self.request.GET,
            focused=focused,
            **kwargs,
        )


# ?record=<kind>/<slug>: the record a reader arrives from, whose passages the page brings
# forward (record_passage_url builds the link).
FOCUS = "record"


def reading_order(passage):
    """Passages are numbered in the order a reader meets their numbers, which stand where each
    passage ends: by end, and at one end the inner passage (the later start) first, as
    highlight() closes them."""
    return (passage.end, -passage.start, -passage.pk)


def record_passage_url(record, citation):
    """The source page at this passage, with the record's passages brought forward."""
    key = f"{kind_name(type(record))}/{record.slug}"
    return f"{citation.source.get_absolute_url()}?{FOCUS}={key}#passage-{citation.pk}"


def focused_record(key, user):
    """The record named by ?record=, if this user may see it: a hidden record and an unknown one
    read alike (None)."""
    if not key or "/" not in key:
        return None
    kind, _slash, slug = key.partition("/")
    for model in cited_models():
        if kind_name(model) == kind and "\x00" not in slug:
            return model.objects.visible_to(user).filter(slug=slug).first()
    return None


def focus_on(record, passages):
    """Marks each passage as the record's (focus) or another's (dimmed), and links each of the
    record's passages to its previous and next one in reading order; returns the record's."""
    if record is None:
        return []
    own = set(record.citations.values_list("pk", flat=True))
    focused = [passage for passage in passages if passage.pk in own]
    for passage in passages:
        passage.focus = passage.pk in own
        passage.dimmed = not passage.focus
    for before, after in itertools.pairwise(focused):
        before.next_of_record, after.previous_of_record = after, before
    return focused


def supported_records(passages, user):
    """{passage pk: [(label, record, url), …]}: the visible records each passage supports.

    Every kind of record that cites passages (cited_models), then the figures, which give
    their passage directly. One query per kind, grouped here: prefetch_related built a
    related manager and a queryset per passage and kind, costly for a much-cited source.
    """
    pks = [passage.pk for passage in passages]
    supports = defaultdict(list)
    for model in cited_models():
        # What a record cannot be read without is also what its name and address show
        # (a statement's speaker, a membership's two ends).
        records = model.objects.visible_to(user).select_related(*model.visibility.requires)
        label = capfirst(model._meta.verbose_name)
        # The filter's join to the passages gives each row its passage (one row per pair).
        for record in records.filter(citations__in=pks).annotate(passage_pk=F("citations")):
            supports[record.passage_pk].append((label, record, record.get_absolute_url()))
    figures = Figure.objects.visible_to(user).filter(citation__in=pks).select_related("statement")
    label = capfirst(Figure._meta.verbose_name)
    for figure in figures:
        supports[figure.citation_id].append((label, figure, figure.statement.get_absolute_url()))
    return supports


def highlight(text, passages):
    """The text as paragraphs of safe HTML, each passage in <mark id="passage-N">.

    Passages may nest or cross: marks are closed and reopened at every boundary so the
    HTML stays well formed; only the first piece of a passage carries its id.
    """
    paragraphs, offset = [], 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if line.strip():
            inside = [p for p in passages if p.start < end and p.end > start]
            paragraphs.append(_highlight_paragraph(text, start, end, inside))
    return paragraphs


def _highlight_paragraph(text, start, end, passages):
    bounds = {start, end}
    for passage in passages:
        bounds.update((max(passage.start, start), min(passage.end, end)))
    points = sorted(bounds)
    ordered = sorted(passages, key=lambda p: (p.start, -p.end, p.pk))
    html, open_stack = [], []
    for left, right in itertools.pairwise(points):
        active = [p for p in ordered if p.start <= left and p.end >= right]
        common = 0
        while (
            common < len(open_stack)
            and common < len(active)
            and open_stack[common] is active[common]
        ):
            common += 1
        for closing in reversed(open_stack[common:]):
            html.append("</mark>")
            if closing.end == left:
                html.append(_reference(closing))
        open_stack = open_stack[:common]
        for opening in active[common:]:
            classes = _classes(opening)
            if opening.start == left:
                html.append(format_html('<mark id="passage-{}" class="{}">', opening.pk, classes))
            else:
                html.append(format_html('<mark class="{}">', classes))
            open_stack.append(opening)
        html.append(escape(text[left:right]))
    for closing in reversed(open_stack):
        html.append("</mark>")
        if closing.end == end:
            html.append(_reference(closing))
    return mark_safe("".join(html))


def _classes(passage):
    if getattr(passage, "focus", False):
        return "passage focus"
    return "passage dimmed" if getattr(passage, "dimmed", False) else "passage"


def _reference(passage):
    html = format_html(
        '<a class="passage-ref" href="#support-{}" aria-label="{}">[{}]</a>',
        passage.pk,
        _("Passage %(number)s: what it supports") % {"number": passage.number},
        passage.number,
    )
    steps = [
        (getattr(passage, "previous_of_record", None), _("previous passage of this record"), "←"),
        (getattr(passage, "next_of_record", None), _("next passage of this record"), "→"),
    ]
    links = [
        format_html('<a href="#passage-{}" aria-label="{}">{}</a>', other.pk, label, arrow)
        for other, label, arrow in steps
        if other is not None
    ]
    if links:
        html += format_html('<span class="passage-steps">{}</span>', mark_safe(" ".join(links)))
    return html
