"""Filter fields every resource shares: row ids, ISO date-times in UTC, ``updated_since``,
strict booleans, and the ordering every list takes."""

from datetime import UTC

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import filters as drf_filters

from common.db import MAX_ROW_ID
from sources.changes import changed_ids, sync_token_is_expired

from .errors import ApiValidationError, SyncTokenExpired
from .pagination import with_tie_breaker


class DescribedFilterExtension(DjangoFilterExtension):
    """drf-spectacular's reading of the filters, keeping each one's ``help_text`` as its
    description: it drops it for a filter whose schema ``extend_schema_field`` sets (ids,
    scores, strict booleans, sync tokens)."""

    priority = 1  # chosen over drf-spectacular's own

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        description = filter_field.extra.get("help_text") or filter_field.label
        for parameter in parameters:
            if description and not parameter.get("description"):
                parameter["description"] = description
        return parameters


@extend_schema_field({"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ROW_ID})
class IdFilter(filters.NumberFilter):
    """A row id: a positive integer that fits the id column (no overflow errors)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ROW_ID)
        super().__init__(*args, **kwargs)


class UTCIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, given to the database in UTC.

    PostgreSQL refuses UTC offsets beyond ±15:59 that Python accepts.
    """

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(UTC)
        except OverflowError:
            raise ValidationError("That date-time is out of range.", code="invalid") from None


class UTCIsoDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UTCIsoDateTimeField


@extend_schema_field({"type": "integer", "format": "int64", "minimum": 0})
class SyncTokenFilter(filters.NumberFilter):
    """A sync token (``next_sync``): a whole number, never negative."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_ROW_ID)
        super().__init__(*args, **kwargs)


class UpdatedSinceMixin(filters.FilterSet):
    """The filters every list takes. Each filter of every list has a ``label`` (the
    browsable API's filter form shows it) and a ``help_text`` (shown under it, and the
    parameter's description in the schema)."""

    updated_since = UTCIsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Updated since",
        help_text="Saved at or after this ISO 8601 date-time. To keep a copy in step use "
        "`changed_since`, which also sees changes made through other records and late commits.",
    )
    changed_since = SyncTokenFilter(
        method="filter_changed_since",
        label="Changed since",
        help_text="Records whose representation changed at or after this sync token: the "
        "`next_sync` of an earlier answer (the change feed; see `deleted/` for what went).",
    )

    def filter_changed_since(self, queryset, name, value):
        if sync_token_is_expired(int(value)):
            raise SyncTokenExpired()
        return queryset.filter(pk__in=changed_ids(queryset.model, int(value)))


class StrictBooleanField(forms.Field):
    """``true`` or ``false`` (also ``1`` / ``0``); anything else is refused, not ignored."""

    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        try:
            return self.VALUES[str(value).strip().lower()]
        except KeyError:
            raise ValidationError("Give `true` or `false`.", code="invalid") from None


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


class OrderingFilter(drf_filters.OrderingFilter):
    """DRF's ``?ordering=``, refusing a field it does not offer, and always ending in ``id``
    (``pagination.with_tie_breaker``), so rows with equal values keep one order."""

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            fields = [param.strip() for param in params.split(",")]
            valid = self.remove_invalid_fields(queryset, fields, view, request)
            if len(valid) != len(fields):
                offered = ", ".join(
                    f"`{name}`" for name, _ in self.get_valid_fields(queryset, view, {})
                )
                raise ApiValidationError(
                    {self.ordering_param: [f"Order by one of {offered}, `-` for descending."]}
                )
            return with_tie_breaker(valid)
        return with_tie_breaker(self.get_default_ordering(view) or ("-id",))

    def get_schema_operation_parameters(self, view):
        fields = [name for name, _ in self.get_valid_fields(None, view, {})]
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "The order of the rows (`-` for descending); `id` always ends it.",
                "schema": {"type": "string", "enum": [*fields, *(f"-{f}" for f in fields)]},
            }
        ]
