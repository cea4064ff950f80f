"""A whole web page copied as text -> the lines of its article.

What a reader gets by selecting a rendered page and copying it holds the
article among menus, share buttons, captions, lists of other articles and
footers, one block a line. Each line is scored by a logistic regression over
its own features and its neighbours' (jusText's context-free class from the
stop-word density in the page's language and length, word counts, end
punctuation, position); in scripts written without spaces (Japanese,
Chinese) words are counted from characters and a sentence may end in 。; the
article is the run of lines whose scores add up to the most, and inside it
the lines that score as content, photo captions with their credits left out. The weights are data trained on real pages
(``pasted_model.json``, made by ``bench/train_pasted_model.py``).

Pure and linear in the number of lines: every feature looks at a fixed window.
"""

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from common.text import CLOSERS, SENTENCE_STOPS, ends_prose_line

from .cleaning import MAX_FURNITURE_LINE, is_boilerplate, is_menu_line
from .metadata import is_metadata_line

MODEL_PATH = Path(__file__).with_name("pasted_model.json")

# jusText's stop-word lists by the language's name; the detected ISO code picks one.
STOPLIST_NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "ru": "Russian", "uk": "Ukrainian", "pl": "Polish",
    "tr": "Turkish", "id": "Indonesian", "kk": "Kazakh", "sv": "Swedish", "da": "Danish",
    "no": "Norwegian_Bokmal", "fi": "Finnish", "cs": "Czech", "ro": "Romanian",
    "hu": "Hungarian", "el": "Greek", "ar": "Arabic",
}  # fmt: skip
# Scripts written without spaces between words. A line's words are estimated
# from its characters (a Japanese or Chinese word is about two), and the
# characters that do a stop word's work stand for stop words: hiragana (the
# Japanese particles and endings) and the commonest Chinese function characters.
CJK_CHARACTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_STOP_CHARACTER = re.compile(r"[\u3040-\u309f的了是在和有也不这就与为]")
CHARACTERS_PER_CJK_WORD = 2
# A sentence in those scripts ends in a full-width stop, perhaps inside quotes.
CJK_PROSE_END = re.compile(rf"[。！？][」』）{re.escape(CLOSERS)}]*$")
CJK_SENTENCE_STOPS = "。！？"
# jusText's context-free classification (Pomikálek's thresholds, the
# library's defaults): a line shorter than ``SHORT_LENGTH`` characters is
# short; otherwise its stop-word density decides between good, near-good and
# bad. A CJK character counts as ``CJK_LENGTH_WEIGHT`` characters, about the
# letters of a word and its space in an alphabetic script.
SHORT_LENGTH = 70
GOOD_LENGTH = 200
STOPWORDS_LOW = 0.30
STOPWORDS_HIGH = 0.32
CJK_LENGTH_WEIGHT = 3
BULLETS = ("* ", "+ ", "- ", "• ", "· ", "o ")
# A line at most this many words with no end punctuation can be the headline
# kept above the article (the metadata reader takes bylines and dates there too).
HEADLINE_MAX_WORDS = 25
# How many lines above the article are searched for its headline and byline.
HEAD_WINDOW = 3
# A photo's caption with its credit ("... Photo: Jane Doe / Agency",
# "(Image credit: ...)"): dropped inside the article's run, where it sits
# between paragraphs. A caption is short; a longer line is article text.
CAPTION_CREDIT = re.compile(
    r"\b(photo(graph)?|image|picture|illustration)s?(\s+credit)?\s*(:|by\s)|"
    r"\b(getty\s+images|shutterstock)\b",
    re.IGNORECASE,
)
CAPTION_MAX_WORDS = 40
# The head of a reader's comment: "jdoe says:", "Reply", "Rating: 9 Votes",
# "2 days ago at 08:12 am", "November 19, 2019 at 6:34 am". Readers'
# comments start where two such heads are near each other (``COMMENT_REACH``).
COMMENT_HEAD = re.compile(
    r"^(\S.{0,60}\s(says|wrote|replied|commented)\s*:|reply|"
    r"rating:\s*\d+\s+votes?|"
    r"(\d+\s+\w+\s+ago|\w+\s+\d{1,2},?\s+\d{4})\s+at\s+\d{1,2}:\d{2}(\s*[ap]\.?m\.?)?)$",
    re.IGNORECASE,
)
# A comment head, or a line that often stands among comments and embedded
# posts ("Name said:", "Report"). An article does not resume below a few of
# them, so the count above a line is a feature (measured: the wider pattern
# ranks lines better, the narrower one cuts the article less often).
COMMENT_MARK = re.compile(
    rf"{COMMENT_HEAD.pattern}|^(\S.{{0,60}}\ssaid\s*:|report)$", re.IGNORECASE
)
# A numbered list item ("3) ...", "12. ...", "4a etapa: ..."): a list whose
# numbers run on is part of an article that lists things (a ranking, a calendar).
LIST_NUMBER = re.compile(r"^(\d{1,3})(\)|\.|[aªº°]\s|\s*[-–—]\s)")
NUMBER_REACH = 3
# Readers' comments start where a comment head has another within this many
# lines: the article's run ends there.
COMMENT_REACH = 8
# The article's run must hold this many lines of prose (``_is_prose``), or
# one paragraph of prose at least ``MIN_LONE_PARAGRAPH_WORDS`` long (a short
# news item is one paragraph), or the page is taken to hold no article.
MIN_PROSE_LINES = 2
MIN_LONE_PARAGRAPH_WORDS = 50
# Context windows, in lines either side.
NEAR = 2
WIDE = 5
FAR = 10

FEATURES = (
    "log_words",
    "ends_prose",
    "stopword_density",
    "digit_share",
    "capitalised_share",
    "is_bullet",
    "is_furniture",
    "is_menu",
    "position",
    "words_before_share",
    "sentence_stops",
    "justext_good",
    "justext_neargood",
    "justext_short",
    "justext_context_good",
    "near_log_words",
    "near_stopword_density",
    "near_ends_prose",
    "wide_justext_good",
    "wide_log_words",
    "far_ends_prose",
    "good_distance",
    "short_run",
    "comment_marks_before",
    "numbered_sequence",
)


@dataclass(frozen=True)
class LineModel:
    """A logistic regression over ``FEATURES``, standardised by ``mean`` and ``scale``."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    # The article is the run of lines whose probabilities most exceed this.
    span_center: float = 0.4
    # A line inside the article's run is kept at this probability or more.
    keep_threshold: float = 0.3

    def probability(self, features: list[float]) -> float:
        z = self.bias + sum(
            w * (x - m) / s
            for w, x, m, s in zip(self.weights, features, self.mean, self.scale, strict=True)
        )
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    def as_json(self) -> dict:
        return {
            "features": list(FEATURES),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "weights": list(self.weights),
            "bias": self.bias,
            "span_center": self.span_center,
            "keep_threshold": self.keep_threshold,
        }

    @classmethod
    def from_json(cls, data: dict) -> "LineModel":
        if tuple(data["features"]) != FEATURES:
            raise ValueError("The model was trained on other features; train it again.")
        return cls(
            mean=tuple(data["mean"]),
            scale=tuple(data["scale"]),
            weights=tuple(data["weights"]),
            bias=data["bias"],
            span_center=data["span_center"],
            keep_threshold=data["keep_threshold"],
        )


@cache
def shipped_model() -> LineModel:
    return LineModel.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


@cache
def stoplist(language: str) -> frozenset[str]:
    import justext

    return frozenset(justext.get_stoplist(STOPLIST_NAMES.get(language, "English")))


@dataclass(frozen=True)
class LineMeasure:
    """A line's length in words, how many of them are stop words, and its weighted length."""

    words: float
    stop_words: float
    length: int


def measure_line(line: str, stopwords: frozenset[str]) -> LineMeasure:
    """Words, stop words and length of ``line``, counting CJK text by its characters."""
    cjk = len(CJK_CHARACTER.findall(line))
    if not cjk:
        tokens = line.split()
        return LineMeasure(len(tokens), sum(t.lower() in stopwords for t in tokens), len(line))
    others = re.findall(r"\w+", CJK_CHARACTER.sub(" ", line))
    stop_characters = len(CJK_STOP_CHARACTER.findall(line))
    return LineMeasure(
        words=len(others) + cjk / CHARACTERS_PER_CJK_WORD,
        stop_words=sum(t.lower() in stopwords for t in others)
        + stop_characters / CHARACTERS_PER_CJK_WORD,
        length=len(line) + (CJK_LENGTH_WEIGHT - 1) * cjk,
    )


def word_count(line: str) -> float:
    """How many words ``line`` holds, CJK text counted by its characters."""
    return measure_line(line, frozenset()).words


def ends_prose(line: str) -> bool:
    """Whether ``line`` ends as prose does, in an alphabetic script or with a full-width stop."""
    return ends_prose_line(line) or bool(CJK_PROSE_END.search(line.rstrip()))


def justext_class(line: str, measure: LineMeasure) -> str:
    """jusText's context-free class of one line: "good", "neargood", "short" or "bad"."""
    if "\u00a9" in line:
        return "bad"
    if measure.length < SHORT_LENGTH:
        return "short"
    density = measure.stop_words / measure.words if measure.words else 0.0
    if density >= STOPWORDS_HIGH:
        return "good" if measure.length > GOOD_LENGTH else "neargood"
    return "neargood" if density >= STOPWORDS_LOW else "bad"


def line_features(lines: list[str], *, stopwords: frozenset[str]) -> list[list[float]]:
    """The ``FEATURES`` of each of ``lines`` (non-empty, stripped), in order."""
    count = len(lines)
    measures = [measure_line(line[:MAX_FURNITURE_LINE], stopwords) for line in lines]
    word_total = sum(m.words for m in measures) or 1
    own = []
    for line, measure in zip(lines, measures, strict=True):
        tokens = line.split()
        letters = sum(ch.isalpha() for ch in line) or 1
        density = measure.stop_words / measure.words if measure.words else 0.0
        capitalised = sum(t[:1].isupper() for t in tokens) / len(tokens) if tokens else 0.0
        stops = sum(line.count(stop) for stop in SENTENCE_STOPS + CJK_SENTENCE_STOPS)
        own.append(
            {
                "log_words": math.log1p(measure.words),
                "ends_prose": float(ends_prose(line)),
                "stopword_density": density,
                "digit_share": sum(ch.isdigit() for ch in line) / (letters + 1),
                "capitalised_share": capitalised,
                "is_bullet": float(line.startswith(BULLETS)),
                "is_furniture": float(is_boilerplate(line)),
                "is_menu": float(is_menu_line(line)),
                "sentence_stops": math.log1p(stops),
            }
        )
    classes = [justext_class(line, m) for line, m in zip(lines, measures, strict=True)]
    context_good = _context_classes(classes)

    short = [m.words < 5 and not ends_prose(line) for line, m in zip(lines, measures, strict=True)]
    runs = _run_lengths(short)
    rows = []
    before = 0.0
    for i in range(count):
        values = own[i]
        values["position"] = i / max(1, count - 1)
        values["words_before_share"] = before / word_total
        before += measures[i].words
        values["justext_good"] = float(classes[i] == "good")
        values["justext_neargood"] = float(classes[i] == "neargood")
        values["justext_short"] = float(classes[i] == "short")
        values["justext_context_good"] = float(context_good[i])
        near = [own[j] for j in range(max(0, i - NEAR), min(count, i + NEAR + 1)) if j != i]
        values["near_log_words"] = _mean(n["log_words"] for n in near)
        values["near_stopword_density"] = _mean(n["stopword_density"] for n in near)
        values["near_ends_prose"] = _mean(n["ends_prose"] for n in near)
        values["short_run"] = math.log1p(runs[i])
        rows.append(values)
    good = [float(c) for c in context_good]
    _window_mean(rows, "wide_justext_good", good, WIDE)
    _window_mean(rows, "wide_log_words", [o["log_words"] for o in own], WIDE)
    _window_mean(rows, "far_ends_prose", [o["ends_prose"] for o in own], FAR)
    for values, distance in zip(rows, _distances(context_good), strict=True):
        values["good_distance"] = math.log1p(distance)
    marks = 0
    for values, line in zip(rows, lines, strict=True):
        values["comment_marks_before"] = math.log1p(marks)
        marks += bool(COMMENT_MARK.match(line[:MAX_FURNITURE_LINE]))
    for values, in_sequence in zip(rows, _numbered_sequence(lines), strict=True):
        values["numbered_sequence"] = float(in_sequence)
    return [[row[name] for name in FEATURES] for row in rows]


def _numbered_sequence(lines: list[str]) -> list[bool]:
    """Whether each line is a numbered item with the number before or after it within ``NUMBER_REACH`` lines."""
    numbers = []
    for line in lines:
        found = LIST_NUMBER.match(line)
        numbers.append(int(found.group(1)) if found else None)
    result = []
    for i, number in enumerate(numbers):
        near = numbers[max(0, i - NUMBER_REACH) : i + NUMBER_REACH + 1]
        result.append(number is not None and (number - 1 in near or number + 1 in near))
    return result


def _context_classes(classes: list[str]) -> list[bool]:
    """jusText's context rule in two passes: a short or near-good line between good ones is good.

    jusText walks out from each short line to its nearest decided neighbours,
    which costs quadratic time over a long run of short lines; the nearest
    good-or-bad class on each side is found here once, left to right and back.
    """
    decided_before: list[str] = []
    last = "bad"
    for cls in classes:
        decided_before.append(last)
        if cls in ("good", "bad"):
            last = cls
    decided_after: list[str] = [""] * len(classes)
    last = "bad"
    for i in range(len(classes) - 1, -1, -1):
        decided_after[i] = last
        if classes[i] in ("good", "bad"):
            last = classes[i]
    result = []
    for cls, before, after in zip(classes, decided_before, decided_after, strict=True):
        if cls == "good":
            result.append(True)
        elif cls == "bad":
            result.append(False)
        elif cls == "neargood":
            result.append((before, after) != ("bad", "bad"))
        else:
            result.append(before == after == "good")
    return result


def _window_mean(rows: list[dict], name: str, values: list[float], width: int) -> None:
    """Set ``rows[i][name]`` to the mean of ``values`` within ``width`` lines of i (prefix sums)."""
    prefix = [0.0]
    for value in values:
        prefix.append(prefix[-1] + value)
    count = len(values)
    for i, row in enumerate(rows):
        lo, hi = max(0, i - width), min(count, i + width + 1)
        row[name] = (prefix[hi] - prefix[lo]) / (hi - lo)


def _distances(flags: list[bool]) -> list[int]:
    """For each position, how many lines away the nearest True is (the list's length when none)."""
    count = len(flags)
    distances = [count] * count
    last = None
    for i in range(count):
        if flags[i]:
            last = i
        if last is not None:
            distances[i] = i - last
    last = None
    for i in range(count - 1, -1, -1):
        if flags[i]:
            last = i
        if last is not None:
            distances[i] = min(distances[i], last - i)
    return distances


def _run_lengths(flags: list[bool]) -> list[int]:
    """For each position, the length of the run of True it sits in (0 when False)."""
    runs = [0] * len(flags)
    i = 0
    while i < len(flags):
        if not flags[i]:
            i += 1
            continue
        j = i
        while j < len(flags) and flags[j]:
            j += 1
        for k in range(i, j):
            runs[k] = j - i
        i = j
    return runs


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def content_probabilities(
    lines: list[str], *, language: str = "en", model: LineModel | None = None
) -> list[float]:
    """How likely each of ``lines`` (non-empty) is article text. A very long line always is."""
    model = model or shipped_model()
    rows = line_features(lines, stopwords=stoplist(language))
    return [
        1.0 if len(line) > MAX_FURNITURE_LINE else model.probability(row)
        for line, row in zip(lines, rows, strict=True)
    ]


def best_run(gains: list[float]) -> tuple[int, int]:
    """The ``[start, end)`` run of ``gains`` with the largest sum (Kadane); ``(0, 0)`` when none is positive."""
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i, gain in enumerate(gains):
        if total <= 0:
            total, start = 0.0, i
        total += gain
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def select_article_lines(
    lines: list[str], *, language: str = "en", model: LineModel | None = None
) -> list[str]:
    """The article's lines out of a whole page's (blank lines as paragraph breaks kept).

    The article is the run of lines with the largest sum of (probability -
    ``span_center``), each weighted by the logarithm of its words; inside it, lines scoring at least the model's
    ``keep_threshold`` stay. Above it, the nearest headline-like line and any
    byline or date line stay too, for the headline leads the body and the
    metadata reader looks for the byline there. Nothing is dropped when the run
    holds fewer than ``MIN_PROSE_LINES`` lines of prose and none of
    ``MIN_LONE_PARAGRAPH_WORDS`` words: the page has no article.
    """
    model = model or shipped_model()
    positions = [i for i, line in enumerate(lines) if line.strip()]
    texts = [lines[i].strip() for i in positions]
    if not texts:
        return lines
    probabilities = content_probabilities(texts, language=language, model=model)
    gains = [
        (p - model.span_center) * math.log1p(word_count(text))
        for p, text in zip(probabilities, texts, strict=True)
    ]
    start, end = best_run(gains)
    end = _comments_start(texts, start, end)
    prose = [word_count(texts[k]) for k in range(start, end) if _is_prose(texts[k])]
    if len(prose) < MIN_PROSE_LINES and max(prose, default=0) < MIN_LONE_PARAGRAPH_WORDS:
        # No article here (a list of headlines, a tag page): the page stays as
        # it is, for the reader's own checks to judge.
        return lines
    keep = {
        k
        for k in range(start, end)
        if probabilities[k] >= model.keep_threshold and not _is_caption(texts[k])
    }
    headline_found = False
    for k in range(start - 1, max(-1, start - 1 - HEAD_WINDOW), -1):
        text = texts[k]
        if is_metadata_line(text):
            keep.add(k)
        elif not headline_found and _is_headline(text):
            keep.add(k)
            headline_found = True
    kept: list[str] = []
    previous = None
    for k in sorted(keep):
        if previous is not None and positions[k] > positions[previous] + 1:
            kept.append("")
        kept.append(lines[positions[k]])
        previous = k
    return kept


def _comments_start(texts: list[str], start: int, end: int) -> int:
    """Where readers' comments begin inside ``texts[start:end]`` (``end`` when they do not).

    Linear: each line's head is checked once, and the heads in the window
    ahead are counted with a running sum.
    """
    heads = [bool(COMMENT_HEAD.match(texts[k][:MAX_FURNITURE_LINE])) for k in range(start, end)]
    ahead = sum(heads[:COMMENT_REACH])
    for offset, is_head in enumerate(heads):
        if is_head and ahead >= 2:
            return start + offset
        ahead -= is_head
        if offset + COMMENT_REACH < len(heads):
            ahead += heads[offset + COMMENT_REACH]
    return end


def _is_caption(text: str) -> bool:
    return word_count(text) <= CAPTION_MAX_WORDS and bool(CAPTION_CREDIT.search(text))


def _is_prose(text: str) -> bool:
    return word_count(text) >= 10 and ends_prose(text)


def _is_headline(text: str) -> bool:
    words = word_count(text)
    return (
        3 <= words <= HEADLINE_MAX_WORDS
        and not text.endswith((".", ":", "|", "。"))
        and not text.startswith(BULLETS)
        and not is_boilerplate(text)
        and sum(ch.isdigit() for ch in text) < len(text) / 4
    )
