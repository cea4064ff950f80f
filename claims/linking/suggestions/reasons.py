"""Why two claims may agree or conflict, as typed reasons (placeholder).

A deliberately simple placeholder so that suggestions run end to end; the
full rules (antonym lexicon, quantities, entity swaps, change over time)
replace it. ``pair_reasons`` returns a list of {"type", "detail"} (a
change over time also carries "date_a" and "date_b", ISO dates).
"""

from ...models import AntonymPair, Claim

REASON_TYPES = {
    "same_proposition": "Same proposition",
    "negation_flip": "One denies what the other asserts",
    "opposite_predicates": "Opposite predicates",
    "numeric_disagreement": "Different numbers for the same quantity",
    "entity_swap": "Same statement about a different actor",
    "change_over_time": "Change over time",
}


def _same_proposition(a: Claim, b: Claim) -> bool:
    return (
        bool(a.predicate)
        and a.predicate == b.predicate
        and a.subject.lower() == (b.subject.lower())
    )


def pair_reasons(a: Claim, b: Claim) -> list[dict]:
    """The reasons linking ``a`` and ``b`` (placeholder: predicates and negation only)."""
    reasons = []
    if _same_proposition(a, b):
        if a.is_negated != b.is_negated:
            reasons.append(
                {"type": "negation_flip", "detail": f"“{a.predicate}” asserted and denied"}
            )
        else:
            reasons.append({"type": "same_proposition", "detail": f"both say “{a.predicate}”"})
    elif a.predicate and b.predicate and a.predicate != b.predicate:
        first, second = sorted([a.predicate, b.predicate])
        if AntonymPair.objects.filter(lemma_a=first, lemma_b=second).exists():
            reasons.append(
                {"type": "opposite_predicates", "detail": f"“{a.predicate}” / “{b.predicate}”"}
            )
    return reasons
