"""What the claims API reads and writes. Reads come from claims.selectors, writes go to services.

Write serializers only validate the shape of the input; the views hand the
validated data to a service, which owns the rules.
"""

from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api.serializers import (
    FastReadMixin,
    LinksMixin,
    RowIdRelatedField,
    SignedInUsernameField,
    StrictInputMixin,
    record_url,
)
from sources.api.serializers import SourceBriefSerializer

from ..linking.naming import claim_set_proposed_title
from ..models import Claim, ClaimLink, ClaimSet, Entity, Mention
from ..selectors.claim_sets import claim_link_inconsistency, claim_set_own_links, claim_set_sides
from ..selectors.suggestions import reason_labels

# --- Entities and claims ---------------------------------------------------------------


class MentionSerializer(FastReadMixin, serializers.ModelSerializer):
    entity = serializers.IntegerField(source="entity_id", read_only=True)
    entity_name = serializers.CharField(source="entity.name", read_only=True)
    entity_kind = serializers.CharField(source="entity.kind", read_only=True)

    class Meta:
        model = Mention
        fields = ["entity", "entity_name", "entity_kind", "text", "start", "end", "label"]
        read_only_fields = fields


@extend_schema_field(serializers.ChoiceField(choices=["A", "B"], allow_null=True))
class SideField(serializers.Field):
    """A claim's side in its set by name: "A" or "B" (null outside a set)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return Claim.Side(value).name


class ClaimSerializer(FastReadMixin, LinksMixin, serializers.ModelSerializer):
    """A claim; lists give its mentions as rows read for the page (``claim_mention_rows``)."""

    # A list's claims may be plain rows (``row_columns()``) with their link counts added.

    row_fields = {"mentions": "mention_rows"}
    api_route = "claim"
    page_route = "claims:claim_detail"
    source = SourceBriefSerializer(read_only=True)
    mentions = MentionSerializer(many=True, read_only=True)
    side = SideField()
    agree_count = serializers.IntegerField(read_only=True, help_text="Confirmed agreements.")
    conflict_count = serializers.IntegerField(read_only=True, help_text="Confirmed conflicts.")
    suggested_agree_count = serializers.IntegerField(
        read_only=True, help_text="Suggested agreements awaiting review."
    )
    suggested_conflict_count = serializers.IntegerField(
        read_only=True, help_text="Suggested conflicts awaiting review."
    )

    class Meta:
        model = Claim
        fields = [
            "id", "api_url", "page_url", "text", "start", "end", "status", "score",
            "score_reasons", "subject", "predicate", "object", "is_negated", "is_hedged",
            "speaker", "quantities", "dates", "source", "mentions", "claim_set", "side",
            "agree_count", "conflict_count", "suggested_agree_count", "suggested_conflict_count",
            "is_edited", "reviewed_at", "created_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class ClaimReviewSerializer(StrictInputMixin, serializers.Serializer):
    status = serializers.ChoiceField(choices=Claim.Status.choices)


class EntitySerializer(FastReadMixin, LinksMixin, serializers.ModelSerializer):
    api_route = "entity"
    page_route = "claims:entity_detail"
    aliases = serializers.SerializerMethodField()
    mention_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Entity
        fields = [
            "id", "api_url", "page_url", "name", "kind", "description", "aliases",
            "mention_count", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_aliases(self, entity) -> list[str]:
        return sorted({alias.text for alias in entity.aliases.all()})


# --- Links and claim sets ----------------------------------------------------------------


class ClaimBriefSerializer(FastReadMixin, serializers.ModelSerializer):
    source = SourceBriefSerializer(read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "text", "status", "source", "claim_set"]
        read_only_fields = fields


class LinkReasonSerializer(serializers.Serializer):
    """One reason the machine gave for a suggestion."""

    type = serializers.CharField(help_text="same_proposition, negation_flip, change_over_time, …")
    label = serializers.CharField()
    detail = serializers.CharField(allow_blank=True)
    date_a = serializers.DateField(
        required=False, allow_null=True, help_text="For a change over time: claim A's date."
    )
    date_b = serializers.DateField(
        required=False, allow_null=True, help_text="For a change over time: claim B's date."
    )


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A choice stored blank for "none", shown as null: "" is not one of the choices."""

    def to_representation(self, value):
        return None if value in ("", None) else super().to_representation(value)


class LinkSerializer(FastReadMixin, serializers.ModelSerializer):
    api_url = serializers.SerializerMethodField()
    suggested_relation = BlankAsNullChoiceField(
        choices=ClaimLink.Relation.choices,
        read_only=True,
        allow_null=True,
        help_text="The relation the machine suggested (an editor may confirm the other one); "
        "null for a link an editor made.",
    )
    is_reviewed = serializers.BooleanField(
        read_only=True, help_text="Confirmed, between two claims an editor accepted."
    )
    reasons = serializers.SerializerMethodField()
    claim_a = ClaimBriefSerializer(read_only=True)
    claim_b = ClaimBriefSerializer(read_only=True)
    created_by = SignedInUsernameField()
    reviewed_by = SignedInUsernameField()

    class Meta:
        model = ClaimLink
        fields = [
            "id", "api_url", "claim_a", "claim_b", "relation", "status", "origin", "score",
            "reasons", "suggested_relation", "model_version", "date_a", "date_b", "rationale",
            "note", "created_by", "reviewed_by", "reviewed_at", "created_at", "updated_at",
            "is_reviewed",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, link) -> str:
        return record_url(self, "api:link-detail", link.pk)

    @extend_schema_field(LinkReasonSerializer(many=True))
    def get_reasons(self, link) -> list[dict]:
        labels = self.context.get("reason_labels")
        if labels is None:
            labels = self.context["reason_labels"] = reason_labels()
        reasons = []
        for reason in link.reasons or []:
            if not isinstance(reason, dict) or not reason.get("type"):
                continue
            kind = str(reason["type"])
            item = {
                "type": kind,
                "label": labels.get(kind, kind.replace("_", " ").capitalize()),
                "detail": str(reason.get("detail", "")),
            }
            if kind == "change_over_time":
                item["date_a"] = _as_date(reason.get("date_a") or link.date_a)
                item["date_b"] = _as_date(reason.get("date_b") or link.date_b)
            reasons.append(item)
        return reasons


def _as_date(value) -> str | None:
    """A date as ``LinkReasonSerializer``'s DateField shows it (ISO text; text as it is)."""
    return value.isoformat() if hasattr(value, "isoformat") else value


class LinkStatsTallySerializer(serializers.Serializer):
    decided = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    rejected = serializers.IntegerField()
    confirmed_flipped = serializers.IntegerField(
        help_text="Confirmed with the other relation than the one suggested."
    )
    precision = serializers.FloatField(allow_null=True, help_text="confirmed ÷ decided.")
    interval_low = serializers.FloatField(allow_null=True, help_text="95% Wilson interval.")
    interval_high = serializers.FloatField(allow_null=True)


class LinkStatsRowSerializer(LinkStatsTallySerializer):
    model_version = serializers.CharField(required=False)
    reason = serializers.CharField(required=False)
    reason_label = serializers.CharField(required=False, help_text="The reason type's label.")
    week = serializers.DateField(required=False, help_text="The Monday the week starts.")


class LinkStatsSerializer(serializers.Serializer):
    """Live precision of the machine's suggestions: how often editors confirm them."""

    open_suggestions = serializers.IntegerField()
    overall = LinkStatsTallySerializer()
    by_model_version = LinkStatsRowSerializer(many=True)
    by_reason = LinkStatsRowSerializer(many=True)
    by_week = LinkStatsRowSerializer(many=True)
    rows = LinkStatsRowSerializer(many=True)


class LinkCreateSerializer(StrictInputMixin, serializers.Serializer):
    # A plain number box in the browsable API, not a <select> of every claim.
    claim_a = RowIdRelatedField(queryset=Claim.objects.all(), style={"base_template": "input.html"})
    claim_b = RowIdRelatedField(queryset=Claim.objects.all(), style={"base_template": "input.html"})
    relation = serializers.ChoiceField(choices=ClaimLink.Relation.choices)
    status = serializers.ChoiceField(
        choices=[
            (ClaimLink.Status.SUGGESTED, "Suggested"),
            (ClaimLink.Status.CONFIRMED, "Confirmed"),
        ],
        default=ClaimLink.Status.SUGGESTED,
        help_text="A confirmed link joins the claims' sets at once.",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class LinkUpdateSerializer(StrictInputMixin, serializers.Serializer):
    relation = serializers.ChoiceField(choices=ClaimLink.Relation.choices, required=False)
    status = serializers.ChoiceField(choices=ClaimLink.Status.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True)


class InconsistencySerializer(serializers.Serializer):
    claim_set = serializers.IntegerField(source="claim_set.pk")
    cycle = serializers.SerializerMethodField(help_text="Ids of the links of the loop, in order.")
    message = serializers.SerializerMethodField()

    def get_cycle(self, found) -> list[int]:
        return [link.pk for link in found.cycle]

    def get_message(self, found) -> str:
        return (
            f"Claim set {found.claim_set.pk} is inconsistent: an odd number of conflicts closes "
            f"the loop of links {', '.join(f'#{link.pk}' for link in found.cycle)}, so its "
            "claims cannot stand on two sides. Reject or change one of these links."
        )


class LinkDecisionSerializer(LinkSerializer):
    """A link just created, changed or confirmed, with the inconsistency it left, if any."""

    inconsistency = serializers.SerializerMethodField()

    class Meta(LinkSerializer.Meta):
        fields = [*LinkSerializer.Meta.fields, "inconsistency"]
        read_only_fields = fields

    @extend_schema_field(InconsistencySerializer(allow_null=True))
    def get_inconsistency(self, link) -> dict | None:
        found = claim_link_inconsistency(link=link)
        return InconsistencySerializer(found).data if found else None


class ClaimSetLinkSerializer(FastReadMixin, serializers.ModelSerializer):
    is_reviewed = serializers.SerializerMethodField(
        help_text="Confirmed, between two claims an editor accepted."
    )

    class Meta:
        model = ClaimLink
        fields = ["id", "claim_a", "claim_b", "relation", "status", "note", "is_reviewed"]
        read_only_fields = fields

    def get_is_reviewed(self, link) -> bool:
        # The set's accepted claims, given by ClaimSetSerializer for each set.
        accepted = self.context["accepted_claims"]
        return (
            link.status == ClaimLink.Status.CONFIRMED
            and link.claim_a_id in accepted
            and link.claim_b_id in accepted
        )


class ClaimSetClaimSerializer(FastReadMixin, serializers.ModelSerializer):
    source = SourceBriefSerializer(read_only=True)
    mentions = MentionSerializer(many=True, read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "text", "status", "speaker", "source", "mentions"]
        read_only_fields = fields


class ClaimSetSerializer(FastReadMixin, LinksMixin, serializers.ModelSerializer):
    """A set with its two sides; read from ``selectors.claim_set_detail_with_links``."""

    # The API's views give the claims and links of every set of a page in
    # ``claim_set_rows`` (selectors.claim_set_rows: three queries, no model instances),
    # and may give the sets themselves as plain rows (``row_columns()``); without them
    # the sets' prefetched claims and links are serialized.
    row_fields = {
        name: ("claim_set_rows", name) for name in ("side_a", "side_b", "links", "proposed_title")
    }
    api_route = "claim-set"
    page_route = "claims:claim_set_detail"
    side_a = serializers.SerializerMethodField()
    side_b = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()
    proposed_title = serializers.SerializerMethodField(
        help_text="The machine's title from the claims, for a set editors have not named."
    )

    class Meta:
        model = ClaimSet
        fields = [
            "id", "api_url", "page_url", "title", "summary", "is_inconsistent",
            "inconsistency_cycle", "side_a", "side_b", "links", "created_at", "updated_at",
            "question", "side_a_label", "side_b_label", "has_conflict", "proposed_title",
        ]  # fmt: skip
        read_only_fields = fields

    # The nested serializers are built once per request (one child serves every set of a
    # page) and given the prefetched rows; building one per set and side cost most of the time.
    @cached_property
    def _claims(self) -> serializers.ListSerializer:
        return ClaimSetClaimSerializer(many=True, context=self.context)

    def get_proposed_title(self, claim_set) -> str:
        return claim_set_proposed_title(claim_set.claims.all())

    @extend_schema_field(ClaimSetClaimSerializer(many=True))
    def get_side_a(self, claim_set):
        return self._claims.to_representation(claim_set_sides(claim_set)[0])

    @extend_schema_field(ClaimSetClaimSerializer(many=True))
    def get_side_b(self, claim_set):
        return self._claims.to_representation(claim_set_sides(claim_set)[1])

    @extend_schema_field(ClaimSetLinkSerializer(many=True))
    def get_links(self, claim_set):
        accepted = {c.pk for c in claim_set.claims.all() if c.status == Claim.Status.ACCEPTED}
        links = ClaimSetLinkSerializer(
            many=True, context={**self.context, "accepted_claims": accepted}
        )
        return links.to_representation(claim_set_own_links(claim_set))


class ClaimSetUpdateSerializer(StrictInputMixin, serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, max_length=300)
    summary = serializers.CharField(required=False, allow_blank=True)
    question = serializers.CharField(required=False, allow_blank=True, max_length=300)
    side_a_label = serializers.CharField(required=False, allow_blank=True, max_length=80)
    side_b_label = serializers.CharField(required=False, allow_blank=True, max_length=80)
