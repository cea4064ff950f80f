"""Every write to claims: processing a source into proposals, resolving entities.

``source_process`` is what the Celery task calls; it is safe to run any number
of times for the same source.
"""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q

from sources import services as source_services
from sources.models import Source

from . import extraction, nlp
from .models import Claim, ClaimLink, Entity, EntityAlias, Mention

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReplaceResult:
    created: int
    updated: int
    deleted: int
    kept: int  # reviewed or linked claims left as they were


def pipeline_version() -> str:
    return f"{nlp.pipeline_version()}/extractor-{extraction.EXTRACTOR_VERSION}"


def entity_resolve(*, key: str, name: str, label: str, surface: str = "") -> Entity:
    """The entity whose alias is ``key`` (or ``surface``'s key), creating it if new.

    New entities take ``name`` and the NER ``label`` as kind; both the
    canonical key and the surface form's key are recorded as aliases so the
    next article finds the same entity. Safe under concurrent workers: a
    unique alias key decides who created it.
    """
    surface_key = extraction.normalize_alias(surface) if surface else key
    keys = [key] if surface_key == key else [key, surface_key]
    alias = EntityAlias.objects.select_related("entity").filter(normalized__in=keys).first()
    if alias is None and label == "PERSON" and " " not in key:
        # A surname alone ("Tokayev") names the one known person whose full
        # name ends with it, if exactly one does.
        candidates = list(
            EntityAlias.objects.select_related("entity")
            .filter(normalized__endswith=f" {key}")
            .distinct()[:2]
        )
        if len({c.entity_id for c in candidates}) == 1:
            alias = candidates[0]
    if alias is not None:
        entity = alias.entity
    else:
        kind = label if label in Entity.Kind.values else Entity.Kind.OTHER
        try:
            with transaction.atomic():
                entity = Entity.objects.create(name=name[:300], kind=kind)
                EntityAlias.objects.create(entity=entity, text=name[:300], normalized=key[:300])
        except IntegrityError:
            entity = EntityAlias.objects.select_related("entity").get(normalized=key).entity
    known = set(entity.aliases.filter(normalized__in=keys).values_list("normalized", flat=True))
    for missing in [k for k in keys if k not in known]:
        try:
            with transaction.atomic():
                EntityAlias.objects.create(
                    entity=entity, normalized=missing[:300], text=(surface or name)[:300]
                )
        except IntegrityError:
            pass  # another worker recorded it first; it names some entity already
    return entity


def _protected_claims(source: Source):
    """Claims re-processing must leave alone: reviewed, edited, linked or in a set."""
    linked = ClaimLink.objects.filter(Q(claim_a=OuterRef("pk")) | Q(claim_b=OuterRef("pk")))
    return source.claims.filter(
        ~Q(status=Claim.Status.PROPOSED)
        | Q(is_edited=True)
        | Q(claim_set__isnull=False)
        | Exists(linked)
    )


def claims_replace_proposed(
    *, source: Source, candidates: list[extraction.CandidateClaim], pipeline_version: str
) -> ReplaceResult:
    """Make the source's unreviewed proposals equal to ``candidates``.

    A proposal with the same span is updated in place (its id survives), new
    spans are created, and proposals no longer found are deleted. Claims an
    editor reviewed, edited or linked are never touched, and a candidate that
    overlaps one of them is dropped. Call inside a transaction holding the
    source's row lock.
    """
    protected = list(_protected_claims(source).only("id", "start", "end"))
    protected_ids = {c.pk for c in protected}
    existing = {(c.start, c.end): c for c in source.claims.exclude(pk__in=protected_ids).order_by()}

    def overlaps_protected(candidate) -> bool:
        return any(c.start < candidate.end and candidate.start < c.end for c in protected)

    entity_cache: dict[str, Entity] = {}

    def entity_for(mention: extraction.CandidateMention) -> Entity:
        if mention.key not in entity_cache:
            entity_cache[mention.key] = entity_resolve(
                key=mention.key, name=mention.name, label=mention.label, surface=mention.text
            )
        return entity_cache[mention.key]

    seen_spans = set()
    to_create: list[tuple[Claim, extraction.CandidateClaim]] = []
    to_update: list[tuple[Claim, extraction.CandidateClaim]] = []
    kept = 0
    for candidate in candidates:
        span = (candidate.start, candidate.end)
        if span in seen_spans:
            continue
        seen_spans.add(span)
        if overlaps_protected(candidate):
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
        else:
            for name, value in fields.items():
                setattr(claim, name, value)
            to_update.append((claim, candidate))

    stale_ids = [c.pk for c in existing.values()]
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

    mentions = []
    for claim, candidate in [*to_create, *to_update]:
        seen_mentions = set()
        for mention in candidate.mentions:
            if (mention.start, mention.end) in seen_mentions:
                continue
            seen_mentions.add((mention.start, mention.end))
            mentions.append(
                Mention(
                    claim=claim,
                    entity=entity_for(mention),
                    text=mention.text[:300],
                    start=mention.start,
                    end=mention.end,
                    label=mention.label,
                )
            )
    Mention.objects.bulk_create(mentions)
    return ReplaceResult(
        created=len(to_create), updated=len(to_update), deleted=len(stale_ids), kept=kept
    )


def source_process(*, source_id: int) -> ReplaceResult | None:
    """Read one source with the pipeline and store its proposed claims.

    Moves the source to processing, parses outside any transaction, then
    replaces the proposals and marks the source done in one transaction.
    Returns None when the source no longer exists. Exceptions propagate:
    the caller decides between retrying and recording the failure.
    """
    source = source_services.source_start_processing(source_id=source_id)
    if source is None:
        logger.warning("Source %s no longer exists; nothing to process.", source_id)
        return None
    parsed = nlp.parse(source.body)
    candidates = extraction.extract_claims(parsed)
    version = pipeline_version()
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source_id)
        if source.body != parsed.text:
            raise RuntimeError("The source body changed while it was being processed.")
        result = claims_replace_proposed(
            source=source, candidates=candidates, pipeline_version=version
        )
        source_services.source_mark_done(source=source, pipeline_version=version)
    logger.info(
        "Processed source %s: %s created, %s updated, %s deleted, %s kept.",
        source_id, result.created, result.updated, result.deleted, result.kept,
    )  # fmt: skip
    return result
