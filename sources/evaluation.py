"""How close an extracted article body is to the true one: the article-extraction benchmark's metric.

Pure functions. Each text is split into case-folded word tokens (``\\w+``) and
every run of four consecutive tokens (a shingle) is counted with multiplicity.
Per page, TP is the shingles both texts share (the smaller count of each), FP
the extra extracted ones and FN the missing true ones, each divided by their
sum so that every page weighs the same; the pages' figures are summed, then
turned into precision, recall and F1.
"""

import re
from collections import Counter
from dataclasses import dataclass

SHINGLE_SIZE = 4
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class PageScore:
    """One page's normalised shares: ``tp + fp + fn`` is 1 (or all are 0 when both texts are empty)."""

    tp: float
    fp: float
    fn: float

    @property
    def f1(self) -> float:
        return _f1(self.tp, self.fp, self.fn)


@dataclass(frozen=True)
class Summary:
    precision: float
    recall: float
    f1: float
    pages: int


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter:
    """The runs of ``size`` consecutive case-folded word tokens in ``text``, with their counts.

    A text with fewer than ``size`` tokens (but at least one) is one shorter
    shingle, so that a short text still counts.
    """
    tokens = [token.casefold() for token in WORD.findall(text)]
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)))


def page_score(true: str, extracted: str) -> PageScore:
    """The normalised TP, FP and FN of ``extracted`` against the ``true`` body."""
    expected, found = shingles(true), shingles(extracted)
    tp = sum((expected & found).values())
    fp = sum((found - expected).values())
    fn = sum((expected - found).values())
    total = tp + fp + fn
    if not total:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


def summarize(scores: list[PageScore]) -> Summary:
    """Precision, recall and F1 over pages, from their summed normalised TP, FP and FN."""
    tp = sum(score.tp for score in scores)
    fp = sum(score.fp for score in scores)
    fn = sum(score.fn for score in scores)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return Summary(precision, recall, _f1(tp, fp, fn), len(scores))


def _f1(tp: float, fp: float, fn: float) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0
