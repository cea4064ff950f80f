"""How proposals on a cleaned body are scored against gold spans in an article body.

Pure functions. The pipeline's offsets point into ``Source.body`` (what the
cleaner kept of the page); gold offsets point into the benchmark's
``articleBody``. ``OffsetMap`` carries a body span over to the article by
aligning the two texts word by word, so the scores do not depend on how the
cleaner spaced, quoted or trimmed the text.

The matching rule, in one place:

- a gold claim is **found** when one proposal, carried over to the article,
  covers at least half of the gold span's characters and the gold span covers
  at least half of the proposal's (``same_claim``): a dateline or a trimmed
  quote does not matter, a paragraph proposed whole does not find the
  sentences inside it;
- a proposal is **extra** when it overlaps no gold claim at all, or cannot be
  carried over (it comes from outside the article body);
- a not-claim is **proposed** when one proposal covers at least half of it;
- a gold entity span is judged by the mention that overlaps it most (ties:
  the shorter mention); it is **resolved** when that mention's entity has the
  gold canonical name as its name or one of its aliases.
"""

import difflib
import re
from collections.abc import Sequence

WORD = re.compile(r"\w+")


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def covers(proposal: tuple[int, int], gold: tuple[int, int]) -> bool:
    """Whether the proposal covers at least half of the gold span's characters."""
    return 2 * overlap(proposal, gold) >= gold[1] - gold[0] > 0


def same_claim(proposal: tuple[int, int], gold: tuple[int, int]) -> bool:
    """Each of the two spans covers at least half of the other."""
    return covers(proposal, gold) and covers(gold, proposal)


class OffsetMap:
    """Carries character spans of ``body`` over to ``article``.

    Both texts are split into case-folded ``\\w+`` words and aligned with
    difflib's longest matching blocks (no junk heuristic); blocks shorter than
    ``MIN_RUN`` words are dropped, so common words scattered through a page
    do not pull a headline onto the article. A body span maps to the article
    span of its largest group of aligned words that stay in order and close
    together, provided that group holds at least half of the span's words;
    otherwise the span is not in the article (page furniture, a headline,
    another article).
    """

    MIN_RUN = 3
    MAX_GAP = 3  # words the article may add or drop inside one span

    def __init__(self, body: str, article: str):
        body_words = list(WORD.finditer(body))
        article_words = list(WORD.finditer(article))
        self._body_words = body_words
        self._article_words = article_words
        matcher = difflib.SequenceMatcher(
            None,
            [m.group().casefold() for m in body_words],
            [m.group().casefold() for m in article_words],
            autojunk=False,
        )
        self._to_article: dict[int, int] = {}
        for block in matcher.get_matching_blocks():
            if block.size < self.MIN_RUN:
                continue
            for offset in range(block.size):
                self._to_article[block.a + offset] = block.b + offset

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        inside = [i for i, m in enumerate(self._body_words) if m.start() < end and m.end() > start]
        groups: list[list[tuple[int, int]]] = []
        for i in inside:
            if i not in self._to_article:
                continue
            j = self._to_article[i]
            if groups:
                last_i, last_j = groups[-1][-1]
                if 0 < j - last_j <= i - last_i + self.MAX_GAP:
                    groups[-1].append((i, j))
                    continue
            groups.append([(i, j)])
        if not groups:
            return None
        group = max(groups, key=len)
        if 2 * len(group) < len(inside):
            return None
        return self._article_words[group[0][1]].start(), self._article_words[group[-1][1]].end()


def best_mention(
    gold: tuple[int, int], mentions: Sequence[tuple[tuple[int, int], object]]
) -> object | None:
    """The payload of the mention overlapping ``gold`` most (ties: the shorter one)."""
    scored = [
        (overlap(span, gold), -(span[1] - span[0]), index)
        for index, (span, _) in enumerate(mentions)
        if overlap(span, gold) > 0
    ]
    if not scored:
        return None
    return mentions[max(scored)[2]][1]
