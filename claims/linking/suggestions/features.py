"""The numbers the link classifier reads for one pair of claims.

``pair_features`` is pure over the two claims, their candidate record and
their reasons. ``FEATURES`` fixes the order a model's coefficients follow.
The candidate's full-text rank is not a feature: its scale differs between
databases (``ts_rank`` on PostgreSQL, a fallback elsewhere); word overlap,
computed the same way everywhere, stands for it.
"""

import math

from ...models import Claim
from .reasons import (
    REASON_TYPES,
    actor_ids,
    claim_date,
    is_denial,
    word_overlap,
)

FEATURES = [
    "cosine",
    "word_overlap",
    "shared_entities",
    "shared_rarity",
    "same_actor",
    "same_source",
    "same_predicate",
    "same_polarity",
    "hedging_differs",
    "same_speaker",
    "date_gap_years",
    *(f"reason_{name}" for name in REASON_TYPES),
    "opposite_without_flip",
    "reason_count",
]


def pair_features(a: Claim, b: Claim, candidate, reasons: list[dict]) -> dict[str, float]:
    """Features of the pair (a, b) found as ``candidate`` (claims.linking.suggestions.candidates)."""
    types = {r["type"] for r in reasons}
    counts = [count for _, count in candidate.shared_entities]
    date_a, date_b = claim_date(a), claim_date(b)
    gap = abs((date_a.day - date_b.day).days) / 365.25 if date_a and date_b else 0.0
    row = {
        "cosine": float(candidate.cosine),
        "word_overlap": word_overlap(a, b),
        "shared_entities": float(min(len(counts), 5)),
        # A rare entity both name says more than a hub every third claim names.
        "shared_rarity": sum(1.0 / math.log2(1 + max(count, 1)) for count in counts),
        "same_actor": float(bool(actor_ids(a) & actor_ids(b))),
        "same_source": float(candidate.same_source),
        "same_predicate": float(bool(a.predicate) and a.predicate == b.predicate),
        "same_polarity": float(is_denial(a) == is_denial(b)),
        "hedging_differs": float(a.is_hedged != b.is_hedged),
        "same_speaker": float(bool(a.speaker) and a.speaker == b.speaker),
        "date_gap_years": min(gap, 10.0),
        "opposite_without_flip": float(
            ("opposite_predicates" in types) != ("negation_flip" in types)
        ),
        "reason_count": float(len(reasons)),
    }
    for name in REASON_TYPES:
        row[f"reason_{name}"] = float(name in types)
    return row
