"""Cursor pagination on the whole sort key: every row exactly once, ties included.

A cursor carries the sort key of the row a page ended on (every ordering field,
ending with the row's id), and the next page is the rows strictly after that
key. Rows that share a value (a score, a time, a name) are told apart by the id,
so following ``next`` to the end returns every row once, whatever the ordering.
"""

import base64
import binascii
import json
from datetime import date, datetime
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from rest_framework import pagination
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from sources.changes import sync_horizon

from .errors import ApiValidationError


def _as_json(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _value(row, name: str):
    return row[name] if isinstance(row, dict) else getattr(row, name)


def with_tie_breaker(ordering, tie_breaker: str = "id") -> tuple[str, ...]:
    """``ordering`` ending in ``tie_breaker`` (in the first field's direction), so it is total."""
    ordering = tuple(ordering)
    names = {field.lstrip("-") for field in ordering}
    if tie_breaker in names or (tie_breaker == "id" and "pk" in names):
        return ordering
    descending = bool(ordering) and ordering[0].startswith("-")
    return (*ordering, f"-{tie_breaker}" if descending else tie_breaker)


def invalid_cursor() -> ApiValidationError:
    return ApiValidationError(
        {"cursor": ["Not a cursor this list gave (follow `next` or `previous` as given)."]},
        code="invalid_cursor",
    )


class CursorPagination(pagination.BasePagination):
    """``?cursor=`` from the ``next`` / ``previous`` links; ``?page_size=`` from 1 to 200.

    The order is the view's ``ordering`` unless ``?ordering=`` picks one of its
    ``ordering_fields``; ``id`` always ends it. A field is its column, unless the view's
    ``ordering_keys`` maps it to the expression the rows are ordered by (never NULL: a
    cursor could not start after a NULL).
    """

    ordering = ("-id",)
    tie_breaker = "id"
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    cursor_query_param = "cursor"

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= self.max_page_size:
            raise ApiValidationError(
                {self.page_size_query_param: [f"A whole number from 1 to {self.max_page_size}."]}
            )
        return int(raw)

    def get_ordering(self, request, queryset, view) -> tuple[str, ...]:
        for backend in getattr(view, "filter_backends", None) or ():
            if issubclass(backend, OrderingFilter):
                ordering_filter = backend()
                # `next` and `previous` name the ordering even when the client left
                # it to the default, so a cursor is always paired with its order.
                self.ordering_named = request.query_params.get(
                    ordering_filter.ordering_param
                ) or ",".join(ordering_filter.get_default_ordering(view) or ())
                self.ordering_param = ordering_filter.ordering_param
                ordering = ordering_filter.get_ordering(request, queryset, view)
                if ordering:
                    return with_tie_breaker(ordering, self.tie_breaker)
        return with_tie_breaker(self.ordering, self.tie_breaker)

    def decode_cursor(self, request):
        raw = request.query_params.get(self.cursor_query_param)
        if raw is None:
            return None
        try:
            padded = raw + "=" * (-len(raw) % 4)
            cursor = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        except (ValueError, UnicodeError, binascii.Error):
            raise invalid_cursor() from None
        if (
            not isinstance(cursor, dict)
            or cursor.get("o") != list(self.ordering_used)
            or not isinstance(cursor.get("v"), list)
            or len(cursor["v"]) != len(self.ordering_used)
            or cursor.get("r") not in (0, 1)
            or not isinstance(cursor.get("s"), int)
        ):
            raise invalid_cursor()
        return cursor

    def sort_keys(self, queryset, view):
        """The queryset with the ordering's expressions annotated, and the names it is
        ordered and bounded by: ``ordering_used`` with each field of the view's
        ``ordering_keys`` replaced by its annotation."""
        expressions = getattr(view, "ordering_keys", None) or {}
        keys, annotations = [], {}
        for field in self.ordering_used:
            name = field.lstrip("-")
            if name in expressions:
                annotations[f"ordering_{name}"] = expressions[name]
                field = f"{'-' if field.startswith('-') else ''}ordering_{name}"
            keys.append(field)
        return (queryset.annotate(**annotations) if annotations else queryset), tuple(keys)

    def encode_cursor(self, row, *, reverse: bool) -> str:
        cursor = {
            "o": list(self.ordering_used),
            "v": [_as_json(_value(row, field.lstrip("-"))) for field in self.keys],
            "r": int(reverse),
            "s": self.next_sync,
        }
        raw = json.dumps(cursor, separators=(",", ":")).encode()
        # Unpadded: the cursor stays the same characters inside a URL as outside it.
        return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")

    @staticmethod
    def _beyond(ordering, values, *, reverse: bool) -> Q:
        """Rows strictly after ``values`` in ``ordering`` (before them when ``reverse``)."""
        clauses = []
        for i, field in enumerate(ordering):
            name = field.lstrip("-")
            descending = field.startswith("-") != reverse
            clause = Q(**{f"{name}__{'lt' if descending else 'gt'}": values[i]})
            for earlier, value in zip(ordering[:i], values[:i], strict=True):
                clause &= Q(**{earlier.lstrip("-"): value})
            clauses.append(clause)
        # The same rows, with the first field's bound stated on its own: the database then
        # starts reading an index on (that field, id) at the cursor instead of at the top.
        first = ordering[0]
        descending = first.startswith("-") != reverse
        bound = Q(**{f"{first.lstrip('-')}__{'lte' if descending else 'gte'}": values[0]})
        return bound & reduce(or_, clauses)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.ordering_named = ""
        self.page_size = self.get_page_size(request)
        self.ordering_used = self.get_ordering(request, queryset, view)
        cursor = self.decode_cursor(request)
        # The sync token is taken before the first page is read and kept by its cursors.
        self.next_sync = cursor["s"] if cursor else sync_horizon()
        reverse = bool(cursor and cursor["r"])
        queryset, self.keys = self.sort_keys(queryset, view)
        order = [
            (field[1:] if field.startswith("-") else f"-{field}") if reverse else field
            for field in self.keys
        ]
        queryset = queryset.order_by(*order)
        if cursor is not None:
            try:
                queryset = queryset.filter(self._beyond(self.keys, cursor["v"], reverse=reverse))
                rows = list(queryset[: self.page_size + 1])
            except (ValueError, TypeError, DjangoValidationError):
                raise invalid_cursor() from None
        else:
            rows = list(queryset[: self.page_size + 1])
        has_more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if reverse:
            rows.reverse()
            self.has_next, self.has_previous = True, has_more
        else:
            self.has_next, self.has_previous = has_more, cursor is not None
        self.page = rows
        return rows

    def _link(self, row, *, reverse: bool) -> str:
        url = self.request.build_absolute_uri()
        if getattr(self, "ordering_named", ""):
            url = replace_query_param(url, self.ordering_param, self.ordering_named)
        return replace_query_param(
            url, self.cursor_query_param, self.encode_cursor(row, reverse=reverse)
        )

    def get_next_link(self) -> str | None:
        if not self.has_next or not self.page:
            return None
        return self._link(self.page[-1], reverse=False)

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        if not self.page:  # past the end: back from where the cursor stood
            return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)
        return self._link(self.page[0], reverse=True)

    def get_paginated_response(self, data) -> Response:
        return Response(
            {
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "next_sync": self.next_sync,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "previous", "next_sync", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "next_sync": {
                    "type": "integer",
                    "format": "int64",
                    "description": "Your sync token: ask `?changed_since=<it>` (and "
                    "`deleted/?since=<it>`) next time for everything that changed after "
                    "this walk began. The same on every page of one walk.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The page's cursor, from a `next` or `previous` link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page, 1 to {self.max_page_size} (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


class DeletionPagination(CursorPagination):
    """Tombstones from the change feed, by the id the record had."""

    ordering = ("row_id",)
    tie_breaker = "row_id"


class HistoryDeletionPagination(CursorPagination):
    """Tombstones from the change history, in the order they were recorded."""

    ordering = ("history_id",)
    tie_breaker = "history_id"
