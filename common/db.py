"""Query helpers with no models of their own: row ids, text search per database, counts, paging."""

import re

from django.core.paginator import Paginator
from django.db import connection, connections
from django.db.models import Count, IntegerField, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property

# The largest id a 64-bit primary key (BigAutoField) holds; larger numbers
# overflow the database driver instead of matching nothing.
MAX_ROW_ID = 2**63 - 1
ASCII_DIGITS = re.compile(r"[0-9]+")


def as_row_id(value) -> int | None:
    """``value`` as a row id when it can be one, else None.

    An ``int`` (not a bool) or a string of ASCII digits, from 1 to
    ``MAX_ROW_ID``. "²" and "٣" are refused: ``str.isdigit`` accepts both, and
    ``int`` accepts the second.
    """
    if isinstance(value, str) and ASCII_DIGITS.fullmatch(value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 1 <= value <= MAX_ROW_ID else None


def count_of(queryset: QuerySet) -> Coalesce:
    """How many rows of ``queryset`` there are, as an expression for each outer row.

    ``queryset`` is correlated to the outer row with ``OuterRef``. A count per
    row of the page, not a GROUP BY over the whole table, and filters that join
    other tables cannot inflate it.
    """
    counted = queryset.order_by().values(_one=Value(1)).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def text_search(queryset: QuerySet, query: str, *fields: str) -> QuerySet:
    """``queryset`` narrowed to rows whose ``fields`` match the words of ``query``.

    PostgreSQL full-text search (English stemming, web-search syntax: quoted
    phrases, ``or``, ``-word``) on PostgreSQL; elsewhere every word must occur
    in one of the fields, case-insensitively.
    """
    query = query.strip()
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        return queryset.alias(_search=SearchVector(*fields, config="english")).filter(
            _search=SearchQuery(query, config="english", search_type="websearch")
        )
    for word in query.split():
        matches = Q()
        for field in fields:
            matches |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(matches)
    return queryset


# Above this many rows an unfiltered PostgreSQL table is counted from the planner's estimate.
ESTIMATE_COUNT_ABOVE = 50_000
# How deep the admin's lists page: OFFSET reads every row it skips, so deeper pages would
# cost more with every page. Filters and search reach any row.
MAX_PAGES = 200


class MoreThan(int):
    """A count that stopped at ``bound``: one more than it as a number, "more than
    <bound>" when shown."""

    def __new__(cls, bound: int):
        return super().__new__(cls, bound + 1)

    def __str__(self) -> str:
        return f"more than {self - 1:,}"


class LargeTablePaginator(Paginator):
    """A paginator for tables of any size, for the admin's lists.

    Pages stop at ``MAX_PAGES``, and rows are counted only as far as the pages
    go, plus one (``is_capped`` says when rows lie beyond); an unfiltered large
    PostgreSQL table is counted from the planner's estimate (pg_class.reltuples)
    instead, which says how many there are for nothing. A page after the first
    is read in two steps: the ids of its rows (the skipped rows cost an index
    entry each, never the page's joins and per-row counts), then those rows.
    """

    max_pages = MAX_PAGES

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        db = connections[queryset.db]
        if db.vendor == "postgresql" and not queryset.query.where:
            with db.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples FROM pg_class WHERE relname = %s",
                    [queryset.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] > ESTIMATE_COUNT_ABOVE:
                return int(row[0])
        bound = self.max_pages * self.per_page
        counted = queryset.order_by().values("pk")[: bound + 1].count()
        return MoreThan(bound) if counted > bound else counted

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, self.max_pages)

    @cached_property
    def is_capped(self) -> bool:
        """Whether rows lie beyond the last page offered."""
        return self.count > self.max_pages * self.per_page

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if bottom:
            rows = rows.filter(pk__in=list(rows.values_list("pk", flat=True)[bottom:top]))
        else:
            rows = rows[:top]
        return self._get_page(rows, number, self)


def column_index_drop_operation(app_label: str, models: list[str], column: str):
    """A migration operation dropping the plain one-column index (``db_index=True``'s) on
    ``column`` of each model's table, found by introspection; reversed, it creates it again.

    Pair it with the fields' ``AlterField`` as state operations
    (``SeparateDatabaseAndState``): SQLite alters a field by rebuilding its table,
    which drops the change feed's triggers on it; dropping an index rebuilds nothing.
    """
    from django.db import migrations

    def indexes_of(schema_editor, table: str) -> list[str]:
        with schema_editor.connection.cursor() as cursor:
            constraints = schema_editor.connection.introspection.get_constraints(cursor, table)
        return [
            name
            for name, about in constraints.items()
            if about["index"] and not about["unique"] and not about["primary_key"]
            and about["columns"] == [column]
        ]  # fmt: skip

    def drop(apps, schema_editor):
        for name in models:
            model = apps.get_model(app_label, name)
            for index in indexes_of(schema_editor, model._meta.db_table):
                schema_editor.execute(schema_editor._delete_index_sql(model, index))

    def create(apps, schema_editor):
        for name in models:
            model = apps.get_model(app_label, name)
            if not indexes_of(schema_editor, model._meta.db_table):
                field = model._meta.get_field(column)
                schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))

    return migrations.RunPython(drop, create)
