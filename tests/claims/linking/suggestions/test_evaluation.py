"""How evaluate_links tells where each annotated link ended up."""

from types import SimpleNamespace

from claims.linking.suggestions.training import AnnotatedPair
from claims.management.commands.evaluate_links import OUTCOMES, link_outcomes


def claim(pk):
    return SimpleNamespace(pk=pk)


def pair(relation, a, b):
    return (AnnotatedPair(relation, "", "demo/01", "x", "demo/02", "y"), claim(a), claim(b))


def test_each_link_ends_in_the_best_place_either_claim_gives_it():
    found = [
        pair("conflict", 1, 2),  # second in claim 1's list, as a conflict
        pair("conflict", 3, 4),  # suggested, but as an agreement
        pair("agree", 5, 6),  # a candidate the model scored too low
        pair("agree", 7, 8),  # never a candidate
        pair("conflict", 9, 10),  # 12th for claim 9, 3rd for claim 10: found
        pair("neither", 1, 3),  # not a link: not counted
    ]
    ranked = {
        1: [(11, "agree", 0.9), (2, "conflict", 0.8)],
        3: [(4, "agree", 0.7)],
        9: [(100 + i, "agree", 0.9) for i in range(11)] + [(10, "conflict", 0.6)],
        10: [(12, "agree", 0.9), (13, "agree", 0.8), (9, "conflict", 0.7)],
    }
    keys = {(1, 2), (3, 4), (5, 6), (6, 5), (9, 10), (10, 9), (1, 3)}

    outcomes = link_outcomes(found, ranked, keys)

    assert outcomes == {
        ("conflict", "found in the top 10"): 2,
        ("conflict", "suggested with the other relation"): 1,
        ("agree", "scored below the threshold"): 1,
        ("agree", "not a candidate"): 1,
    }
    assert set(OUTCOMES) >= {outcome for _, outcome in outcomes}


def test_a_right_link_below_the_tenth_is_told_apart_from_a_miss():
    ranked = {1: [(100 + i, "agree", 0.9) for i in range(10)] + [(2, "conflict", 0.5)]}
    outcomes = link_outcomes([pair("conflict", 1, 2)], ranked, {(1, 2)})
    assert outcomes == {("conflict", "ranked below the tenth"): 1}
