"""The classifier that scores a pair as agree, conflict or neither (placeholder).

A deliberately simple placeholder so that suggestions run end to end: a
fixed rule over the features, no training. The trained model, stored in
LinkModel, replaces it.
"""

from dataclasses import dataclass

CONFLICT_REASONS = (
    "negation_flip",
    "opposite_predicates",
    "numeric_disagreement",
    "entity_swap",
    "change_over_time",
)


@dataclass(frozen=True)
class RuleScorer:
    version: str = "rules-placeholder-1"

    def predict(self, rows: list[dict[str, float]]) -> list[tuple[str | None, float]]:
        results = []
        for row in rows:
            cosine = row.get("cosine", 0.0)
            if any(row.get(f"reason_{name}") for name in CONFLICT_REASONS):
                results.append(("conflict", min(1.0, 0.5 + cosine / 2)))
            elif row.get("reason_same_proposition") or cosine >= 0.85:
                results.append(("agree", cosine))
            else:
                results.append((None, 0.0))
        return results


def active_scorer() -> RuleScorer:
    return RuleScorer()
