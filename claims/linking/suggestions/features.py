"""The numbers the link classifier reads for one pair of claims.

``pair_features`` is pure over the two claims, their candidate record and
their reasons. ``FEATURES`` fixes the order a model's coefficients follow.
The candidate's full-text rank is not a feature: its scale differs between
databases (``ts_rank`` on PostgreSQL, a fallback elsewhere); word overlap,
computed the same way everywhere, stands for it.
"""

import functools
import math
import re

from .reasons import RULE_REASON_TYPES, profile_of, word_overlap
from .stance import direction

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
    *(f"reason_{name}" for name in RULE_REASON_TYPES),
    "opposite_without_flip",
    "reason_count",
    # What the pair's text says beyond the rules' reasons.
    "negation_cue_differs",
    "contrast_cue",
    "hedge_cue_differs",
    "both_have_numbers",
    "rarest_shared",
    "entity_jaccard",
    "cosine_sq",
    # Which way each claim points on a topic they share (stance.py).
    "direction_opposed",
    "direction_same",
    "speakers_differ",
    # Where the pair stands among the claim's own candidates (``claim_context_features``).
    "cosine_rank",
    "cosine_below_best",
    "overlap_rank",
]
# Claims sharing an entity, or this share of their content words, are on one topic.
TOPIC_OVERLAP = 0.2
# Words by which a sentence denies, opposes or qualifies what it says.
NEGATION_CUE = re.compile(
    r"\b(not|no|never|nothing|none|neither|nor|cannot|without|no longer|refus\w*|"
    r"den(?:y|ied|ies)|fail\w*)\b|n't\b",
    re.I,
)
CONTRAST_CUE = re.compile(
    r"\b(but|yet|however|although|though|rather than|instead|whereas|despite|"
    r"by contrast|not|no longer)\b",
    re.I,
)
HEDGE_CUE = re.compile(
    r"\b(may|might|could|reportedly|allegedly|appears?|seems?|likely|possibly|"
    r"perhaps|suggests?|estimated|expected|would)\b",
    re.I,
)


def pair_features(a, b, candidate, reasons: list[dict]) -> dict[str, float]:
    """Features of the pair (a, b) found as ``candidate`` (claims.linking.suggestions.candidates).

    ``a`` and ``b`` are claims or their ``ClaimProfile`` (``reasons.profile_of``).
    """
    a, b = profile_of(a), profile_of(b)
    types = {r["type"] for r in reasons}
    counts = [count for _, count in candidate.shared_entities]
    date_a, date_b = a.date, b.date
    gap = abs((date_a.day - date_b.day).days) / 365.25 if date_a and date_b else 0.0
    ents_a, ents_b = a.entities, b.entities
    cues_a, cues_b = text_cues(a.text), text_cues(b.text)
    cosine = float(candidate.cosine)
    overlap = word_overlap(a, b)
    on_topic = bool(ents_a & ents_b) or overlap >= TOPIC_OVERLAP
    directions = direction(a.text) * direction(b.text)
    row = {
        "cosine": cosine,
        "word_overlap": overlap,
        "shared_entities": float(min(len(counts), 5)),
        # A rare entity both name says more than a hub every third claim names.
        "shared_rarity": sum(1.0 / math.log2(1 + max(count, 1)) for count in counts),
        "same_actor": float(bool(a.actors & b.actors)),
        "same_source": float(candidate.same_source),
        "same_predicate": float(bool(a.predicate) and a.predicate == b.predicate),
        "same_polarity": float(a.denial == b.denial),
        "hedging_differs": float(a.is_hedged != b.is_hedged),
        "same_speaker": float(bool(a.speaker) and a.speaker == b.speaker),
        "date_gap_years": min(gap, 10.0),
        "opposite_without_flip": float(
            ("opposite_predicates" in types) != ("negation_flip" in types)
        ),
        "reason_count": float(len(reasons)),
        "negation_cue_differs": float(cues_a[0] != cues_b[0]),
        "contrast_cue": float(cues_a[1] + cues_b[1]),
        "hedge_cue_differs": float(cues_a[2] != cues_b[2]),
        "both_have_numbers": float(bool(a.quantities) and bool(b.quantities)),
        "rarest_shared": max((1.0 / math.log2(1 + max(c, 1)) for c in counts), default=0.0),
        "entity_jaccard": len(ents_a & ents_b) / len(ents_a | ents_b) if ents_a | ents_b else 0.0,
        "cosine_sq": cosine * cosine,
        "direction_opposed": float(on_topic and directions < 0),
        "direction_same": float(on_topic and directions > 0),
        "speakers_differ": float(bool(a.speaker) and bool(b.speaker) and a.speaker != b.speaker),
        # Standalone, a pair is its claim's best candidate; claim_context_features corrects it.
        "cosine_rank": 0.0,
        "cosine_below_best": 0.0,
        "overlap_rank": 0.0,
    }
    for name in RULE_REASON_TYPES:
        row[f"reason_{name}"] = float(name in types)
    return row


@functools.lru_cache(maxsize=4096)
def text_cues(text: str) -> tuple[bool, bool, bool]:
    """Whether ``text`` has a negation, a contrast and a hedging cue; once per claim text."""
    return (
        bool(NEGATION_CUE.search(text)),
        bool(CONTRAST_CUE.search(text)),
        bool(HEDGE_CUE.search(text)),
    )


def claim_context_features(rows: list[dict[str, float]]) -> list[dict[str, float]]:
    """Fill in, for the rows of ONE claim's candidates, where each stands among them.

    A cosine of 0.6 is the best match for one claim and the thirtieth for
    another; the classifier ranks a claim's candidates, so it reads the rank
    (log2 of 1 + the number of candidates with a higher cosine or overlap) and
    the distance to the claim's best cosine. Changes the rows in place.
    """
    if not rows:
        return rows
    cosines = sorted((row["cosine"] for row in rows), reverse=True)
    overlaps = sorted((row["word_overlap"] for row in rows), reverse=True)
    for row in rows:
        above = sum(1 for c in cosines if c > row["cosine"])
        row["cosine_rank"] = math.log2(1 + above)
        row["cosine_below_best"] = cosines[0] - row["cosine"]
        row["overlap_rank"] = math.log2(1 + sum(1 for o in overlaps if o > row["word_overlap"]))
    return rows
