"""The source endpoints: push an article (text or URL) and poll its processing.

A thin face over ``sources.selectors`` (reads) and ``sources.services`` (writes).
"""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from common.api.deletions import DeletionsMixin
from common.api.errors import StateConflict
from common.api.serializers import ErrorSerializer
from common.api.views import ApiViewMixin

from .. import selectors, services
from . import filters, serializers


class SourceViewSet(
    ApiViewMixin,
    DeletionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Articles: push one (text or URL) and poll its processing status."""

    lookup_value_regex = r"[0-9]+"
    filterset_class = filters.SourceFilter
    ordering_fields = ["id", "created_at", "updated_at"]
    ordering = ["-id"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    detail_serializer_class = serializers.SourceDetailSerializer

    def get_queryset(self) -> QuerySet:
        if self.action in ("retrieve", "partial_update", "propose_anyway"):
            # The detail carries the body the claims' offsets point into (and a write's
            # If-Match is checked against the detail's ETag).
            return selectors.source_detail()
        return selectors.source_list()

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.SourceCreateSerializer
        if self.action == "partial_update":
            return serializers.SourceMetadataSerializer
        if self.action in ("retrieve", "propose_anyway"):
            return serializers.SourceDetailSerializer
        return serializers.SourceSerializer

    @extend_schema(
        request=serializers.SourceCreateSerializer,
        responses={
            202: OpenApiResponse(
                serializers.SourceAcceptedSerializer,
                description="Added and queued for processing; poll `api_url` for `status`.",
            ),
            200: OpenApiResponse(
                serializers.SourceAcceptedSerializer,
                description="The article (same text or URL) is already this source; "
                "nothing was added.",
            ),
            400: ErrorSerializer,
        },
    )
    def create(self, request, *args, **kwargs):
        """Add an article from its text or its URL; processing starts in the background."""
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        text = fields.pop("text", None)
        try:
            if text:
                source = services.source_create(content=text, added_by=request.user, **fields)
            else:
                source = services.source_create_from_url(added_by=request.user, **fields)
        except services.DuplicateSourceError as duplicate:
            return self._accepted(duplicate.existing, duplicate.messages[0], status.HTTP_200_OK)
        return self._accepted(
            source,
            "Added and queued for processing; poll api_url until status is done or failed.",
            status.HTTP_202_ACCEPTED,
        )

    def _accepted(self, source, message: str, code: int) -> Response:
        source = selectors.source_list().get(pk=source.pk)
        source.message = message
        source.is_duplicate = code == status.HTTP_200_OK
        body = serializers.SourceAcceptedSerializer(source, context=self.get_serializer_context())
        return Response(body.data, status=code, headers={"Location": body.data["api_url"]})

    @extend_schema(
        request=serializers.SourceMetadataSerializer,
        responses={
            200: serializers.SourceDetailSerializer,
            400: ErrorSerializer,
            409: OpenApiResponse(
                ErrorSerializer,
                description="The URL is already another source's (code `duplicate_url`).",
            ),
        },
    )
    def partial_update(self, request, *args, **kwargs):
        """Correct a source's title, URL, publisher, author or date (editors only).

        The fields sent are recorded in `metadata_edited` and kept when the article is
        read or processed again; the body, and every claim's offsets into it, never change.
        A URL that is already another source's is refused (409, code `duplicate_url`).
        """
        source = self.get_object()
        data = serializers.SourceMetadataSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.source_metadata_edit(source=source, changes=dict(data.validated_data))
        except ValidationError as refused:
            if _only_code(refused, "duplicate_url"):
                messages = refused.message_dict["url"]
                return Response(
                    {
                        "code": "duplicate_url",
                        "message": f"url: {messages[0]}",
                        "errors": {"url": messages},
                    },
                    status=status.HTTP_409_CONFLICT,
                )
            raise
        return self._detail(source)

    @extend_schema(
        request=None,
        responses={
            200: serializers.SourceDetailSerializer,
            409: OpenApiResponse(
                ErrorSerializer,
                description="The last processing withheld nothing (code `not_withheld`).",
            ),
        },
    )
    @action(detail=True, methods=["post"], url_path="propose-anyway")
    def propose_anyway(self, request, *args, **kwargs):
        """Propose claims although the readability note withheld them (editors only).

        The source is queued again and the note kept; poll `status`. 409 (code
        `not_withheld`) when the last processing withheld nothing: the request is
        well formed, the source's state does not call for it.
        """
        source = self.get_object()
        try:
            services.source_propose_anyway(source=source)
        except ValidationError as refused:
            raise StateConflict(refused.messages[0], code="not_withheld") from None
        return self._detail(source)

    def _detail(self, source) -> Response:
        source = selectors.source_detail().get(pk=source.pk)
        body = serializers.SourceDetailSerializer(source, context=self.get_serializer_context())
        return Response(body.data)


def _only_code(error: ValidationError, code: str) -> bool:
    """Whether every message of ``error`` carries ``code``."""
    if not hasattr(error, "error_dict"):
        return False
    return all(e.code == code for errors in error.error_dict.values() for e in errors)
