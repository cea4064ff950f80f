"""``GET <list>/deleted/?since=``: which records are gone, for incremental sync."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer

from sources.changes import deletions_since, sync_token_is_expired

from .errors import SyncTokenExpired
from .pagination import DeletionPagination, HistoryDeletionPagination
from .renderers import BrowsableAPIRenderer
from .serializers import DeletionQuerySerializer, DeletionSerializer, ErrorSerializer


class DeletionsMixin:
    """Adds ``deleted/`` to a viewset: the deletion half of the change feed.

    ``changed_since`` finds what changed; this finds what no longer exists (a
    deleted source or link, a dissolved claim set, a proposal dropped by
    re-processing, an entity merged into another, with the one it went into),
    from the same feed and with the same token (``sources.changes``). A
    date-time ``since`` reads the change history instead, as before the feed.
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
        """Ids of records gone since a sync token (`next_sync`), in cursor pages."""
        query = DeletionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        model = self.get_queryset().model
        since = query.validated_data.get("since")
        if since is None or isinstance(since, int):
            if since is not None and sync_token_is_expired(since):
                raise SyncTokenExpired()
            paginator = DeletionPagination()
            rows = deletions_since(model, since or 0)
            page = paginator.paginate_queryset(rows, request)
            data = [
                {"id": r["row_id"], "deleted_at": r["deleted_at"], "merged_into": r["merged_into"]}
                for r in page
            ]
        else:
            paginator = HistoryDeletionPagination()
            rows = model.history.filter(history_type="-", history_date__gte=since)
            page = paginator.paginate_queryset(
                rows.values("history_id", "id", "history_date"), request
            )
            data = [
                {"id": r["id"], "deleted_at": r["history_date"], "merged_into": None} for r in page
            ]
        return paginator.get_paginated_response(DeletionSerializer(data, many=True).data)

    deleted.query_params = {"since", "cursor", "page_size"}
