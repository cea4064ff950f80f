"""Serializer pieces every resource shares: strict input, links to the record, errors, tombstones."""

from django.core.exceptions import FieldDoesNotExist
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
    (plain rows a view read for the whole page), used when the view gave it; or to
    a (context key, item) pair, for a context value holding a dict per record id.
    """

    row_fields: dict[str, str | tuple[str, str]] = {}

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

    def _given(self) -> dict:
        """Field name to (values per record id, item or None), for the fields the view gave."""
        given = {}
        for name, key in self.row_fields.items():
            key, item = (key, None) if isinstance(key, str) else key
            if self.context.get(key) is not None:
                given[name] = (self.context[key], item)
        return given

    @staticmethod
    def _given_value(given: tuple, pk):
        by_record, item = given
        if item is None:
            return by_record.get(pk, [])
        return by_record[pk][item]

    def to_representation(self, instance):
        given = self._given()
        if isinstance(instance, dict):
            return self._represent_row(instance, "", given)
        data = {}
        for name, field, attrs, kind in self._read_plan:
            if name in given:
                data[name] = self._given_value(given[name], instance.pk)
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

    # --- plain rows --------------------------------------------------------------------------
    # A record may also be a plain row: a ``values()`` dict with the columns ``row_columns()``
    # names (``source__title`` for a nested source's title), plus any annotated field the
    # caller adds to it, so a page builds no model instances. Method fields and fields with
    # their own ``get_attribute`` cannot be read from a row. (Comments, not the docstring:
    # the schema shows a serializer's docstring.)

    @cached_property
    def _row_plans(self) -> dict[str, list]:
        return {}

    def _row_plan(self, prefix: str) -> list:
        """(name, field, row key, kind) per field, for rows whose columns start with ``prefix``."""
        plan = self._row_plans.get(prefix)
        if plan is not None:
            return plan
        plan = []
        model = getattr(getattr(self, "Meta", None), "model", None)
        for name, field, attrs, kind in self._read_plan:
            path = "__".join("id" if attr == "pk" else attr for attr in attrs)
            if name in self.row_fields:
                kind = "given"
            elif isinstance(field, FastReadMixin):
                kind = "nested"
            elif (
                kind == "drf"
                or field.source == "*"
                or isinstance(field, serializers.ListSerializer)
            ):
                kind = "not_in_row"
            elif model is not None and not _is_column(model, attrs[0]):
                kind = "added"  # an annotation: the caller puts it in each row
            plan.append((name, field, prefix + path, kind))
        self._row_plans[prefix] = plan
        return plan

    def row_columns(self, prefix: str = "") -> list[str]:
        """The ``values()`` columns a plain row needs for this serializer."""
        columns = []
        for _name, field, key, kind in self._row_plan(prefix):
            if kind == "nested":
                columns += field.row_columns(f"{key}__")
            elif kind in ("as_is", "own"):
                columns.append(key)
        return columns

    def _represent_row(self, row: dict, prefix: str, given: dict) -> dict:
        data = {}
        for name, field, key, kind in self._row_plan(prefix):
            if kind == "given" and name in given:
                data[name] = self._given_value(given[name], row[f"{prefix}id"])
            elif kind == "nested":
                nested = f"{key}__"
                data[name] = (
                    None
                    if row[f"{nested}id"] is None
                    else field._represent_row(row, nested, field._given())
                )
            elif kind in ("given", "not_in_row"):
                raise TypeError(f"{type(self).__name__}.{name} cannot be read from a plain row.")
            else:
                value = row[key]
                data[name] = (
                    value
                    if value is None or kind in ("as_is", "added")
                    else field.to_representation(value)
                )
        return data


def _is_column(model, name: str) -> bool:
    """Whether ``name`` is a field of ``model`` (or its id), not an annotation."""
    if name in ("pk", "id"):
        return True
    try:
        model._meta.get_field(name.removesuffix("_id"))
    except FieldDoesNotExist:
        return False
    return True


@extend_schema_field(OpenApiTypes.URI)
class RecordUrlField(serializers.Field):
    """A record's absolute URL: in the API (``api_route``'s detail) or its page in the view
    (``page_route``), both named by the serializer (``LinksMixin``)."""

    def __init__(self, *, page: bool = False, **kwargs):
        super().__init__(source="pk", read_only=True, **kwargs)
        self.page = page

    def to_representation(self, value) -> str:
        parent = self.parent
        route = parent.page_route if self.page else f"api:{parent.api_route}-detail"
        return record_url(parent, route, value)


class LinksMixin(serializers.Serializer):
    """``api_url`` (this record in the API) and ``page_url`` (its page in the view).

    ``api_route`` names the router's basename, ``page_route`` the page's URL
    name (DESIGN.md: stable links, so clients can link people to the page).
    """

    api_url = RecordUrlField()
    page_url = RecordUrlField(page=True)
    api_route = ""
    page_route = ""


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
