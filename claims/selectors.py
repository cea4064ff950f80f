"""Every read the admin, the contradiction view and the API share, with its joins.

Each function returns a queryset (or plain values) that already carries the
``select_related`` / ``prefetch_related`` its callers need, so a page's query
count does not grow with its rows.
"""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

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
