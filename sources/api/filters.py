"""Query-string filters for the sources list (django-filter)."""

import django_filters as filters

from common.api.filters import IdFilter, UpdatedSinceMixin
from common.db import text_search

from ..models import Source


class SourceFilter(UpdatedSinceMixin):
    status = filters.ChoiceFilter(
        choices=Source.Status.choices,
        label="Status",
        help_text="Where the source is in its processing (`failed` ones carry an `error`).",
    )
    publisher = filters.CharFilter(
        lookup_expr="iexact", label="Publisher", help_text="Publisher (exact, any case)."
    )
    published_after = filters.DateFilter(
        field_name="published_on",
        lookup_expr="gte",
        label="Published after",
        help_text="Published on or after (YYYY-MM-DD).",
    )
    published_before = filters.DateFilter(
        field_name="published_on",
        lookup_expr="lte",
        label="Published before",
        help_text="Published on or before (YYYY-MM-DD).",
    )
    entity = IdFilter(
        method="filter_entity", label="Entity", help_text="Has a claim naming this entity."
    )
    q = filters.CharFilter(
        method="filter_q", label="Search", help_text="Full-text search in title and body."
    )

    class Meta:
        model = Source
        fields = ["status", "publisher"]

    def filter_entity(self, queryset, name, value):
        # Through the reverse relations the claims app declares (claims, their mentions).
        naming = Source.objects.filter(claims__mentions__entity_id=value).values("pk")
        return queryset.filter(pk__in=naming)

    def filter_q(self, queryset, name, value):
        return text_search(queryset, value, "title", "body")
