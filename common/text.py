"""Plain-text notions every part shares: the end of a sentence, a paragraph, a date, a shortened
text, the characters that act without being seen.

Each is defined here once; cleaning, the NLP pipeline, the admin and the
contradiction view import it rather than keep a variant of their own.
"""

import re
from datetime import date

# --- Sentences ------------------------------------------------------------------------

# What ends a sentence: a stop, then any closing quotes or brackets ('... here."').
SENTENCE_STOPS = ".!?…"
CLOSERS = "\"'”’)]"
SENTENCE_END = re.compile(rf"[{SENTENCE_STOPS}][{re.escape(CLOSERS)}]*+")
_ENDS_SENTENCE = re.compile(rf"{SENTENCE_END.pattern}$")
# A line of prose may also end in a clause stop (a colon before a list, a semicolon).
_ENDS_PROSE_LINE = re.compile(rf"[{SENTENCE_STOPS}:;][{re.escape(CLOSERS)}]*+$")
_SENTENCE_BREAK = re.compile(rf"{SENTENCE_END.pattern}\s+")


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with the end of a sentence (trailing whitespace aside)."""
    return bool(_ENDS_SENTENCE.search(text.rstrip()))


def ends_prose_line(line: str) -> bool:
    """Whether a line ends as prose does (a sentence, or a clause before a list), not as a
    headline, a menu item or a line wrapped mid-sentence."""
    return bool(_ENDS_PROSE_LINE.search(line.rstrip()))


def sentence_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """The sentences of ``text`` as (start, end) offsets, shifted by ``offset``.

    A sentence ends at a stop (and its closing quotes) followed by whitespace;
    the spans leave out the whitespace between sentences.
    """
    spans, begin = [], 0
    for match in _SENTENCE_BREAK.finditer(text):
        spans.append((offset + begin, offset + match.start() + len(match.group().rstrip())))
        begin = match.end()
    if begin < len(text):
        spans.append((offset + begin, offset + len(text.rstrip())))
    return spans


# --- Paragraphs -----------------------------------------------------------------------

# A line break ends a paragraph (cleaned bodies put a blank line between
# paragraphs; a single break counts too, so text from anywhere reads the same).
PARAGRAPH_BREAK = re.compile(r"\n\s*")


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the paragraph holding ``text[start:end]`` starts and ends.

    A span that runs over a break gets every paragraph it touches.
    """
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    return first, len(text) if last == -1 else last


def lines_matching(text: str, lines) -> list[tuple[int, int]]:
    """The (start, end) of every line of ``text`` whose text, stripped, is one of ``lines``.

    A line is what ``paragraph_bounds`` calls a paragraph: the text between two
    line breaks. The same line twice in ``text`` gives two spans.
    """
    wanted = {line.strip() for line in lines if line.strip()}
    spans, begin = [], 0
    while wanted and begin <= len(text):
        end = text.find("\n", begin)
        end = len(text) if end == -1 else end
        if text[begin:end].strip() in wanted:
            spans.append((begin, end))
        begin = end + 1
    return spans


# --- Dates ----------------------------------------------------------------------------

MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}  # fmt: skip
# Longest names first, so "Sept" is never read as "Sep" followed by "t".
MONTHS = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
DATE_PATTERNS = [
    re.compile(pattern, re.I)
    for pattern in [
        # ISO, alone or in a timestamp: "2022-12-13", "2022-12-13T09:54:00Z".
        r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)",
        # Year first with slashes or dots: "2022/12/13", "2022.12.13".
        r"(?<![\d.])(?P<y>\d{4})([/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})(?![\d/])",
        # Written out: "13 December 2022", "13th of Dec. 2022", "December 13, 2022".
        rf"\b{_DAY}\s+(?:of\s+)?(?P<mon>{MONTHS})\.?,?\s+(?P<y>\d{{4}})\b",
        rf"\b(?P<mon>{MONTHS})\.?\s+{_DAY},?\s+(?P<y>\d{{4}})\b",
    ]
]
# Day and month as numbers, in either order: "12/13/2022", "13.12.2022", "13-12-2022".
_NUMERIC_DATE = re.compile(
    r"(?<![\d./-])(?P<a>\d{1,2})([/.-])(?P<b>\d{1,2})\2(?P<y>\d{4})(?![\d/-])"
)
# No year: "Dec 13", "13 December" (read only against a reference day, see ``find_date``).
_YEARLESS_PATTERNS = [
    re.compile(rf"\b(?P<mon>{MONTHS})\.?\s+{_DAY}\b(?!\s*[:.]\d)", re.I),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?(?P<mon>{MONTHS})\b\.?", re.I),
]
_MONTH_YEAR = re.compile(rf"\b(?P<mon>{MONTHS})\.?\s+(?P<y>\d{{4}})\b", re.I)
_YEAR = re.compile(r"(?:the\s+)?(?:year\s+)?(\d{4})s?", re.I)


def _day_and_month(match: re.Match) -> tuple[int, int] | None:
    """Day and month of a match of one of the patterns above; None when the numbers
    could be either (``_NUMERIC_DATE`` with both at most 12: "03/04/2022")."""
    parts = match.groupdict()
    if "a" in parts:
        first, second = int(parts["a"]), int(parts["b"])
        if first > 12 >= second:
            return first, second  # 13/12/2022: day first
        if second > 12 >= first:
            return second, first  # 12/13/2022: month first
        return None
    month = int(parts["m"]) if parts.get("m") else MONTH_NUMBERS[parts["mon"].lower()]
    return int(parts["d"]), month


def find_date(value: str, *, today: date | None = None) -> tuple[date | None, str]:
    """The first calendar date in ``value`` and the text around it.

    Read: ISO ("2022-12-13", in a timestamp too), written out ("13 December 2022",
    "Dec. 13, 2022", "13th of December 2022"), and numbers ("2022/12/13",
    "12/13/2022", "13.12.2022"). Day and month as numbers are read in whichever
    order makes a date; when both orders do ("03/04/2022"), the date is unknown
    (None) rather than guessed. With ``today``, a date without a year ("Dec 13",
    "13 December") is read too, in the latest year that does not put it after
    ``today`` (a day of leeway for time zones); without it, it is not a date.
    """
    found = [
        match
        for pattern in [*DATE_PATTERNS, _NUMERIC_DATE]
        for match in [pattern.search(value)]
        if match
    ]
    if not found and today is not None:
        found = [m for p in _YEARLESS_PATTERNS for m in [p.search(value)] if m]
    for match in sorted(found, key=lambda m: m.start()):
        day_month = _day_and_month(match)
        if day_month is None:
            continue
        day, month = day_month
        rest = f"{value[: match.start()]} {value[match.end() :]}"
        try:
            if match.groupdict().get("y"):
                return date(int(match.group("y")), month, day), rest
            return _in_latest_year(day, month, today), rest
        except ValueError:
            continue
    return None, value


def _in_latest_year(day: int, month: int, today: date) -> date:
    """The day and month in the latest year that does not put them after ``today``
    (by more than a day: a page dated in a time zone ahead of ours)."""
    found = date(today.year, month, day) if (month, day) != (2, 29) else None
    if found is None or (found - today).days > 1:
        year = today.year - 1
        while (month, day) == (2, 29) and year % 4:
            year -= 1
        found = date(year, month, day)
    return found


def parse_date(value: str, *, today: date | None = None) -> date | None:
    """A calendar date from any of the forms ``find_date`` reads."""
    return find_date(value, today=today)[0]


def normalize_date(text: str) -> str | None:
    """ISO form of a stated date, as precise as it is: "2022-01-07", "2022-01", "2022"."""
    day = parse_date(text)
    if day:
        return day.isoformat()
    month_year = _MONTH_YEAR.search(text)
    if month_year:
        return f"{month_year.group('y')}-{MONTH_NUMBERS[month_year.group('mon').lower()]:02d}"
    year = _YEAR.fullmatch(text.strip())
    return year.group(1) if year else None


# --- Shortening -----------------------------------------------------------------------


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters, with
    an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


# --- Invisible characters -------------------------------------------------------------

# Characters that change how text reads while being invisible themselves: bidi marks,
# embeddings, overrides and isolates (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069),
# zero-width characters (U+200B–U+200D, U+2060, U+FEFF) and the soft hyphen. A title can
# hide behind them ("Report\u202efdp.exe" reads "Reportexe.pdf") and two copies of an
# article can differ by them alone.
FORMAT_CONTROLS = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2066\u2067\u2068\u2069\ufeff\u00ad"
)
_WITHOUT_CONTROLS = dict.fromkeys(map(ord, FORMAT_CONTROLS))
_CONTROLS_SHOWN = {ord(char): f"⟨U+{ord(char):04X}⟩" for char in FORMAT_CONTROLS}


def strip_format_controls(text: str) -> str:
    """``text`` without bidi controls, zero-width characters and soft hyphens."""
    return text.translate(_WITHOUT_CONTROLS)


def show_format_controls(text: str) -> str:
    """``text`` with each bidi control, zero-width character and soft hyphen shown as a
    visible marker ("⟨U+202E⟩") that no longer acts."""
    return text.translate(_CONTROLS_SHOWN)
