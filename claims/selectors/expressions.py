"""Query expressions the selectors share, each named once.

A *conflict* (or an *agreement*) is a confirmed link. Where suggested links
count too, the name says so: ``open_`` (suggested or confirmed, i.e. not
rejected) or ``suggested_`` (awaiting review).
"""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from common.db import count_of

from ..models import Claim, ClaimLink, Mention

AGREE, CONFLICT = ClaimLink.Relation.AGREE, ClaimLink.Relation.CONFLICT
CONFIRMED, SUGGESTED = ClaimLink.Status.CONFIRMED, ClaimLink.Status.SUGGESTED
ACCEPTED = Claim.Status.ACCEPTED


def confirmed_link(relation: str) -> Q:
    return Q(relation=relation, status=CONFIRMED)


def suggested_link(relation: str) -> Q:
    return Q(relation=relation, status=SUGGESTED)


def open_link(relation: str) -> Q:
    """A link an editor has not rejected: suggested or confirmed."""
    return Q(relation=relation, status__in=[SUGGESTED, CONFIRMED])


CONFIRMED_CONFLICT = confirmed_link(CONFLICT)
OPEN_CONFLICT = open_link(CONFLICT)

# What researchers see as *reviewed*: a claim an editor accepted, and a confirmed link
# between two such claims (``ClaimLink.is_reviewed`` says the same of one loaded link).
# A link confirmed between proposals is not: nobody has yet read the claims it joins.
REVIEWED_CLAIM = Q(status=ACCEPTED)
REVIEWED_LINK = Q(status=CONFIRMED, claim_a__status=ACCEPTED, claim_b__status=ACCEPTED)
REVIEWED_CONFLICT = REVIEWED_LINK & Q(relation=CONFLICT)


def touching(links: QuerySet[ClaimLink], claim=None) -> QuerySet[ClaimLink]:
    """``links`` with ``claim`` at either end (the outer query's claim by default)."""
    claim = OuterRef("pk") if claim is None else claim
    return links.filter(Q(claim_a=claim) | Q(claim_b=claim))


def has_conflict() -> Exists:
    """For an outer claim: whether it is in a confirmed conflict."""
    return Exists(touching(ClaimLink.objects.filter(CONFIRMED_CONFLICT)))


def in_conflict() -> Q:
    """For claims: whether each is in a confirmed conflict, as ``has_conflict`` says, but
    read once from the confirmed conflicts (two id lists the database hashes) rather than
    a subquery per claim: a list filtered by it reads no more claims than its page."""
    conflicts = ClaimLink.objects.filter(CONFIRMED_CONFLICT)
    return Q(pk__in=conflicts.values("claim_a")) | Q(pk__in=conflicts.values("claim_b"))


def has_open_conflict() -> Exists:
    """For an outer claim: whether it is in a conflict not rejected (suggested or confirmed)."""
    return Exists(touching(ClaimLink.objects.filter(OPEN_CONFLICT)))


def in_open_conflict() -> Q:
    """``has_open_conflict`` read as ``in_conflict`` is: once, from the open conflicts."""
    conflicts = ClaimLink.objects.filter(OPEN_CONFLICT)
    return Q(pk__in=conflicts.values("claim_a")) | Q(pk__in=conflicts.values("claim_b"))


def set_has_conflict() -> Exists:
    """For an outer claim set: whether it holds a confirmed conflict (once confirmed, both
    ends of a link stand in the same set)."""
    return Exists(ClaimLink.objects.filter(CONFIRMED_CONFLICT, claim_a__claim_set=OuterRef("pk")))


# The same as ``set_has_conflict()``, read from the set's own flag, which
# ``linking.claim_sets.claim_sets_refresh`` keeps with every confirmed link: a column to
# read instead of a search of links for each set.
HOLDS_CONFLICT = Q(has_conflict=True)


def set_has_reviewed_conflict() -> Exists:
    """For an outer claim set: whether it holds a reviewed conflict (``REVIEWED_CONFLICT``)."""
    return Exists(ClaimLink.objects.filter(REVIEWED_CONFLICT, claim_a__claim_set=OuterRef("pk")))


def link_counts() -> dict:
    """Annotations for claims: confirmed ``agree_count`` / ``conflict_count`` and the
    ``suggested_agree_count`` / ``suggested_conflict_count`` awaiting review."""

    def counted(condition: Q):
        return count_of(touching(ClaimLink.objects.filter(condition)))

    return {
        "agree_count": counted(confirmed_link(AGREE)),
        "conflict_count": counted(confirmed_link(CONFLICT)),
        "suggested_agree_count": counted(suggested_link(AGREE)),
        "suggested_conflict_count": counted(suggested_link(CONFLICT)),
    }


def mentions_prefetch() -> Prefetch:
    return Prefetch("mentions", queryset=Mention.objects.select_related("entity").order_by("start"))
