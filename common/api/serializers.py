"""Serializer pieces every resource shares: strict input, links to the record, errors, tombstones."""

from django.urls import reverse
from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.db import MAX_ROW_ID, as_row_id


# Refuse fields the endpoint does not take, naming them, rather than ignore
# them: a client sending {"text": ...} to a claim, or misspelling "titel",
# learns why nothing changed instead of getting an unrelated error or a silent
# 200. (A comment, not a docstring: the schema would show it on every body.)
class StrictInputMixin:
    IGNORED = {"csrfmiddlewaretoken"}  # the browsable API's HTML forms send it

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            unknown = sorted(set(data.keys()) - set(self.fields) - self.IGNORED)
            if unknown:
                accepted = ", ".join(f"`{name}`" for name in self.fields)
                raise serializers.ValidationError(
                    {name: [f"Not accepted here; send only {accepted}."] for name in unknown}
                )
        return super().to_internal_value(data)


class RowIdRelatedField(serializers.PrimaryKeyRelatedField):
    """A record by its id: an integer, or ASCII digits from a form, within a 64-bit id.

    DRF's own field hands the value to the database, which takes ``2.5`` as 2
    and ``true`` as 1, and overflows on ids past 64 bits.
    """

    def to_internal_value(self, data):
        pk = as_row_id(data)
        if pk is None:
            digits = isinstance(data, str) and data.isascii() and data.isdigit()
            if digits or (isinstance(data, int) and not isinstance(data, bool)):
                self.fail("does_not_exist", pk_value=data)
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(pk)


class SignedInUsernameField(serializers.SlugRelatedField):
    """A user's name, for signed-in readers only: null for anonymous ones (public mode),
    who may read the data but not learn who the editors are."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="username", read_only=True, allow_null=True, **kwargs)

    def get_attribute(self, instance):
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return None
        return super().get_attribute(instance)


def absolute_url(serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


# Stands for the id while a route's URL is built once per request (record_url).
_ID_MARK = 987654321987


def record_url(serializer, route: str, pk) -> str:
    """The absolute URL of record ``pk`` on ``route``, reversing the route once per request."""
    templates = serializer.context.setdefault("_url_templates", {})
    if route not in templates:
        url = absolute_url(serializer, reverse(route, args=[_ID_MARK]))
        templates[route] = url.split(str(_ID_MARK))
    before, after = templates[route]
    return f"{before}{pk}{after}"


# Fields whose value DRF would hand back unchanged: read straight from the row.
_AS_IS = (
    serializers.CharField,
    serializers.IntegerField,
    serializers.FloatField,
    serializers.BooleanField,
    serializers.JSONField,
    serializers.ReadOnlyField,
)


class FastReadMixin:
    """Serialize read-only rows without DRF's per-field machinery, to the same JSON.

    A list of 200 claims runs DRF's ``get_attribute`` and ``to_representation``
    for some 30 fields each; here each field's path is worked out once per
    serializer, and values DRF would hand back unchanged (text, numbers,
    booleans, JSON, foreign-key ids) are read straight from the row. Other
    fields (dates, nested serializers, method fields) keep their own
    ``to_representation``; fields with their own ``get_attribute`` keep DRF's path.

    ``row_fields`` maps a field to a context key holding its value per record id
    (plain rows a view read for the whole page), used when the view gave it.
    """

    row_fields: dict[str, str] = {}

    @cached_property
    def _read_plan(self):
        plan = []
        for name, field in self.fields.items():
            if field.write_only:
                continue
            kind = "drf"
            attrs = list(field.source_attrs)
            if isinstance(field, serializers.PrimaryKeyRelatedField) and len(attrs) == 1:
                kind, attrs = "as_is", [f"{attrs[0]}_id"]
            elif type(field).get_attribute is serializers.Field.get_attribute:
                kind = "as_is" if isinstance(field, _AS_IS) and field.source != "*" else "own"
            plan.append((name, field, attrs, kind))
        return plan

    def to_representation(self, instance):
        data = {}
        given = {
            name: self.context[key]
            for name, key in self.row_fields.items()
            if self.context.get(key) is not None
        }
        for name, field, attrs, kind in self._read_plan:
            if name in given:
                data[name] = given[name].get(instance.pk, [])
                continue
            if kind == "drf":
                value = field.get_attribute(instance)
                data[name] = None if value is None else field.to_representation(value)
                continue
            value = instance
            for attr in attrs:
                value = getattr(value, attr, None)
                if value is None:
                    break
            if value is None or kind == "as_is":
                data[name] = value
            else:
                data[name] = field.to_representation(value)
        return data


class LinksMixin(serializers.Serializer):
    """``api_url`` (this record in the API) and ``page_url`` (its page in the view).

    ``api_route`` names the router's basename, ``page_route`` the page's URL
    name (DESIGN.md: stable links, so clients can link people to the page).
    """

    api_url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()
    api_route = ""
    page_route = ""

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj) -> str:
        return record_url(self, f"api:{self.api_route}-detail", obj.pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj) -> str:
        return record_url(self, self.page_route, obj.pk)


class DeletionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The id the record had.")
    deleted_at = serializers.DateTimeField()
    merged_into = serializers.IntegerField(
        allow_null=True, help_text="An entity merged into another: that entity's id."
    )


@extend_schema_field(
    {
        "anyOf": [
            {"type": "integer", "format": "int64", "minimum": 0, "maximum": MAX_ROW_ID},
            {"type": "string", "format": "date-time"},
        ]
    }
)
class SyncTokenOrDateTimeField(serializers.Field):
    """A sync token (``next_sync``, digits) or, as before the change feed, an ISO date-time."""

    def to_internal_value(self, data):
        if isinstance(data, str) and data.isascii() and data.isdigit():
            token = int(data)
            if token > MAX_ROW_ID:
                raise serializers.ValidationError("That token is out of range.")
            return token
        return serializers.DateTimeField().to_internal_value(data)

    def to_representation(self, value):
        return str(value)


class DeletionQuerySerializer(serializers.Serializer):
    since = SyncTokenOrDateTimeField(
        required=False,
        help_text="The `next_sync` of your last sync: records gone since then. (An ISO 8601 "
        "date-time reads the change history instead, without merge targets.)",
    )


class ErrorSerializer(serializers.Serializer):
    """Every error: a stable code for programs, a message for people, field errors for bad input."""

    code = serializers.CharField(
        help_text="Stable and machine-readable (`invalid`, `not_found`, …)."
    )
    message = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Field name (or `non_field_errors`) to its messages; bad input only.",
    )
    existing = serializers.URLField(
        required=False, help_text="The link already holding this pair (409 only)."
    )
