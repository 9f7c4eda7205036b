"""OpenAPI: every operation documents the errors it can answer and the precondition headers."""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from .expand import allowed

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# Field errors: {"field": ["message"]}, nested for figures/participants, or {"detail": "..."}.
VALIDATION_ERROR = {"type": "object", "additionalProperties": True}

DESCRIPTIONS = {
    "304": "Not modified: the If-None-Match ETag is current.",
    "400": "Invalid parameter or body; the response names each offending field or parameter.",
    "401": "Missing or invalid credentials (Authorization: Token <key>).",
    "403": "Authenticated, but without the model permission this needs.",
    "404": "No such record visible to you, or no such page.",
    "406": "The Accept header asks for a format this endpoint does not produce.",
    "409": "Other records still refer to this one, or a concurrent write took its slug.",
    "412": "Precondition failed: the record changed since the ETag in If-Match was read.",
    "413": "The request body is too large.",
    "415": "Unsupported body media type: send application/json.",
    "428": "Precondition required: send If-Match with the ETag you read.",
    "429": "Too many requests: wait for the number of seconds in Retry-After.",
}
RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}}
ETAG = {"ETag": {"schema": {"type": "string"}, "description": "The record's version."}}

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=(
        "The ETag of the record as you read it. Without it the write is refused (428); "
        "with a stale one it is refused (412), so no one's edit is silently lost."
    ),
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="An ETag you hold: answered 304 without a body while it is current.",
)
FIELDS = OpenApiParameter(
    "fields",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    description="Comma-separated names of the fields to return (default: all).",
)
AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATETIME,
    OpenApiParameter.QUERY,
    description=(
        "Read the record as it was at this ISO 8601 date-time, from its history: what you "
        "could see then (a record then unpublished, or tied to one then unpublished, is "
        "absent). A moment after now reads as now. Lists take the filters that compare "
        "columns; those that follow relations (search, citation, member_of…) are refused."
    ),
)


def expand_parameter(model):
    names = sorted(allowed(model))
    return OpenApiParameter(
        "expand",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        description=(
            "Comma-separated related records to embed in each item's `expanded` object, "
            "each as its own list gives it (`source`: the list of the sources its passages "
            f"come from). One of: {', '.join(names)}."
            if names
            else "Nothing to expand on this kind of record."
        ),
    )


class PassageFieldSchema(OpenApiSerializerFieldExtension):
    """A passage is written as its id and read as the passage itself."""

    target_class = "foundation.api.serializers.PassageField"

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return build_basic_type(OpenApiTypes.INT)
        from .serializers import PassageSerializer

        return auto_schema.resolve_serializer(PassageSerializer, direction).ref


class FigurePassageFieldSchema(PassageFieldSchema):
    target_class = "foundation.api.serializers.FigurePassageField"

    def map_serializer_field(self, auto_schema, direction):
        schema = super().map_serializer_field(auto_schema, direction)
        return schema if direction == "request" else {"allOf": [schema], "nullable": True}


class AutoSchema(openapi.AutoSchema):
    def _action(self):
        return getattr(self.view, "action", None)

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        action = self._action()
        if action in ("update", "partial_update", "destroy"):
            parameters.append(IF_MATCH)
        if action == "retrieve":
            parameters.append(IF_NONE_MATCH)
        if action in ("list", "retrieve") and getattr(self.view, "supports_fields", False):
            parameters.append(FIELDS)
            parameters.append(AS_OF)
            if allowed(self.view.model):
                parameters.append(expand_parameter(self.view.model))
        return parameters

    def _error_codes(self):
        codes = ["401", "403", "406", "429"]
        action = self._action()
        method = self.method
        if method in ("GET", "HEAD"):
            codes += ["400", "404"]
        if action == "retrieve":
            codes.append("304")
        if method in ("POST", "PUT", "PATCH"):
            codes += ["400", "413", "415"]
        if method in ("POST", "PUT", "PATCH", "DELETE"):
            codes.append("409")
        if method in ("PUT", "PATCH", "DELETE"):
            codes += ["404", "412", "428"]
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code in responses:
                continue
            entry = {"description": DESCRIPTIONS[code]}
            if code == "304":
                entry["headers"] = ETAG
            else:
                schema = VALIDATION_ERROR if code == "400" else ERROR
                entry["content"] = {"application/json": {"schema": schema}}
            if code == "429":
                entry["headers"] = RETRY_AFTER
            responses[code] = entry
        return responses


RECORD_COMPONENTS = {
    f"{name}{suffix}"
    for name in ("Source", "Citation", "Organisation", "Person", "Membership", "Event", "Statement")
    for suffix in ("", "List")
}


def optional_response_fields(result, generator, request, public):
    """?fields= may leave any field of a record out, so its response properties are optional.

    Request components keep their required lists: they say what a write must send.
    """
    schemas = result.get("components", {}).get("schemas", {})
    for name in RECORD_COMPONENTS & schemas.keys():
        schemas[name].pop("required", None)
        # Present when ?expand= asks for it: see the expand parameter.
        schemas[name].setdefault("properties", {})["expanded"] = EXPANDED
    return result


EXPANDED = {
    "type": "object",
    "readOnly": True,
    "description": "Only with ?expand=: each named related record as its own list gives it "
    "(null when there is none or it is hidden from you); `source` is a list.",
    "additionalProperties": {
        "oneOf": [
            {"type": "object", "additionalProperties": True},
            {"type": "array", "items": {"type": "object", "additionalProperties": True}},
        ],
        "nullable": True,
    },
}
