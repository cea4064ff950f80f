"""Reads of claim sets: lists with side sizes, details with both sides, and the one
filter by what a set's claims say and where they come from."""

import itertools
from collections import defaultdict
from collections.abc import Generator
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import RowNumber, TruncMonth

from common.db import count_of, text_search
from sources.models import Source

from ..linking.naming import SetTitle, claim_set_heading, claim_set_proposed_title
from ..models import Claim, ClaimLink, ClaimSet, Entity, Mention
from .claims import claim_mention_rows
from .expressions import (
    HOLDS_CONFLICT,
    REVIEWED_CLAIM,
    REVIEWED_LINK,
    mentions_prefetch,
    set_has_reviewed_conflict,
)


def claim_set_list() -> QuerySet[ClaimSet]:
    """Claim sets with the sizes of both sides."""
    return ClaimSet.objects.annotate(
        side_a_count=Count("claims", filter=Q(claims__side=Claim.Side.A)),
        side_b_count=Count("claims", filter=Q(claims__side=Claim.Side.B)),
    )


def claim_set_detail() -> QuerySet[ClaimSet]:
    """Claim sets with their claims (source, mentions) prefetched, in side and date order."""
    claims = (
        Claim.objects.select_related("source")
        .prefetch_related(mentions_prefetch())
        .order_by("side", "source__published_on", "source_id", "start")
    )
    return ClaimSet.objects.prefetch_related(Prefetch("claims", queryset=claims))


def claim_set_sides(claim_set: ClaimSet) -> tuple[list[Claim], list[Claim]]:
    """The two sides of a set (from ``claim_set_detail``'s prefetch)."""
    claims = list(claim_set.claims.all())
    return (
        [c for c in claims if c.side == Claim.Side.A],
        [c for c in claims if c.side == Claim.Side.B],
    )


# The order a set's page reads its claims in: side, then date, then place in the article.
SET_PAGE_ORDER = (F("source__published_on").asc(), F("source_id").asc(), F("start").asc())


def claim_set_page_claims(
    claim_set: ClaimSet, *, per_side: int | None, reviewed_only: bool = False
) -> list[Claim]:
    """The claims a set's page shows: the first ``per_side`` of each side in page order
    (every one when ``per_side`` is None), with source (no raw input) and mentions.

    ``reviewed_only``: accepted claims only. Two queries, whatever the size of the set.
    """
    claims = Claim.objects.filter(claim_set=claim_set)
    if reviewed_only:
        claims = claims.filter(REVIEWED_CLAIM)
    if per_side is not None:
        claims = claims.annotate(
            place=Window(RowNumber(), partition_by=[F("side")], order_by=list(SET_PAGE_ORDER))
        ).filter(place__lte=per_side)
    return list(
        claims.select_related("source")
        .defer("source__raw")
        .prefetch_related(mentions_prefetch())
        .order_by("side", *SET_PAGE_ORDER)
    )


@dataclass(frozen=True)
class SetTotals:
    """How many claims and links a set holds on each side, reviewed or not, and when and
    by whom its claims were published: what its page says of the claims it does not show."""

    side_counts: tuple[int, int]
    reviewed_side_counts: tuple[int, int]
    links: int
    reviewed_links: int
    first_published: date | None
    last_published: date | None
    first_reviewed_published: date | None
    last_reviewed_published: date | None


def claim_set_totals(claim_set: ClaimSet) -> SetTotals:
    """``SetTotals`` of a set, in two queries (claims, links), whatever its size.

    Links count when not rejected; a reviewed claim or link is ``REVIEWED_CLAIM`` /
    ``REVIEWED_LINK``.
    """
    published = "source__published_on"
    a, b = Q(side=Claim.Side.A), Q(side=Claim.Side.B)
    claims = Claim.objects.filter(claim_set=claim_set).aggregate(
        a=Count("pk", filter=a),
        b=Count("pk", filter=b),
        reviewed_a=Count("pk", filter=a & REVIEWED_CLAIM),
        reviewed_b=Count("pk", filter=b & REVIEWED_CLAIM),
        first=Min(published),
        last=Max(published),
        first_reviewed=Min(published, filter=REVIEWED_CLAIM),
        last_reviewed=Max(published, filter=REVIEWED_CLAIM),
    )
    links = (
        ClaimLink.objects.filter(claim_a__claim_set=claim_set, claim_b__claim_set=claim_set)
        .exclude(status=ClaimLink.Status.REJECTED)
        .aggregate(all=Count("pk"), reviewed=Count("pk", filter=REVIEWED_LINK))
    )
    return SetTotals(
        side_counts=(claims["a"], claims["b"]),
        reviewed_side_counts=(claims["reviewed_a"], claims["reviewed_b"]),
        links=links["all"],
        reviewed_links=links["reviewed"],
        first_published=claims["first"],
        last_published=claims["last"],
        first_reviewed_published=claims["first_reviewed"],
        last_reviewed_published=claims["last_reviewed"],
    )


def claim_set_publishers(claim_set: ClaimSet, *, reviewed_only: bool = False) -> list[str]:
    """The publishers of a set's claims (accepted ones only when ``reviewed_only``), A to Z."""
    claims = Claim.objects.filter(claim_set=claim_set).exclude(source__publisher="")
    if reviewed_only:
        claims = claims.filter(REVIEWED_CLAIM)
    return list(
        claims.values_list("source__publisher", flat=True).distinct().order_by("source__publisher")
    )


def claim_set_months(claim_set: ClaimSet, *, reviewed_only: bool = False) -> list[dict]:
    """How many of a set's dated claims each side has per month of publication:
    ``[{"month": date, "side": 0, "count": 12}, ...]`` by month, then side. What a large
    set's timeline is drawn from instead of one dot per claim."""
    claims = Claim.objects.filter(claim_set=claim_set, source__published_on__isnull=False)
    if reviewed_only:
        claims = claims.filter(REVIEWED_CLAIM)
    rows = (
        claims.annotate(month=TruncMonth("source__published_on"))
        .values("month", "side")
        .annotate(count=Count("pk"))
        .order_by("month", "side")
    )
    return [{**row, "month": _as_date(row["month"])} for row in rows]


def _as_date(value) -> date:
    """``TruncMonth`` of a date field gives a date on PostgreSQL, a datetime elsewhere."""
    return value.date() if hasattr(value, "date") else value


def claim_set_detail_with_links() -> QuerySet[ClaimSet]:
    """``claim_set_detail`` plus each set's links between its own claims.

    The links hang off their ``claim_a`` (``claim.links_as_a``), so a set's
    links are ``claim_set_own_links(claim_set)``; one query for every set on
    a page.
    """
    own_links = ClaimLink.objects.filter(claim_b__claim_set_id=F("claim_a__claim_set_id")).order_by(
        "id"
    )
    return claim_set_detail().prefetch_related(
        Prefetch("claims__links_as_a", queryset=own_links, to_attr="own_links")
    )


def claim_set_own_links(claim_set: ClaimSet) -> list[ClaimLink]:
    """The links between a set's claims (from ``claim_set_detail_with_links``'s prefetch)."""
    links = [link for claim in claim_set.claims.all() for link in claim.own_links]
    return sorted(links, key=lambda link: link.pk)


def claim_sets_matching(
    queryset: QuerySet[ClaimSet],
    *,
    entity_id: int | None = None,
    publisher: str = "",
    source_id: int | None = None,
    published_from: date | None = None,
    published_to: date | None = None,
    q: str = "",
    reviewed_only: bool = False,
) -> QuerySet[ClaimSet]:
    """The sets of ``queryset`` with a claim that matches every filter given.

    That claim mentions the entity, comes from the publisher (any case) or the
    source, and was published in the date range. ``q`` (``text_search``'s
    syntax) matches that claim's text, or the set's own question, title or
    summary. ``reviewed_only``: that claim was accepted by an editor, and the
    set holds a reviewed conflict (``REVIEWED_CONFLICT``). The contradiction
    view's filters and the API's claim-set filters are both this.
    """
    claims = Claim.objects.filter(claim_set=OuterRef("pk"))
    if reviewed_only:
        queryset = queryset.filter(set_has_reviewed_conflict())
        claims = claims.filter(REVIEWED_CLAIM)
    if entity_id:
        # Through the mentions' (entity, claim) index: the entity's claims, then their sets.
        claims = claims.filter(
            pk__in=Mention.objects.filter(entity_id=entity_id).values("claim_id")
        )
    if publisher:
        claims = claims.filter(source__publisher__iexact=publisher)
    if source_id:
        claims = claims.filter(source_id=source_id)
    if published_from:
        claims = claims.filter(source__published_on__gte=published_from)
    if published_to:
        claims = claims.filter(source__published_on__lte=published_to)
    filtered = bool(
        entity_id or publisher or source_id or published_from or published_to or reviewed_only
    )
    if q.strip():
        own = text_search(ClaimSet.objects.all(), q, "question", "title", "summary").values("pk")
        by_claim = Exists(text_search(claims, q, "text"))
        return queryset.filter(by_claim | (Q(pk__in=own) & Exists(claims)))
    return queryset.filter(Exists(claims)) if filtered else queryset


def conflict_claim_set_list(**filters) -> QuerySet[ClaimSet]:
    """Claim sets holding a confirmed conflict, most recently active first.

    ``filters`` are ``claim_sets_matching``'s (``reviewed_only``: a reviewed conflict).
    Nothing is counted or grouped here: a page of it is read through the
    ``updated_at`` index, and its sets' claims come from ``claims_in_sets``.
    """
    sets = claim_sets_matching(ClaimSet.objects.filter(HOLDS_CONFLICT), **filters)
    return sets.order_by("-updated_at", "-id")


def entity_conflict_sets(entity: Entity) -> QuerySet[ClaimSet]:
    """The sets holding a confirmed conflict with a claim that names the entity (what the
    list filtered by the entity shows), most recently active first; for a page of them,
    ``with_side_counts``."""
    return conflict_claim_set_list(entity_id=entity.pk)


def with_side_counts(claim_sets: QuerySet[ClaimSet]) -> QuerySet[ClaimSet]:
    """``claim_sets`` with ``side_a_count`` and ``side_b_count``, counted for each row
    (a subquery per set of the page, no grouping over the whole table)."""
    claims = Claim.objects.filter(claim_set=OuterRef("pk"))
    return claim_sets.annotate(
        side_a_count=count_of(claims.filter(side=Claim.Side.A)),
        side_b_count=count_of(claims.filter(side=Claim.Side.B)),
    )


def conflict_sets_version() -> tuple:
    """What changes whenever the sets holding a conflict change (how many there are, and
    when the last one changed): a key for what is read from them and kept a while."""
    found = ClaimSet.objects.filter(HOLDS_CONFLICT).aggregate(n=Count("pk"), last=Max("updated_at"))
    return found["n"], found["last"].isoformat() if found["last"] else ""


def conflict_set_entities(*, limit: int) -> list[Entity]:
    """The ``limit`` entities named in the most sets holding a confirmed conflict, by name
    (filter choices). Reads every such set's mentions: keep the answer a while
    (``conflict_sets_version``)."""
    in_conflict_sets = Q(mentions__claim__claim_set__has_conflict=True)
    most_named = (
        Entity.objects.annotate(
            set_count=Count("mentions__claim__claim_set", filter=in_conflict_sets, distinct=True)
        )
        .filter(set_count__gt=0)
        .order_by("-set_count", "name", "pk")
        .only("id", "name", "kind")[:limit]
    )
    return sorted(most_named, key=lambda entity: (entity.name.casefold(), entity.pk))


def conflict_set_publishers() -> list[str]:
    """Publishers of sources with a claim in any claim set (filter choices)."""
    return list(
        Source.objects.filter(claims__claim_set__isnull=False)
        .exclude(publisher="")
        .values_list("publisher", flat=True)
        .distinct()
        .order_by("publisher")
    )


@dataclass(frozen=True)
class Inconsistency:
    """An inconsistent set a link stands in, and the links of the cycle that makes it so."""

    claim_set: ClaimSet
    cycle: list[ClaimLink]  # in cycle order, with both claims loaded
    link_closes_it: bool  # whether the link asked about is one of the cycle's


def claim_link_inconsistency(*, link: ClaimLink) -> Inconsistency | None:
    """The inconsistency of the set a confirmed link stands in, or None when it has two sides.

    Faces call it right after confirming a link (or creating a confirmed one),
    to warn the editor at that moment with the cycle to break.
    """
    if link.status != ClaimLink.Status.CONFIRMED:
        return None
    claim_set = ClaimSet.objects.filter(claims=link.claim_a_id, is_inconsistent=True).first()
    if claim_set is None:
        return None
    by_id = ClaimLink.objects.select_related("claim_a", "claim_b").in_bulk(
        claim_set.inconsistency_cycle
    )
    cycle = [by_id[pk] for pk in claim_set.inconsistency_cycle if pk in by_id]
    return Inconsistency(claim_set, cycle, link.pk in by_id)


SOURCE_BRIEF = ("id", "title", "url", "publisher", "author", "published_on")


def claim_set_list_plain() -> QuerySet[ClaimSet]:
    """Claim sets alone: their claims and links come from ``claim_set_rows``."""
    return ClaimSet.objects.all()


# Named tuples rather than dataclasses: a page of sets makes thousands of these.
class _Entity(NamedTuple):
    name: str
    kind: str = ""


class _MentionRow(NamedTuple):
    entity_id: int
    entity: _Entity
    text: str


class _Rows(list):
    def all(self) -> list:
        return self


class ClaimRow(NamedTuple):
    """A set's claim as ``linking.naming`` reads it (structure fields, mentions' entities),
    made from plain rows: ``claim_set_proposed_title`` takes these as it takes claims."""

    pk: int
    side: int | None
    text: str
    status: str
    score: float
    subject: str
    predicate: str
    object: str
    is_negated: bool
    mentions: _Rows


def claim_set_rows(set_ids) -> dict[int, dict]:
    """Each set's claims (by side, with source brief and mentions) and own links, as plain
    rows, and the machine's title from all its claims (``claim_set_proposed_title``):
    ``{set_id: {"side_a": [...], "side_b": [...], "links": [...], "proposed_title": "…"}}``.

    Three queries for any number of sets, and no model instances: what the API's
    claim-set lists serialize (the same order as ``claim_set_detail``).
    """
    set_ids = list(set_ids)
    result = {pk: {"side_a": [], "side_b": [], "links": []} for pk in set_ids}
    claims_of: dict[int, list[ClaimRow]] = {pk: [] for pk in set_ids}
    if not set_ids:
        return result
    claims = list(
        Claim.objects.filter(claim_set_id__in=set_ids)
        .order_by("side", "source__published_on", "source_id", "start")
        .values(
            "id",
            "claim_set_id",
            "side",
            "text",
            "status",
            "speaker",
            "score",
            "subject",
            "predicate",
            "object",
            "is_negated",
            *(f"source__{field}" for field in SOURCE_BRIEF),
        )  # fmt: skip
    )
    # The sets' mentions and links are read by the sets' few ids, not their many claims'.
    mentions = claim_mention_rows(Claim.objects.filter(claim_set_id__in=set_ids).values("pk"))
    status_of = {claim["id"]: claim["status"] for claim in claims}
    for claim in claims:
        own = mentions.get(claim["id"], [])
        claims_of[claim["claim_set_id"]].append(
            ClaimRow(
                pk=claim["id"],
                side=claim["side"],
                text=claim["text"],
                status=claim["status"],
                score=claim["score"],
                subject=claim["subject"],
                predicate=claim["predicate"],
                object=claim["object"],
                is_negated=claim["is_negated"],
                mentions=_Rows(
                    _MentionRow(m["entity"], _Entity(m["entity_name"]), m["text"]) for m in own
                ),
            )
        )
        if claim["side"] is None:
            continue
        side = "side_a" if claim["side"] == Claim.Side.A else "side_b"
        source = {field: claim[f"source__{field}"] for field in SOURCE_BRIEF}
        if source["published_on"] is not None:
            source["published_on"] = source["published_on"].isoformat()
        result[claim["claim_set_id"]][side].append(
            {
                "id": claim["id"],
                "text": claim["text"],
                "status": claim["status"],
                "speaker": claim["speaker"],
                "source": source,
                "mentions": own,
            }
        )
    accepted = Claim.Status.ACCEPTED
    # Every claim of the sets is read above, so a link's claim_b is known to be in its
    # claim_a's set without joining the claims twice.
    set_of = {claim["id"]: claim["claim_set_id"] for claim in claims}
    for link in (
        ClaimLink.objects.filter(claim_a__claim_set_id__in=set_ids)
        .order_by("id")
        .values("id", "claim_a_id", "claim_b_id", "relation", "status", "note")
    ):
        set_id = set_of[link["claim_a_id"]]
        if set_of.get(link["claim_b_id"]) != set_id:
            continue
        result[set_id]["links"].append(
            {
                "id": link["id"],
                "claim_a": link["claim_a_id"],
                "claim_b": link["claim_b_id"],
                "relation": link["relation"],
                "status": link["status"],
                "note": link["note"],
                "is_reviewed": (
                    link["status"] == ClaimLink.Status.CONFIRMED
                    and status_of.get(link["claim_a_id"]) == accepted
                    and status_of.get(link["claim_b_id"]) == accepted
                ),
            }
        )
    for pk, claims_of_set in claims_of.items():
        result[pk]["proposed_title"] = claim_set_proposed_title(claims_of_set)
    return result


def claim_set_headings(claim_sets) -> dict[int, SetTitle]:
    """Each set's name as the list of conflicts shows it (``claim_set_heading``): the
    editor's question or title, else the title the machine proposes from all its claims,
    taken in the list's order (``claims_in_sets``). ``{set_id: SetTitle}``.

    Only the sets without a name of their own are read: two queries (their claims'
    structure, their mentions) whatever their number and size, none when every set
    has a name.
    """
    claim_sets = {claim_set.pk: claim_set for claim_set in claim_sets}
    unnamed = [
        pk for pk, claim_set in claim_sets.items() if not (claim_set.question or claim_set.title)
    ]
    claims_of: dict[int, list[ClaimRow]] = {pk: [] for pk in unnamed}
    if unnamed:
        mentions: dict[int, _Rows] = defaultdict(_Rows)
        for claim_id, entity_id, name, text in (
            Mention.objects.filter(claim__claim_set_id__in=unnamed)
            .order_by("start", "id")
            .values_list("claim_id", "entity_id", "entity__name", "text")
        ):
            mentions[claim_id].append(_MentionRow(entity_id, _Entity(name), text))
        for row in (
            Claim.objects.filter(claim_set_id__in=unnamed)
            .order_by("side", F("source__published_on").asc(nulls_last=True), "start")
            .values_list(
                "claim_set_id",
                "id",
                "side",
                "text",
                "status",
                "score",
                "subject",
                "predicate",
                "object",
                "is_negated",
            )  # fmt: skip
        ):
            claims_of[row[0]].append(ClaimRow(*row[1:], mentions=mentions[row[1]]))
    return {
        pk: claim_set_heading(claim_set, claims_of.get(pk, ()))
        for pk, claim_set in claim_sets.items()
    }


# --- Exports -----------------------------------------------------------------------------

# How much an export holds at once: the claims of a few sets (always whole sets), and
# at most this many sets, so an ``IN`` list stays short on every database.
EXPORT_CLAIMS_PER_BATCH = 1000
EXPORT_SETS_PER_BATCH = 500
# The order of the claims within each set: the list's and the set page's (the id last,
# so claims at the same place in sources of the same day keep one order between downloads).
CLAIMS_BY_SIDE_AND_DATE = ("side", F("source__published_on").asc(nulls_last=True), "start", "id")
CLAIMS_AS_ON_SET_PAGE = ("side", "source__published_on", "source_id", "start", "id")


@dataclass(frozen=True)
class ExportSource:
    pk: int
    title: str
    publisher: str
    author: str
    published_on: date | None
    url: str | None


@dataclass(frozen=True)
class ExportClaim:
    """A claim as the exports write it and ``linking.naming`` reads it (structure fields,
    mentions with their entity's name and kind), made from plain rows."""

    pk: int
    claim_set_id: int
    side: int | None
    text: str
    start: int
    end: int
    status: str
    score: float
    speaker: str
    subject: str
    predicate: str
    object: str
    is_negated: bool
    source: ExportSource
    mentions: _Rows


@dataclass(frozen=True)
class ExportLink:
    pk: int
    claim_a_id: int
    claim_b_id: int
    claim_set_id: int
    relation: str
    status: str
    note: str
    is_reviewed: bool  # ``REVIEWED_LINK``


@dataclass(frozen=True)
class ClaimSetBatch:
    """Some of an export's sets, with their claims in each set's order and the links
    between them that are not rejected, by id."""

    claim_sets: list[ClaimSet]
    claims: list[ExportClaim]
    links: list[ExportLink]


def claim_set_batches(
    claim_sets: QuerySet[ClaimSet] | list[ClaimSet],
    *,
    claim_order: tuple = CLAIMS_BY_SIDE_AND_DATE,
    claims_per_batch: int | None = None,
) -> Generator[ClaimSetBatch, None, None]:
    """The sets in the order given, a few at a time with their claims and links: what an
    export streams, holding one batch in memory however many sets there are.

    ``claim_sets`` carry ``side_a_count`` / ``side_b_count`` (``claim_set_list`` or
    ``with_side_counts``); a
    queryset is read through a cursor (server-side on PostgreSQL). A batch closes once
    it holds ``claims_per_batch`` claims (``EXPORT_CLAIMS_PER_BATCH``), so it is a
    single set when that set is larger. Three queries a batch (claims, their mentions,
    links), none per row, and plain rows rather than model instances. The sets' query
    runs before this returns: a query that cannot run fails the request, not a download
    already under way.
    """
    if isinstance(claim_sets, QuerySet):
        rows = claim_sets.iterator(chunk_size=EXPORT_SETS_PER_BATCH)
    else:
        rows = iter(claim_sets)
    head = list(itertools.islice(rows, 1))
    return _batches(
        head,
        rows,
        claim_order=claim_order,
        claims_per_batch=claims_per_batch or EXPORT_CLAIMS_PER_BATCH,
    )


def _batches(head, rows, *, claim_order, claims_per_batch) -> Generator[ClaimSetBatch, None, None]:
    pending: list[ClaimSet] = []
    size = 0
    try:
        for claim_set in itertools.chain(head, rows):
            pending.append(claim_set)
            size += claim_set.side_a_count + claim_set.side_b_count
            if size >= claims_per_batch or len(pending) >= EXPORT_SETS_PER_BATCH:
                yield _batch(pending, claim_order)
                pending, size = [], 0
        if pending:
            yield _batch(pending, claim_order)
    finally:
        if hasattr(rows, "close"):
            rows.close()  # the cursor, when the download stops early


def _batch(claim_sets: list[ClaimSet], claim_order: tuple) -> ClaimSetBatch:
    ids = [claim_set.pk for claim_set in claim_sets]
    mentions: dict[int, _Rows] = defaultdict(_Rows)
    for claim_id, entity_id, name, kind, text in (
        Mention.objects.filter(claim__claim_set_id__in=ids)
        .order_by("start", "id")
        .values_list("claim_id", "entity_id", "entity__name", "entity__kind", "text")
    ):
        mentions[claim_id].append(_MentionRow(entity_id, _Entity(name, kind), text))
    claims = [  # the columns in the order of ExportClaim's fields, then ExportSource's
        ExportClaim(*row[:13], source=ExportSource(*row[13:]), mentions=mentions[row[0]])
        for row in Claim.objects.filter(claim_set_id__in=ids)
        .order_by(*claim_order)
        .values_list(
            "id",
            "claim_set_id",
            "side",
            "text",
            "start",
            "end",
            "status",
            "score",
            "speaker",
            "subject",
            "predicate",
            "object",
            "is_negated",
            *(
                f"source__{field}"
                for field in ("id", "title", "publisher", "author", "published_on", "url")
            ),
        )
    ]
    links = [
        ExportLink(*row)
        for row in ClaimLink.objects.filter(
            claim_a__claim_set_id__in=ids, claim_b__claim_set_id=F("claim_a__claim_set_id")
        )
        .exclude(status=ClaimLink.Status.REJECTED)
        .annotate(reviewed=ExpressionWrapper(REVIEWED_LINK, output_field=BooleanField()))
        .order_by("id")
        .values_list(
            "id",
            "claim_a_id",
            "claim_b_id",
            "claim_a__claim_set_id",
            "relation",
            "status",
            "note",
            "reviewed",
        )
    ]
    return ClaimSetBatch(claim_sets, claims, links)
