"""Reads of claim sets: lists with side sizes, details with both sides, and the one
filter by what a set's claims say and where they come from."""

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Prefetch, Q, QuerySet

from common.db import text_search
from sources.models import Source

from ..linking.naming import claim_set_proposed_title
from ..models import Claim, ClaimLink, ClaimSet, Entity, Mention
from .claims import claim_mention_rows
from .expressions import (
    REVIEWED_CLAIM,
    mentions_prefetch,
    set_has_conflict,
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
        claims = claims.filter(
            Exists(Mention.objects.filter(claim=OuterRef("pk"), entity_id=entity_id))
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

    ``filters`` are ``claim_sets_matching``'s (``reviewed_only``: a reviewed conflict). Annotated with ``side_a_count``,
    ``side_b_count``, ``first_published`` and ``last_published``.
    """
    sets = claim_sets_matching(claim_set_list().filter(set_has_conflict()), **filters)
    return sets.annotate(
        first_published=Min("claims__source__published_on"),
        last_published=Max("claims__source__published_on"),
    ).order_by("-updated_at", "-id")


def conflict_set_entities() -> QuerySet[Entity]:
    """Entities named by a claim in a set that holds a confirmed conflict (filter choices)."""
    in_conflict_set = Mention.objects.filter(
        entity=OuterRef("pk"),
        claim__claim_set__in=ClaimSet.objects.filter(set_has_conflict()),
    )
    return Entity.objects.filter(Exists(in_conflict_set)).only("id", "name", "kind")


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
