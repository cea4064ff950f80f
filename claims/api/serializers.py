"""What the API reads and writes. Reads come from claims.selectors, writes go to services.

Write serializers only validate the shape of the input; the views hand the
validated data to a service, which owns the rules.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims import selectors
from claims.models import Claim, ClaimLink, ClaimSet, Entity, Mention
from sources.models import Source

# The contradiction view's pages (DESIGN.md: stable links); the API gives
# each record's page so clients can link people to it.
PAGE_ROUTES = {
    Source: "claims:source_detail",
    Claim: "claims:claim_detail",
    Entity: "claims:entity_detail",
    ClaimSet: "claims:claim_set_detail",
}


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


def _absolute(serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


class LinksMixin(serializers.Serializer):
    """``api_url`` (this record in the API) and ``page_url`` (its page in the view)."""

    api_url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()
    api_route = ""

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj) -> str:
        return _absolute(self, reverse(f"api:{self.api_route}-detail", args=[obj.pk]))

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj) -> str:
        return _absolute(self, reverse(PAGE_ROUTES[type(obj)], args=[obj.pk]))


# --- Sources -------------------------------------------------------------------------


class SourceSerializer(LinksMixin, serializers.ModelSerializer):
    api_route = "source"
    claim_count = serializers.IntegerField(read_only=True)
    proposed_count = serializers.IntegerField(read_only=True)
    accepted_count = serializers.IntegerField(read_only=True)
    rejected_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Source
        fields = [
            "id", "api_url", "page_url", "title", "url", "publisher", "author", "published_on",
            "language", "input_format", "status", "error", "processing_note", "attempts",
            "processed_at", "claim_count", "proposed_count", "accepted_count", "rejected_count",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class SourceDetailSerializer(SourceSerializer):
    """One source, with the cleaned body its claims' offsets point into."""

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "body"]
        read_only_fields = fields


class SourceCreateSerializer(StrictInputMixin, serializers.Serializer):
    """An article as text (plain, Markdown or HTML) or as a URL to fetch."""

    text = serializers.CharField(
        required=False,
        trim_whitespace=False,
        help_text="The article itself. Give this or `url` (or both: `url` is then metadata).",
    )
    url = serializers.URLField(
        required=False, max_length=2000, help_text="Where the article is; fetched if no `text`."
    )
    input_format = serializers.ChoiceField(
        choices=Source.InputFormat.choices,
        required=False,
        help_text="How to read `text`; detected when left out.",
    )
    title = serializers.CharField(required=False, max_length=500, default="")
    publisher = serializers.CharField(required=False, max_length=200, default="")
    author = serializers.CharField(required=False, max_length=300, default="")
    published_on = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if not attrs.get("text") and not attrs.get("url"):
            raise serializers.ValidationError("Give the article's `text` or its `url`.")
        return attrs


class SourceAcceptedSerializer(SourceSerializer):
    """The answer to a POST: the source (new, or the one already holding the article)."""

    message = serializers.CharField(read_only=True)
    is_duplicate = serializers.BooleanField(
        read_only=True, help_text="True when the article was already a source (status 200)."
    )

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "message", "is_duplicate"]
        read_only_fields = fields


# --- Entities and claims ---------------------------------------------------------------


class MentionSerializer(serializers.ModelSerializer):
    entity = serializers.IntegerField(source="entity_id", read_only=True)
    entity_name = serializers.CharField(source="entity.name", read_only=True)
    entity_kind = serializers.CharField(source="entity.kind", read_only=True)

    class Meta:
        model = Mention
        fields = ["entity", "entity_name", "entity_kind", "text", "start", "end", "label"]
        read_only_fields = fields


class SourceBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "title", "url", "publisher", "author", "published_on"]
        read_only_fields = fields


class ClaimSerializer(LinksMixin, serializers.ModelSerializer):
    api_route = "claim"
    source = SourceBriefSerializer(read_only=True)
    mentions = MentionSerializer(many=True, read_only=True)
    side = serializers.SerializerMethodField()
    agree_count = serializers.IntegerField(read_only=True)
    conflict_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id", "api_url", "page_url", "text", "start", "end", "status", "score",
            "score_reasons", "subject", "predicate", "object", "is_negated", "is_hedged",
            "speaker", "quantities", "dates", "source", "mentions", "claim_set", "side",
            "agree_count", "conflict_count", "is_edited", "reviewed_at", "created_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=["A", "B"], allow_null=True))
    def get_side(self, claim) -> str | None:
        return None if claim.side is None else Claim.Side(claim.side).name


class ClaimReviewSerializer(StrictInputMixin, serializers.Serializer):
    status = serializers.ChoiceField(choices=Claim.Status.choices)


class EntitySerializer(LinksMixin, serializers.ModelSerializer):
    api_route = "entity"
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


class ClaimBriefSerializer(serializers.ModelSerializer):
    source = SourceBriefSerializer(read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "text", "status", "source", "claim_set"]
        read_only_fields = fields


class LinkSerializer(serializers.ModelSerializer):
    api_url = serializers.SerializerMethodField()
    claim_a = ClaimBriefSerializer(read_only=True)
    claim_b = ClaimBriefSerializer(read_only=True)
    created_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    reviewed_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = ClaimLink
        fields = [
            "id", "api_url", "claim_a", "claim_b", "relation", "status", "origin", "score",
            "rationale", "note", "created_by", "reviewed_by", "reviewed_at", "created_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, link) -> str:
        return _absolute(self, reverse("api:link-detail", args=[link.pk]))


class LinkCreateSerializer(StrictInputMixin, serializers.Serializer):
    # A plain number box in the browsable API, not a <select> of every claim.
    claim_a = serializers.PrimaryKeyRelatedField(
        queryset=Claim.objects.all(), style={"base_template": "input.html"}
    )
    claim_b = serializers.PrimaryKeyRelatedField(
        queryset=Claim.objects.all(), style={"base_template": "input.html"}
    )
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


class ClaimSetLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClaimLink
        fields = ["id", "claim_a", "claim_b", "relation", "status", "note"]
        read_only_fields = fields


class ClaimSetClaimSerializer(serializers.ModelSerializer):
    source = SourceBriefSerializer(read_only=True)
    mentions = MentionSerializer(many=True, read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "text", "status", "speaker", "source", "mentions"]
        read_only_fields = fields


class ClaimSetSerializer(LinksMixin, serializers.ModelSerializer):
    """A set with its two sides; read from ``selectors.claim_set_detail_with_links``."""

    api_route = "claim-set"
    side_a = serializers.SerializerMethodField()
    side_b = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta:
        model = ClaimSet
        fields = [
            "id", "api_url", "page_url", "title", "summary", "is_inconsistent",
            "inconsistency_cycle", "side_a", "side_b", "links", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(ClaimSetClaimSerializer(many=True))
    def get_side_a(self, claim_set):
        return ClaimSetClaimSerializer(selectors.claim_set_sides(claim_set)[0], many=True).data

    @extend_schema_field(ClaimSetClaimSerializer(many=True))
    def get_side_b(self, claim_set):
        return ClaimSetClaimSerializer(selectors.claim_set_sides(claim_set)[1], many=True).data

    @extend_schema_field(ClaimSetLinkSerializer(many=True))
    def get_links(self, claim_set):
        return ClaimSetLinkSerializer(selectors.claim_set_own_links(claim_set), many=True).data


class ClaimSetUpdateSerializer(StrictInputMixin, serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, max_length=300)
    summary = serializers.CharField(required=False, allow_blank=True)


class DeletionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The id the record had.")
    deleted_at = serializers.DateTimeField()


class DeletionQuerySerializer(serializers.Serializer):
    since = serializers.DateTimeField(
        required=False,
        help_text="Only deletions at or after this ISO 8601 date-time (the time of your last sync).",
    )


class ErrorSerializer(serializers.Serializer):
    """Every error: a message for people, and field errors for bad input."""

    message = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Field name (or `non_field_errors`) to its messages; bad input only.",
    )
    existing = serializers.URLField(
        required=False, help_text="The link already holding this pair (409 only)."
    )
