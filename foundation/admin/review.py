"""The review queue, at <admin>/review/: every record in review, each change shown against
the version visitors last saw, with the team's comments; a reviewer publishes from it or
sends a record back to draft (both through foundation.services, under the version shown).

Each kind costs a fixed number of queries, whatever the number of records or versions: the
records, their history rows, their passages and the records they link to, and comments.
"""

import difflib
from collections import defaultdict

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View

from foundation import review, services
from foundation.models import Citation, CitedRecord, EditConflict, RecordComment, Status
from foundation.models.kinds import record_models
from foundation.roles import publish_permission_name
from foundation.services import conflict_message

URL_NAME = "review_queue"
ACTIONS = {"publish": services.publish, "draft": services.unpublish}


def reviewable_models(user):
    """The kinds of record whose drafts `user` sees (and so may review)."""
    return [
        model
        for model in record_models()
        if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]


class ReviewActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(name, name) for name in ACTIONS])
    kind = forms.CharField(max_length=100)
    pk = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1)


class ReviewQueueView(View):
    http_method_names = ["get", "post"]
    site = None  # the AdminSite, given to as_view()
    template_name = "admin/foundation/review_queue.html"

    def dispatch(self, request, *args, **kwargs):
        if not reviewable_models(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        user = request.user
        kinds = []
        for model in reviewable_models(user):
            entries = queue_entries(model, user)
            if entries:
                kinds.append(
                    {"name": capfirst(model._meta.verbose_name_plural), "entries": entries}
                )
        context = {
            **self.site.each_context(request),
            "title": _("Review queue"),
            "kinds": kinds,
            "count": sum(len(kind["entries"]) for kind in kinds),
        }
        return TemplateResponse(request, self.template_name, context)

    def post(self, request):
        form = ReviewActionForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(_("Unknown action or record."))
        data = form.cleaned_data
        models = {model._meta.label_lower: model for model in reviewable_models(request.user)}
        model = models.get(data["kind"])
        if model is None:
            return HttpResponseBadRequest(_("Unknown action or record."))
        opts = model._meta
        if not request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            raise PermissionDenied
        record = model._base_manager.filter(pk=data["pk"]).first()
        if record is None:
            messages.error(request, _("This record was deleted since you opened the queue."))
            return self.back()
        try:
            if record.version != data["version"]:
                # What the reviewer read is not what would be published.
                raise EditConflict(record, data["version"])
            ACTIONS[data["action"]](records=[record], user=request.user)
        except EditConflict as conflict:
            messages.error(request, conflict_message(record, conflict.expected_version))
        except ValidationError as refusal:
            for message in refusal.messages:
                messages.error(request, message)
        else:
            done = {
                "publish": _("%(kind)s “%(record)s” published."),
                "draft": _("%(kind)s “%(record)s” sent back to draft."),
            }[data["action"]]
            messages.success(
                request, done % {"kind": capfirst(opts.verbose_name), "record": record}
            )
        return self.back()

    def back(self):
        return HttpResponseRedirect(reverse(f"{self.site.name}:{URL_NAME}"))


def queue_entries(model, user):
    """Each record of `model` in review: who sent it and when, its changes against the
    version last published, and the team's comments on it."""
    links = [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and field.attname in review.content_fields(model)
    ]
    records = list(
        model.objects.visible_to(user)
        .filter(status=Status.IN_REVIEW)
        .select_related(*links)
        .order_by("updated_at")
    )
    if not records:
        return []
    history = model.history.model
    rows_by_record = defaultdict(list)
    for row in (
        history.objects.filter(id__in=[record.pk for record in records])
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    ):
        rows_by_record[row.id].append(row)
    compared = {}
    for record in records:
        rows = rows_by_record[record.pk]
        compared[record.pk] = (rows[0] if rows else None, review.last_published(record, rows))
    passages = row_passages(model, [row for pair in compared.values() for row in pair if row])
    names = linked_names(model, [row for pair in compared.values() for row in pair if row])
    comments = comments_on(model, records)
    entries = []
    for record in records:
        rows = rows_by_record[record.pk]
        current, published = compared[record.pk]
        entries.append(
            {
                "record": record,
                "kind": model._meta.label_lower,
                "change_url": reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                    args=[record.pk],
                ),
                "sent": sent_for_review(rows),
                "authors": sorted(
                    {
                        row.history_user.get_username()
                        for row in unpublished(rows)
                        if row.history_user
                    }
                ),
                "published": published,
                "changes": field_changes(model, published, current, names)
                + passage_changes(published, current, passages),
                "comments": comments.get(record.pk, []),
                "may_publish": user.has_perm(publish_permission_name(model)),
            }
        )
    return entries


def unpublished(rows):
    for row in rows:
        if row.status == Status.PUBLISHED:
            return
        yield row


def sent_for_review(rows):
    """The history row that put the record in review (the oldest of the latest run)."""
    sent = None
    for row in rows:
        if row.status != Status.IN_REVIEW:
            break
        sent = row
    return sent


def field_changes(model, old, new, names):
    """[{label, before, after}] for each content field that differs (every filled field of a
    record never published), text fields as a word diff."""
    if new is None:
        return []
    changes = []
    for field in model._meta.concrete_fields:
        if field.attname not in review.content_fields(model):
            continue
        after = getattr(new, field.attname)
        before = getattr(old, field.attname) if old is not None else None
        if before == after or (old is None and after in (None, "", False)):
            continue
        label = capfirst(field.verbose_name)
        if field.is_relation:
            target = field.related_model
            before, after = names.get((target, before), before), names.get((target, after), after)
        elif field.choices:
            shown = dict(field.flatchoices)
            before, after = shown.get(before, before), shown.get(after, after)
        if field.get_internal_type() == "TextField":
            changes.append({"label": label, "diff": word_diff(before or "", after or "")})
        else:
            changes.append(
                {"label": label, "before": shown_value(before), "after": shown_value(after)}
            )
    return changes


def shown_value(value):
    if value in (None, ""):
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return str(value)


def word_diff(before, after):
    """The words removed and added, marked <del> and <ins> (escaped)."""
    old, new = before.split(" "), after.split(" ")
    parts = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(conditional_escape(" ".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", " ".join(old[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", " ".join(new[j1:j2])))
    return mark_safe(" ".join(parts))


def row_passages(model, rows):
    """{history_id: {citation id: passage}} for the rows of a cited kind (two queries)."""
    # A source also has `citations` (the passages cut from it), but they are not its evidence
    # and its history keeps no list of them.
    if not issubclass(model, CitedRecord) or not rows:
        return {}
    through = type(rows[0]).citations.model
    cited = defaultdict(set)
    for history_id, citation_id in through.objects.filter(
        history__in=[row.history_id for row in rows]
    ).values_list("history_id", "citation_id"):
        cited[history_id].add(citation_id)
    ids = set().union(*cited.values()) if cited else set()
    texts = dict(Citation.objects.filter(pk__in=ids).values_list("pk", "text"))
    return {
        history_id: {pk: texts.get(pk, "?") for pk in citation_ids}
        for history_id, citation_ids in cited.items()
    }


def passage_changes(old, new, passages):
    if new is None:
        return []
    before = passages.get(old.history_id, {}) if old is not None else {}
    after = passages.get(new.history_id, {})
    added = [after[pk] for pk in sorted(set(after) - set(before))]
    removed = [before[pk] for pk in sorted(set(before) - set(after))]
    if not added and not removed:
        return []
    return [{"label": _("Cited passages"), "added": added, "removed": removed}]


def linked_names(model, rows):
    """{(model, id): name} of the records the rows link to (one query per kind of link)."""
    wanted = defaultdict(set)
    links = [field for field in model._meta.concrete_fields if field.is_relation]
    for row in rows:
        for field in links:
            value = getattr(row, field.attname)
            if value is not None:
                wanted[field.related_model].add(value)
    names = {}
    for target, ids in wanted.items():
        for obj in target._base_manager.filter(pk__in=ids):
            names[(target, obj.pk)] = str(obj)
    return names


def comments_on(model, records):
    content_type = ContentType.objects.get_for_model(model)
    comments = defaultdict(list)
    for comment in RecordComment.objects.filter(
        content_type=content_type, object_id__in=[record.pk for record in records]
    ).select_related("author"):
        comments[comment.object_id].append(comment)
    return comments


def install(site):
    """Serves the queue at <admin>/review/ and links it from every admin page."""
    site_urls, site_context = site.get_urls, site.each_context

    def get_urls():
        view = site.admin_view(ReviewQueueView.as_view(site=site))
        return [path("review/", view, name=URL_NAME), *site_urls()]

    def each_context(request):
        context = site_context(request)
        if request.user.is_active and request.user.is_staff and reviewable_models(request.user):
            context["review_queue_url"] = reverse(f"{site.name}:{URL_NAME}")
        return context

    site.get_urls = get_urls
    site.each_context = each_context
