"""Citing by selection, and the mentions proposed on a source: the admin's views.

On a source's page and in every cited record's form, the source text is shown with the
passages already cited highlighted (overlaps shaded deeper); the editor selects a passage
with the mouse or the keyboard (static/foundation/admin/cite.js: no inline script, so the
strict CSP holds) and cites it. Without a script, or by habit, the passage can be pasted:
foundation.passages finds it, typographic variants tolerated, and lists each occurrence of
an ambiguous one to choose from. Every write is foundation.services's.
"""

import itertools
import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from foundation import services
from foundation.models import EditConflict, Organisation, Person, ProposedMention, Source
from foundation.passages import occurrences, sentence_around

from .base import key_or_404

LINE_BREAK = re.compile(r"\r\n|\r|\n")


def segments(text, spans):
    """`text` cut where a passage starts or ends and around line breaks (a browser turns
    "\\r\\n" into "\\n", so each line break is a piece of its own that the script counts by
    its ends): [{start, end, text, depth, ids}], depth being how many passages cover it."""
    cuts = {0, len(text)}
    for start, end, _pk in spans:
        cuts.update((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    for match in LINE_BREAK.finditer(text):
        cuts.update(match.span())
    ordered = sorted(cuts)
    pieces = []
    for start, end in itertools.pairwise(ordered):
        if start == end:
            continue
        covering = [pk for s, e, pk in spans if s <= start and end <= e]
        pieces.append(
            {
                "start": start,
                "end": end,
                "text": text[start:end],
                "depth": min(len(covering), 3),
                "ids": " ".join(str(pk) for pk in covering),
            }
        )
    return pieces


def source_spans(source):
    return list(source.citations.values_list("start", "end", "pk"))


def render_source_text(source, request=None):
    return render_to_string(
        "admin/foundation/source_text.html",
        {"source": source, "segments": segments(source.text, source_spans(source))},
        request=request,
    )


class CiteForm(forms.Form):
    """A passage to cite: selected (offsets given) or pasted (found in the source)."""

    text = forms.CharField(label=gettext_lazy("Passage"), widget=forms.Textarea(attrs={"rows": 3}))
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    occurrence = forms.TypedChoiceField(
        label=gettext_lazy("Which occurrence?"),
        required=False,
        coerce=int,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=300)

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurrence"].choices = []
        text = self.data.get("text") if self.is_bound else None
        if text and not self.data.get("start"):
            found = occurrences(source.text, text)
            if len(found) > 1:
                self.fields["occurrence"].choices = occurrence_choices(found)

    def passage(self):
        """What services.cite_passage is asked for: the chosen occurrence gives the start."""
        cleaned = self.cleaned_data
        start = cleaned.get("start")
        if start is None and cleaned.get("occurrence") not in (None, ""):
            start = cleaned["occurrence"]
        return {
            "text": cleaned["text"],
            "start": start,
            "end": cleaned.get("end"),
            "note": cleaned.get("note", ""),
        }

    def refused(self, error):
        """Show the write's refusal: an ambiguous start on the occurrences, the rest on the
        passage (the offsets are the selection's, which the editor never typed)."""
        for field, texts in error.message_dict.items():
            if field == "start" and self.fields["occurrence"].choices:
                target = "occurrence"
            else:
                target = field if field == "note" else "text"
            for text in texts:
                self.add_error(target, text)


def occurrence_choices(found):
    """Radio choices for each occurrence of a passage: its context, the passage marked."""
    return [
        (
            item.start,
            format_html(
                "…{}<mark>{}</mark>{}… ({}–{})",
                item.before,
                item.text,
                item.after,
                item.start,
                item.end,
            ),
        )
        for item in found
    ]


class OccurrenceMixin(forms.Form):
    """For a citation's own form: a pasted passage found more than once lists each occurrence
    to pick from, instead of asking for an offset counted by hand."""

    occurrence = forms.TypedChoiceField(
        label=gettext_lazy("Which occurrence?"),
        required=False,
        coerce=int,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurrence"].choices = []
        data = self.data if self.is_bound else {}
        source_id, text = data.get("source"), data.get("text")
        if source_id and text and not data.get("start") and str(source_id).isdigit():
            source = Source.objects.filter(pk=int(source_id)).only("text").first()
            found = occurrences(source.text, text) if source else []
            if len(found) > 1:
                self.fields["occurrence"].choices = occurrence_choices(found)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") is None and cleaned.get("occurrence") not in (None, ""):
            cleaned["start"] = cleaned["occurrence"]
            cleaned["end"] = None
        return cleaned


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def citation_payload(citation):
    return {"id": citation.pk, "label": str(citation), "start": citation.start, "end": citation.end}


class CitingViews:
    """The views SourceAdmin adds under a source's address (its get_urls)."""

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def source_or_404(self, request, object_id, permission="view"):
        admin = self.model_admin
        source = get_object_or_404(
            admin.get_queryset(request), pk=key_or_404(admin.model._meta.pk, object_id)
        )
        if not request.user.has_perm(f"foundation.{permission}_source"):
            raise PermissionDenied
        return source

    def passages(self, request, object_id):
        """The source's text, its passages highlighted, for a record's form to cite from."""
        source = self.source_or_404(request, object_id)
        if not request.user.has_perm("foundation.view_citation"):
            raise PermissionDenied
        return JsonResponse(
            {
                "id": source.pk,
                "title": source.title,
                "html": render_source_text(source, request),
                "cite_url": reverse(
                    f"{self.model_admin.admin_site.name}:foundation_source_cite",
                    args=[source.pk],
                ),
            }
        )

    def cite(self, request, object_id):
        source = self.source_or_404(request, object_id)
        if not request.user.has_perm("foundation.add_citation"):
            raise PermissionDenied
        form = CiteForm(request.POST, source=source)
        citation, created, valid = None, False, form.is_valid()
        if valid:
            try:
                citation, created = services.cite_passage(
                    source=source, user=request.user, **form.passage()
                )
            except ValidationError as error:
                form.refused(error)
                valid = False
        if wants_json(request):
            if not valid:
                return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
            return JsonResponse(
                {**citation_payload(citation), "created": created},
                status=201 if created else 200,
            )
        if not valid:
            context = {
                **self.model_admin.admin_site.each_context(request),
                "title": _("Cite a passage"),
                "source": source,
                "form": form,
                "cite_url": request.path,
                "back_url": self.back_to(source),
            }
            return TemplateResponse(request, "admin/foundation/cite_form.html", context, status=400)
        message = (
            _("Citation created: %(citation)s")
            if created
            else _("This passage was already cited: %(citation)s")
        )
        messages.success(request, message % {"citation": citation})
        return HttpResponseRedirect(self.back_to(source) + "#cite-passages")

    def back_to(self, source):
        return reverse(
            f"{self.model_admin.admin_site.name}:foundation_source_change", args=[source.pk]
        )

    def find_mentions(self, request, object_id):
        source = self.source_or_404(request, object_id, "change")
        waiting = services.propose_mentions(source).count()
        messages.success(
            request,
            _("Mentions found again: %(count)d waiting for a decision.") % {"count": waiting},
        )
        return HttpResponseRedirect(self.back_to(source) + "#proposed-mentions")

    def decide(self, request, object_id, mention_id):
        """accept, dismiss, or start a new person or organisation from a candidate."""
        source = self.source_or_404(request, object_id)
        mention = get_object_or_404(
            ProposedMention.objects.select_related("person", "organisation"),
            pk=key_or_404(ProposedMention._meta.pk, mention_id),
            source=source,
        )
        action = request.POST.get("action")
        user = request.user
        back = HttpResponseRedirect(self.back_to(source) + "#proposed-mentions")
        if action == "dismiss":
            if not user.has_perm("foundation.change_source"):
                raise PermissionDenied
            services.dismiss_mention(mention=mention, user=user)
            messages.success(request, _("Dismissed: %(mention)s") % {"mention": mention.text})
            return back
        if action == "accept" and not mention.is_candidate:
            model = type(mention.record)
            if not (
                user.has_perm(f"foundation.change_{model._meta.model_name}")
                and user.has_perm("foundation.add_citation")
            ):
                raise PermissionDenied
            try:
                services.accept_mention(mention=mention, user=user)
            except (ValidationError, EditConflict) as error:
                messages.error(request, error_text(error))
                return back
            messages.success(
                request,
                _("%(record)s now cites the sentence that names it.") % {"record": mention.record},
            )
            return back
        if action in ("person", "organisation") and mention.is_candidate:
            model = Person if action == "person" else Organisation
            if not (
                user.has_perm(f"foundation.add_{model._meta.model_name}")
                and user.has_perm("foundation.add_citation")
            ):
                raise PermissionDenied
            try:
                citation = services.cite_for_candidate(mention=mention, user=user)
            except ValidationError as error:
                messages.error(request, error_text(error))
                return back
            name_field = "name" if model is Person else "name_fr"
            query = {name_field: mention.text, "slug": slugify(mention.text), "_cite": citation.pk}
            if model is Person:
                query["sort_name"] = sort_name(mention.text)
            add = reverse(
                f"{self.model_admin.admin_site.name}:foundation_{model._meta.model_name}_add"
            )
            return HttpResponseRedirect(f"{add}?{urlencode(query)}")
        return JsonResponse({"error": _("Unknown action.")}, status=400)


def sort_name(name):
    parts = name.split()
    return f"{parts[-1]}, {' '.join(parts[:-1])}" if len(parts) > 1 else name


def error_text(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def proposals_context(source):
    """The source page's proposals: mentions of known records, and candidates."""
    rows = list(
        source.proposed_mentions.filter(status=ProposedMention.Status.PROPOSED).select_related(
            "person", "organisation"
        )
    )
    text = source.text
    for row in rows:
        start, end = sentence_around(text, row.start, row.end)
        row.before = text[start : row.start]
        row.after = text[row.end : end]
    return {
        "mentions": [row for row in rows if not row.is_candidate],
        "candidates": [row for row in rows if row.is_candidate],
        "decided": source.proposed_mentions.exclude(status=ProposedMention.Status.PROPOSED).count(),
    }
