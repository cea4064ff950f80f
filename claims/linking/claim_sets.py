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


# What editors wrote on a set; a merge keeps the surviving set's, filling gaps from the other.
EDITORS_FIELDS = ("title", "question", "side_a_label", "side_b_label", "summary")


def _keep_sides(
    side_of: dict[int, int], set_id: int, current: dict, current_side: dict
) -> dict[int, int]:
    """``side_of``, swapped when that keeps more of the set's claims where they stood.

    The graph puts the smallest claim id on side 0; after a merge or a split
    that may be the other side, and the editor's side labels would then name
    the wrong answer.
    """
    placed = [c for c in side_of if current.get(c) == set_id and current_side.get(c) is not None]
    moved = sum(1 for c in placed if side_of[c] != current_side[c])
    if moved * 2 > len(placed):
        return {claim: 1 - side for claim, side in side_of.items()}
    return side_of


def claim_sets_refresh(*, claim_ids) -> list[ClaimSet]:
    """Make claim sets match the confirmed links around ``claim_ids``.

        Each connected part of the confirmed-link graph is one set. A part keeps
        the oldest set any of its claims was in (so a merge keeps the older id and,
        since larger parts choose first, a split leaves the id with the largest
        part); a part without one gets a new set; sets left empty are deleted and
        claims with no confirmed link leave their set. Sides and the inconsistency
        cycle are recomputed; a set that keeps its id keeps its sides where it can
    (``_keep_sides``), so the editor's side labels stay with their claims. Runs
    in one transaction, locking the claims involved.
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
        current, current_side = {}, {}
        for pk, set_id, side in Claim.objects.filter(pk__in=region).values_list(
            "pk", "claim_set_id", "side"
        ):
            current[pk], current_side[pk] = set_id, side
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
                    for name in EDITORS_FIELDS:
                        if not getattr(claim_set, name):
                            setattr(claim_set, name, getattr(sets[absorbed], name))
            else:
                claim_set = ClaimSet.objects.create()
            part_edges = [e for e in edges.values() if e.a in part]
            result = graph.sides(part, part_edges)
            side_of = _keep_sides(result.side_of, claim_set.pk, current, current_side)
            claim_set.has_conflict = any(e.relation == graph.CONFLICT for e in part_edges)
            claim_set.is_inconsistent = result.is_inconsistent
            claim_set.inconsistency_cycle = result.cycle
            claim_set.save()
            kept.append(claim_set)
            for claim in part:
                placement[claim] = (claim_set.pk, side_of[claim])

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
    *,
    claim_set: ClaimSet,
    user=None,
    title: str | None = None,
    summary: str | None = None,
    question: str | None = None,
    side_a_label: str | None = None,
    side_b_label: str | None = None,
) -> ClaimSet:
    """Name a claim set: its question, a label for each side, a title, a summary.

    Fields left ``None`` keep their value; surrounding whitespace is dropped.
    """
    changes = {
        "title": title,
        "summary": summary,
        "question": question,
        "side_a_label": side_a_label,
        "side_b_label": side_b_label,
    }
    for name, value in changes.items():
        if value is not None:
            setattr(claim_set, name, value.strip())
    claim_set.full_clean()
    claim_set._history_user = user
    claim_set.save()
    return claim_set
