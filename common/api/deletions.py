"""``GET <list>/deleted/?since=``: which records are gone, for incremental sync."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer

from .pagination import DeletionPagination
from .renderers import BrowsableAPIRenderer
from .serializers import DeletionQuerySerializer, DeletionSerializer, ErrorSerializer


class DeletionsMixin:
    """Adds ``deleted/`` to a viewset whose model keeps a history (django-simple-history).

    ``updated_since`` finds what changed; this finds what no longer exists (a
    deleted source or link, a dissolved claim set, a proposal dropped by
    re-processing, an entity merged into another), from the change history.
    """

    @extend_schema(
        parameters=[DeletionQuerySerializer],
        responses={200: DeletionSerializer(many=True), 400: ErrorSerializer},
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
        query = DeletionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = self.get_queryset().model.history.filter(history_type="-")
        if query.validated_data.get("since"):
            rows = rows.filter(history_date__gte=query.validated_data["since"])
        paginator = DeletionPagination()
        # view=None: the page order is the paginator's own, not the list's ?ordering=.
        page = paginator.paginate_queryset(rows.values("history_id", "id", "history_date"), request)
        data = DeletionSerializer(
            [{"id": row["id"], "deleted_at": row["history_date"]} for row in page], many=True
        ).data
        return paginator.get_paginated_response(data)
