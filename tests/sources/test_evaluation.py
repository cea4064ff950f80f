"""The benchmark's shingle metric on tiny hand-written texts."""

import pytest

from sources.evaluation import page_score, shingles, summarize


def test_shingles_are_case_folded_runs_of_four_words_with_their_counts():
    counts = shingles("The river rose. the river rose again")
    assert counts[("the", "river", "rose", "the")] == 1
    assert counts[("river", "rose", "the", "river")] == 1
    assert sum(counts.values()) == 4


def test_a_text_shorter_than_a_shingle_is_one_shingle():
    assert shingles("Flood warning") == {("flood", "warning"): 1}
    assert shingles("  ...  ") == {}


def test_the_same_body_scores_all_true_positives():
    body = "The council approved the new bridge on Monday after a long debate."
    score = page_score(body, body)
    assert (score.tp, score.fp, score.fn) == (1.0, 0.0, 0.0)


def test_extra_and_missing_words_count_as_false_positives_and_negatives():
    true = "one two three four five"  # 2 shingles
    extracted = "one two three four nine ten"  # 3 shingles, 1 shared
    score = page_score(true, extracted)
    assert score.tp == pytest.approx(1 / 4)
    assert score.fp == pytest.approx(2 / 4)
    assert score.fn == pytest.approx(1 / 4)


def test_every_page_weighs_the_same_in_the_summary():
    long_perfect = page_score("a b c d " * 50, "a b c d " * 50)
    short_missed = page_score("e f g h", "")
    summary = summarize([long_perfect, short_missed])
    assert summary.precision == pytest.approx(1.0)
    assert summary.recall == pytest.approx(0.5)
    assert summary.f1 == pytest.approx(2 / 3)
    assert summary.pages == 2


def test_nothing_extracted_from_nothing_scores_zero():
    assert summarize([page_score("", "")]).f1 == 0.0
