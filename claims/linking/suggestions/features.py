"""What the classifier reads about a pair of claims (placeholder).

A deliberately simple placeholder so that suggestions run end to end; the
full feature set replaces it.
"""

from ...models import Claim
from .candidates import Candidate
from .reasons import REASON_TYPES


def pair_features(
    a: Claim, b: Claim, candidate: Candidate, reasons: list[dict]
) -> dict[str, float]:
    features = {
        "cosine": candidate.cosine,
        "text_rank": candidate.text_rank,
        "shared_entities": float(len(candidate.shared_entities)),
        "same_source": float(candidate.same_source),
    }
    types = {reason["type"] for reason in reasons}
    for reason_type in REASON_TYPES:
        features[f"reason_{reason_type}"] = float(reason_type in types)
    return features
