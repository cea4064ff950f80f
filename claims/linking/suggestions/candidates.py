"""Which claims one claim should be compared with, found without reading the whole table.

Three sources of candidates, merged:

- shared entities, rarest first: claims naming the same rare person, place or
  organisation. A hub entity (named by more than LINK_HUB_SHARE of all claims)
  is alone no reason: in a corpus on Russia, naming Russia says little.
- full-text match (PostgreSQL, through the GIN index of migration 0006):
  claims sharing at least two of its word stems. On other databases this
  source is left out (the demo's SQLite): entities and embeddings still find
  the pairs, and a LIKE scan of every claim would cost more than it finds.
- embeddings: the nearest claims by cosine (neighbours.py), above a floor.
- the claim's own source: up to SAME_SOURCE_LIMIT claims nearest to it in the
  text (through the source's index). An article quoting two sides puts them in
  different words, with little cosine or entity in common: an opposing quote
  two paragraphs on is the commonest conflict, and no other source finds it.

Rejected claims are never candidates. Up to ``limit`` claims of other sources
come first, then those of the claim's own source (up to SAME_SOURCE_LIMIT more).
"""

import time
from dataclasses import dataclass, field
from math import log2

from django.conf import settings
from django.db import connection

from ...models import Claim, Mention
from .neighbours import vector_index

# Nearest neighbours below this cosine are unrelated sentences, not candidates.
MIN_COSINE = 0.4
# Stems of the claim used for the full-text query (pairs of them must match).
MAX_QUERY_STEMS = 8
# How long the number of claims (for the hub limit) is reused in a process.
TOTAL_TTL_SECONDS = 60
# Stems in more than this share of claims are left out of the full-text query.
COMMON_STEM_SHARE = 0.01
COMMON_STEMS_TTL_SECONDS = 600
HUB_TTL_SECONDS = 600
# Claims of the claim's own source always taken as candidates, nearest in the text first.
SAME_SOURCE_LIMIT = 30
FULL_TEXT_INDEX = "claim_text_search"  # claims/migrations/0006_claim_text_search_index.py


@dataclass
class Candidate:
    other_id: int
    cosine: float
    shared_entities: list[tuple[int, int]] = field(default_factory=list)  # (entity id, claims)
    text_rank: float = 0.0  # full-text match, 0 when none
    same_source: bool = False

    @property
    def priority(self) -> float:
        """Cosine, plus a bonus for each shared entity (more for rarer ones) and text match."""
        rarity = sum(1 / log2(2 + count) for _, count in self.shared_entities)
        return self.cosine + 0.5 * rarity + 0.5 * self.text_rank


_total = {"value": 0, "at": -TOTAL_TTL_SECONDS}


def _claims_total() -> int:
    """The number of claims, read at most once a minute per process."""
    if time.monotonic() - _total["at"] > TOTAL_TTL_SECONDS:
        _total["value"], _total["at"] = Claim.objects.count(), time.monotonic()
    return _total["value"]


def claims_total_forget() -> None:
    """Forget the claim count, the hubs and the common stems (the next use reads them again):
    for tests and benchmarks."""
    _total["at"] = -TOTAL_TTL_SECONDS
    _common["at"] = -COMMON_STEMS_TTL_SECONDS
    _hubs.clear()


def hub_limit() -> int:
    """Entities named by more claims than this are hubs."""
    return max(settings.LINK_HUB_MIN_CLAIMS, int(settings.LINK_HUB_SHARE * _claims_total()))


# Entities found to be hubs, with when: a hub stays one for a while (it is named by
# thousands of claims), so its count is not read again for every claim that names it.
_hubs: dict[int, tuple[int, float]] = {}


def entity_claim_counts(entity_ids: list[int], *, cap: int) -> dict[int, int]:
    """How many claims name each entity, counted up to ``cap + 1`` (beyond it: a hub).

    Each count reads at most ``cap + 1`` index entries, so a hub costs no more
    than a rare entity would at the limit; a hub seen in the last
    HUB_TTL_SECONDS is not counted again.
    """
    now = time.monotonic()
    counts = {
        e: _hubs[e][0] for e in entity_ids if e in _hubs and now - _hubs[e][1] < HUB_TTL_SECONDS
    }
    counts.update(_entity_claim_counts([e for e in entity_ids if e not in counts], cap=cap))
    for entity_id, count in counts.items():
        if count > cap and entity_id not in _hubs:
            _hubs[entity_id] = (count, now)
    return counts


def _entity_claim_counts(entity_ids: list[int], *, cap: int) -> dict[int, int]:
    if not entity_ids:
        return {}
    table = connection.ops.quote_name(Mention._meta.db_table)
    parts = [
        f"SELECT %s, (SELECT COUNT(DISTINCT claim_id) FROM "
        f"(SELECT claim_id FROM {table} WHERE entity_id = %s LIMIT %s) AS m{i})"
        for i in range(len(entity_ids))
    ]
    params = [value for entity_id in entity_ids for value in (entity_id, entity_id, cap + 1)]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return dict(cursor.fetchall())


def _entity_ids(claim: Claim) -> list[int]:
    cache = getattr(claim, "_prefetched_objects_cache", {})
    if "mentions" in cache:
        return sorted({m.entity_id for m in cache["mentions"]})
    return sorted(set(Mention.objects.filter(claim=claim).values_list("entity_id", flat=True)))


def _by_shared_entities(claim: Claim, rare: list[int], *, enough: int) -> set[int]:
    """Claims naming the rare entities, rarest first, until ``enough`` are found."""
    found: set[int] = set()
    for entity_id in rare:
        found.update(
            Mention.objects.filter(entity_id=entity_id)
            .exclude(claim_id=claim.pk)
            .values_list("claim_id", flat=True)
            .order_by()
        )
        if len(found) >= enough:
            break
    return found


def _by_source(claim: Claim) -> list[int]:
    """Up to SAME_SOURCE_LIMIT claims of the claim's own source, nearest to it in the text."""
    others = (
        Claim.objects.filter(source_id=claim.source_id)
        .exclude(pk=claim.pk)
        .exclude(status=Claim.Status.REJECTED)
        .values_list("pk", "start")
        .order_by()
    )
    # A source holds tens of claims, at most a few hundred: sorting them here is cheap.
    ranked = sorted(others, key=lambda row: (abs(row[1] - claim.start), row[0]))
    return [pk for pk, _ in ranked[:SAME_SOURCE_LIMIT]]


_common = {"stems": frozenset(), "at": -COMMON_STEMS_TTL_SECONDS}


def _common_stems() -> frozenset[str]:
    """Stems in more than COMMON_STEM_SHARE of claims ("said", "russia"), from the statistics
    PostgreSQL keeps on the full-text index's expression (ANALYZE, autovacuum); read at
    most every ten minutes per process. Matching on them would read much of the table."""
    if time.monotonic() - _common["at"] > COMMON_STEMS_TTL_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE tablename = %s AND most_common_elems IS NOT NULL",
                [FULL_TEXT_INDEX],
            )
            row = cursor.fetchone()
        stems = frozenset()
        if row:
            stems = frozenset(
                stem
                for stem, share in zip(row[0], row[1], strict=False)
                if share > COMMON_STEM_SHARE
            )
        _common["stems"], _common["at"] = stems, time.monotonic()
    return _common["stems"]


def _by_full_text(claim: Claim, *, limit: int) -> dict[int, float]:
    """Claims sharing at least two of the less common word stems of ``claim`` (or its one
    such stem), with their rank (0 to 1).

    PostgreSQL only (see the module's docstring); the expression is the one
    the GIN index of migration 0006 was built on.
    """
    if connection.vendor != "postgresql":
        return {}
    table = connection.ops.quote_name(Claim._meta.db_table)
    vector = "to_tsvector('english'::regconfig, COALESCE(\"text\", ''))"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme FROM unnest(to_tsvector('english'::regconfig, %s)) "
            "ORDER BY length(lexeme) DESC, lexeme",
            [claim.text],
        )
        common = _common_stems()
        # Longest first: longer stems are rarer words, as a rule.
        stems = [row[0] for row in cursor.fetchall() if row[0] not in common][:MAX_QUERY_STEMS]
        if not stems:
            return {}
        quoted = ["'" + stem.replace("\\", "\\\\").replace("'", "''") + "'" for stem in stems]
        query = (
            " | ".join(f"({a} & {b})" for i, a in enumerate(quoted) for b in quoted[i + 1 :])
            or quoted[0]
        )
        cursor.execute(
            f"SELECT id, ts_rank({vector}, q, 32) AS rank FROM {table}, "
            f"to_tsquery('simple', %s) AS q WHERE {vector} @@ q AND id <> %s "
            "ORDER BY rank DESC LIMIT %s",
            [query, claim.pk, limit],
        )
        return {claim_id: float(rank) for claim_id, rank in cursor.fetchall()}


# One statement for everything candidates_for reads on PostgreSQL: the entities' capped
# counts, the claims of the rare ones (rarest first, until enough), the full-text
# matches, and for all of those plus the nearest claims by vector their source, status
# and the entities they share with the claim. Rows of kind 0 are counts (entity id,
# claims naming it); rows of kind 1 candidates (claim id, source id, text rank, shared).
_ONE_TRIP_SQL = """
WITH counts AS (
    SELECT e.id AS entity_id, (
        SELECT COUNT(DISTINCT m.claim_id) FROM (
            SELECT claim_id FROM {mention} WHERE entity_id = e.id LIMIT %(cap)s + 1
        ) AS m
    ) AS n
    FROM unnest(%(uncounted)s::bigint[]) AS e(id)
),
rare AS (
    SELECT entity_id, SUM(n) OVER (ORDER BY n, entity_id ROWS UNBOUNDED PRECEDING) - n AS before
    FROM counts WHERE n <= %(cap)s AND NOT entity_id = ANY(%(hubs)s::bigint[])
),
by_entity AS (
    SELECT DISTINCT m.claim_id FROM {mention} m JOIN rare r ON r.entity_id = m.entity_id
    WHERE r.before < %(enough)s
),
stems AS (
    SELECT lexeme FROM unnest(to_tsvector('english'::regconfig, %(text)s))
    WHERE NOT lexeme = ANY(%(common)s::text[])
    ORDER BY length(lexeme) DESC, lexeme LIMIT %(stems)s
),
quoted AS (
    -- Quoted as a tsquery lexeme: a backslash and a quote doubled.
    SELECT chr(39) || replace(replace(lexeme, chr(92), chr(92) || chr(92)),
                              chr(39), chr(39) || chr(39)) || chr(39) AS q
    FROM stems
),
query AS (
    SELECT to_tsquery('simple', COALESCE(
        (SELECT string_agg('(' || a.q || ' & ' || b.q || ')', ' | ') FROM quoted a
         JOIN quoted b ON a.q < b.q),
        (SELECT MIN(q) FROM quoted)
    )) AS q
),
by_text AS (
    SELECT c.id AS claim_id, ts_rank({vector}, query.q, 32) AS rank FROM {claim} c, query
    WHERE {vector} @@ query.q AND c.id <> %(claim)s
    ORDER BY rank DESC LIMIT %(limit)s
),
by_source AS (
    SELECT id AS claim_id FROM {claim}
    WHERE source_id = %(source)s AND id <> %(claim)s AND status <> %(rejected)s
    ORDER BY abs(start - %(start)s), id LIMIT %(same_source)s
),
found AS (
    SELECT claim_id FROM by_entity
    UNION SELECT claim_id FROM by_text
    UNION SELECT claim_id FROM by_source
    UNION SELECT unnest(%(nearest)s::bigint[])
)
SELECT 0, entity_id, n, NULL::float8, NULL::bigint[] FROM counts
UNION ALL
SELECT 1, c.id, c.source_id, COALESCE(t.rank, 0)::float8, ARRAY(
    SELECT DISTINCT m.entity_id FROM {mention} m
    WHERE m.claim_id = c.id AND m.entity_id = ANY(%(entities)s::bigint[])
)
FROM found f JOIN {claim} c ON c.id = f.claim_id LEFT JOIN by_text t ON t.claim_id = c.id
WHERE c.id <> %(claim)s AND c.status <> %(rejected)s
"""


def _one_trip(claim: Claim, entity_ids: list[int], nearest_ids: list[int], *, limit: int):
    """What candidates_for reads, in one round trip (PostgreSQL): the entities' counts
    and, for each candidate, (source id, text rank, shared entity ids)."""
    cap = hub_limit()
    now = time.monotonic()
    hubs = {
        e: _hubs[e][0] for e in entity_ids if e in _hubs and now - _hubs[e][1] < HUB_TTL_SECONDS
    }
    sql = _ONE_TRIP_SQL.format(
        mention=connection.ops.quote_name(Mention._meta.db_table),
        claim=connection.ops.quote_name(Claim._meta.db_table),
        vector="to_tsvector('english'::regconfig, COALESCE(c.\"text\", ''))",
    )
    params = {
        "cap": cap,
        "uncounted": [e for e in entity_ids if e not in hubs],
        "hubs": list(hubs),
        "enough": 2 * limit,
        "text": claim.text,
        "common": sorted(_common_stems()),
        "stems": MAX_QUERY_STEMS,
        "claim": claim.pk,
        "limit": limit,
        "nearest": nearest_ids,
        "entities": entity_ids,
        "rejected": Claim.Status.REJECTED.value,
        "source": claim.source_id,
        "start": claim.start,
        "same_source": SAME_SOURCE_LIMIT,
    }
    counts, found = dict(hubs), {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, key, value, rank, shared in cursor.fetchall():
            if kind == 0:
                counts[key] = value
                if value > cap:
                    _hubs[key] = (value, now)
            else:
                found[key] = (value, rank, shared)
    return counts, found


def candidates_for(
    claim: Claim, *, limit: int = 50, nearest: list[tuple[int, float]] | None = None
) -> list[Candidate]:
    """Up to ``limit`` claims worth comparing with ``claim``: other sources' first.

    ``claim`` may come with its mentions prefetched. Its vector is used when
    stored (see embeddings.claim_vectors_ensure); without one, only entities
    and full text find candidates. ``nearest``: its nearest claims by vector
    when the caller found them already (``VectorIndex.nearest_many`` for a batch,
    with the index just refreshed, so it is not read again here).

    On PostgreSQL the database is read in one round trip; elsewhere in a few queries.
    """
    entity_ids = _entity_ids(claim)
    index = vector_index(refresh=nearest is None)
    vector = index.vector_of(claim.pk)
    if vector is not None and nearest is None:
        nearest = index.nearest(vector, k=limit, exclude=claim.pk)
    nearest_ids = [other_id for other_id, cosine in nearest or () if cosine >= MIN_COSINE]
    if connection.vendor == "postgresql":
        counts, found = _one_trip(claim, entity_ids, nearest_ids, limit=limit)
    else:
        counts, found = _several_trips(claim, entity_ids, nearest_ids, limit=limit)
    found.pop(claim.pk, None)
    if not found:
        return []
    cosines = index.cosines(vector, found) if vector is not None else {}
    candidates = [
        Candidate(
            other_id=other_id,
            cosine=cosines.get(other_id, 0.0),
            shared_entities=sorted(
                ((e, counts.get(e, 0)) for e in shared), key=lambda pair: pair[1]
            ),
            text_rank=rank,
            same_source=source_id == claim.source_id,
        )
        for other_id, (source_id, rank, shared) in found.items()
    ]
    candidates.sort(key=lambda c: (c.same_source, -c.priority, c.other_id))
    others = [c for c in candidates if not c.same_source][:limit]
    own = [c for c in candidates if c.same_source][: max(SAME_SOURCE_LIMIT, limit - len(others))]
    return others + own


def _several_trips(claim: Claim, entity_ids: list[int], nearest_ids: list[int], *, limit: int):
    """``_one_trip`` in several queries, for databases other than PostgreSQL."""
    limit_for_hubs = hub_limit()
    counts = entity_claim_counts(entity_ids, cap=limit_for_hubs)
    rare = sorted(
        (e for e in entity_ids if counts.get(e, 0) <= limit_for_hubs), key=lambda e: counts[e]
    )
    ids = _by_shared_entities(claim, rare, enough=2 * limit)
    ranks = _by_full_text(claim, limit=limit)
    ids.update(ranks)
    ids.update(nearest_ids)
    ids.update(_by_source(claim))
    ids.discard(claim.pk)
    if not ids:
        return counts, {}
    sources = dict(
        Claim.objects.filter(pk__in=ids)
        .exclude(status=Claim.Status.REJECTED)
        .values_list("pk", "source_id")
        .order_by()
    )
    shared: dict[int, list[int]] = {}
    for other_id, entity_id in (
        Mention.objects.filter(claim_id__in=sources, entity_id__in=entity_ids)
        .values_list("claim_id", "entity_id")
        .distinct()
        .order_by()
    ):
        shared.setdefault(other_id, []).append(entity_id)
    found = {
        other_id: (source_id, ranks.get(other_id, 0.0), shared.get(other_id, []))
        for other_id, source_id in sources.items()
    }
    return counts, found
