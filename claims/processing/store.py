"""Storing a source's proposals: replace the unreviewed ones, keep what editors touched.

Called by the pipeline inside the transaction that holds the sources' row locks.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from sources.models import Source

from ..entities.services import entities_resolve
from ..models import Claim, ClaimLink, ClaimVector, Entity, Mention
from ..nlp.extract import CandidateClaim, CandidateMention


@dataclass(frozen=True)
class ReplaceResult:
    created: int
    updated: int
    deleted: int
    kept: int  # reviewed or linked claims left as they were
    note: str = ""  # what the limit on new entities set aside, for the source's note


def protected_claims(sources: list[Source]):
    """Claims re-processing must leave alone: reviewed, edited, added by an editor,
    linked or in a set.

    The machine's own open link suggestions do not count: they are made again
    for the re-processed claims (claims/linking/suggestions/).
    """
    linked = ClaimLink.objects.filter(
        Q(claim_a=OuterRef("pk")) | Q(claim_b=OuterRef("pk"))
    ).exclude(ClaimLink.machine_open_condition())
    return Claim.objects.filter(source__in=sources).filter(
        ~Q(status=Claim.Status.PROPOSED)
        | Q(is_edited=True)
        | Q(origin=Claim.Origin.EDITOR)
        | Q(claim_set__isnull=False)
        | Exists(linked)
    )


def claims_replace_proposed(
    *,
    source: Source,
    candidates: list[CandidateClaim],
    pipeline_version: str,
    max_new_entities: int | None = None,
) -> ReplaceResult:
    """Make the source's unreviewed proposals equal to ``candidates``; see claims_replace_proposed_many."""
    return claims_replace_proposed_many(
        work=[(source, candidates)],
        pipeline_version=pipeline_version,
        max_new_entities=max_new_entities,
    )[source.pk]


def claims_replace_proposed_many(
    *,
    work: list[tuple[Source, list[CandidateClaim]]],
    pipeline_version: str,
    max_new_entities: int | None = None,
) -> dict[int, ReplaceResult]:
    """For each (source, candidates), make the source's unreviewed proposals equal to them.

    A proposal with the same span is updated in place (its id survives), new
    spans are created, and proposals no longer found are deleted. Claims an
    editor reviewed, edited or linked are never touched, and a candidate that
    overlaps one of them is dropped. With ``max_new_entities``, a source
    creates at most that many entities: names past it are not recorded, a
    candidate naming only such names is dropped, and the result's note says
    so. All sources are written together (one query per table, not per
    source). Call inside a transaction holding the sources' row locks.
    """
    sources = [source for source, _ in work]
    protected_by_source: dict[int, list[Claim]] = {s.pk: [] for s in sources}
    for claim in protected_claims(sources).only("id", "source_id", "start", "end").order_by():
        protected_by_source[claim.source_id].append(claim)
    protected_ids = {c.pk for claims in protected_by_source.values() for c in claims}
    existing_by_source: dict[int, dict[tuple[int, int], Claim]] = {s.pk: {} for s in sources}
    for claim in Claim.objects.filter(source__in=sources).exclude(pk__in=protected_ids).order_by():
        existing_by_source[claim.source_id][(claim.start, claim.end)] = claim

    to_create: list[tuple[Claim, CandidateClaim]] = []
    to_update: list[tuple[Claim, CandidateClaim]] = []
    changed_ids: set[int] = set()  # updated claims whose fields differ from the stored ones
    new_text_ids: list[int] = []  # updated claims whose text changed: their vectors are stale
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
                if claim.text != candidate.text:
                    new_text_ids.append(claim.pk)
                if any(
                    getattr(claim, name) != value
                    for name, value in fields.items()
                    if name != "pipeline_version"  # not part of what clients see
                ):
                    changed_ids.add(claim.pk)
                for name, value in fields.items():
                    setattr(claim, name, value)
                to_update.append((claim, candidate))
                updated += 1
        stale_ids += [c.pk for c in existing.values()]
        counts[source.pk] = [created, updated, len(existing), kept]

    entities, unrecorded = _entities_of(to_create + to_update, max_new=max_new_entities)
    # A candidate that named only names left unrecorded is about nothing stored: dropped.
    dropped: dict[int, int] = {}  # source id -> candidates dropped
    for pairs in (to_create, to_update):
        kept_pairs = []
        for claim, candidate in pairs:
            if candidate.mentions and not any(
                (m.key, m.text, m.is_actor) in entities for m in candidate.mentions
            ):
                dropped[claim.source_id] = dropped.get(claim.source_id, 0) + 1
                numbers = counts[claim.source_id]
                if claim.pk is None:
                    numbers[0] -= 1  # not created after all
                else:
                    stale_ids.append(claim.pk)
                    numbers[1] -= 1  # deleted, not updated
                    numbers[2] += 1
            else:
                kept_pairs.append((claim, candidate))
        pairs[:] = kept_pairs

    if stale_ids:
        Claim.objects.filter(pk__in=stale_ids).delete()
    if new_text_ids:
        ClaimVector.objects.filter(claim_id__in=new_text_ids).delete()
    Claim.objects.bulk_create([claim for claim, _ in to_create])
    updated_claims = [claim for claim, _ in to_update]
    old_mentions: dict[int, set[tuple]] = {}
    if updated_claims:
        stored = Mention.objects.filter(claim__in=updated_claims)
        for row in stored.values_list(*MENTION_COLUMNS).order_by():
            old_mentions.setdefault(row[0], set()).add(row)
        stored.delete()

    rows = []
    for claim, candidate in [*to_create, *to_update]:
        seen_mentions = set()
        for mention in candidate.mentions:
            entity = entities.get((mention.key, mention.text, mention.is_actor))
            if entity is None or (mention.start, mention.end) in seen_mentions:
                continue
            seen_mentions.add((mention.start, mention.end))
            rows.append(
                (claim.pk, entity.pk, mention.text[:300], mention.start, mention.end, mention.label)
            )
    if updated_claims:
        # A claim whose fields or mentions (the entities it names) changed is
        # marked changed, so clients syncing with updated_since fetch it again;
        # one re-read the same is left alone. bulk_update does not apply auto_now.
        new_mentions: dict[int, set[tuple]] = {}
        for row in rows:
            new_mentions.setdefault(row[0], set()).add(row)
        now = timezone.now()
        for claim in updated_claims:
            if claim.pk in changed_ids or old_mentions.get(claim.pk) != new_mentions.get(claim.pk):
                claim.updated_at = now
        Claim.objects.bulk_update(
            updated_claims,
            [
                "text", "score", "score_reasons", "subject", "predicate", "object",
                "is_negated", "is_hedged", "speaker", "quantities", "dates",
                "pipeline_version", "updated_at",
            ],
        )  # fmt: skip
    _mentions_insert(rows)
    results = {}
    for source_id, numbers in counts.items():
        note = ""
        if unrecorded.get(source_id):
            note = (
                f"The source names more than {max_new_entities:,} people, places and "
                f"organisations never seen before: {unrecorded[source_id]:,} further names "
                "were not recorded as entities"
            )
            if dropped.get(source_id):
                note += f", and {dropped[source_id]:,} claims naming only them were not proposed"
            note += "."
        results[source_id] = ReplaceResult(*numbers, note=note)
    return results


def _entities_of(
    pairs: list[tuple[Claim, CandidateClaim]], *, max_new: int | None
) -> tuple[dict[tuple[str, str, bool], Entity], dict[int, int]]:
    """The entity each candidate's mention names (see entities_resolve), and for each
    source how many of its names the limit on new entities left unrecorded.

    A source with no more distinct names than ``max_new`` cannot pass it:
    those are resolved together, in one pass as before. Any other is resolved
    alone, so that the limit counts its own new names.
    """
    by_source: dict[int, list[CandidateMention]] = {}
    for claim, candidate in pairs:
        by_source.setdefault(claim.source_id, []).extend(candidate.mentions)
    many = {
        source_id
        for source_id, mentions in by_source.items()
        if max_new is not None and len({m.key for m in mentions}) > max_new
    }
    entities = entities_resolve(
        [m for source_id, mentions in by_source.items() if source_id not in many for m in mentions]
    )
    for source_id in many:
        entities.update(entities_resolve(by_source[source_id], max_new=max_new))
    unrecorded = {
        source_id: len(
            {
                m.key
                for m in by_source[source_id]
                if not m.is_common_word and (m.key, m.text, m.is_actor) not in entities
            }
        )
        for source_id in many
    }
    return entities, unrecorded


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
