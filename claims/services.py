"""Every write to claims: processing a source into proposals, resolving entities.

``source_process`` is what the Celery task calls; it is safe to run any number
of times for the same source.
"""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from sources import services as source_services
from sources.cleaning import detect_language
from sources.models import Source

from . import extraction, graph, nlp
from .models import Claim, ClaimLink, ClaimSet, Entity, EntityAlias, Mention

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReplaceResult:
    created: int
    updated: int
    deleted: int
    kept: int  # reviewed or linked claims left as they were


def pipeline_version() -> str:
    return f"{nlp.pipeline_version()}/extractor-{extraction.EXTRACTOR_VERSION}"


def entities_resolve(
    mentions: list[extraction.CandidateMention],
) -> dict[tuple[str, str, bool], Entity]:
    """The entity each mention names, creating entities for names never seen.

    Returns a map from (key, surface text, is_actor) to the entity. A mention
    resolves through its article-level key ("kassym jomart tokayev" for
    "Tokayev") or its own surface form's key; a name that acts and whose
    alias is a curated metonym ("Moscow said") resolves to the state it stands
    for; a surname never seen alone resolves to the one known person whose
    full name ends with it. New names become entities with the mention's NER
    label as kind, and every key seen is recorded as an alias so the next
    article finds the same entity. A few queries per article, whatever its
    length; safe under concurrent workers (the unique alias key decides who
    created an entity; the loser's copy is removed).
    """
    if not mentions:
        return {}
    surface_keys = {m.text: extraction.normalize_alias(m.text) for m in mentions}
    keys = {m.key for m in mentions} | set(surface_keys.values())
    aliases = {
        a.normalized: a
        for a in EntityAlias.objects.select_related("entity", "metonym_for").filter(
            normalized__in=keys
        )
    }

    by_surname: dict[str, EntityAlias] = {}

    def lookup(mention) -> EntityAlias | None:
        return (
            aliases.get(mention.key)
            or aliases.get(surface_keys[mention.text])
            or by_surname.get(mention.key)
        )

    missing: dict[str, extraction.CandidateMention] = {}
    for mention in mentions:
        if lookup(mention) is None:
            missing.setdefault(mention.key, mention)
    surnames = [k for k, m in missing.items() if m.label == "PERSON" and " " not in k]
    if surnames:
        # A surname alone ("Tokayev") names the one known person whose full
        # name ends with it, if exactly one does. One query for all of them.
        ends = Q()
        for key in surnames:
            ends |= Q(normalized__endswith=f" {key}")
        found: dict[str, list[EntityAlias]] = {key: [] for key in surnames}
        for alias in EntityAlias.objects.select_related("entity", "metonym_for").filter(ends):
            last = alias.normalized.rsplit(" ", 1)[-1]
            if last in found:  # SQLite's LIKE ignores case; keys are compared exactly
                found[last].append(alias)
        for key, candidates in found.items():
            if len({a.entity_id for a in candidates}) == 1:
                by_surname[key] = candidates[0]
                del missing[key]
    if missing:
        created = Entity.objects.bulk_create(
            [
                Entity(
                    name=m.name[:300],
                    kind=m.label if m.label in Entity.Kind.values else Entity.Kind.OTHER,
                )
                for m in missing.values()
            ]
        )
        EntityAlias.objects.bulk_create(
            [
                EntityAlias(entity=entity, text=m.name[:300], normalized=key[:300])
                for entity, (key, m) in zip(created, missing.items(), strict=True)
            ],
            ignore_conflicts=True,
        )
        winners = {
            a.normalized: a
            for a in EntityAlias.objects.select_related("entity", "metonym_for").filter(
                normalized__in=list(missing)
            )
        }
        aliases.update(winners)
        lost = [
            e.pk for e, key in zip(created, missing, strict=True) if winners[key].entity_id != e.pk
        ]
        if lost:
            Entity.objects.filter(pk__in=lost).delete()

    resolved: dict[tuple[str, str, bool], Entity] = {}
    new_aliases = []
    for mention in mentions:
        alias = lookup(mention)
        entity = alias.entity
        surface_key = surface_keys[mention.text]
        if surface_key and surface_key not in aliases:
            new_aliases.append(
                EntityAlias(entity=entity, text=mention.text[:300], normalized=surface_key[:300])
            )
            aliases[surface_key] = EntityAlias(entity=entity, normalized=surface_key)
        if mention.is_actor and alias.metonym_for is not None:
            entity = alias.metonym_for
        resolved[(mention.key, mention.text, mention.is_actor)] = entity
    if new_aliases:
        EntityAlias.objects.bulk_create(new_aliases, ignore_conflicts=True)
    return resolved


def _protected_claims(sources: list[Source]):
    """Claims re-processing must leave alone: reviewed, edited, linked or in a set."""
    linked = ClaimLink.objects.filter(Q(claim_a=OuterRef("pk")) | Q(claim_b=OuterRef("pk")))
    return Claim.objects.filter(source__in=sources).filter(
        ~Q(status=Claim.Status.PROPOSED)
        | Q(is_edited=True)
        | Q(claim_set__isnull=False)
        | Exists(linked)
    )


def claims_replace_proposed(
    *, source: Source, candidates: list[extraction.CandidateClaim], pipeline_version: str
) -> ReplaceResult:
    """Make the source's unreviewed proposals equal to ``candidates``; see claims_replace_proposed_many."""
    return claims_replace_proposed_many(
        work=[(source, candidates)], pipeline_version=pipeline_version
    )[source.pk]


def claims_replace_proposed_many(
    *, work: list[tuple[Source, list[extraction.CandidateClaim]]], pipeline_version: str
) -> dict[int, ReplaceResult]:
    """For each (source, candidates), make the source's unreviewed proposals equal to them.

    A proposal with the same span is updated in place (its id survives), new
    spans are created, and proposals no longer found are deleted. Claims an
    editor reviewed, edited or linked are never touched, and a candidate that
    overlaps one of them is dropped. All sources are written together (one
    query per table, not per source). Call inside a transaction holding the
    sources' row locks.
    """
    sources = [source for source, _ in work]
    protected_by_source: dict[int, list[Claim]] = {s.pk: [] for s in sources}
    for claim in _protected_claims(sources).only("id", "source_id", "start", "end").order_by():
        protected_by_source[claim.source_id].append(claim)
    protected_ids = {c.pk for claims in protected_by_source.values() for c in claims}
    existing_by_source: dict[int, dict[tuple[int, int], Claim]] = {s.pk: {} for s in sources}
    for claim in Claim.objects.filter(source__in=sources).exclude(pk__in=protected_ids).order_by():
        existing_by_source[claim.source_id][(claim.start, claim.end)] = claim

    to_create: list[tuple[Claim, extraction.CandidateClaim]] = []
    to_update: list[tuple[Claim, extraction.CandidateClaim]] = []
    stale_ids: list[int] = []
    counts: dict[int, list[int]] = {}  # source id -> [created, updated, deleted, kept]
    for source, candidates in work:
        protected = protected_by_source[source.pk]
        existing = existing_by_source[source.pk]
        created = updated = kept = 0
        seen_spans = set()
        for candidate in candidates:
            span = (candidate.start, candidate.end)
            if span in seen_spans:
                continue
            seen_spans.add(span)
            if any(c.start < candidate.end and candidate.start < c.end for c in protected):
                kept += 1
                continue
            fields = {
                "text": candidate.text,
                "score": candidate.score,
                "score_reasons": list(candidate.reasons),
                "subject": candidate.subject,
                "predicate": candidate.predicate,
                "object": candidate.object,
                "is_negated": candidate.is_negated,
                "is_hedged": candidate.is_hedged,
                "speaker": candidate.speaker,
                "quantities": list(candidate.quantities),
                "dates": list(candidate.dates),
                "pipeline_version": pipeline_version,
            }
            claim = existing.pop(span, None)
            if claim is None:
                to_create.append(
                    (Claim(source=source, start=span[0], end=span[1], **fields), candidate)
                )
                created += 1
            else:
                for name, value in fields.items():
                    setattr(claim, name, value)
                to_update.append((claim, candidate))
                updated += 1
        stale_ids += [c.pk for c in existing.values()]
        counts[source.pk] = [created, updated, len(existing), kept]

    if stale_ids:
        Claim.objects.filter(pk__in=stale_ids).delete()
    Claim.objects.bulk_create([claim for claim, _ in to_create])
    if to_update:
        Claim.objects.bulk_update(
            [claim for claim, _ in to_update],
            [
                "text", "score", "score_reasons", "subject", "predicate", "object",
                "is_negated", "is_hedged", "speaker", "quantities", "dates",
                "pipeline_version", "updated_at",
            ],
        )  # fmt: skip
        Mention.objects.filter(claim__in=[claim for claim, _ in to_update]).delete()

    entities = entities_resolve(
        [m for _, candidate in [*to_create, *to_update] for m in candidate.mentions]
    )
    rows = []
    for claim, candidate in [*to_create, *to_update]:
        seen_mentions = set()
        for mention in candidate.mentions:
            if (mention.start, mention.end) in seen_mentions:
                continue
            seen_mentions.add((mention.start, mention.end))
            entity = entities[(mention.key, mention.text, mention.is_actor)]
            rows.append(
                (claim.pk, entity.pk, mention.text[:300], mention.start, mention.end, mention.label)
            )
    _mentions_insert(rows)
    return {source_id: ReplaceResult(*numbers) for source_id, numbers in counts.items()}


MENTION_COLUMNS = ("claim_id", "entity_id", "text", "start", "end", "label")


def _mentions_insert(rows: list[tuple]) -> None:
    """Insert mention rows (MENTION_COLUMNS order) in multi-row INSERTs.

    The hottest write of processing (a few per claim): plain rows rather than
    model instances, which cost more to build than the insert itself. Mentions
    have no history and no signals, so nothing is skipped by not saving models.
    """
    if not rows:
        return
    table = connection.ops.quote_name(Mention._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in MENTION_COLUMNS)
    fields = [Mention._meta.get_field(c.removesuffix("_id")) for c in MENTION_COLUMNS]
    size = connection.ops.bulk_batch_size(fields, rows)
    placeholder = "(" + ", ".join(["%s"] * len(MENTION_COLUMNS)) + ")"
    with connection.cursor() as cursor:
        for first in range(0, len(rows), size):
            batch = rows[first : first + size]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholder] * len(batch))}",
                [value for row in batch for value in row],
            )


# Errors worth another try (the database restarting, a dropped connection):
# these propagate so the task can retry; any other error fails only its source.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


def source_process(
    *, source_id: int, queued_extra: int = 0, task_id: str = ""
) -> ReplaceResult | None:
    """Take one source (and up to ``queued_extra`` other queued ones) and process them.

    ``task_id``: the Celery task doing it, so that its retry or redelivery
    takes back the sources it held (see sources_claim). Returns the source's
    result, or None when it was not taken (done since it was queued, on
    another task, or gone) or failed. See sources_process.
    """
    sources = source_services.sources_claim(
        source_ids=[source_id], queued_extra=queued_extra, task_id=task_id
    )
    if not any(s.pk == source_id for s in sources):
        logger.info("Source %s is done, gone or on another worker; skipped.", source_id)
    return sources_process(sources=sources).get(source_id)


def sources_process(*, sources: list[Source]) -> dict[int, ReplaceResult | None]:
    """Read taken sources (see sources_claim) with the pipeline and store their proposals.

    Checks language and readability, runs the readable ones through spaCy in
    one ``nlp.pipe`` batch (outside any transaction), then replaces each
    source's proposals and marks it done in a transaction of its own. A source
    whose processing fails for any reason but a transient database error is
    marked failed with the reason, and the others go on; transient errors
    propagate so the caller can retry. Returns each id's result (None when it
    failed).
    """
    results: dict[int, ReplaceResult | None] = {source.pk: None for source in sources}
    plans = []
    for source in sources:
        language = source.language or detect_language(source.body)
        # Text the pipeline cannot read well gets a note instead of garbage proposals.
        plans.append(
            (source, language, extraction.assess_readability(source.body, language=language))
        )

    readable = [source for source, _, note in plans if not note]
    try:
        parsed = dict(
            zip([s.pk for s in readable], nlp.parse_many([s.body for s in readable]), strict=True)
        )
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:
        logger.exception("The pipeline failed on sources %s", [s.pk for s in readable])
        for source in readable:
            source_services.source_mark_failed(source_id=source.pk, reason=_reason(exc))
        plans = [plan for plan in plans if plan[2]]
        parsed = {}

    version = pipeline_version()
    ready = []  # (source, candidates, language, note)
    for source, language, note in plans:
        try:
            candidates = extraction.extract_claims(parsed[source.pk]) if not note else []
        except Exception as exc:
            logger.exception("Source %s failed", source.pk)
            source_services.source_mark_failed(source_id=source.pk, reason=_reason(exc))
            continue
        if not note and not candidates:
            note = extraction.NO_CLAIMS_NOTE
        ready.append((source, candidates, language, note))
    try:
        # All sources in one transaction, one write per table: fast.
        results.update(_store_proposals(ready, version=version))
    except TRANSIENT_ERRORS:
        raise
    except Exception:
        # One source spoiled the batch: store each alone, so only it fails.
        logger.warning("Storing the batch failed; storing its sources one by one.", exc_info=True)
        for item in ready:
            try:
                results.update(_store_proposals([item], version=version))
            except TRANSIENT_ERRORS:
                raise
            except Exception as exc:
                logger.exception("Source %s failed", item[0].pk)
                source_services.source_mark_failed(source_id=item[0].pk, reason=_reason(exc))
    return results


def _reason(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


def _store_proposals(items, *, version: str) -> dict[int, ReplaceResult]:
    """Replace the proposals of each (source, candidates, language, note) and mark it done."""
    if not items:
        return {}
    with transaction.atomic():
        locked = {
            s.pk: s
            for s in Source.objects.select_for_update()
            .defer("raw")
            .filter(pk__in=[i[0].pk for i in items])
        }
        for source, *_ in items:
            if source.pk not in locked or locked[source.pk].body != source.body:
                raise RuntimeError(f"Source {source.pk} changed while it was being processed.")
        results = claims_replace_proposed_many(
            work=[(locked[source.pk], candidates) for source, candidates, _, _ in items],
            pipeline_version=version,
        )
        source_services.sources_mark_done(
            done=[(locked[source.pk], language, note) for source, _, language, note in items],
            pipeline_version=version,
        )
    for source_id, result in results.items():
        logger.info(
            "Processed source %s: %s created, %s updated, %s deleted, %s kept.",
            source_id, result.created, result.updated, result.deleted, result.kept,
        )  # fmt: skip
    return results


# --- Editors' actions: reviewing claims -------------------------------------------------

EDITABLE_CLAIM_FIELDS = {
    "subject", "predicate", "object", "is_negated", "is_hedged", "speaker", "quantities", "dates",
}  # fmt: skip


def claims_review(*, claims, status: str, user=None) -> int:
    """Accept or reject claims (bulk); returns how many changed. History records who."""
    if status not in Claim.Status.values:
        raise ValidationError("Unknown claim status %(status)s.", params={"status": status})
    now = timezone.now()
    changed = 0
    with transaction.atomic():
        for claim in claims:
            if claim.status == status:
                continue
            claim.status = status
            claim.reviewed_by = user
            claim.reviewed_at = now
            claim._history_user = user
            claim.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
            changed += 1
    return changed


def claim_update(
    *, claim: Claim, user=None, start: int | None = None, end: int | None = None, **fields
) -> Claim:
    """Edit a claim's structure or span; the claim is then marked edited (kept by re-processing).

    A new span must lie inside the source body; ``text`` follows from it.
    """
    unknown = set(fields) - EDITABLE_CLAIM_FIELDS
    if unknown:
        raise ValidationError(
            "These claim fields cannot be edited: %(f)s.", params={"f": ", ".join(sorted(unknown))}
        )
    for name, value in fields.items():
        setattr(claim, name, value)
    if start is not None or end is not None:
        body = claim.source.body
        start = claim.start if start is None else start
        end = claim.end if end is None else end
        if not 0 <= start < end <= len(body):
            raise ValidationError(
                "The span %(start)s–%(end)s is not inside the article.",
                params={"start": start, "end": end},
            )
        claim.start, claim.end, claim.text = start, end, body[start:end]
    claim.is_edited = True
    claim.reviewed_by = user
    claim.reviewed_at = timezone.now()
    claim._history_user = user
    claim.full_clean(exclude=["source", "claim_set", "reviewed_by"], validate_unique=False)
    claim.save()
    return claim


# --- Links and claim sets ----------------------------------------------------------------


class LinkExistsError(ValidationError):
    """The two claims are already linked; ``existing`` is that link."""

    def __init__(self, existing: ClaimLink):
        self.existing = existing
        super().__init__(
            "These claims are already linked (link #%(id)s, %(relation)s, %(status)s).",
            code="duplicate",
            params={"id": existing.pk, "relation": existing.relation, "status": existing.status},
        )


def claim_link_create(
    *,
    claim_a: Claim,
    claim_b: Claim,
    relation: str,
    status: str = ClaimLink.Status.SUGGESTED,
    note: str = "",
    origin: str = ClaimLink.Origin.EDITOR,
    created_by=None,
    score: float | None = None,
    rationale: str = "",
) -> ClaimLink:
    """Link two different claims as agreeing or conflicting, in either order.

    A confirmed link joins the claims' sets at once. Raises ValidationError for
    a claim linked to itself or an unknown relation or status, and
    LinkExistsError when the pair is already linked (in either order).
    """
    if claim_a.pk == claim_b.pk:
        raise ValidationError("A claim cannot be linked to itself.", code="self_link")
    if status == ClaimLink.Status.REJECTED:
        raise ValidationError("A new link is suggested or confirmed.", code="invalid_status")
    first, second = sorted([claim_a, claim_b], key=lambda c: c.pk)
    existing = ClaimLink.objects.filter(claim_a=first, claim_b=second).first()
    if existing:
        raise LinkExistsError(existing)
    link = ClaimLink(
        claim_a=first,
        claim_b=second,
        relation=relation,
        status=status,
        origin=origin,
        note=note,
        score=score,
        rationale=rationale,
        created_by=created_by,
    )
    if status == ClaimLink.Status.CONFIRMED:
        link.reviewed_by = created_by
        link.reviewed_at = timezone.now()
    link.full_clean(
        exclude=["claim_a", "claim_b", "created_by", "reviewed_by"],
        validate_constraints=False,
        validate_unique=False,
    )
    link._history_user = created_by
    try:
        with transaction.atomic():
            link.save()
            if status == ClaimLink.Status.CONFIRMED:
                claim_sets_refresh(claim_ids=[first.pk, second.pk])
    except IntegrityError:
        existing = ClaimLink.objects.filter(claim_a=first, claim_b=second).first()
        if existing:
            raise LinkExistsError(existing) from None
        raise
    return link


def claim_link_update(
    *,
    link: ClaimLink,
    user=None,
    relation: str | None = None,
    note: str | None = None,
    status: str | None = None,
) -> ClaimLink:
    """Change a link's relation, note or status; claim sets follow at once."""
    before = (link.status, link.relation)
    if relation is not None:
        link.relation = relation
    if note is not None:
        link.note = note
    if status is not None and status != link.status:
        link.status = status
        link.reviewed_by = user
        link.reviewed_at = timezone.now()
    link.full_clean(
        exclude=["claim_a", "claim_b", "created_by", "reviewed_by"],
        validate_constraints=False,
        validate_unique=False,
    )
    link._history_user = user
    with transaction.atomic():
        link.save()
        confirmed = ClaimLink.Status.CONFIRMED
        if (before[0] == confirmed or link.status == confirmed) and before != (
            link.status,
            link.relation,
        ):
            claim_sets_refresh(claim_ids=[link.claim_a_id, link.claim_b_id])
    return link


def claim_link_confirm(*, link: ClaimLink, user=None) -> ClaimLink:
    return claim_link_update(link=link, user=user, status=ClaimLink.Status.CONFIRMED)


def claim_link_reject(*, link: ClaimLink, user=None) -> ClaimLink:
    return claim_link_update(link=link, user=user, status=ClaimLink.Status.REJECTED)


def claim_link_delete(*, link: ClaimLink, user=None) -> None:
    """Delete a link; a set it held together splits (the largest part keeps the id)."""
    claim_ids = [link.claim_a_id, link.claim_b_id]
    was_confirmed = link.status == ClaimLink.Status.CONFIRMED
    link._history_user = user
    with transaction.atomic():
        link.delete()
        if was_confirmed:
            claim_sets_refresh(claim_ids=claim_ids)


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


# --- Entities --------------------------------------------------------------------------


def entity_merge(*, survivor: Entity, others, user=None) -> Entity:
    """Merge ``others`` into ``survivor``: every mention and alias moves, the others go.

    The others' names stay findable as aliases of the survivor.
    """
    others = [entity for entity in others if entity.pk != survivor.pk]
    if not others:
        return survivor
    with transaction.atomic():
        # The claims naming a merged entity change: bump them for incremental sync.
        moved = list(
            Mention.objects.filter(entity__in=others).values_list("claim_id", flat=True).distinct()
        )
        Mention.objects.filter(entity__in=others).update(entity=survivor)
        Claim.objects.filter(pk__in=moved).update(updated_at=timezone.now())
        # Capitals that stood for a merged entity now stand for the survivor.
        EntityAlias.objects.filter(metonym_for__in=others).update(metonym_for=survivor)
        for alias in EntityAlias.objects.filter(entity__in=others):
            alias.entity = survivor
            alias._history_user = user
            alias.save(update_fields=["entity"])
        for entity in others:
            key = extraction.normalize_alias(entity.name)
            if key and not EntityAlias.objects.filter(normalized=key).exists():
                EntityAlias.objects.create(
                    entity=survivor,
                    text=entity.name,
                    normalized=key,
                    origin=EntityAlias.Origin.CURATED,
                )
            entity._history_user = user
            entity.delete()
        survivor._history_user = user
        survivor.save(update_fields=["updated_at"])
    return survivor
