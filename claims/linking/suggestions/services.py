"""Making link suggestions: candidates, reasons, features and the classifier, stored as links.

``suggestions_make`` is what the task, the processing handler and the
``suggest_links`` command call. It is idempotent, and what an editor did to a
link is never undone: only the machine's own untouched suggestions are
created, changed or removed.
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ...models import Claim, ClaimLink, Mention
from ...selectors.expressions import mentions_prefetch
from .candidates import candidates_for
from .embeddings import claim_vectors_ensure
from .features import claim_context_features, pair_features
from .model import active_scorer
from .neighbours import vector_index
from .reasons import (
    REASON_TYPES,
    ClaimProfile,
    MentionRow,
    close_meaning_reason,
    pair_reasons,
    profile_of,
)

logger = logging.getLogger(__name__)

# Candidates read per claim before the classifier picks the few it suggests.
CANDIDATES_PER_CLAIM = 50
# One writer of suggestions at a time (PostgreSQL): two runs over neighbouring claims
# would otherwise both create the link between them.
WRITE_LOCK_KEY = 0x4C494E4B  # "LINK"

AUTOMATIC = ClaimLink.Origin.AUTOMATIC
SUGGESTED = ClaimLink.Status.SUGGESTED


@dataclass(frozen=True)
class SuggestionResult:
    claims: int  # claims suggested for
    created: int
    updated: int
    deleted: int  # the machine's earlier suggestions no longer made
    kept: int  # pairs left alone: linked by an editor, reviewed or edited
    model_version: str


@dataclass
class _Suggestion:
    relation: str
    score: float
    reasons: list[dict]


def reasons_rationale(reasons: list[dict]) -> str:
    """The reasons as one readable line: "Opposite predicates: “reclaim” / “lose”."."""
    labels = dict(REASON_TYPES)
    parts = []
    for reason in reasons:
        label = labels.get(reason.get("type"), str(reason.get("type", "")).replace("_", " "))
        detail = reason.get("detail") or ""
        parts.append(f"{label}: {detail}" if detail else label)
    return "; ".join(parts) + ("." if parts else "")


def reasons_dates(reasons: list[dict]) -> tuple[date | None, date | None]:
    """The two dates of a change over time among ``reasons`` (None when there is none)."""
    for reason in reasons:
        if reason.get("type") == "change_over_time":
            try:
                return date.fromisoformat(reason["date_a"]), date.fromisoformat(reason["date_b"])
            except (KeyError, TypeError, ValueError):
                logger.warning("A change over time without two ISO dates: %r", reason)
    return None, None


def _claims_for_reasons(claim_ids) -> dict[int, Claim]:
    """Claims as the reasons expect them: source and mentions with their entities prefetched."""
    return {
        claim.pk: claim
        for claim in Claim.objects.filter(pk__in=claim_ids)
        .exclude(status=Claim.Status.REJECTED)
        .select_related("source")
        .prefetch_related(mentions_prefetch())
    }


PROFILE_FIELDS = (
    "pk", "text", "subject", "predicate", "is_negated", "is_hedged", "speaker", "quantities",
    "dates", "source__published_on",
)  # fmt: skip


def _profiles_read(claim_ids) -> dict[int, ClaimProfile]:
    """The profiles of these claims (rejected ones left out) in two queries: the claims' and
    their source's columns the reasons read, then their mentions with each entity's name."""
    rows = list(
        Claim.objects.filter(pk__in=claim_ids)
        .exclude(status=Claim.Status.REJECTED)
        .values_list(*PROFILE_FIELDS)
    )
    mentions: dict[int, list[MentionRow]] = {}
    for claim_id, text, entity_id, name in (
        Mention.objects.filter(claim_id__in=[row[0] for row in rows])
        .order_by("start", "pk")
        .values_list("claim_id", "text", "entity_id", "entity__name")
    ):
        mentions.setdefault(claim_id, []).append(MentionRow(text, entity_id, name))
    return {
        pk: ClaimProfile.build(
            pk=pk, text=text, subject=subject, predicate=predicate, is_negated=is_negated,
            is_hedged=is_hedged, speaker=speaker, quantities=quantities, dates=dates,
            published=published, mentions=mentions.get(pk, ()),
        )
        for (
            pk, text, subject, predicate, is_negated, is_hedged, speaker, quantities, dates,
            published,
        ) in rows
    }  # fmt: skip


def suggestions_score(
    *, claims: dict[int, Claim], candidates: dict[int, list], scorer
) -> list[tuple[int, tuple[int, int], list[dict], str | None, float]]:
    """Score each claim's candidates: (claim id, pair, reasons, relation, score) per pair.

    ``claims`` are the claims suggested for (their mentions' entities and source
    prefetched) and ``candidates`` their ``candidates_for``. The other ends are
    read in two queries; what the reasons derive from a claim (its words,
    negations, quantities, dates, actors) is derived once per claim, and the
    classifier scores every row at once. A pair the classifier links with no
    rule's reason is given a close-meaning reason after scoring (it is no
    feature), so every suggestion carries one.
    """
    profiles = {claim_id: profile_of(claim) for claim_id, claim in claims.items()}
    profiles.update(
        _profiles_read({c.other_id for found in candidates.values() for c in found} - set(claims))
    )
    rows, pairs = [], []  # pairs: (claim id, (first id, second id), reasons)
    for claim_id, found in candidates.items():
        group = []
        for candidate in found:
            if candidate.other_id not in profiles:
                continue
            first, second = sorted([claim_id, candidate.other_id])
            a, b = profiles[first], profiles[second]
            reasons = pair_reasons(a, b)
            group.append(pair_features(a, b, candidate, reasons))
            pairs.append((claim_id, (first, second), reasons, candidate))
        # Where each candidate stands among this claim's own: its cosine rank.
        rows.extend(claim_context_features(group))
    predictions = scorer.predict(rows) if rows else []
    scored = []
    for (claim_id, pair, reasons, candidate), (relation, score) in zip(
        pairs, predictions, strict=True
    ):
        if relation is not None and not reasons:
            reasons = [close_meaning_reason(profiles[pair[0]], profiles[pair[1]], candidate)]
        scored.append((claim_id, pair, reasons, relation, score))
    return scored


def suggestions_make(*, claim_ids: list[int], scorer=None) -> SuggestionResult:
    """Suggest links for these claims, replacing the machine's earlier suggestions for them.

    For each claim (rejected ones are skipped): its vector is made if missing,
    candidates are found, each pair gets its reasons and features, the
    classifier scores them, and the best LINK_SUGGESTIONS_PER_CLAIM at or above
    LINK_SUGGESTION_THRESHOLD become links (origin automatic, status
    suggested). A pair that has a link an editor made, reviewed or changed is
    never touched; the machine's own open suggestions on these claims that are
    no longer made are deleted. ``scorer`` defaults to ``active_scorer()``.
    """
    scorer = scorer or active_scorer()
    claims = _claims_for_reasons(claim_ids)
    if not claims:
        return SuggestionResult(0, 0, 0, 0, 0, scorer.version)
    index = vector_index()
    index.add(claim_vectors_ensure(claim_ids=list(claims)))
    # The batch's nearest neighbours in one pass over the vectors.
    vectors = {c: v for c in claims if (v := index.vector_of(c)) is not None}
    nearest = index.nearest_many(vectors, k=CANDIDATES_PER_CLAIM)

    candidates = {
        claim_id: candidates_for(claim, limit=CANDIDATES_PER_CLAIM, nearest=nearest.get(claim_id))
        for claim_id, claim in claims.items()
    }
    scored = suggestions_score(claims=claims, candidates=candidates, scorer=scorer)

    threshold = settings.LINK_SUGGESTION_THRESHOLD
    passing: dict[tuple[int, int], _Suggestion] = {}
    best: dict[int, list[tuple[float, tuple[int, int]]]] = {}
    for claim_id, pair, reasons, relation, score in scored:
        if relation is None or score < threshold:
            continue
        if pair not in passing or passing[pair].score < score:
            passing[pair] = _Suggestion(relation, float(score), reasons)
        best.setdefault(claim_id, []).append((score, pair))
    wanted = {
        pair
        for ranked in best.values()
        for _, pair in sorted(ranked, reverse=True)[: settings.LINK_SUGGESTIONS_PER_CLAIM]
    }
    return _store(claim_ids=list(claims), wanted=wanted, passing=passing, version=scorer.version)


def _store(*, claim_ids, wanted, passing, version: str) -> SuggestionResult:
    """Write the wanted suggestions; keep passing ones already there; drop the rest."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK_KEY])
        # Every pair wanted or passing has one of these claims at an end.
        touching = Q(claim_a_id__in=claim_ids) | Q(claim_b_id__in=claim_ids)
        existing = {
            (link.claim_a_id, link.claim_b_id): link for link in ClaimLink.objects.filter(touching)
        }
        replaceable = set(
            ClaimLink.objects.filter(ClaimLink.machine_open_condition())
            .filter(pk__in=[link.pk for link in existing.values()])
            .values_list("pk", flat=True)
        )
        now = timezone.now()
        to_create, to_update, kept = [], [], 0
        for pair in sorted(wanted):
            suggestion = passing[pair]
            link = existing.get(pair)
            if link is None:
                link = ClaimLink(
                    claim_a_id=pair[0], claim_b_id=pair[1], origin=AUTOMATIC, status=SUGGESTED
                )
                _fill(link, suggestion, version)
                to_create.append(link)
            elif link.pk not in replaceable:
                kept += 1
            elif _fill(link, suggestion, version):
                link.updated_at = now
                to_update.append(link)
        # The machine's untouched suggestions that still pass stay (another claim's
        # best); the others are withdrawn.
        stale = [
            link.pk
            for pair, link in existing.items()
            if link.pk in replaceable and pair not in wanted and pair not in passing
        ]
        for pair, link in existing.items():
            still_passes = link.pk in replaceable and pair not in wanted and pair in passing
            if still_passes and _fill(link, passing[pair], version):
                link.updated_at = now
                to_update.append(link)
        if stale:
            ClaimLink.objects.filter(pk__in=stale).delete()
        if to_create:
            bulk_create_with_history(to_create, ClaimLink)
        if to_update:
            bulk_update_with_history(
                to_update,
                ClaimLink,
                [
                    "relation", "suggested_relation", "score", "reasons", "rationale",
                    "model_version", "date_a", "date_b", "updated_at",
                ],
            )  # fmt: skip
    return SuggestionResult(
        claims=len(claim_ids),
        created=len(to_create),
        updated=len(to_update),
        deleted=len(stale),
        kept=kept,
        model_version=version,
    )


def _fill(link: ClaimLink, suggestion: _Suggestion, version: str) -> bool:
    """Set the link's machine fields from ``suggestion``; whether any of them changed."""
    date_a, date_b = reasons_dates(suggestion.reasons)
    values = {
        "relation": suggestion.relation,
        "suggested_relation": suggestion.relation,
        "score": round(suggestion.score, 4),
        "reasons": suggestion.reasons,
        "rationale": reasons_rationale(suggestion.reasons),
        "model_version": version,
        "date_a": date_a,
        "date_b": date_b,
    }
    changed = any(getattr(link, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(link, name, value)
    return changed
