"""Reads of claims for every face, with the joins each page needs."""

from django.db.models import Count, F, Q, QuerySet

from sources.models import Source

from ..models import Claim, ClaimLink, Entity, Mention
from .expressions import (
    AGREE,
    CONFIRMED,
    CONFLICT,
    SUGGESTED,
    link_counts,
    mentions_prefetch,
    touching,
)
from .links import link_list

# A source's raw input and body can be megabytes: lists of what points into it never read them.
SOURCE_TEXTS = ("source__raw", "source__body")


def claim_list() -> QuerySet[Claim]:
    """Claims with their source, entity mentions and link counts (``link_counts``)."""
    return (
        Claim.objects.select_related("source", "claim_set")
        .prefetch_related(mentions_prefetch())
        .annotate(**link_counts())
    )


def claim_api_list(*, for_page: bool = False) -> QuerySet[Claim]:
    """``claim_list`` without the sources' raw input and body (the API shows neither).

    ``for_page=True`` leaves out the mentions and link counts, which the caller reads
    for the whole page at once (``claim_mention_rows``, ``claim_link_counts``).
    """
    claims = Claim.objects.select_related("source").defer(*SOURCE_TEXTS)
    if for_page:
        return claims
    return claims.prefetch_related(mentions_prefetch()).annotate(**link_counts())


LINK_COUNTS = {
    "agree_count": (AGREE, CONFIRMED),
    "conflict_count": (CONFLICT, CONFIRMED),
    "suggested_agree_count": (AGREE, SUGGESTED),
    "suggested_conflict_count": (CONFLICT, SUGGESTED),
}


def claim_link_counts(claim_ids) -> dict[int, dict[str, int]]:
    """``link_counts`` for the given claims in one query: each claim's confirmed and
    suggested agreements and conflicts (every claim given has all four, zeros included)."""
    claim_ids = set(claim_ids)
    counts = {pk: dict.fromkeys(LINK_COUNTS, 0) for pk in claim_ids}
    names = {kinds: name for name, kinds in LINK_COUNTS.items()}
    links = ClaimLink.objects.filter(
        Q(claim_a_id__in=claim_ids) | Q(claim_b_id__in=claim_ids),
        status__in=[CONFIRMED, SUGGESTED],
    ).values_list("claim_a_id", "claim_b_id", "relation", "status")
    for claim_a, claim_b, relation, status in links:
        name = names[(relation, status)]
        for pk in {claim_a, claim_b} & claim_ids:
            counts[pk][name] += 1
    return counts


def claim_mention_rows(claim_ids) -> dict[int, list[dict]]:
    """Each claim's mentions as the API shows them, as plain rows in reading order (one
    query, no model instances). ``claim_ids``: ids, or a query of them (``values("pk")``),
    which spares a long list of ids when the claims are many."""
    rows: dict[int, list[dict]] = {}
    if not isinstance(claim_ids, QuerySet):
        claim_ids = list(claim_ids)
    mentions = (
        Mention.objects.filter(claim_id__in=claim_ids)
        .order_by("start")
        .values(
            "claim_id", "entity_id", "entity__name", "entity__kind", "text", "start", "end", "label"
        )  # fmt: skip
    )
    for mention in mentions:
        rows.setdefault(mention["claim_id"], []).append(
            {
                "entity": mention["entity_id"],
                "entity_name": mention["entity__name"],
                "entity_kind": mention["entity__kind"],
                "text": mention["text"],
                "start": mention["start"],
                "end": mention["end"],
                "label": mention["label"],
            }
        )
    return rows


def claim_links_for(claim: Claim, *, with_open_suggestions: bool = True) -> list[ClaimLink]:
    """Every link a claim is part of, newest first, each with ``other``: the claim at the
    other end (with its source). Without open suggestions: the editors' links and the
    machine's suggestions already decided (the open ones wait in their own panel)."""
    queryset = touching(link_list(), claim)
    if not with_open_suggestions:
        queryset = queryset.exclude(
            origin=ClaimLink.Origin.AUTOMATIC, status=ClaimLink.Status.SUGGESTED
        )
    links = list(
        queryset.select_related("created_by", "reviewed_by").order_by("-created_at", "-id")
    )
    for link in links:
        link.other = link.claim_b if link.claim_a_id == claim.pk else link.claim_a
    return links


# A claim's page weighs, as related, at most this many of each of its entities' other claims
# (the newest), for at most this many of its entities: a claim about an entity named by tens
# of thousands of claims costs what one about a rare entity costs.
RELATED_PER_ENTITY = 50
RELATED_ENTITIES = 8


def related_claims(claim: Claim, *, limit: int = 10) -> list[Claim]:
    """Claims from other sources sharing the claim's entities, most similar first, each
    with ``shared``: how many of the claim's entities it names.

    Similarity: shared entities first, then shared words of the sentence. Claims
    already linked to this one, and rejected ones, are left out.

    Bounded by indexes, never a scan: the candidates are each entity's newest
    ``RELATED_PER_ENTITY`` claims, read from the index of mentions by entity and
    claim. A rare entity's claims all compete; a hub entity's, only its newest.
    """
    entity_ids = list(
        dict.fromkeys(claim.mentions.order_by("start").values_list("entity_id", flat=True))
    )[:RELATED_ENTITIES]
    if not entity_ids:
        return []
    linked = touching(ClaimLink.objects.all(), claim).values_list("claim_a_id", "claim_b_id")
    exclude = {claim.pk} | {pk for pair in linked for pk in pair}
    candidates: set[int] = set()
    for entity_id in entity_ids:
        candidates.update(
            Mention.objects.filter(entity_id=entity_id)
            .exclude(claim_id__in=exclude)
            .exclude(claim__source_id=claim.source_id)
            .exclude(claim__status=Claim.Status.REJECTED)
            .order_by("-claim_id")
            .values_list("claim_id", flat=True)[:RELATED_PER_ENTITY]
        )
    if not candidates:
        return []
    scored = Claim.objects.filter(pk__in=candidates).annotate(
        shared=Count(
            "mentions__entity", filter=Q(mentions__entity_id__in=entity_ids), distinct=True
        )
    )
    words = _content_words(claim.text)
    ranked = sorted(
        scored.values_list("pk", "text", "shared"),
        key=lambda row: (-row[2], -len(words & _content_words(row[1])), -row[0]),
    )[:limit]
    shared = {pk: count for pk, _, count in ranked}
    rows = Claim.objects.select_related("source").defer(*SOURCE_TEXTS).in_bulk(list(shared))
    for pk, row in rows.items():
        row.shared = shared[pk]
    return [rows[pk] for pk in shared]


def _content_words(text: str) -> set[str]:
    return {w.strip(".,;:\"'“”‘’()").casefold() for w in text.split() if len(w) > 3}


def claims_in_sets(set_ids) -> QuerySet[Claim]:
    """Every claim of the given sets with source and mentions, by set, side and date."""
    return (
        Claim.objects.filter(claim_set_id__in=set_ids)
        .select_related("source")
        .prefetch_related(mentions_prefetch())
        .order_by("claim_set_id", "side", F("source__published_on").asc(nulls_last=True), "start")
    )


def entity_claim_ids(entity: Entity) -> QuerySet:
    """Ids of the claims (not rejected) that mention the entity, newest first.

    Ids only, read from the mentions' (entity, claim) index and the claims' primary
    key, so a page never sorts the entity's claims with their sources;
    ``claims_by_ids`` loads the page's claims.
    """
    return (
        Claim.objects.filter(pk__in=Mention.objects.filter(entity=entity).values("claim_id"))
        .exclude(status=Claim.Status.REJECTED)
        .order_by("-id")
        .values_list("pk", flat=True)
    )


def claims_by_ids(ids) -> list[Claim]:
    """The claims with these ids in the order given, with source (no raw input), set and
    mentions (two queries)."""
    ids = list(ids)
    found = (
        Claim.objects.filter(pk__in=ids)
        .select_related("source", "claim_set")
        .defer("source__raw")
        .prefetch_related(mentions_prefetch())
        .in_bulk()
    )
    return [found[pk] for pk in ids if pk in found]


def source_claims(source: Source) -> QuerySet[Claim]:
    """A source's claims (not rejected) in reading order, with mentions, sets and link counts."""
    return (
        claim_list()
        .filter(source=source)
        .exclude(status=Claim.Status.REJECTED)
        .order_by("start", "id")
    )


# --- Reviewing one source's proposals in reading order ------------------------------------


def review_order(source: Source) -> list[tuple[int, str]]:
    """(id, status) of every claim of a source in reading order: the review mode's track."""
    return list(
        Claim.objects.filter(source=source).order_by("start", "id").values_list("id", "status")
    )


def review_claim(source: Source, claim_id: int) -> Claim | None:
    """One claim of the source with what the review card shows (source, set, mentions)."""
    return (
        Claim.objects.filter(source=source, pk=claim_id)
        .select_related("source", "claim_set")
        .prefetch_related(mentions_prefetch())
        .first()
    )


def source_to_review() -> Source | None:
    """The oldest source that still has proposals, where the review mode starts by itself."""
    return (
        Source.objects.defer("raw")
        .filter(claims__status=Claim.Status.PROPOSED)
        .order_by("pk")
        .first()
    )
