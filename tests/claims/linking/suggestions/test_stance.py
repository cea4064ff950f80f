"""Which way a claim points on its topic, and what the classifier learns from."""

from types import SimpleNamespace

from claims.linking.suggestions.features import FEATURES
from claims.linking.suggestions.model import CLASSES, fit
from claims.linking.suggestions.stance import direction
from claims.linking.suggestions.training import training_set


def test_gain_and_loss_point_opposite_ways_and_a_negation_turns_them():
    assert direction("Russia is losing Central Asia") == -1
    assert direction("Russia Is Not Losing Central Asia") == 1
    assert direction("Moscow remains the final guarantor of order") == 1
    assert direction("Russia is no longer the only great power in the region") == -1
    assert direction("Trade rose 40 percent") == 1
    assert direction("The summit took place in Xi'an") == 0


def test_a_short_stem_matches_its_inflections_only():
    assert direction("The talks ended") == -1
    assert direction("The party endorsed him") == 1  # "endorse" is not "end"


def pair(pk_a, pk_b, relation):
    return (
        SimpleNamespace(relation=relation),
        SimpleNamespace(pk=pk_a),
        SimpleNamespace(pk=pk_b),
    )


def test_training_never_reads_a_test_claim_and_never_calls_a_held_out_pair_neither():
    found = [pair(1, 2, "agree"), pair(3, 4, "conflict")]
    found_rows = [{"cosine": 0.9}, {"cosine": 0.5}]
    keys = [(1, 2), (2, 1), (1, 5), (3, 6), (7, 8), (8, 9)]
    rows = [{"cosine": float(i) / 10} for i in range(len(keys))]

    out_rows, labels, weights = training_set(
        found, found_rows, keys, rows, leave_out={3}, held_out={7}
    )

    # The annotated agreement (both ways it was found is one pair), not the pair touching
    # claim 3; the unannotated (1, 5) and (8, 9) as light "neither"; nothing of 3 or 7.
    assert labels == ["agree", "neither", "neither"]
    assert out_rows == [{"cosine": 0.9}, rows[2], rows[5]]
    assert weights[0] == 1.0 and weights[1] < 1.0


def test_the_relation_follows_reasons_that_all_point_one_way():
    rows, labels = [], []
    for i in range(30):
        rows.append({"cosine": 0.9, "contrast_cue": 1.0, "reason_same_quantity": 0.0})
        labels.append("conflict")
        rows.append({"cosine": 0.9, "contrast_cue": 0.0, "reason_same_quantity": 0.0})
        labels.append("agree")
        rows.append({"cosine": 0.1 + i / 1000, "contrast_cue": 0.0})
        labels.append("neither")
    scorer = fit(rows, labels, prefix="test", c=1.0)
    assert set(CLASSES) == set(scorer.classes) and len(scorer.features) == len(FEATURES)

    cued = {"cosine": 0.9, "contrast_cue": 1.0}
    assert scorer.predict([cued])[0][0] == "conflict"
    same_figure = {**cued, "reason_same_quantity": 1.0}
    assert scorer.predict([same_figure])[0][0] == "agree"
    both = {**same_figure, "reason_numeric_disagreement": 1.0}
    assert scorer.predict([both])[0][0] == "conflict"  # the classifier decides
