"""The claims API's views: thin faces over claims.selectors (reads) and the services (writes).

Each write validates its input with a serializer, calls one service, and
answers with the record read back through the selector, so what a client gets
after a write is what a later GET shows.
"""

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from common.api.deletions import DeletionsMixin
from common.api.renderers import BrowsableAPIRenderer
from common.api.serializers import ErrorSerializer
from common.api.views import ApiViewMixin, representation_etag

from ..linking import services as links
from ..linking.claim_sets import claim_set_update
from ..models import Claim, ClaimLink, link_score_rank
from ..review.services import claims_review
from ..selectors.claim_sets import claim_set_list_plain, claim_set_rows
from ..selectors.claims import claim_api_list, claim_link_counts, claim_mention_rows
from ..selectors.entities import entity_list
from ..selectors.links import link_api_list
from ..selectors.suggestions import reason_labels, suggestion_precision
from . import filters, renderers, serializers

ERROR = ErrorSerializer


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
    ApiViewMixin,
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
    detail_serializer_class = serializers.ClaimSerializer

    def get_queryset(self) -> QuerySet:
        # A JSON list reads the page's mentions and link counts at once (list() below).
        return claim_api_list(for_page=self.action == "list" and not self._is_jsonld())

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
            return self._list_rows()
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        response = self.get_paginated_response([self._jsonld(c, context=False) for c in page])
        response.data = {
            "@context": renderers.LIST_CONTEXT,
            "@type": "ItemList",
            **response.data,
        }
        return response

    def _list_rows(self) -> Response:
        """A JSON page from plain rows: the claims with their sources (one query), then the
        page's mentions and link counts (one query each); no model instances."""
        context = self.get_serializer_context()
        serializer = serializers.ClaimSerializer(context=context)
        rows = self.filter_queryset(self.get_queryset()).values(*serializer.row_columns())
        page = self.paginate_queryset(rows)
        counts = claim_link_counts(row["id"] for row in page)
        for row in page:
            row.update(counts[row["id"]])
        context["mention_rows"] = claim_mention_rows(row["id"] for row in page)
        return self.get_paginated_response([serializer.to_representation(row) for row in page])

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
        claims_review(claims=[claim], user=request.user, **data.validated_data)
        claim = self.get_queryset().get(pk=claim.pk)
        return Response(
            serializers.ClaimSerializer(claim, context=self.get_serializer_context()).data
        )


class LinkViewSet(ApiViewMixin, DeletionsMixin, viewsets.ModelViewSet):
    """Links between two claims that agree or conflict; confirmed ones form claim sets."""

    lookup_value_regex = r"[0-9]+"
    filterset_class = filters.LinkFilter
    ordering_fields = ["id", "created_at", "updated_at", "score"]
    # `-score` is best first, as the review screen shows suggestions; links without a
    # score (editors' own) come after every scored one (``link_score_rank``).
    ordering_keys = {"score": link_score_rank()}
    ordering = ["-id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    detail_serializer_class = serializers.LinkSerializer

    def get_queryset(self) -> QuerySet:
        return link_api_list()

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.LinkCreateSerializer
        if self.action == "partial_update":
            return serializers.LinkUpdateSerializer
        return serializers.LinkSerializer

    def _answer(self, link: ClaimLink, code: int = status.HTTP_200_OK) -> Response:
        link = self.get_queryset().get(pk=link.pk)
        context = self.get_serializer_context()
        body = serializers.LinkDecisionSerializer(link, context=context).data
        # The version is the link's as its detail shows it, without the warning.
        detail = {name: value for name, value in body.items() if name != "inconsistency"}
        headers = {"ETag": representation_etag(detail)}
        if code == status.HTTP_201_CREATED:
            headers["Location"] = body["api_url"]
        return Response(body, status=code, headers=headers)

    @extend_schema(
        request=serializers.LinkCreateSerializer,
        responses={
            201: serializers.LinkDecisionSerializer,
            200: OpenApiResponse(
                serializers.LinkDecisionSerializer,
                description="The machine's open suggestion for the pair, now decided.",
            ),
            400: ERROR,
            409: OpenApiResponse(ERROR, description="The two claims are already linked."),
        },
    )
    def create(self, request, *args, **kwargs):
        """Link two claims (in either order); `status: confirmed` joins their claim sets.

        When the machine has an open suggestion for the pair, this decides it (relation,
        status and note as sent) and answers 200 with it instead of 201.
        """
        data = serializers.LinkCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            link = links.claim_link_create(
                **data.validated_data,
                origin=ClaimLink.Origin.API,
                created_by=request.user,
                take_over_suggestion=True,
            )
        except links.LinkExistsError as exists:
            existing = self.request.build_absolute_uri(
                self.reverse_action("detail", args=[exists.existing.pk])
            )
            return Response(
                {"code": "link_exists", "message": exists.messages[0], "existing": existing},
                status=status.HTTP_409_CONFLICT,
            )
        if link.origin == ClaimLink.Origin.AUTOMATIC:  # the machine's suggestion, decided
            return self._answer(link)
        return self._answer(link, status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.LinkUpdateSerializer,
        responses={200: serializers.LinkDecisionSerializer, 400: ERROR},
    )
    def partial_update(self, request, *args, **kwargs):
        """Change a link's relation, note or status; claim sets follow at once."""
        link = self.get_object()
        data = serializers.LinkUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        links.claim_link_update(link=link, user=request.user, **data.validated_data)
        return self._answer(link)

    @extend_schema(request=None, responses={200: serializers.LinkDecisionSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Confirm a link: the two claims' sets join. When that leaves their set
        inconsistent, `inconsistency` names the set and the loop of links to break."""
        link = links.claim_link_confirm(link=self.get_object(), user=request.user)
        return self._answer(link)

    @extend_schema(request=None, responses={200: serializers.LinkDecisionSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject a link: a set it held together splits."""
        link = links.claim_link_reject(link=self.get_object(), user=request.user)
        return self._answer(link)

    @extend_schema(responses={200: serializers.LinkStatsSerializer}, filters=False)
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def stats(self, request):
        """Live precision of the machine's suggestions: confirmed ÷ decided, with a 95%
        interval, per model version, reason type and week of the decision."""
        report = suggestion_precision()
        labels = reason_labels()

        def rows(tallies, key):
            return [{key: name, **tally.as_dict()} for name, tally in sorted(tallies.items())]

        def labelled(reason):
            return {"reason": reason, "reason_label": labels.get(reason, reason)}

        body = {
            "open_suggestions": report.open_suggestions,
            "overall": report.overall.as_dict(),
            "by_model_version": rows(report.by_model_version, "model_version"),
            "by_reason": [
                {**labelled(reason), **tally.as_dict()}
                for reason, tally in sorted(report.by_reason.items())
            ],
            "by_week": rows(report.by_week, "week"),
            "rows": [
                {"model_version": version, **labelled(reason), "week": week, **tally.as_dict()}
                for (version, reason, week), tally in sorted(report.rows.items())
            ],
        }
        return Response(serializers.LinkStatsSerializer(body).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Delete a link; a set it held together splits (the largest part keeps the id)."""
        links.claim_link_delete(link=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EntityViewSet(ApiViewMixin, DeletionsMixin, viewsets.ReadOnlyModelViewSet):
    """People, countries, organisations and places the claims name, with their aliases."""

    serializer_class = serializers.EntitySerializer
    lookup_value_regex = r"[0-9]+"
    filterset_class = filters.EntityFilter
    ordering_fields = ["id", "name", "updated_at"]
    ordering = ["name"]

    def get_queryset(self) -> QuerySet:
        return entity_list()


class ClaimSetViewSet(
    ApiViewMixin,
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
    detail_serializer_class = serializers.ClaimSetSerializer

    def get_queryset(self) -> QuerySet:
        return claim_set_list_plain()

    def get_serializer_class(self):
        if self.action == "partial_update":
            return serializers.ClaimSetUpdateSerializer
        return serializers.ClaimSetSerializer

    @staticmethod
    def _serialize(serializer, claim_sets) -> list[dict]:
        """Sets (instances, or plain rows of ``serializer.row_columns()``) with their sides
        and links read as plain rows: three queries for a page."""
        claim_sets = list(claim_sets)
        ids = [row["id"] if isinstance(row, dict) else row.pk for row in claim_sets]
        serializer.context["claim_set_rows"] = claim_set_rows(ids)
        return [serializer.to_representation(claim_set) for claim_set in claim_sets]

    def detail_representation(self, obj) -> dict:
        serializer = serializers.ClaimSetSerializer(context=self.get_serializer_context())
        return self._serialize(serializer, [obj])[0]

    def list(self, request, *args, **kwargs):
        serializer = serializers.ClaimSetSerializer(context=self.get_serializer_context())
        rows = self.filter_queryset(self.get_queryset()).values(*serializer.row_columns())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self._serialize(serializer, page))

    def retrieve(self, request, *args, **kwargs):
        return Response(self.detail_representation(self.get_object()))

    @extend_schema(
        request=serializers.ClaimSetUpdateSerializer,
        responses={200: serializers.ClaimSetSerializer, 400: ERROR},
    )
    def partial_update(self, request, *args, **kwargs):
        """Name a claim set (its question, side labels, title) or change its summary."""
        claim_set = self.get_object()
        data = serializers.ClaimSetUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim_set_update(claim_set=claim_set, user=request.user, **data.validated_data)
        return Response(self.detail_representation(self.get_queryset().get(pk=claim_set.pk)))
