"""A source's metadata (title, author, publisher, publication date) read from an HTML page or
from pasted text.

Pure functions: no database, no network. What cannot be read stays empty, which
the rest of the product shows as unknown: nothing here is a guess dressed up as
a value (a title is never the opening words, a publisher never the web address).
"""

import re
from dataclasses import dataclass, fields, replace
from datetime import date

from common.text import ends_prose_line, find_date, parse_date

from .cleaning import DATELINE, is_boilerplate

# Metadata lines (bylines, date lines, headlines) are short: a longer line is text.
MAX_METADATA_LINE = 300
# How many lines before the article's first paragraph are searched for its headline,
# byline and date (a pasted page starts with its site name, menus, section tags).
HEAD_WINDOW = 40
# How close to the first paragraph a headline sharing no word with it must be (in lines).
NEAR_LEAD = 6
# How many lines after the first paragraph's start may still hold the byline or date
# (a standfirst under the headline can read as the first paragraph).
AFTER_LEAD = 8
# What separates a headline from a section tag or site name pasted on its line.
# A run of spaces is entered once, at its start (the lookbehind), so a long one is not
# scanned again from each of its spaces.
TITLE_SEPARATOR = re.compile(r"(?<!\s)\s++[|>»]\s+")
# How much of the article's opening a headline is matched against.
OPENING_WORDS = 150
# A list item as a page renders it ("* Business", "+ Sport", "o Europe", "1. Latest"):
# menus, never a headline.
LIST_ITEM = re.compile(r"^(?:[*+•·o-]|\d{1,2}[.)])\s")

# A byline: "By Anna Petrova", "Written by A and B", "By Anna Petrova, Steppe Review".
BYLINE_START = re.compile(r"^(?:(?:written|words|reporting|text)\s+)?by\s*:?\s+(?P<rest>.+)$", re.I)
# What separates the parts of a byline: names, the publisher, a role, the date.
BYLINE_SEPARATOR = re.compile(r"\s*(?:[,|•·/]|\s[-–—]\s)\s*")
# Lowercase words a name may hold ("Ana de la Cruz", "Ahmed bin Salem").
NAME_PARTICLES = frozenset([
    "de", "del", "della", "der", "den", "di", "da", "das", "do", "dos", "du", "la", "le", "van",
    "von", "al", "el", "bin", "ibn", "ben", "ter",
])  # fmt: skip
# Words that make a byline's part a role, not a publisher ("Brussels correspondent").
ROLE_WORDS = frozenset([
    "correspondent", "correspondents", "reporter", "reporters", "editor", "editors", "writer",
    "writers", "journalist", "journalists", "contributor", "columnist", "staff", "bureau",
    "chief", "senior", "analyst", "producer", "photographer", "photos", "photo", "reporting",
    "additional",
])  # fmt: skip
# Words a date line may hold beside the date itself.
DATE_LINE_WORDS = frozenset([
    "published", "updated", "posted", "modified", "first", "last", "on", "at", "date", "time",
    "am", "pm", "utc", "gmt", "bst", "cet", "cest", "est", "edt", "pst", "pdt", "ist", "msk",
    "local", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "min", "mins",
    "minute", "minutes", "read",
])  # fmt: skip
# A time of day, perhaps as an ISO timestamp's tail: "09:54", "9.54", "T09:54:00Z", "09:54+06:00".
_CLOCK = re.compile(
    r"(?:\bT)?(?<!\d)\d{1,2}[:.h]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?(?!\d)", re.I
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Words too common to tell a headline from any other line about the same story.
STOP_WORDS = frozenset([
    "the", "and", "for", "with", "from", "that", "this", "into", "over", "after", "about",
    "than", "then", "they", "them", "their", "there", "what", "when", "where", "which", "while",
    "who", "whom", "whose", "will", "would", "could", "should", "have", "has", "had", "been",
    "being", "were", "was", "are", "its", "it's", "not", "but", "also", "more", "most", "said",
    "says", "say", "new", "how", "why", "our", "your", "his", "her",
])  # fmt: skip


@dataclass(frozen=True)
class ArticleMetadata:
    """What was read of an article's metadata; an empty value is unknown."""

    title: str = ""
    author: str = ""
    publisher: str = ""
    published_on: date | None = None

    def or_else(self, other: "ArticleMetadata") -> "ArticleMetadata":
        """These values, each unknown one taken from ``other``."""
        return replace(
            self,
            **{
                field.name: getattr(other, field.name)
                for field in fields(self)
                if not getattr(self, field.name)
            },
        )


@dataclass(frozen=True)
class Byline:
    author: str
    publisher: str = ""
    published_on: date | None = None


# --- One line ----------------------------------------------------------------------------


def read_byline(line: str, *, today: date | None = None) -> Byline | None:
    """The author (and publisher and date, when given) of a byline line, or None.

    "By Anna Petrova", "By Anna Petrova and Li Wei", "By A, B and C",
    "By Anna Petrova, Steppe Review", "By Anna Petrova | 13 December 2022".
    Names are capitalised words (lowercase particles aside), so a sentence that
    starts with "By" ("By the end of the year, …") is not a byline.
    """
    line = line.strip(" *_#>")
    if not line or len(line) > MAX_METADATA_LINE:
        return None
    start = BYLINE_START.match(line)
    if not start:
        return None
    published_on, rest = find_date(start.group("rest"), today=today)
    rest = _CLOCK.sub(" ", rest)
    parts = [part.strip(" .*_") for part in BYLINE_SEPARATOR.split(rest)]
    parts = [part for part in parts if part and not _is_date_words(part)]
    if not parts:
        return None
    names = _names(parts[0])
    if not names:
        return None
    taken = 1
    # "By A, B and C": further parts are authors when the list is closed by "and".
    closing = next(
        (
            i
            for i, part in enumerate(parts[1:], 1)
            if re.match(r"(?:and|&)\s", part) or " and " in part
        ),
        None,
    )
    if closing is not None and all(_names(part) for part in parts[1 : closing + 1]):
        for part in parts[1 : closing + 1]:
            names += _names(re.sub(r"^(?:and|&)\s+", "", part))
        taken = closing + 1
    publisher = next((part for part in parts[taken:] if _is_publisher(part)), "")
    return Byline(author=_join_names(names), publisher=publisher, published_on=published_on)


def _names(text: str) -> list[str]:
    """The person names in ``text`` ("A and B", "A & B"), or [] when it is not only names."""
    names = [name.strip() for name in re.split(r"\s+(?:and|&)\s+", text.strip())]
    if not all(_is_name(name) for name in names):
        return []
    return names


def _is_name(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 5:
        return False
    if not all(word[0].isupper() or word in NAME_PARTICLES for word in words):
        return False
    return words[0][0].isupper() and not any(w.lower() in ROLE_WORDS for w in words)


def _join_names(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _is_publisher(text: str) -> bool:
    """Whether a byline's part reads as a publication's name ("Steppe Review"), not a role
    ("Brussels correspondent") or a place ("in Almaty")."""
    words = _WORD.findall(text)
    if not words or len(words) > 8 or len(text) > 100:
        return False
    if any(word.lower() in ROLE_WORDS for word in words):
        return False
    return all(
        word[0].isupper() or word[0].isdigit() or word in ("of", "the", "and", "for")
        for word in words
    )


def _is_date_words(text: str) -> bool:
    """Whether ``text`` holds only the words around a date ("Published", "Updated on", "5 min")."""
    words = _WORD.findall(_CLOCK.sub(" ", text))
    return all(word.lower() in DATE_LINE_WORDS or word.isdigit() for word in words)


def read_date_line(line: str, *, today: date | None = None) -> tuple[date, str] | None:
    """The date of a line that is only a date, and whether it says when the article was
    ``"published"`` or ``"updated"``; None for any other line.

    "13 December 2022", "Published: 12/13/2022, 09.54", "Updated Tue 13 Dec 2022 09:54 GMT",
    "Dec 13" (the year inferred from ``today``; see ``common.text.find_date``).
    """
    line = line.strip(" *_#>|")
    if not line or len(line) > 100:
        return None
    found, rest = find_date(line, today=today)
    if found is None or not _is_date_words(rest):
        return None
    kind = "updated" if re.search(r"\b(updated|modified)\b", line, re.I) else "published"
    return found, kind


def is_metadata_line(line: str, *, today: date | None = None) -> bool:
    """Whether a line is a byline or a date line: metadata, not article text."""
    return bool(read_byline(line, today=today) or read_date_line(line, today=today))


# --- Pasted text -------------------------------------------------------------------------


def metadata_from_text(text: str, *, body: str, today: date | None = None) -> ArticleMetadata:
    """Title, author, publisher and date of an article pasted as text.

    ``text`` is the input as pasted (normalised, page furniture and all), ``body``
    the article cleaned from it. The headline is the line before the article's
    first paragraph that best matches its opening (a pasted page starts with its
    site name, menus, section tags and date lines; see ``headline``); the author
    and publisher come from a byline; the date from a date line or the byline, a
    publication date before an update. Bylines and dates nearest the opening win
    (a page's menus may hold other bylines). Each one not found stays empty.
    """
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    # The article's first paragraph, where a page gives each paragraph its line (as a
    # browser's copy does); else (text wrapped at a fixed width) in the cleaned body.
    at = _lead_index(lines, strict=True)
    if at is not None:
        opening = _opening(lines[at:])
        head, after = lines[max(0, at - HEAD_WINDOW) : at], lines[at : at + AFTER_LEAD]
    else:
        lead_index = _lead_index(paragraphs)
        opening = _opening(paragraphs[lead_index:]) if lead_index is not None else ""
        at = _line_of(lines, paragraphs[lead_index]) if lead_index is not None else None
        if at is not None:
            head, after = lines[max(0, at - HEAD_WINDOW) : at], lines[at : at + AFTER_LEAD]
        elif lead_index is not None:
            head, after = paragraphs[max(0, lead_index - HEAD_WINDOW) : lead_index], []
        else:
            head, after = lines[:HEAD_WINDOW], []

    author = publisher = ""
    dates: dict[str, date] = {}
    # Nearest the opening first: the lines before it, back to front, then those after it.
    for line in [*reversed(head), *after]:
        byline = read_byline(line, today=today)
        if byline:
            if not author:
                author, publisher = byline.author, publisher or byline.publisher
            if byline.published_on:
                dates.setdefault("published", byline.published_on)
            continue
        dated = read_date_line(line, today=today)
        if dated:
            dates.setdefault(dated[1], dated[0])
    if not publisher or not dates:
        # A wire report names its agency and the day in its dateline:
        # "DUBAI, Dec 13 (Meridian Wire) - …".
        for paragraph in paragraphs[:4]:
            dateline = DATELINE.match(paragraph)
            if dateline and dateline.group("agency"):
                publisher = publisher or dateline.group("agency").strip()
                if dateline.group("when") and today is not None:
                    when = parse_date(dateline.group("when"), today=today)
                    if when:
                        dates.setdefault("published", when)
                break
    return ArticleMetadata(
        title=headline(head, opening=opening, today=today),
        author=author[:300],
        publisher=publisher[:200],
        published_on=dates.get("published") or dates.get("updated"),
    )


def _is_lead(paragraph: str) -> bool:
    """Whether a paragraph reads as the article's text: a few words of prose."""
    return (
        len(paragraph.split()) >= 6
        and ends_prose_line(paragraph)
        and not DATELINE.fullmatch(paragraph)
        and not is_boilerplate(paragraph)
    )


def _lead_index(blocks: list[str], *, strict: bool = False) -> int | None:
    """Where the article's text starts among ``blocks`` (lines or paragraphs): the first of
    two prose blocks in a row, page furniture between them aside (a cookie notice or a
    site's motto stands alone); or else, unless ``strict``, the first prose block."""
    prose = [_is_lead(block) for block in blocks]
    for at, block in enumerate(blocks):
        if not prose[at] or len(block.split()) < 10:
            continue
        following = next(
            (i for i in range(at + 1, len(blocks)) if not is_boilerplate(blocks[i])), None
        )
        if following is not None and prose[following]:
            return at
    if strict:
        return None
    return next((at for at, is_prose in enumerate(prose) if is_prose), None)


def _opening(paragraphs: list[str]) -> str:
    """The first ``OPENING_WORDS`` words of the prose among ``paragraphs``."""
    words: list[str] = []
    for paragraph in paragraphs:
        if _is_lead(paragraph):
            words += paragraph.split()[: OPENING_WORDS - len(words)]
        if len(words) >= OPENING_WORDS:
            break
    return " ".join(words)


def _line_of(lines: list[str], paragraph: str) -> int | None:
    """Where ``paragraph`` (of the cleaned body) starts among the pasted ``lines``."""
    start = paragraph[:40]
    return next((i for i, line in enumerate(lines) if line.startswith(start)), None)


def headline(lines: list[str], *, opening: str, today: date | None = None) -> str:
    """The headline among ``lines`` (those before the article's first paragraph), or "".

    The headline is the line that shares the most words (two at least) with the
    article's ``opening``; site names, section tags, menus, bylines, date lines
    and list items are never taken, and a line near the opening wins a tie. When
    no line shares two words, the nearest line before the opening that reads as a
    headline (four words or more, no full stop, a few lines at most above the
    opening) is taken; when there is none, the title is unknown.
    """
    opening_words = _stems(opening)
    near = len(lines) - NEAR_LEAD
    candidates = [
        (at, part)
        for at, line in enumerate(lines)
        if len(line) <= MAX_METADATA_LINE
        and not LIST_ITEM.match(line)
        and not is_metadata_line(line, today=today)
        # "Business | Headline", "Home > World > Headline": each part on its own.
        for part in TITLE_SEPARATOR.split(line)
        if _is_headline_like(part) and not is_boilerplate(part)
    ]
    best, best_score = "", 0.0
    for at, line in candidates:
        shared = len(_stems(line) & opening_words)
        score = shared + (0.5 if at >= near else 0)
        if shared >= 2 and len(line.split()) >= 3 and score >= best_score:
            best, best_score = line, score
    if not best:
        best = next(
            (line for at, line in reversed(candidates) if at >= near and len(line.split()) >= 4),
            "",
        )
    return best[:500]


def _is_headline_like(line: str) -> bool:
    if _CLOCK.search(line) or find_date(line)[0]:
        return False  # a time or a date: a date line with more on it, not a headline
    words = line.split()
    if not 2 <= len(words) <= 30 or len(line) > 200:
        return False
    if line.rstrip(" \"'”’)").endswith((".", ":", ";", ",")):
        return False
    # A short line in capitals is a section tag ("WORLD", "ASIA PACIFIC").
    return not (line.isupper() and len(words) < 5)


def _stems(text: str) -> set[str]:
    """The text's content words, case-folded and cut to five letters ("agreed", "agreement")."""
    return {
        word.casefold()[:5]
        for word in _WORD.findall(text)
        if (len(word) >= 3 or word.isdigit()) and word.casefold() not in STOP_WORDS
    }


# --- HTML --------------------------------------------------------------------------------


def metadata_from_html(html: str, *, url: str | None = None) -> ArticleMetadata:
    """Title, author, publisher (the site's name) and date that an HTML page declares.

    Read by trafilatura from the page's markup (meta tags, structured data, the
    headline) and, for the date, by htmldate without its guesswork (no search of
    the text for any date at all): a date in the URL counts, a copyright year
    does not. A site name trafilatura would only take from the web address is left
    unknown. Each value not found stays empty.
    """
    import trafilatura

    document = trafilatura.extract_metadata(html, default_url=url, extensive=False)
    if document is None:
        return ArticleMetadata()
    title = _single_line(document.title or "")
    author = _single_line((document.author or "").replace(";", ",")).strip(" ,")
    publisher = _single_line(document.sitename or "")
    host = (document.hostname or "").removeprefix("www.")
    if publisher and "." in publisher and " " not in publisher and host.endswith(publisher.lower()):
        publisher = ""  # taken from the web address: not a publisher's name
    if title and (title.casefold() == publisher.casefold() or read_date_line(title)):
        title = ""
    found = document.date
    return ArticleMetadata(
        title=title[:500],
        author=author[:300],
        publisher=publisher[:200],
        published_on=parse_date(found) if found else None,
    )


def _single_line(text: str) -> str:
    return " ".join(text.split())
