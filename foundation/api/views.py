"""ViewSets for every record type: related loading, ETags and guarded writes.

Every record read, listed or nested, comes from `Model.objects.visible_to(request.user)`: the
models' one rule of who may see what (foundation/models/visibility.py). Nothing here decides it.
"""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from foundation import merging, services
from foundation.history import published_versions
from foundation.models import (
    Citation,
    CitedRecord,
    Event,
    EventParticipant,
    Figure,
    Membership,
    Organisation,
    OrganisationRelation,
    Person,
    Source,
    Statement,
)
from foundation.models.reading import reading_order

from . import filters, serializers
from .asof import AsOfReading, parse_as_of, record_as_of, refuse_present_only_filters
from .expand import Reading, expand, parse_expand
from .lean import LeanReader
from .preconditions import etag_of, expected_version, not_modified
from .renderers import CSVRenderer, ORJSONRenderer

WRITE_ACTIONS = ("update", "partial_update", "destroy")


def statement_slugs(relation, user):
    """A detail's statements, for their slugs only: no need to build whole records."""
    queryset = Statement.objects.visible_to(user).only("slug", relation)
    return Prefetch("statements", queryset=queryset, to_attr="visible_statements")


class RecordViewSet(viewsets.ModelViewSet):
    """List (JSON or CSV), read with ETag, and write under If-Match."""

    lookup_field = "slug"
    # Anything up to the next slash reaches the view, so an unknown address is a JSON 404.
    lookup_value_regex = "[^/]+"
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    supports_fields = True
    model = None
    list_serializer_class = None
    select = ()

    def get_renderers(self):
        renderers = super().get_renderers()
        if getattr(self, "action", None) == "list":
            renderers.append(CSVRenderer())
        return renderers

    def get_serializer_class(self):
        if self.action == "list":
            return self.list_serializer_class
        return self.serializer_class

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["fields"] = self.fields_read()
        return context

    def fields_read(self):
        """?fields=, with the id an expansion matches items by (dropped again after)."""
        fields = getattr(self, "requested_fields", None)
        if fields and getattr(self, "expansions", None):
            return {*fields, "id"}
        return fields

    def reading(self):
        user = getattr(self.request, "user", None)
        if getattr(self, "as_of", None) is not None:
            return AsOfReading(user, self.as_of)
        return Reading(user)

    def expanded(self, items):
        """Items with their ?expand= records (see foundation/api/expand.py)."""
        if not self.expansions:
            return items
        expand(
            items,
            self.expansions,
            model=self.model,
            request=self.request,
            reading=self.reading(),
            list_serializers=LIST_SERIALIZERS,
        )
        if self.requested_fields and "id" not in self.requested_fields:
            for item in items:
                del item["id"]
        return items

    def get_queryset(self):
        user = getattr(self.request, "user", None)
        if getattr(self, "as_of", None) is not None and self.action == "list":
            # History rows as of that moment (foundation/api/asof.py), in the list's order.
            queryset = self.reading().records(self.model).select_related(*self.select)
            return queryset.order_by(
                *filters.history_ordering(self.model, reading_order(self.model))
            )
        queryset = self.model._default_manager.visible_to(user).select_related(*self.select)
        if self.action not in ("list", "history"):
            queryset = queryset.prefetch_related(*self.detail_prefetches(user))
            if issubclass(self.model, CitedRecord):  # a detail names who checked it
                queryset = queryset.select_related("verified_by")
        return queryset.order_by(*reading_order(self.model), "pk")

    def detail_prefetches(self, user):
        passages = Citation.objects.visible_to(user).select_related("source")
        return [Prefetch("citations", queryset=passages.order_by("source", "start", "end", "pk"))]

    def get_object(self):
        if "\x00" in self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""):
            # No key holds NUL, and PostgreSQL refuses it in a query (a 500): an unknown record.
            get_object_or_404(self.get_queryset().none())
        if getattr(self, "as_of", None) is not None and self.action == "retrieve":
            return record_as_of(self, self.as_of)
        instance = super().get_object()
        if self.action in WRITE_ACTIONS and getattr(instance, "redacted_links", None):
            # Found through the reader's rule (404 otherwise), but saved whole: read again,
            # so that saving does not erase the links this writer may not see.
            instance = self.model._default_manager.get(pk=instance.pk)
        return instance

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.requested_fields = self.parse_fields(request)
        self.expansions = self.as_of = None
        if request.method in ("GET", "HEAD") and self.action in ("list", "retrieve"):
            self.expansions = parse_expand(request.query_params.get("expand"), self.model)
            self.as_of = parse_as_of(request)
            if self.as_of is not None and self.action == "list":
                refuse_present_only_filters(request, self.filterset_class, self.model)

    def parse_fields(self, request):
        raw = request.query_params.get("fields")
        if raw is None or request.method not in ("GET", "HEAD"):
            return None
        wanted = {name.strip() for name in raw.split(",") if name.strip()}
        if not wanted:
            return None
        available = set(self.get_serializer_class()().fields)
        unknown = sorted(wanted - available)
        if unknown:
            raise ValidationError(
                {
                    "fields": [
                        _("Unknown field(s): %(unknown)s. Choose among: %(available)s.")
                        % {
                            "unknown": ", ".join(unknown) or "(none)",
                            "available": ", ".join(sorted(available)),
                        }
                    ]
                }
            )
        return wanted

    def handle_exception(self, exc):
        # Errors are JSON, as documented, even when a CSV export was asked for.
        if getattr(getattr(self.request, "accepted_renderer", None), "format", None) == "csv":
            self.request.accepted_renderer = ORJSONRenderer()
            self.request.accepted_media_type = ORJSONRenderer.media_type
        return super().handle_exception(exc)

    def list(self, request, *args, **kwargs):
        # Rows, not model instances: see foundation/api/lean.py.
        reader = LeanReader(self.list_serializer_class, request, self.fields_read())
        rows = reader.rows(self.filter_queryset(self.get_queryset()))
        if request.accepted_renderer.format == "csv":
            # The export is the whole filtered list, not one page of it.
            filename = f"{self.model._meta.verbose_name_plural}.csv".replace(" ", "-")
            return Response(
                self.expanded(reader.represent(rows.iterator(chunk_size=2000))),
                # Its name in the reader's language, encoded as RFC 6266 asks ("événements").
                headers={"Content-Disposition": content_disposition_header(True, filename)},
            )
        items = reader.represent(self.paginate_queryset(rows))
        return self.get_paginated_response(self.expanded(items))

    def retrieve(self, request, *args, **kwargs):
        try:
            instance = self.get_object()
        except Http404:
            moved = self.merged_into(request)
            if moved is None:
                raise
            return moved
        data = self.get_serializer(instance).data
        if self.expansions:
            data = self.expanded([dict(data)])[0]
        etag = etag_of(instance, data)
        if not_modified(request, etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(data, headers={"ETag": etag})

    def merged_into(self, request):
        """A 301 to the record a merged one's address now leads to (foundation.merging)."""
        slug = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")
        if self.lookup_field != "slug" or not merging.mergeable(self.model):
            return None
        survivor = merging.survivor_of(self.model, slug, request.user)
        if survivor is None:
            return None
        url = reverse(f"api:{self.basename}-detail", kwargs={"slug": survivor.slug})
        query = request.META.get("QUERY_STRING", "")
        location = request.build_absolute_uri(f"{url}?{query}" if query else url)
        return Response(
            {"detail": _("This record was merged into another: %(url)s") % {"url": location}},
            status=status.HTTP_301_MOVED_PERMANENTLY,
            headers={"Location": location},
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = serializer.save()
        return self.respond_with(instance, status.HTTP_201_CREATED, location=True)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        expected = expected_version(request, instance)
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.context["expected_version"] = expected
        serializer.is_valid(raise_exception=True)
        instance = serializer.save()
        return self.respond_with(instance, status.HTTP_200_OK)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        services.delete_record(
            record=instance, user=request.user, expected_version=expected_version(request, instance)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    def respond_with(self, instance, code, location=False):
        """The saved record as a reader would fetch it, with its new ETag."""
        fresh = self.get_queryset().get(pk=instance.pk)
        data = self.get_serializer(fresh).data
        headers = {"ETag": etag_of(fresh, data)}
        if location and "url" in data:
            # A plain str: the field gives a Hyperlink (a str subclass), which a WSGI server
            # refuses as a header value.
            headers["Location"] = str(data["url"])
        return Response(data, status=code, headers=headers)


class HistoryMixin:
    """/api/v1/<kind>/<slug>/history/: the record's published versions, newest first, as its
    public history page lists them (foundation/history.py)."""

    @extend_schema(
        responses=serializers.VersionSerializer(many=True),
        description="The record's published versions, newest first: what changed and when. "
        "Drafts are never listed.",
    )
    @action(detail=True, methods=["get"], url_path="history", pagination_class=None)
    def history(self, request, *args, **kwargs):
        record = self.get_object()
        versions = published_versions(self.model, [record.pk])[record.pk]
        context = {**self.get_serializer_context(), "record": record}
        return Response(serializers.VersionSerializer(versions, many=True, context=context).data)


class SourceViewSet(HistoryMixin, RecordViewSet):
    """Source documents, verbatim."""

    model = Source
    serializer_class = serializers.SourceSerializer
    list_serializer_class = serializers.SourceListSerializer
    filterset_class = filters.SourceFilterSet

    def detail_prefetches(self, user):
        return []


class CitationViewSet(RecordViewSet):
    """Exact passages of sources; the text must equal source.text[start:end]."""

    lookup_field = "pk"
    model = Citation
    serializer_class = serializers.CitationSerializer
    list_serializer_class = serializers.CitationSerializer
    filterset_class = filters.CitationFilterSet
    select = ("source",)

    def detail_prefetches(self, user):
        return []


class OrganisationViewSet(HistoryMixin, RecordViewSet):
    model = Organisation
    serializer_class = serializers.OrganisationSerializer
    list_serializer_class = serializers.OrganisationListSerializer
    filterset_class = filters.OrganisationFilterSet
    select = ("parent",)

    def detail_prefetches(self, user):
        memberships = Membership.objects.visible_to(user).order_by("role", "slug", "pk")
        # Ordered here, in the reader's language: the rule's queryset is built once per
        # audience, so its default order would keep the language of the first request.
        children = (
            Organisation.objects.visible_to(user).only("slug", "parent").order_by("name", "pk")
        )
        return [
            *super().detail_prefetches(user),
            Prefetch("children", queryset=children),
            Prefetch(
                "memberships",
                queryset=memberships.select_related(
                    "person", "member_organisation", "on_behalf_of"
                ),
                to_attr="visible_members",
            ),
            Prefetch(
                "memberships_held",
                queryset=memberships.select_related("organisation"),
                to_attr="visible_memberships_held",
            ),
        ]

    def get_serializer(self, *args, **kwargs):
        instance = args[0] if args else kwargs.get("instance")
        if isinstance(instance, Organisation) and not hasattr(instance, "visible_relations"):
            attach_relations(instance, getattr(self.request, "user", None))
        return super().get_serializer(*args, **kwargs)


def attach_relations(organisation, user):
    """An organisation's relations both ways, in one query, each with the passages the reader
    may see: `visible_relations` (what it is to others) and `visible_inverse_relations`."""
    both = list(
        OrganisationRelation.objects.visible_to(user)
        .filter(Q(organisation=organisation) | Q(related_organisation=organisation))
        .select_related("organisation", "related_organisation")
        .prefetch_related(Prefetch("citations", queryset=Citation.objects.visible_to(user)))
        .order_by("kind", "slug", "pk")
    )
    organisation.visible_relations = [r for r in both if r.organisation_id == organisation.pk]
    organisation.visible_inverse_relations = [
        r for r in both if r.related_organisation_id == organisation.pk
    ]


class PersonViewSet(HistoryMixin, RecordViewSet):
    model = Person
    serializer_class = serializers.PersonSerializer
    list_serializer_class = serializers.PersonListSerializer
    filterset_class = filters.PersonFilterSet

    def detail_prefetches(self, user):
        memberships = Membership.objects.visible_to(user).order_by("role", "slug", "pk")
        return [
            *super().detail_prefetches(user),
            Prefetch(
                "memberships",
                queryset=memberships.select_related("organisation"),
                to_attr="visible_memberships",
            ),
            statement_slugs("speaker", user),
        ]


class MembershipViewSet(HistoryMixin, RecordViewSet):
    model = Membership
    serializer_class = serializers.MembershipSerializer
    list_serializer_class = serializers.MembershipListSerializer
    filterset_class = filters.MembershipFilterSet
    select = ("person", "member_organisation", "on_behalf_of", "organisation")


class OrganisationRelationViewSet(HistoryMixin, RecordViewSet):
    """Relations between two organisations that are not memberships: developed by, hosted
    by, launched within."""

    model = OrganisationRelation
    serializer_class = serializers.OrganisationRelationSerializer
    list_serializer_class = serializers.OrganisationRelationListSerializer
    filterset_class = filters.OrganisationRelationFilterSet
    select = ("organisation", "related_organisation")


class EventViewSet(HistoryMixin, RecordViewSet):
    model = Event
    serializer_class = serializers.EventSerializer
    list_serializer_class = serializers.EventListSerializer
    filterset_class = filters.EventFilterSet

    def detail_prefetches(self, user):
        return [
            *super().detail_prefetches(user),
            Prefetch(
                "participants",
                queryset=EventParticipant.objects.visible_to(user).select_related(
                    "person", "organisation"
                ),
            ),
            statement_slugs("event", user),
        ]


@extend_schema_view(
    create=extend_schema(description="Figures are written with their statement, in `figures`."),
)
class StatementViewSet(HistoryMixin, RecordViewSet):
    model = Statement
    serializer_class = serializers.StatementSerializer
    list_serializer_class = serializers.StatementListSerializer
    filterset_class = filters.StatementFilterSet
    select = ("speaker", "on_behalf_of", "event")

    def detail_prefetches(self, user):
        return [
            *super().detail_prefetches(user),
            Prefetch(
                "figures",
                queryset=Figure.objects.visible_to(user)
                .select_related("citation__source")
                .order_by("position", "pk"),
            ),
        ]


LIST_SERIALIZERS = {
    viewset.model: viewset.list_serializer_class for viewset in RecordViewSet.__subclasses__()
}
