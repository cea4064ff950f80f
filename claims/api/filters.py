"""Query-string filters for the claims API's lists, as django-filter FilterSets.

Filters across many-valued relations (a claim's entities, a link's ends) use
``pk__in`` subqueries, so rows are never repeated and counts annotated by the
selectors stay right. ``q`` is full-text search (``common.db.text_search``).
"""

import django_filters as filters
from django.db.models import Q
from drf_spectacular.utils import extend_schema_field

from common.api.filters import IdFilter, StrictBooleanFilter, UpdatedSinceMixin
from common.db import text_search

from ..models import Claim, ClaimLink, ClaimSet, Entity, Mention
from ..selectors.claim_sets import claim_sets_matching
from ..selectors.expressions import in_conflict
from ..selectors.suggestions import reason_labels, with_reason


@extend_schema_field({"type": "number", "format": "double", "minimum": 0, "maximum": 1})
class ScoreFilter(filters.NumberFilter):
    """A score bound, 0 to 1 (the schema says so, so clients are not left to find out)."""

    def __init__(self, **kwargs):
        super().__init__(field_name="score", min_value=0, max_value=1, **kwargs)


def _ids(model, **lookups):
    return model.objects.filter(**lookups).values("pk")


class ClaimFilter(UpdatedSinceMixin):
    status = filters.ChoiceFilter(
        choices=Claim.Status.choices, label="Status", help_text="The claim's review state."
    )
    source = IdFilter(field_name="source_id", label="Source", help_text="From this source (id).")
    publisher = filters.CharFilter(
        field_name="source__publisher",
        lookup_expr="iexact",
        label="Publisher",
        help_text="Its source's publisher (exact, any case).",
    )
    published_after = filters.DateFilter(
        field_name="source__published_on",
        lookup_expr="gte",
        label="Published after",
        help_text="Its source published on or after (YYYY-MM-DD).",
    )
    published_before = filters.DateFilter(
        field_name="source__published_on",
        lookup_expr="lte",
        label="Published before",
        help_text="Its source published on or before (YYYY-MM-DD).",
    )
    entity = IdFilter(method="filter_entity", label="Entity", help_text="Names this entity (id).")
    claim_set = IdFilter(
        field_name="claim_set_id", label="Claim set", help_text="In this claim set (id)."
    )
    min_score = ScoreFilter(
        lookup_expr="gte", label="Minimum score", help_text="Check-worthiness at least this."
    )
    q = filters.CharFilter(
        method="filter_q", label="Search", help_text="Full-text search in the claim's text."
    )
    has_conflict = StrictBooleanFilter(
        method="filter_has_conflict",
        label="Has a conflict",
        help_text="In a confirmed conflict (`conflict_count` above 0).",
    )

    class Meta:
        model = Claim
        fields = ["status"]

    def filter_has_conflict(self, queryset, name, value):
        return queryset.filter(in_conflict() if value else ~in_conflict())

    def filter_entity(self, queryset, name, value):
        return queryset.filter(pk__in=_ids(Mention, entity_id=value).values("claim_id"))

    def filter_q(self, queryset, name, value):
        return text_search(queryset, value, "text")


class LinkFilter(UpdatedSinceMixin):
    status = filters.ChoiceFilter(
        choices=ClaimLink.Status.choices,
        label="Status",
        help_text="Suggested (awaiting review), confirmed or rejected.",
    )
    relation = filters.ChoiceFilter(
        choices=ClaimLink.Relation.choices,
        label="Relation",
        help_text="Whether the two claims agree or conflict.",
    )
    origin = filters.ChoiceFilter(
        choices=ClaimLink.Origin.choices,
        label="Origin",
        help_text="Who drew the link: an editor, a program over the API, or the machine "
        "(`automatic`: its suggestions).",
    )
    claim = IdFilter(method="filter_claim", label="Claim", help_text="Either end is this claim.")
    source = IdFilter(
        method="filter_source", label="Source", help_text="Either claim is from this source."
    )
    publisher = filters.CharFilter(
        method="filter_publisher",
        label="Publisher",
        help_text="Either claim's publisher (exact, any case).",
    )
    entity = IdFilter(
        method="filter_entity", label="Entity", help_text="Either claim names this entity."
    )
    claim_set = IdFilter(
        method="filter_claim_set",
        label="Claim set",
        help_text="Both claims are in this claim set.",
    )
    published_after = filters.DateFilter(
        method="filter_published_after",
        label="Published after",
        help_text="Either claim's source published on or after (YYYY-MM-DD).",
    )
    published_before = filters.DateFilter(
        method="filter_published_before",
        label="Published before",
        help_text="Either claim's source published on or before (YYYY-MM-DD).",
    )
    q = filters.CharFilter(
        method="filter_q",
        label="Search",
        help_text="Full-text search in either claim or the note.",
    )
    reason = filters.ChoiceFilter(
        method="filter_reason",
        # Fixed types (linking.suggestions.reasons), so the schema lists them.
        choices=sorted(reason_labels().items()),
        label="Reason",
        help_text="The machine gave a reason of this type.",
    )
    model_version = filters.CharFilter(
        label="Model version", help_text="Suggested by this model version."
    )
    min_score = ScoreFilter(
        lookup_expr="gte", label="Minimum score", help_text="The machine's score at least this."
    )
    max_score = ScoreFilter(
        lookup_expr="lte", label="Maximum score", help_text="The machine's score at most this."
    )

    class Meta:
        model = ClaimLink
        fields = ["status", "relation", "origin", "model_version"]

    def filter_reason(self, queryset, name, value: str):
        return with_reason(queryset, value)

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
        claims = text_search(Claim.objects.all(), value, "text").values("pk")
        notes = text_search(ClaimLink.objects.all(), value, "note").values("pk")
        return queryset.filter(Q(claim_a__in=claims) | Q(claim_b__in=claims) | Q(pk__in=notes))


class EntityFilter(UpdatedSinceMixin):
    kind = filters.ChoiceFilter(
        choices=Entity.Kind.choices,
        label="Kind",
        help_text="A person, a country, an organisation, a place, … (spaCy's labels).",
    )
    source = IdFilter(method="filter_source", label="Source", help_text="Named in this source.")
    q = filters.CharFilter(
        method="filter_q", label="Search", help_text="Words of the name or of any alias."
    )

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
    """``has_conflict`` and ``is_inconsistent`` filter sets; the other parameters are what
    one claim of the set must match, all together (``claim_sets_matching``, as in the
    contradiction view)."""

    # parameter -> claim_sets_matching's argument
    BY_CLAIM = {
        "entity": "entity_id",
        "source": "source_id",
        "publisher": "publisher",
        "published_after": "published_from",
        "published_before": "published_to",
        "q": "q",
        "reviewed_only": "reviewed_only",
    }

    is_inconsistent = StrictBooleanFilter(
        label="Inconsistent",
        help_text="Its confirmed links cannot be split into two sides (an odd loop of conflicts).",
    )
    # The set's own column, kept by linking.claim_sets with its sides.
    has_conflict = StrictBooleanFilter(
        label="Has a conflict", help_text="Holds a confirmed conflict (both sides non-empty)."
    )
    entity = IdFilter(method="by_claim", label="Entity", help_text="A claim names this entity.")
    source = IdFilter(method="by_claim", label="Source", help_text="A claim is from this source.")
    publisher = filters.CharFilter(
        method="by_claim", label="Publisher", help_text="A claim's publisher (exact, any case)."
    )
    published_after = filters.DateFilter(
        method="by_claim",
        label="Published after",
        help_text="A claim's source published on or after (YYYY-MM-DD).",
    )
    published_before = filters.DateFilter(
        method="by_claim",
        label="Published before",
        help_text="A claim's source published on or before (YYYY-MM-DD).",
    )
    q = filters.CharFilter(
        method="by_claim",
        label="Search",
        help_text="Full-text search in a claim, or the set's title or summary.",
    )
    reviewed_only = StrictBooleanFilter(
        method="by_claim",
        label="Reviewed only",
        help_text="Only sets holding a reviewed conflict (confirmed between two accepted "
        "claims), matched by an accepted claim.",
    )

    class Meta:
        model = ClaimSet
        fields = ["is_inconsistent"]

    def by_claim(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        return claim_sets_matching(
            queryset,
            **{
                argument: data[name]
                for name, argument in self.BY_CLAIM.items()
                if data.get(name) not in (None, "")
            },
        )
