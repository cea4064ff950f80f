"""Claim sets: the connected parts of the confirmed-link graph, each split into two sides.

``claim_sets_refresh`` keeps sets equal to the confirmed links around some
claims; the link services call it whenever a confirmed link changes.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Claim, ClaimLink, ClaimSet
from . import graph


def _confirmed_edges(claim_ids: set[int], known: set[int]) -> list[graph.Edge]:
    rows = (
        ClaimLink.objects.filter(status=ClaimLink.Status.CONFIRMED)
        .filter(Q(claim_a__in=claim_ids) | Q(claim_b__in=claim_ids))
        .exclude(pk__in=known)
        .values_list("pk", "claim_a_id", "claim_b_id", "relation")
    )
    return [graph.Edge(*row) for row in rows]


def claim_sets_refresh(*, claim_ids) -> list[ClaimSet]:
    """Make claim sets match the confirmed links around ``claim_ids``.

    Each connected part of the confirmed-link graph is one set. A part keeps
    the oldest set any of its claims was in (so a merge keeps the older id and,
    since larger parts choose first, a split leaves the id with the largest
    part); a part without one gets a new set; sets left empty are deleted and
    claims with no confirmed link leave their set. Sides and the inconsistency
    cycle are recomputed. Runs in one transaction, locking the claims involved.
    """
    with transaction.atomic():
        region = set(claim_ids)
        set_ids: set[int] = set()
        edges: dict[int, graph.Edge] = {}
        frontier = set(region)
        while frontier:
            new_sets = (
                set(
                    Claim.objects.filter(pk__in=frontier, claim_set__isnull=False).values_list(
                        "claim_set_id", flat=True
                    )
                )
                - set_ids
            )
            set_ids |= new_sets
            members = (
                set(Claim.objects.filter(claim_set_id__in=new_sets).values_list("pk", flat=True))
                - region
            )
            region |= members
            frontier = frontier | members
            reached: set[int] = set()
            for edge in _confirmed_edges(frontier, set(edges)):
                edges[edge.link_id] = edge
                reached |= {edge.a, edge.b} - region
            region |= reached
            frontier = reached
        list(
            Claim.objects.select_for_update().filter(pk__in=region).order_by("pk").values_list("pk")
        )
        current = dict(Claim.objects.filter(pk__in=region).values_list("pk", "claim_set_id"))
        sets = {s.pk: s for s in ClaimSet.objects.select_for_update().filter(pk__in=set_ids)}

        placement: dict[int, tuple[int | None, int | None]] = dict.fromkeys(region, (None, None))
        kept: list[ClaimSet] = []
        for part in graph.components(edges.values()):
            candidates = sorted(
                {current[c] for c in part if current.get(c)} & set(sets) - {s.pk for s in kept}
            )
            if candidates:
                claim_set = sets[candidates[0]]
                for absorbed in candidates[1:]:
                    claim_set.title = claim_set.title or sets[absorbed].title
                    claim_set.summary = claim_set.summary or sets[absorbed].summary
            else:
                claim_set = ClaimSet.objects.create()
            result = graph.sides(part, [e for e in edges.values() if e.a in part])
            claim_set.is_inconsistent = result.is_inconsistent
            claim_set.inconsistency_cycle = result.cycle
            claim_set.save()
            kept.append(claim_set)
            for claim in part:
                placement[claim] = (claim_set.pk, result.side_of[claim])

        groups: dict[tuple[int | None, int | None], list[int]] = {}
        for claim, (set_id, side) in placement.items():
            groups.setdefault((set_id, side), []).append(claim)
        for (set_id, side), claims in groups.items():
            Claim.objects.filter(pk__in=claims).exclude(claim_set_id=set_id, side=side).update(
                claim_set_id=set_id, side=side, updated_at=timezone.now()
            )
        ClaimSet.objects.filter(pk__in=set(sets) - {s.pk for s in kept}).delete()
        return kept


def claim_set_update(
    *, claim_set: ClaimSet, user=None, title: str | None = None, summary: str | None = None
) -> ClaimSet:
    """Name a claim set or change its summary."""
    if title is not None:
        claim_set.title = title
    if summary is not None:
        claim_set.summary = summary
    claim_set.full_clean()
    claim_set._history_user = user
    claim_set.save()
    return claim_set
