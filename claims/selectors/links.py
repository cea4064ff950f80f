"""Reads of links, with both claims and their sources."""

from django.db.models import F, QuerySet

from ..models import ClaimLink, ClaimSet
from .expressions import REVIEWED_LINK


def link_list() -> QuerySet[ClaimLink]:
    return ClaimLink.objects.select_related(
        "claim_a__source", "claim_b__source", "created_by", "reviewed_by"
    )


def link_api_list() -> QuerySet[ClaimLink]:
    """``link_list`` without the sources' raw input and body (the API shows neither)."""
    return link_list().defer(
        *(f"{end}__source__{text}" for end in ("claim_a", "claim_b") for text in ("raw", "body"))
    )


def claim_set_links(claim_set: ClaimSet) -> QuerySet[ClaimLink]:
    """The links between a set's claims (confirmed ones hold the set together)."""
    return link_list().filter(claim_a__claim_set=claim_set, claim_b__claim_set=claim_set)


def claim_set_page_links(
    claim_set: ClaimSet, *, between=None, reviewed_only: bool = False
) -> list[ClaimLink]:
    """A set's links that are not rejected, by relation then age, with both claims (not
    their sources): only those joining two of the claims ``between`` (ids) when given,
    only reviewed ones (``REVIEWED_LINK``) when ``reviewed_only``."""
    links = (
        ClaimLink.objects.filter(claim_a__claim_set=claim_set, claim_b__claim_set=claim_set)
        .exclude(status=ClaimLink.Status.REJECTED)
        .select_related("claim_a", "claim_b")
        .order_by("relation", "id")
    )
    if between is not None:
        between = list(between)
        links = links.filter(claim_a_id__in=between, claim_b_id__in=between)
    if reviewed_only:
        links = links.filter(REVIEWED_LINK)
    return list(links)


def links_in_sets(set_ids) -> QuerySet[ClaimLink]:
    """Links whose two claims stand in the same one of the given sets."""
    return link_list().filter(
        claim_a__claim_set_id__in=set_ids, claim_b__claim_set_id=F("claim_a__claim_set_id")
    )
