"""Cursor pagination: stable pages while rows are added, for incremental sync."""

from rest_framework import pagination


class CursorPagination(pagination.CursorPagination):
    """``?cursor=`` from the ``next`` / ``previous`` links; ``?page_size=`` up to 200.

    The order is the view's ``ordering`` unless ``?ordering=`` picks one of its
    ``ordering_fields`` (none of them nullable, as cursors require).
    """

    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 200


class DeletionPagination(CursorPagination):
    """Tombstones in the order they were recorded (history rows' own ids)."""

    ordering = "history_id"
