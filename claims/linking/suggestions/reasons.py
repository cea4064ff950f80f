"""Placeholder: the reason types a suggestion may carry, with their labels."""

REASON_TYPES = {
    "same_proposition": "Same proposition",
    "negation_flip": "Negation flip",
    "opposite_predicates": "Opposite predicates",
    "numeric_disagreement": "Numbers disagree",
    "entity_swap": "Entity swap",
    "change_over_time": "Change over time",
}
