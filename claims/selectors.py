"""Every read the admin, the contradiction view and the API share, with its joins.

Each function returns a queryset (or plain values) that already carries the
``select_related`` / ``prefetch_related`` its callers need, so a page's query
count does not grow with its rows.
"""

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from sources.models import Source

from .models import Claim, ClaimLink, ClaimSet, Entity, Mention


def _link_count(relation: str):
    """Non-rejected links of ``relation`` touching the outer claim, from either end."""
    links = (
        ClaimLink.objects.filter(relation=relation)
        .exclude(status=ClaimLink.Status.REJECTED)
        .filter(Q(claim_a=OuterRef("pk")) | Q(claim_b=OuterRef("pk")))
        .order_by()
        .values(dummy=Value(1))
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(links, output_field=IntegerField()), 0)


def mentions_prefetch() -> Prefetch:
    return Prefetch("mentions", queryset=Mention.objects.select_related("entity").order_by("start"))


def claim_list() -> QuerySet[Claim]:
    """Claims with their source, entity mentions and agree / conflict link counts."""
    return (
        Claim.objects.select_related("source", "claim_set")
        .prefetch_related(mentions_prefetch())
        .annotate(
            agree_count=_link_count(ClaimLink.Relation.AGREE),
            conflict_count=_link_count(ClaimLink.Relation.CONFLICT),
        )
    )


def claim_links_for(claim: Claim) -> QuerySet[ClaimLink]:
    """Every link a claim is part of, whichever end it is, with both claims and sources."""
    return (
        ClaimLink.objects.filter(Q(claim_a=claim) | Q(claim_b=claim))
        .select_related("claim_a__source", "claim_b__source", "created_by", "reviewed_by")
        .order_by("-created_at", "-id")
    )


def link_list() -> QuerySet[ClaimLink]:
    return ClaimLink.objects.select_related(
        "claim_a__source", "claim_b__source", "created_by", "reviewed_by"
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


def claim_set_links(claim_set: ClaimSet) -> QuerySet[ClaimLink]:
    """The links between a set's claims (confirmed ones hold the set together)."""
    return link_list().filter(claim_a__claim_set=claim_set, claim_b__claim_set=claim_set)


def related_claims(claim: Claim, *, limit: int = 10) -> list[Claim]:
    """Claims from other sources sharing the claim's entities, most similar first.

    Similarity: shared entities first, then shared words of the sentence.
    Claims already linked to this one are left out.
    """
    entity_ids = list(claim.mentions.values_list("entity_id", flat=True))
    if not entity_ids:
        return []
    linked = ClaimLink.objects.filter(Q(claim_a=claim) | Q(claim_b=claim)).values_list(
        "claim_a_id", "claim_b_id"
    )
    exclude = {claim.pk} | {pk for pair in linked for pk in pair}
    candidates = list(
        claim_list()
        .filter(mentions__entity_id__in=entity_ids)
        .exclude(source_id=claim.source_id)
        .exclude(pk__in=exclude)
        .exclude(status=Claim.Status.REJECTED)
        .annotate(
            shared=Count(
                "mentions__entity", filter=Q(mentions__entity_id__in=entity_ids), distinct=True
            )
        )
        .order_by("-shared", "-id")[: limit * 5]
    )
    words = _content_words(claim.text)
    candidates.sort(key=lambda c: (-c.shared, -len(words & _content_words(c.text)), -c.pk))
    return candidates[:limit]


def _content_words(text: str) -> set[str]:
    return {w.strip(".,;:\"'“”‘’()").casefold() for w in text.split() if len(w) > 3}


def entity_list() -> QuerySet[Entity]:
    """Entities with how many mentions and claims name them, aliases prefetched."""
    return Entity.objects.annotate(
        mention_count=Count("mentions", distinct=True),
    ).prefetch_related("aliases")


# --- Reads for the REST API (claims/api/) ----------------------------------------------


def source_list() -> QuerySet[Source]:
    """Sources with their claim counts by status; the raw input and body are left unread.

    Counts are subqueries, so filters that join other tables cannot inflate them.
    """

    def claims_counted(status: str | None = None):
        claims = Claim.objects.filter(source=OuterRef("pk"))
        if status is not None:
            claims = claims.filter(status=status)
        counted = claims.order_by().values("source").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    return Source.objects.defer("raw", "body").annotate(
        claim_count=claims_counted(),
        proposed_count=claims_counted(Claim.Status.PROPOSED),
        accepted_count=claims_counted(Claim.Status.ACCEPTED),
        rejected_count=claims_counted(Claim.Status.REJECTED),
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


# --- The contradiction view (claims/views.py, claims/exports.py) -------------------------


def _confirmed_conflict_in_set() -> QuerySet[ClaimLink]:
    """Confirmed conflicts inside the outer claim set (both ends share a set once confirmed)."""
    return ClaimLink.objects.filter(
        status=ClaimLink.Status.CONFIRMED,
        relation=ClaimLink.Relation.CONFLICT,
        claim_a__claim_set=OuterRef("pk"),
    )


def conflict_claim_set_list(
    *,
    entity_id: int | None = None,
    publisher: str = "",
    source_id: int | None = None,
    published_from=None,
    published_to=None,
    q: str = "",
) -> QuerySet[ClaimSet]:
    """Claim sets holding at least one confirmed conflict, most recently active first.

    With filters, a set is listed when one of its claims matches all of them
    (mentions the entity, comes from the publisher or source, was published in
    the date range, and matches ``q`` as ``text_search`` reads it). Annotated with
    ``side_a_count``, ``side_b_count``, ``first_published`` and ``last_published``.
    """
    claims = Claim.objects.filter(claim_set=OuterRef("pk"))
    if entity_id:
        claims = claims.filter(
            Exists(Mention.objects.filter(claim=OuterRef("pk"), entity_id=entity_id))
        )
    if publisher:
        claims = claims.filter(source__publisher=publisher)
    if source_id:
        claims = claims.filter(source_id=source_id)
    if published_from:
        claims = claims.filter(source__published_on__gte=published_from)
    if published_to:
        claims = claims.filter(source__published_on__lte=published_to)
    claims = text_search(claims, q, "text")
    sets = claim_set_list().filter(Exists(_confirmed_conflict_in_set()))
    if entity_id or publisher or source_id or published_from or published_to or q.strip():
        sets = sets.filter(Exists(claims))
    return sets.annotate(
        first_published=Min("claims__source__published_on"),
        last_published=Max("claims__source__published_on"),
    ).order_by("-updated_at", "-id")


def claims_in_sets(set_ids) -> QuerySet[Claim]:
    """Every claim of the given sets with source and mentions, by set, side and date."""
    return (
        Claim.objects.filter(claim_set_id__in=set_ids)
        .select_related("source")
        .prefetch_related(mentions_prefetch())
        .order_by("claim_set_id", "side", F("source__published_on").asc(nulls_last=True), "start")
    )


def links_in_sets(set_ids) -> QuerySet[ClaimLink]:
    """Links whose two claims stand in the same one of the given sets."""
    return link_list().filter(
        claim_a__claim_set_id__in=set_ids, claim_b__claim_set_id=F("claim_a__claim_set_id")
    )


def conflict_set_entities() -> QuerySet[Entity]:
    """Entities named by a claim in a set that holds a confirmed conflict (filter choices)."""
    in_conflict_set = Mention.objects.filter(
        entity=OuterRef("pk"),
        claim__claim_set__in=ClaimSet.objects.filter(Exists(_confirmed_conflict_in_set())),
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


def entity_claims(entity: Entity) -> QuerySet[Claim]:
    """Claims (not rejected) that mention the entity, with sources, sets and mentions."""
    return (
        claim_list()
        .filter(Exists(Mention.objects.filter(claim=OuterRef("pk"), entity=entity)))
        .exclude(status=Claim.Status.REJECTED)
        .order_by(
            F("claim_set_id").desc(nulls_last=True),
            "side",
            F("source__published_on").asc(nulls_last=True),
            "source_id",
            "start",
        )
    )


def entity_conflicts(entity: Entity) -> QuerySet[ClaimLink]:
    """Confirmed conflicts in which at least one claim mentions the entity."""
    return (
        link_list()
        .filter(status=ClaimLink.Status.CONFIRMED, relation=ClaimLink.Relation.CONFLICT)
        .filter(
            Exists(Mention.objects.filter(claim=OuterRef("claim_a"), entity=entity))
            | Exists(Mention.objects.filter(claim=OuterRef("claim_b"), entity=entity))
        )
        .order_by("-created_at", "-id")
    )


def source_claims(source: Source) -> QuerySet[Claim]:
    """A source's claims (not rejected) in reading order, with mentions, sets and link counts."""
    return (
        claim_list()
        .filter(source=source)
        .exclude(status=Claim.Status.REJECTED)
        .order_by("start", "id")
    )
