"""The change feed: /api/v1/changes/?after=<cursor>, every change the caller may see, in commit
order. What is logged and who sees what of it is foundation/changes.py's; this only reads."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from foundation import changes
from foundation.models import ChangeKind

from .pagination import whole_number

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class SurvivorSerializer(serializers.Serializer):
    type = serializers.CharField()
    id = serializers.IntegerField()
    slug = serializers.CharField()
    url = serializers.URLField()


class ChangeSerializer(serializers.Serializer):
    cursor = serializers.CharField(help_text="Resume after this change: ?after=<cursor>.")
    kind = serializers.ChoiceField(
        choices=ChangeKind.values,
        help_text=(
            "unpublished, deleted and merged are tombstones: the record is gone for you "
            "(merged: into `survivor`)."
        ),
    )
    type = serializers.CharField(help_text="The record's type: source, organisation, person…")
    id = serializers.IntegerField()
    slug = serializers.CharField()
    version = serializers.IntegerField(allow_null=True, help_text="The version this change made.")
    at = serializers.DateTimeField()
    url = serializers.URLField(help_text="The record in the API (404 for a tombstone).")
    survivor = SurvivorSerializer(allow_null=True)


class ChangePageSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True)
    cursor = serializers.CharField(
        allow_null=True, help_text="The last change of this page (or the one you gave)."
    )
    next = serializers.URLField(help_text="This feed after `cursor`: poll it for more.")
    more = serializers.BooleanField(help_text="Whether changes follow this page already.")


class ChangesView(APIView):
    """Every change to the records you may see, oldest first."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="changes_list",
        description=(
            "Every change to a record you may see, in the order the writes committed: created, "
            "updated, published, unpublished, deleted, merged. A record you could see and no "
            "longer can comes as a tombstone (unpublished, deleted, merged); drafts you may not "
            "see never appear. Start without `after`, then pass the `cursor` of the last "
            "change you processed: no change is skipped or repeated."
        ),
        parameters=[
            OpenApiParameter(
                "after",
                str,
                description="A cursor from this feed; the changes that follow it.",
            ),
            OpenApiParameter(
                "limit",
                int,
                description=f"Changes per page: {DEFAULT_LIMIT} by default, at most {MAX_LIMIT}.",
            ),
        ],
        responses=ChangePageSerializer,
    )
    def get(self, request):
        after = self.parse_after(request.query_params.get("after"))
        raw_limit = request.query_params.get("limit")
        limit = DEFAULT_LIMIT
        if raw_limit not in (None, ""):
            limit = min(
                whole_number(raw_limit, "limit", _("A whole number from 1 to 1000.")), MAX_LIMIT
            )
        user = request.user
        whole = {
            changes.type_name(model): changes.sees_all(user, model)
            for model in changes.record_models()
        }
        rows = list(changes.visible_changes(user).filter(seq__gt=after)[: limit + 1])
        more = len(rows) > limit
        rows = rows[:limit]
        base = request.build_absolute_uri("/").rstrip("/")
        results = [
            changes.represent(row, changes.shown_kind(row, whole[row.record_type]), base)
            for row in rows
        ]
        cursor = changes.encode_cursor(rows[-1].seq if rows else after) if (rows or after) else None
        following = request.build_absolute_uri(request.path)
        following += f"?after={cursor}" if cursor else ""
        if raw_limit not in (None, ""):
            following += f"{'&' if cursor else '?'}limit={limit}"
        return Response({"results": results, "cursor": cursor, "next": following, "more": more})

    def parse_after(self, raw):
        if raw in (None, ""):
            return 0
        try:
            return changes.decode_cursor(raw)
        except ValueError:
            raise ValidationError(
                {"after": [_("Not a cursor this feed gave: pass the cursor of a change.")]}
            ) from None
