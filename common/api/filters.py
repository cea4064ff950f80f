"""Filter fields every resource shares: row ids, ISO date-times in UTC, ``updated_since``."""

from datetime import UTC

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from common.db import MAX_ROW_ID


@extend_schema_field(OpenApiTypes.INT)
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


class UpdatedSinceMixin(filters.FilterSet):
    updated_since = UTCIsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Changed at or after this ISO 8601 date-time (for incremental sync).",
    )
