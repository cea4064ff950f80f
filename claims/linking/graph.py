"""Claim sets as graphs: connected parts, two sides, and the cycle that breaks them.

Pure functions over (link id, claim a, claim b, relation) edges; the services
store what they compute.
"""

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

AGREE = "agree"
CONFLICT = "conflict"


@dataclass(frozen=True)
class Edge:
    link_id: int
    a: int
    b: int
    relation: str


@dataclass(frozen=True)
class Sides:
    side_of: dict[int, int]  # claim id -> 0 or 1
    is_inconsistent: bool
    cycle: list[int]  # link ids of an odd cycle, when inconsistent


def components(edges: Iterable[Edge]) -> list[set[int]]:
    """Claims connected by the edges, largest part first (ties: smallest claim id first)."""
    adjacency: dict[int, set[int]] = {}
    for edge in edges:
        adjacency.setdefault(edge.a, set()).add(edge.b)
        adjacency.setdefault(edge.b, set()).add(edge.a)
    seen: set[int] = set()
    parts = []
    for start in sorted(adjacency):
        if start in seen:
            continue
        part = {start}
        queue = deque([start])
        while queue:
            for neighbour in adjacency[queue.popleft()]:
                if neighbour not in part:
                    part.add(neighbour)
                    queue.append(neighbour)
        seen |= part
        parts.append(part)
    return sorted(parts, key=lambda p: (-len(p), min(p)))


def sides(claims: set[int], edges: Iterable[Edge]) -> Sides:
    """Put each claim on side 0 or 1: agree keeps the side, conflict flips it.

    The smallest claim id stands on side 0. When the links admit no such split
    (an odd number of conflicts around a cycle), the set is inconsistent and
    ``cycle`` lists the links of one such cycle.
    """
    adjacency: dict[int, list[Edge]] = {claim: [] for claim in claims}
    for edge in edges:
        if edge.a in adjacency and edge.b in adjacency:
            adjacency[edge.a].append(edge)
            adjacency[edge.b].append(edge)
    side_of: dict[int, int] = {}
    parent: dict[int, tuple[int, int] | None] = {}  # claim -> (previous claim, link id)
    cycle: list[int] = []
    for root in sorted(claims):
        if root in side_of:
            continue
        side_of[root] = 0
        parent[root] = None
        queue = deque([root])
        while queue:
            claim = queue.popleft()
            for edge in sorted(adjacency[claim], key=lambda e: e.link_id):
                other = edge.b if edge.a == claim else edge.a
                expected = side_of[claim] ^ (edge.relation == CONFLICT)
                if other not in side_of:
                    side_of[other] = expected
                    parent[other] = (claim, edge.link_id)
                    queue.append(other)
                elif side_of[other] != expected and not cycle:
                    cycle = _cycle_through(parent, claim, other, edge.link_id)
    return Sides(side_of=side_of, is_inconsistent=bool(cycle), cycle=cycle)


def _path_to_root(parent, claim) -> list[tuple[int, int | None]]:
    path = [(claim, None)]
    while parent[claim] is not None:
        previous, link_id = parent[claim]
        path[-1] = (claim, link_id)
        path.append((previous, None))
        claim = previous
    return path


def _cycle_through(parent, u: int, v: int, closing_link: int) -> list[int]:
    """Links of the cycle formed by the tree paths from u and v and the closing link."""
    up_u = _path_to_root(parent, u)
    up_v = _path_to_root(parent, v)
    on_v_path = {claim for claim, _ in up_v}
    links_u = []
    meeting = None
    for claim, link_id in up_u:
        if claim in on_v_path:
            meeting = claim
            break
        links_u.append(link_id)
    links_v = []
    for claim, link_id in up_v:
        if claim == meeting:
            break
        links_v.append(link_id)
    return [*links_u, closing_link, *reversed(links_v)]
