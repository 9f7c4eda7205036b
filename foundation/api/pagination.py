"""Numbered pages: 50 records by default, at most 200, with the total count."""

from django.core.paginator import InvalidPage
from django.utils.translation import gettext
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

from foundation.caching import VersionedCountPaginator


def whole_number(raw, parameter, message):
    """The query parameter's value as a whole number from 1, or a 400 naming the parameter."""
    try:
        number = int(raw)
    except ValueError:
        number = 0
    if number < 1:
        raise ValidationError({parameter: [message]})
    return number


class PageNumberPagination(pagination.PageNumberPagination):
    # COUNT(*) once per content version, not per request: on a large archive it costs more
    # than the rest of the list (SQLite).
    django_paginator_class = VersionedCountPaginator
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        size = whole_number(
            raw, self.page_size_query_param, gettext("A whole number from 1 to 200.")
        )
        return min(size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw not in (None, "", "last"):
            whole_number(raw, self.page_query_param, gettext("A whole number from 1."))
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            raise
        except InvalidPage as error:  # pragma: no cover - DRF converts these to NotFound
            raise NotFound(str(error)) from error

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["count", "next", "previous", "results"]
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": 200}
                parameter["description"] = "Records per page: 50 by default, at most 200."
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters
