"""The REST API's views: thin faces over claims.selectors (reads) and the services (writes).

Each write validates its input with a serializer, calls one service, and
answers with the record read back through the selector, so what a client gets
after a write is what a later GET shows.
"""

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from claims import selectors, services
from claims.models import Claim, ClaimLink
from sources import services as source_services

from . import filters, pagination, renderers, serializers

ERROR = serializers.ErrorSerializer


class DeletionsMixin:
    """``GET <list>/deleted/?since=``: which records are gone, for incremental sync.

    ``updated_since`` finds what changed; this finds what no longer exists (a
    deleted source or link, a dissolved claim set, a proposal dropped by
    re-processing, an entity merged into another), from the change history.
    """

    @extend_schema(
        parameters=[serializers.DeletionQuerySerializer],
        responses={200: serializers.DeletionSerializer(many=True), 400: ERROR},
        filters=False,
    )
    @action(
        detail=False,
        methods=["get"],
        filter_backends=[],
        renderer_classes=[JSONRenderer, BrowsableAPIRenderer],
    )
    def deleted(self, request):
        """Ids deleted since a time, oldest first (cursor pages)."""
        query = serializers.DeletionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = self.get_queryset().model.history.filter(history_type="-")
        if query.validated_data.get("since"):
            rows = rows.filter(history_date__gte=query.validated_data["since"])
        paginator = pagination.DeletionPagination()
        # view=None: the page order is the paginator's own, not the list's ?ordering=.
        page = paginator.paginate_queryset(rows.values("history_id", "id", "history_date"), request)
        data = serializers.DeletionSerializer(
            [{"id": row["id"], "deleted_at": row["history_date"]} for row in page], many=True
        ).data
        return paginator.get_paginated_response(data)


class SourceViewSet(
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

    def get_queryset(self) -> QuerySet:
        if self.action == "retrieve":
            # The detail carries the body the claims' offsets point into.
            return selectors.source_list().defer(None).defer("raw")
        return selectors.source_list()

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.SourceCreateSerializer
        if self.action == "retrieve":
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
            400: ERROR,
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
                source = source_services.source_create(
                    content=text, added_by=request.user, **fields
                )
            else:
                source = source_services.source_create_from_url(added_by=request.user, **fields)
        except source_services.DuplicateSourceError as duplicate:
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


@extend_schema_view(
    list=extend_schema(
        responses={
            (200, "application/json"): serializers.ClaimSerializer(many=True),
            (200, "application/ld+json"): renderers.CLAIM_JSONLD_SCHEMA,
        }
    ),
    retrieve=extend_schema(
        responses={
            (200, "application/json"): serializers.ClaimSerializer,
            (200, "application/ld+json"): renderers.CLAIM_JSONLD_SCHEMA,
        }
    ),
)
class ClaimViewSet(
    DeletionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Claims with their source and entities; also schema.org Claim JSON-LD.

    Ask for JSON-LD with `Accept: application/ld+json` or `?format=jsonld`.
    """

    renderer_classes = [JSONRenderer, renderers.JSONLDRenderer, BrowsableAPIRenderer]
    lookup_value_regex = r"[0-9]+"
    filterset_class = filters.ClaimFilter
    ordering_fields = ["id", "created_at", "updated_at", "score"]
    ordering = ["-id"]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet:
        return selectors.claim_list()

    def get_serializer_class(self):
        if self.action == "partial_update":
            return serializers.ClaimReviewSerializer
        return serializers.ClaimSerializer

    def _is_jsonld(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return isinstance(renderer, renderers.JSONLDRenderer)

    def _jsonld(self, claim: Claim, *, context: bool = True) -> dict:
        page_url = self.request.build_absolute_uri(reverse("claims:claim_detail", args=[claim.pk]))
        return renderers.claim_as_jsonld(claim, page_url=page_url, context=context)

    def list(self, request, *args, **kwargs):
        if not self._is_jsonld():
            return super().list(request, *args, **kwargs)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        response = self.get_paginated_response([self._jsonld(c, context=False) for c in page])
        response.data = {
            "@context": renderers.LIST_CONTEXT,
            "@type": "ItemList",
            **response.data,
        }
        return response

    def retrieve(self, request, *args, **kwargs):
        if not self._is_jsonld():
            return super().retrieve(request, *args, **kwargs)
        return Response(self._jsonld(self.get_object()))

    @extend_schema(
        request=serializers.ClaimReviewSerializer,
        responses={200: serializers.ClaimSerializer, 400: ERROR},
    )
    def partial_update(self, request, *args, **kwargs):
        """Accept or reject a claim (or put it back to proposed)."""
        claim = self.get_object()
        data = serializers.ClaimReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.claims_review(claims=[claim], user=request.user, **data.validated_data)
        claim = self.get_queryset().get(pk=claim.pk)
        return Response(
            serializers.ClaimSerializer(claim, context=self.get_serializer_context()).data
        )


class LinkViewSet(DeletionsMixin, viewsets.ModelViewSet):
    """Links between two claims that agree or conflict; confirmed ones form claim sets."""

    lookup_value_regex = r"[0-9]+"
    filterset_class = filters.LinkFilter
    ordering_fields = ["id", "created_at", "updated_at"]
    ordering = ["-id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet:
        return selectors.link_list()

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.LinkCreateSerializer
        if self.action == "partial_update":
            return serializers.LinkUpdateSerializer
        return serializers.LinkSerializer

    def _answer(self, link: ClaimLink, code: int = status.HTTP_200_OK) -> Response:
        link = self.get_queryset().get(pk=link.pk)
        body = serializers.LinkSerializer(link, context=self.get_serializer_context()).data
        headers = {"Location": body["api_url"]} if code == status.HTTP_201_CREATED else None
        return Response(body, status=code, headers=headers)

    @extend_schema(
        request=serializers.LinkCreateSerializer,
        responses={
            201: serializers.LinkSerializer,
            400: ERROR,
            409: OpenApiResponse(ERROR, description="The two claims are already linked."),
        },
    )
    def create(self, request, *args, **kwargs):
        """Link two claims (in either order); `status: confirmed` joins their claim sets."""
        data = serializers.LinkCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            link = services.claim_link_create(
                **data.validated_data, origin=ClaimLink.Origin.API, created_by=request.user
            )
        except services.LinkExistsError as exists:
            existing = self.request.build_absolute_uri(
                self.reverse_action("detail", args=[exists.existing.pk])
            )
            return Response(
                {"message": exists.messages[0], "existing": existing},
                status=status.HTTP_409_CONFLICT,
            )
        return self._answer(link, status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.LinkUpdateSerializer,
        responses={200: serializers.LinkSerializer, 400: ERROR},
    )
    def partial_update(self, request, *args, **kwargs):
        """Change a link's relation, note or status; claim sets follow at once."""
        link = self.get_object()
        data = serializers.LinkUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.claim_link_update(link=link, user=request.user, **data.validated_data)
        return self._answer(link)

    @extend_schema(request=None, responses={200: serializers.LinkSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Confirm a link: the two claims' sets join."""
        link = services.claim_link_confirm(link=self.get_object(), user=request.user)
        return self._answer(link)

    @extend_schema(request=None, responses={200: serializers.LinkSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject a link: a set it held together splits."""
        link = services.claim_link_reject(link=self.get_object(), user=request.user)
        return self._answer(link)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Delete a link; a set it held together splits (the largest part keeps the id)."""
        services.claim_link_delete(link=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EntityViewSet(DeletionsMixin, viewsets.ReadOnlyModelViewSet):
    """People, countries, organisations and places the claims name, with their aliases."""

    serializer_class = serializers.EntitySerializer
    lookup_value_regex = r"[0-9]+"
    filterset_class = filters.EntityFilter
    ordering_fields = ["id", "name", "updated_at"]
    ordering = ["name"]

    def get_queryset(self) -> QuerySet:
        return selectors.entity_list()


class ClaimSetViewSet(
    DeletionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Claims joined by confirmed links, on two sides; the same ids as /claim-sets/<id>/."""

    lookup_value_regex = r"[0-9]+"
    filterset_class = filters.ClaimSetFilter
    ordering_fields = ["id", "created_at", "updated_at"]
    ordering = ["-updated_at"]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet:
        return selectors.claim_set_detail_with_links()

    def get_serializer_class(self):
        if self.action == "partial_update":
            return serializers.ClaimSetUpdateSerializer
        return serializers.ClaimSetSerializer

    @extend_schema(
        request=serializers.ClaimSetUpdateSerializer,
        responses={200: serializers.ClaimSetSerializer, 400: ERROR},
    )
    def partial_update(self, request, *args, **kwargs):
        """Name a claim set or change its summary."""
        claim_set = self.get_object()
        data = serializers.ClaimSetUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.claim_set_update(claim_set=claim_set, user=request.user, **data.validated_data)
        claim_set = self.get_queryset().get(pk=claim_set.pk)
        context = self.get_serializer_context()
        return Response(serializers.ClaimSetSerializer(claim_set, context=context).data)
