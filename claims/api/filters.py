"""Query-string filters for each list, as django-filter FilterSets.

Filters across many-valued relations (a claim's entities, a set's sources)
use ``pk__in`` subqueries, so rows are never repeated and counts annotated by
the selectors stay right. ``q`` is full-text search (selectors.text_search).
"""

from datetime import UTC

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from claims import selectors
from claims.models import Claim, ClaimLink, ClaimSet, Entity, Mention
from sources.models import Source


def _ids(model, **lookups):
    return model.objects.filter(**lookups).values("pk")


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.NumberFilter):
    """A row id: a positive integer that fits the id column (no overflow errors)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
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


class SourceFilter(UpdatedSinceMixin):
    status = filters.ChoiceFilter(choices=Source.Status.choices)
    publisher = filters.CharFilter(lookup_expr="iexact", label="Publisher (exact, any case).")
    published_after = filters.DateFilter(
        field_name="published_on", lookup_expr="gte", label="Published on or after (YYYY-MM-DD)."
    )
    published_before = filters.DateFilter(
        field_name="published_on", lookup_expr="lte", label="Published on or before (YYYY-MM-DD)."
    )
    entity = IdFilter(method="filter_entity", label="Has a claim naming this entity.")
    q = filters.CharFilter(method="filter_q", label="Full-text search in title and body.")

    class Meta:
        model = Source
        fields = ["status", "publisher"]

    def filter_entity(self, queryset, name, value):
        return queryset.filter(pk__in=_ids(Mention, entity_id=value).values("claim__source_id"))

    def filter_q(self, queryset, name, value):
        return selectors.text_search(queryset, value, "title", "body")


class ClaimFilter(UpdatedSinceMixin):
    status = filters.ChoiceFilter(choices=Claim.Status.choices)
    source = IdFilter(field_name="source_id", label="Source id.")
    publisher = filters.CharFilter(field_name="source__publisher", lookup_expr="iexact")
    published_after = filters.DateFilter(field_name="source__published_on", lookup_expr="gte")
    published_before = filters.DateFilter(field_name="source__published_on", lookup_expr="lte")
    entity = IdFilter(method="filter_entity", label="Names this entity.")
    claim_set = IdFilter(field_name="claim_set_id", label="Claim set id.")
    min_score = filters.NumberFilter(
        field_name="score", lookup_expr="gte", min_value=0, max_value=1, label="Score at least."
    )
    q = filters.CharFilter(method="filter_q", label="Full-text search in the claim's text.")

    class Meta:
        model = Claim
        fields = ["status"]

    def filter_entity(self, queryset, name, value):
        return queryset.filter(pk__in=_ids(Mention, entity_id=value).values("claim_id"))

    def filter_q(self, queryset, name, value):
        return selectors.text_search(queryset, value, "text")


class LinkFilter(UpdatedSinceMixin):
    status = filters.ChoiceFilter(choices=ClaimLink.Status.choices)
    relation = filters.ChoiceFilter(choices=ClaimLink.Relation.choices)
    origin = filters.ChoiceFilter(choices=ClaimLink.Origin.choices)
    claim = IdFilter(method="filter_claim", label="Either end is this claim.")
    source = IdFilter(method="filter_source", label="Either claim is from this source.")
    publisher = filters.CharFilter(method="filter_publisher", label="Either claim's publisher.")
    entity = IdFilter(method="filter_entity", label="Either claim names this entity.")
    claim_set = IdFilter(method="filter_claim_set", label="Both claims are in this claim set.")
    published_after = filters.DateFilter(method="filter_published_after")
    published_before = filters.DateFilter(method="filter_published_before")
    q = filters.CharFilter(method="filter_q", label="Full-text search in either claim or the note.")

    class Meta:
        model = ClaimLink
        fields = ["status", "relation", "origin"]

    @staticmethod
    def _either_end(queryset, claims):
        return queryset.filter(Q(claim_a__in=claims) | Q(claim_b__in=claims))

    def filter_claim(self, queryset, name, value):
        return queryset.filter(Q(claim_a_id=value) | Q(claim_b_id=value))

    def filter_source(self, queryset, name, value):
        return self._either_end(queryset, _ids(Claim, source_id=value))

    def filter_claim_set(self, queryset, name, value):
        return queryset.filter(claim_a__claim_set_id=value, claim_b__claim_set_id=value)

    def filter_publisher(self, queryset, name, value):
        return self._either_end(queryset, _ids(Claim, source__publisher__iexact=value))

    def filter_entity(self, queryset, name, value):
        return self._either_end(queryset, _ids(Mention, entity_id=value).values("claim_id"))

    def filter_published_after(self, queryset, name, value):
        return self._either_end(queryset, _ids(Claim, source__published_on__gte=value))

    def filter_published_before(self, queryset, name, value):
        return self._either_end(queryset, _ids(Claim, source__published_on__lte=value))

    def filter_q(self, queryset, name, value):
        claims = selectors.text_search(Claim.objects.all(), value, "text").values("pk")
        notes = selectors.text_search(ClaimLink.objects.all(), value, "note").values("pk")
        return queryset.filter(Q(claim_a__in=claims) | Q(claim_b__in=claims) | Q(pk__in=notes))


class EntityFilter(UpdatedSinceMixin):
    kind = filters.ChoiceFilter(choices=Entity.Kind.choices)
    source = IdFilter(method="filter_source", label="Named in this source.")
    q = filters.CharFilter(method="filter_q", label="Words of the name or of any alias.")

    class Meta:
        model = Entity
        fields = ["kind"]

    def filter_source(self, queryset, name, value):
        return queryset.filter(pk__in=_ids(Mention, claim__source_id=value).values("entity_id"))

    def filter_q(self, queryset, name, value):
        # Names are short: substring matching suits them better than stemming.
        for word in value.split():
            aliases = Entity.objects.filter(aliases__text__icontains=word).values("pk")
            queryset = queryset.filter(Q(name__icontains=word) | Q(pk__in=aliases))
        return queryset


class ClaimSetFilter(UpdatedSinceMixin):
    is_inconsistent = filters.BooleanFilter()
    has_conflict = filters.BooleanFilter(
        method="filter_has_conflict", label="Holds a confirmed conflict (both sides non-empty)."
    )
    entity = IdFilter(method="filter_entity", label="A claim names this entity.")
    source = IdFilter(method="filter_source", label="A claim is from this source.")
    publisher = filters.CharFilter(method="filter_publisher", label="A claim's publisher.")
    published_after = filters.DateFilter(method="filter_published_after")
    published_before = filters.DateFilter(method="filter_published_before")
    q = filters.CharFilter(method="filter_q", label="Full-text search in title, summary, claims.")

    class Meta:
        model = ClaimSet
        fields = ["is_inconsistent"]

    @staticmethod
    def _holding(queryset, claims):
        return queryset.filter(pk__in=claims.values("claim_set_id"))

    def filter_has_conflict(self, queryset, name, value):
        conflicted = _ids(
            ClaimLink,
            relation=ClaimLink.Relation.CONFLICT,
            status=ClaimLink.Status.CONFIRMED,
            claim_a__claim_set__isnull=False,
        ).values("claim_a__claim_set_id")
        return queryset.filter(pk__in=conflicted) if value else queryset.exclude(pk__in=conflicted)

    def filter_entity(self, queryset, name, value):
        return self._holding(queryset, Claim.objects.filter(mentions__entity_id=value))

    def filter_source(self, queryset, name, value):
        return self._holding(queryset, Claim.objects.filter(source_id=value))

    def filter_publisher(self, queryset, name, value):
        return self._holding(queryset, Claim.objects.filter(source__publisher__iexact=value))

    def filter_published_after(self, queryset, name, value):
        return self._holding(queryset, Claim.objects.filter(source__published_on__gte=value))

    def filter_published_before(self, queryset, name, value):
        return self._holding(queryset, Claim.objects.filter(source__published_on__lte=value))

    def filter_q(self, queryset, name, value):
        claims = selectors.text_search(Claim.objects.all(), value, "text")
        own = selectors.text_search(ClaimSet.objects.all(), value, "title", "summary")
        return queryset.filter(Q(pk__in=claims.values("claim_set_id")) | Q(pk__in=own.values("pk")))
