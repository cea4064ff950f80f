"""What the API reads and writes of sources; reads come from ``sources.selectors``."""

from rest_framework import serializers

from common.api.serializers import FastReadMixin, LinksMixin, StrictInputMixin

from ..models import Source


class SourceSerializer(FastReadMixin, LinksMixin, serializers.ModelSerializer):
    api_route = "source"
    page_route = "claims:source_detail"
    claim_count = serializers.IntegerField(read_only=True)
    proposed_count = serializers.IntegerField(read_only=True)
    accepted_count = serializers.IntegerField(read_only=True)
    rejected_count = serializers.IntegerField(read_only=True)
    metadata_missing = serializers.ListField(
        child=serializers.ChoiceField(choices=Source.METADATA_FIELDS),
        read_only=True,
        help_text="The metadata fields that could not be read from the article and no editor "
        "set: unknown (their values are empty or null, never guessed).",
    )
    metadata_edited = serializers.ListField(
        child=serializers.ChoiceField(choices=Source.EDITABLE_METADATA),
        read_only=True,
        help_text="The metadata fields an editor set by hand; reading the article again keeps them.",
    )
    proposals_withheld = serializers.BooleanField(
        read_only=True,
        help_text="True when the last processing proposed nothing because of the readability "
        "note in `processing_note`; an editor can POST to `propose-anyway/` to override it.",
    )
    propose_anyway = serializers.BooleanField(
        read_only=True,
        help_text="An editor asked for proposals despite the readability note (which is kept).",
    )

    class Meta:
        model = Source
        fields = [
            "id", "api_url", "page_url", "title", "url", "publisher", "author", "published_on",
            "metadata_missing", "metadata_edited", "language", "input_format", "status", "error",
            "processing_note", "proposals_withheld", "propose_anyway", "attempts",
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
    # Blank is the default, so a blank value is accepted too (generated clients send defaults).
    title = serializers.CharField(required=False, max_length=500, default="", allow_blank=True)
    publisher = serializers.CharField(required=False, max_length=200, default="", allow_blank=True)
    author = serializers.CharField(required=False, max_length=300, default="", allow_blank=True)
    published_on = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if not attrs.get("text") and not attrs.get("url"):
            raise serializers.ValidationError("Give the article's `text` or its `url`.")
        return attrs


class SourceMetadataSerializer(StrictInputMixin, serializers.Serializer):
    """Metadata an editor sets by hand; each field given is kept when the article is read again.

    An empty value (or null date/URL) marks the field unknown. The text never changes.
    """

    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    url = serializers.URLField(required=False, allow_blank=True, allow_null=True, max_length=2000)
    publisher = serializers.CharField(required=False, allow_blank=True, max_length=200)
    author = serializers.CharField(required=False, allow_blank=True, max_length=300)
    published_on = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(
                "Send at least one of `title`, `url`, `publisher`, `author`, `published_on`."
            )
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


class SourceBriefSerializer(FastReadMixin, serializers.ModelSerializer):
    """A source as other records carry it (a claim's, a link's)."""

    class Meta:
        model = Source
        fields = ["id", "title", "url", "publisher", "author", "published_on"]
        read_only_fields = fields
