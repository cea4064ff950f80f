"""A large synthetic corpus written in bulk, holding the invariants the services keep.

``synthetic_corpus_create`` plans everything in memory first (which entities each
claim names, which claims form each claim set and the links that join them), then
writes it with ``bulk_create`` in batches: sources with their claims and mentions,
then the links. Claim sets are what ``claims.linking.claim_sets`` would make of the
confirmed links: their parts and sides come from the same pure functions
(``claims.linking.graph``), and ``claim_sets_check`` compares the stored sets with
what those functions make of the stored links.

Bulk inserts skip ``save()``: no history rows, no signals, so nothing is queued.
The change feed's triggers are in the database and do fire.
"""

import bisect
import itertools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from sources.cleaning import content_hash
from sources.models import Source

from ..entities.keys import normalize_alias
from ..entities.services import alias_new
from ..linking import graph
from ..models import Claim, ClaimLink, ClaimSet, Entity, EntityAlias, Mention
from . import words

PIPELINE_VERSION = "synthetic-1"
MODEL_VERSION = "synthetic-model-1"
# Sources (with their claims and mentions) written per round: bounds the memory used.
SOURCES_PER_ROUND = 500
BATCH = 2000
# Per claim in the whole corpus: entities, claim sets, links (100,000 claims make
# 5,000 entities, 3,000 sets, 20,000 links); the largest set holds 0.25 % of the claims.
ENTITIES_PER_CLAIM = 0.05
SETS_PER_CLAIM = 0.03
LINKS_PER_CLAIM = 0.2
LARGEST_SET_SHARE = 0.0025
ZIPF_FLATTEN = 10
# How many entities a claim names (1 to 4): 2.5 on average.
MENTIONS_PER_CLAIM = [(1, 0.10), (2, 0.40), (3, 0.40), (4, 0.10)]
REASON_TYPES = [
    "negation", "opposite_predicates", "numbers", "entity_swap", "change_over_time",
    "same_proposition",
]  # fmt: skip
NOTES = [
    "Same figures, different year.",
    "The second article cites the first.",
    "Both quote the ministry's statement.",
    "Contradicts the official account.",
    "",
    "",
]


@dataclass
class Plan:
    """Everything but the ids: claims by position, sets and links over those positions."""

    entity_names: list[str]
    entity_kinds: list[str]
    claim_entities: list[list[int]]  # per claim, indexes into entity_names
    claim_status: list[str]
    claim_set: list[int | None]  # per claim, index into sets
    claim_side: list[int | None]
    sets: list[dict] = field(default_factory=list)  # has_conflict, is_inconsistent, cycle, …
    links: list[dict] = field(default_factory=list)  # a, b (claim positions, a < b), …
    pairs: set[tuple[int, int]] = field(default_factory=set)  # the linked (a, b)


@dataclass
class Made:
    """What was written, for the command to report."""

    hub: Entity
    largest_set: ClaimSet
    largest_set_size: int
    seconds: dict[str, float]


def _zipf_cumulative(count: int, exponent: float = 1.0, flatten: int = 0) -> list[float]:
    """Cumulative weights of ranks 1..count, 1 / (rank + flatten) ** exponent (Zipf; with
    ``flatten``, Zipf–Mandelbrot: a flatter head)."""
    return list(
        itertools.accumulate(1 / (rank + flatten) ** exponent for rank in range(1, count + 1))
    )


def _draw(rng: random.Random, cumulative: list[float]) -> int:
    return bisect.bisect_left(cumulative, rng.random() * cumulative[-1])


def _entity_names(rng: random.Random, count: int) -> tuple[list[str], list[str]]:
    """Hubs first, then the states, then made-up names, each with a key of its own."""
    names = [name for name, _ in words.HUBS] + words.STATES
    kinds = ["GPE"] * len(names)
    keys = {normalize_alias(name) for name in names}
    makers = [(kind, maker) for kind, maker, _ in words.NAME_MAKERS]
    weights = [weight for _, _, weight in words.NAME_MAKERS]
    candidates: dict[str, tuple[str, str]] = {}
    while len(names) + len(candidates) < count + 50:
        kind, maker = rng.choices(makers, weights)[0]
        name = maker(rng)
        key = normalize_alias(name)
        if key not in keys and key not in candidates:
            candidates[key] = (name, kind)
    taken = set(
        EntityAlias.objects.filter(normalized__in=list(candidates)).values_list(
            "normalized", flat=True
        )
    )
    for key, (name, kind) in candidates.items():
        if len(names) >= count:
            break
        if key not in taken:
            names.append(name)
            kinds.append(kind)
    return names, kinds


def corpus_plan(*, sources: int, claims_per_source: int, seed: int) -> Plan:
    """Which entities each claim names, which claims form sets, and every link."""
    rng = random.Random(seed)
    total = sources * claims_per_source
    entity_count = max(len(words.HUBS) + len(words.STATES) + 10, round(total * ENTITIES_PER_CLAIM))
    names, kinds = _entity_names(rng, entity_count)
    hubs = len(words.HUBS)
    # The rest are drawn by rank, the states first, with a head flat enough that none
    # of them is named as often as the hubs (the first of them by about 3 % of claims).
    cumulative = _zipf_cumulative(len(names) - hubs, flatten=ZIPF_FLATTEN)
    sizes, size_weights = zip(*MENTIONS_PER_CLAIM, strict=True)

    claim_entities: list[list[int]] = []
    for _ in range(total):
        wanted = rng.choices(sizes, size_weights)[0]
        chosen = [h for h, (_, share) in enumerate(words.HUBS) if rng.random() < share]
        while len(chosen) < wanted:
            pick = hubs + _draw(rng, cumulative)
            if pick not in chosen:
                chosen.append(pick)
        rng.shuffle(chosen)
        claim_entities.append(chosen)

    plan = Plan(
        entity_names=names,
        entity_kinds=kinds,
        claim_entities=claim_entities,
        claim_status=[""] * total,
        claim_set=[None] * total,
        claim_side=[None] * total,
    )
    _plan_sets(plan, rng, total, cumulative)
    _plan_open_links(plan, rng, total, cumulative)
    for position in range(total):
        roll = rng.random()
        if plan.claim_set[position] is not None:
            status = Claim.Status.ACCEPTED if roll < 0.85 else Claim.Status.PROPOSED
        elif roll < 0.60:
            status = Claim.Status.PROPOSED
        elif roll < 0.88:
            status = Claim.Status.ACCEPTED
        else:
            status = Claim.Status.REJECTED
        plan.claim_status[position] = status
    return plan


def _claims_by_entity(plan: Plan, rng: random.Random) -> dict[int, list[int]]:
    by_entity: dict[int, list[int]] = {}
    for position, entities in enumerate(plan.claim_entities):
        for entity in entities:
            by_entity.setdefault(entity, []).append(position)
    for positions in by_entity.values():
        rng.shuffle(positions)
    return by_entity


def _plan_sets(plan: Plan, rng: random.Random, total: int, cumulative: list[float]) -> None:
    """Claim sets as confirmed links would form them: a tree per set, a few extra links
    closing cycles (a handful of odd conflict cycles: inconsistent sets)."""
    set_count = max(1, round(total * SETS_PER_CLAIM))
    largest = max(6, round(total * LARGEST_SET_SHARE))
    budget = int(total * 0.4)  # at most this many claims in sets
    by_entity = _claims_by_entity(plan, rng)
    cursor = dict.fromkeys(by_entity, 0)
    free = list(range(total))
    rng.shuffle(free)
    free_cursor = 0
    pairs = plan.pairs
    hubs = len(words.HUBS)

    def take(entity: int) -> int | None:
        nonlocal free_cursor
        pool = by_entity.get(entity, [])
        while cursor.get(entity, 0) < len(pool):
            position = pool[cursor[entity]]
            cursor[entity] += 1
            if plan.claim_set[position] is None:
                return position
        while free_cursor < len(free):
            position = free[free_cursor]
            free_cursor += 1
            if plan.claim_set[position] is None:
                return position
        return None

    used = 0
    for index in range(set_count):
        # A few large sets by rank, then many of two to eight claims.
        size = round(largest / (index + 1) ** 1.2)
        if size < 5:
            size = rng.choices((2, 3, 4, 5, 6, 8), (60, 25, 8, 4, 2, 1))[0]
        if used + size > budget:
            break
        # The largest set is about the first hub; the others about an entity by rank.
        topic = (
            0 if index == 0 else rng.choice((rng.randrange(hubs), hubs + _draw(rng, cumulative)))
        )
        members = []
        while len(members) < size:
            position = take(topic)
            if position is None:
                break
            plan.claim_set[position] = len(plan.sets)
            members.append(position)
        if len(members) < 2:
            for position in members:
                plan.claim_set[position] = None
            break
        used += len(members)
        edges = []
        side = {members[0]: 0}
        for t in range(1, len(members)):
            parent = members[rng.randrange(t)]
            relation = graph.CONFLICT if rng.random() < 0.45 else graph.AGREE
            side[members[t]] = side[parent] ^ (relation == graph.CONFLICT)
            edges.append((members[t], parent, relation))
        # A few sets get a link that closes an odd conflict cycle: inconsistent.
        odd_wanted = len(members) >= 3 and (rng.random() < 0.02 or index == 2)
        extra = len(members) // 7 + (1 if rng.random() < 0.3 and len(members) >= 3 else 0)
        extra = max(extra, 1) if odd_wanted else extra
        linked = {frozenset(edge[:2]) for edge in edges}
        for _ in range(extra * 5):
            if extra == 0:
                break
            a, b = rng.sample(members, 2)
            if frozenset((a, b)) in linked:
                continue
            # The relation that agrees with the sides, or its opposite for the odd cycle.
            relation = graph.AGREE if side[a] == side[b] else graph.CONFLICT
            if odd_wanted:
                relation = graph.AGREE if relation == graph.CONFLICT else graph.CONFLICT
                odd_wanted = False
            edges.append((a, b, relation))
            linked.add(frozenset((a, b)))
            extra -= 1
        plan.sets.append({"topic": topic, "members": members})
        for a, b, relation in edges:
            a, b = sorted((a, b))
            pairs.add((a, b))
            plan.links.append(
                {"a": a, "b": b, "relation": relation, "status": ClaimLink.Status.CONFIRMED}
            )


def _plan_open_links(plan: Plan, rng: random.Random, total: int, cumulative: list[float]) -> None:
    """Suggested and rejected links between claims that share an entity."""
    wanted = max(0, round(total * LINKS_PER_CLAIM) - len(plan.links))
    by_entity = _claims_by_entity(plan, rng)
    hubs = len(words.HUBS)
    pairs = plan.pairs
    attempts = 0
    made = 0
    while made < wanted and attempts < wanted * 20:
        attempts += 1
        entity = rng.randrange(hubs) if rng.random() < 0.3 else hubs + _draw(rng, cumulative)
        pool = by_entity.get(entity, [])
        if len(pool) < 2:
            continue
        a, b = sorted(rng.sample(pool, 2))
        if (a, b) in pairs:
            continue
        pairs.add((a, b))
        status = ClaimLink.Status.SUGGESTED if rng.random() < 0.65 else ClaimLink.Status.REJECTED
        relation = graph.CONFLICT if rng.random() < 0.5 else graph.AGREE
        plan.links.append({"a": a, "b": b, "relation": relation, "status": status})
        made += 1
    # Links are written in this order; their ids follow it (the graph visits links by id).
    rng.shuffle(plan.links)


def _place_sets(plan: Plan) -> None:
    """Each set's sides and flags, from the graph of its confirmed links (by position)."""
    by_set: dict[int, list[graph.Edge]] = {}
    for number, link in enumerate(plan.links):
        if link["status"] == ClaimLink.Status.CONFIRMED:
            set_index = plan.claim_set[link["a"]]
            by_set.setdefault(set_index, []).append(
                graph.Edge(number, link["a"], link["b"], link["relation"])
            )
    for set_index, claim_set in enumerate(plan.sets):
        edges = by_set[set_index]
        result = graph.sides(set(claim_set["members"]), edges)
        for position, side in result.side_of.items():
            plan.claim_side[position] = side
        claim_set["has_conflict"] = any(e.relation == graph.CONFLICT for e in edges)
        claim_set["is_inconsistent"] = result.is_inconsistent
        claim_set["cycle"] = result.cycle  # link positions, made ids once written


def _link_fields(link: dict, rng: random.Random, editor, now) -> dict:
    """Origin, reviewer, score and reasons, as an editor or the machine would leave them."""
    confirmed = link["status"] == ClaimLink.Status.CONFIRMED
    automatic = rng.random() < (0.4 if confirmed else 0.85)
    fields = {"origin": ClaimLink.Origin.AUTOMATIC if automatic else ClaimLink.Origin.EDITOR}
    if not automatic and rng.random() < 0.15:
        fields["origin"] = ClaimLink.Origin.API
    if automatic:
        kinds = rng.sample(REASON_TYPES, rng.choice((1, 1, 2, 3)))
        fields.update(
            score=round(rng.uniform(0.35, 0.99), 3),
            suggested_relation=link["relation"],
            model_version=MODEL_VERSION,
            reasons=[{"type": kind, "detail": kind.replace("_", " ")} for kind in kinds],
            rationale="; ".join(kind.replace("_", " ") for kind in kinds),
        )
        if "change_over_time" in kinds:
            year = rng.randrange(2015, 2024)
            fields.update(date_a=date(year, 1, 1), date_b=date(year + 1, 1, 1))
    else:
        fields.update(created_by=editor, note=rng.choice(NOTES))
    if link["status"] != ClaimLink.Status.SUGGESTED:
        fields.update(reviewed_by=editor, reviewed_at=now)
    return fields


def _source_text(rng: random.Random, plan: Plan, positions: range, year: int):
    """Title, body, and for each claim (position) its sentence and offset in the body."""
    first = plan.entity_names[plan.claim_entities[positions[0]][0]]
    title = words.headline(rng, first)
    parts = [title, "\n\n"]
    offset = len(title) + 2
    placed = []
    in_paragraph = 0
    for position in positions:
        names = [plan.entity_names[e] for e in plan.claim_entities[position]]
        sentence = words.claim_sentence(rng, names, rng.choice((year, year, year - 1)))
        if rng.random() < 0.5:
            filler = rng.choice(words.FILLERS) + " "
            parts.append(filler)
            offset += len(filler)
        placed.append((position, sentence, offset))
        parts.append(sentence.text)
        offset += len(sentence.text)
        in_paragraph += 1
        glue = "\n\n" if in_paragraph >= rng.choice((2, 3)) else " "
        in_paragraph = 0 if glue == "\n\n" else in_paragraph
        parts.append(glue)
        offset += len(glue)
    return title, "".join(parts).rstrip(), placed


def synthetic_corpus_create(
    *,
    sources: int,
    claims_per_source: int,
    seed: int = 0,
    editor=None,
    progress: Callable[[str], None] = lambda message: None,
) -> Made:
    """Write a synthetic corpus of ``sources`` × ``claims_per_source`` claims.

    Adds to whatever the database holds (the command refuses a non-empty one
    unless forced). ``editor`` (optional) is who reviewed claims and made and
    decided links. Runs in one transaction.
    """
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    plan = corpus_plan(sources=sources, claims_per_source=claims_per_source, seed=seed)
    _place_sets(plan)
    seconds["plan"] = time.perf_counter() - started
    progress(
        f"planned {len(plan.claim_entities):,} claims, {len(plan.sets):,} claim sets, "
        f"{len(plan.links):,} links"
    )
    rng = random.Random(seed + 1)
    now = timezone.now()
    with transaction.atomic():
        step = time.perf_counter()
        entity_ids = _entities_write(plan)
        sets = ClaimSet.objects.bulk_create(
            [_claim_set(plan, s, rng) for s in plan.sets], batch_size=BATCH
        )
        seconds["entities and sets"] = time.perf_counter() - step

        step = time.perf_counter()
        publishers = words.publisher_names(rng, 40)
        publisher_ranks = _zipf_cumulative(len(publishers), 0.8)
        claim_ids: list[int] = []
        hashes: set[str] = set()
        numbered_from = Source.objects.count()  # URLs stay unique when adding (--force)
        first_day = date(2015, 1, 1)
        for first in range(0, sources, SOURCES_PER_ROUND):
            batch_sources, batch_claims, pending_mentions = [], [], []
            for number in range(first, min(sources, first + SOURCES_PER_ROUND)):
                published = first_day + timedelta(days=rng.randrange(365 * 10))
                positions = range(number * claims_per_source, (number + 1) * claims_per_source)
                title, body, placed = _source_text(rng, plan, positions, published.year)
                while content_hash(body) in hashes:
                    body += " " + rng.choice(words.FILLERS)
                hashes.add(content_hash(body))
                publisher = publishers[_draw(rng, publisher_ranks)]
                source = Source(
                    title=title,
                    url=f"https://{slugify(publisher)}.example/{published:%Y/%m}/"
                    f"{numbered_from + number}-{slugify(title)[:60]}",
                    publisher=publisher,
                    author=words.person_name(rng) if rng.random() < 0.8 else "",
                    published_on=published,
                    language="en",
                    raw=body,
                    body=body,
                    content_hash=content_hash(body),
                    status=Source.Status.DONE,
                    processed_at=now,
                    pipeline_version=PIPELINE_VERSION,
                    attempts=1,
                )
                batch_sources.append(source)
                for position, sentence, offset in placed:
                    batch_claims.append(
                        _claim(plan, position, sentence, offset, source, sets, editor, now, rng)
                    )
                    pending_mentions.append((position, sentence, offset))
            Source.objects.bulk_create(batch_sources, batch_size=BATCH)
            Claim.objects.bulk_create(batch_claims, batch_size=BATCH)
            new_ids = [claim.pk for claim in batch_claims]
            if claim_ids and new_ids[0] <= claim_ids[-1] or new_ids != sorted(new_ids):
                raise RuntimeError("claim ids are not in insertion order; the sides would differ")
            claim_ids += new_ids
            mentions = []
            for (position, sentence, offset), claim_id in zip(
                pending_mentions, new_ids, strict=True
            ):
                entity_of = {plan.entity_names[e]: e for e in plan.claim_entities[position]}
                for at, name in sentence.names:
                    entity = entity_of[name]
                    mentions.append(
                        Mention(
                            claim_id=claim_id,
                            entity_id=entity_ids[entity],
                            text=name,
                            start=offset + at,
                            end=offset + at + len(name),
                            label=plan.entity_kinds[entity],
                        )
                    )
            Mention.objects.bulk_create(mentions, batch_size=BATCH)
            progress(f"{min(sources, first + SOURCES_PER_ROUND):,} of {sources:,} sources written")
        seconds["sources, claims, mentions"] = time.perf_counter() - step

        step = time.perf_counter()
        links = ClaimLink.objects.bulk_create(
            [
                ClaimLink(
                    claim_a_id=claim_ids[link["a"]],
                    claim_b_id=claim_ids[link["b"]],
                    relation=link["relation"],
                    status=link["status"],
                    **_link_fields(link, rng, editor, now),
                )
                for link in plan.links
            ],
            batch_size=BATCH,
        )
        link_ids = [link.pk for link in links]
        if link_ids != sorted(link_ids):
            raise RuntimeError("link ids are not in insertion order; the cycles would differ")
        for claim_set, planned in zip(sets, plan.sets, strict=True):
            if planned["cycle"]:
                ClaimSet.objects.filter(pk=claim_set.pk).update(
                    inconsistency_cycle=[link_ids[n] for n in planned["cycle"]]
                )
        seconds["links"] = time.perf_counter() - step
    if connection.vendor == "postgresql":
        step = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        seconds["analyze"] = time.perf_counter() - step
    seconds["total"] = time.perf_counter() - started
    largest = max(range(len(sets)), key=lambda n: len(plan.sets[n]["members"]))
    return Made(
        hub=Entity.objects.get(pk=entity_ids[0]),
        largest_set=sets[largest],
        largest_set_size=len(plan.sets[largest]["members"]),
        seconds=seconds,
    )


def _entities_write(plan: Plan) -> list[int]:
    """The id of each planned entity: the curated states' own, new ones for the rest.

    Only entities some claim names are made (a real corpus has no others).
    """
    named = {entity for entities in plan.claim_entities for entity in entities}
    keys = [normalize_alias(name) for name in plan.entity_names]
    known = dict(
        EntityAlias.objects.filter(normalized__in=keys).values_list("normalized", "entity_id")
    )
    ids: list[int | None] = [known.get(key) for key in keys]
    missing = [n for n in sorted(named) if ids[n] is None]
    created = Entity.objects.bulk_create(
        [Entity(name=plan.entity_names[n], kind=plan.entity_kinds[n]) for n in missing],
        batch_size=BATCH,
    )
    EntityAlias.objects.bulk_create(
        [
            alias_new(entity=entity, text=entity.name, key=keys[n])
            for n, entity in zip(missing, created, strict=True)
        ],
        batch_size=BATCH,
    )
    for n, entity in zip(missing, created, strict=True):
        ids[n] = entity.pk
    return ids  # type: ignore[return-value]


def _claim_set(plan: Plan, planned: dict, rng: random.Random) -> ClaimSet:
    claim_set = ClaimSet(
        has_conflict=planned["has_conflict"], is_inconsistent=planned["is_inconsistent"]
    )
    if rng.random() < 0.1:
        topic = plan.entity_names[planned["topic"]]
        verb = rng.choice(words.VERBS)
        claim_set.question = f"Did {topic} {verb.base} {rng.choice(words.OBJECTS)[0]}?"[:300]
        claim_set.question = claim_set.question.replace("{n}", "more")
        claim_set.side_a_label, claim_set.side_b_label = "Yes", "No"
    if rng.random() < 0.05:
        claim_set.summary = "Editors grouped these claims after the autumn review."
    return claim_set


def _claim(plan, position, sentence, offset, source, sets, editor, now, rng) -> Claim:
    status = plan.claim_status[position]
    set_index = plan.claim_set[position]
    score = round(rng.betavariate(2, 3), 3)
    reasons = [f"+{score / 2:.2f} names {len(sentence.names)} entities"]
    if sentence.quantities:
        reasons.append("+0.20 states a quantity")
    return Claim(
        source=source,
        text=sentence.text,
        start=offset,
        end=offset + len(sentence.text),
        status=status,
        score=score,
        score_reasons=reasons,
        subject=sentence.subject,
        predicate=sentence.predicate,
        object=sentence.object,
        is_negated=sentence.is_negated,
        is_hedged=sentence.is_hedged,
        speaker=sentence.speaker,
        quantities=sentence.quantities,
        dates=sentence.dates,
        claim_set=sets[set_index] if set_index is not None else None,
        side=plan.claim_side[position],
        reviewed_by=editor if status != Claim.Status.PROPOSED else None,
        reviewed_at=now if status != Claim.Status.PROPOSED else None,
        pipeline_version=PIPELINE_VERSION,
    )


def claim_sets_check() -> list[str]:
    """What differs between the stored claim sets and the confirmed links (empty: none).

    Each connected part of the confirmed-link graph must be exactly one set's
    claims, with the sides, conflict flag and inconsistency cycle that
    ``claims.linking.graph`` computes (sides may be swapped as a whole, as
    ``claim_sets_refresh`` keeps an editor's labels with their claims).
    """
    problems = []
    edges = [
        graph.Edge(*row)
        for row in ClaimLink.objects.filter(status=ClaimLink.Status.CONFIRMED)
        .order_by("pk")
        .values_list("pk", "claim_a_id", "claim_b_id", "relation")
    ]
    placed = {
        pk: (set_id, side)
        for pk, set_id, side in Claim.objects.filter(claim_set__isnull=False).values_list(
            "pk", "claim_set_id", "side"
        )
    }
    sets = {s.pk: s for s in ClaimSet.objects.all()}
    by_claim: dict[int, list[graph.Edge]] = {}
    for edge in edges:
        by_claim.setdefault(edge.a, []).append(edge)
    seen_sets: set[int] = set()
    in_parts: set[int] = set()
    for part in graph.components(edges):
        in_parts |= part
        set_ids = {placed.get(claim, (None, None))[0] for claim in part}
        if len(set_ids) != 1 or None in set_ids:
            problems.append(f"claims {sorted(part)[:5]}… are connected but in sets {set_ids}")
            continue
        (set_id,) = set_ids
        seen_sets.add(set_id)
        part_edges = [e for claim in part for e in by_claim.get(claim, [])]
        result = graph.sides(part, part_edges)
        stored = {claim: placed[claim][1] for claim in part}
        swapped = {claim: 1 - side for claim, side in result.side_of.items()}
        if stored not in (result.side_of, swapped):
            problems.append(f"claim set {set_id}: sides differ from its links")
        claim_set = sets[set_id]
        has_conflict = any(e.relation == graph.CONFLICT for e in part_edges)
        if claim_set.has_conflict != has_conflict:
            problems.append(f"claim set {set_id}: has_conflict is {claim_set.has_conflict}")
        if claim_set.is_inconsistent != result.is_inconsistent or (
            claim_set.inconsistency_cycle != result.cycle
        ):
            problems.append(f"claim set {set_id}: inconsistency differs from its links")
    for claim, (set_id, _) in placed.items():
        if claim not in in_parts:
            problems.append(f"claim {claim} is in set {set_id} without a confirmed link")
    for set_id in set(sets) - seen_sets:
        problems.append(f"claim set {set_id} holds no connected claims")
    return problems
