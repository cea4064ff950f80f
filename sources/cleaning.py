"""Raw input (bytes, plain text, Markdown or HTML) -> a clean article body and its metadata.

Pure functions: no database, no network. Every refusal is a ValidationError
with a code (``empty``, ``binary``, ``encoding``, ``too_large``, ``no_text``)
and a message meant for the person who gave the input.
"""

import bisect
import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError

from common.text import ends_prose_line, strip_format_controls

# The files that hold an article, by suffix, and how each is read (uploads,
# ``ingest DIR`` and the benchmarks all take these).
FORMAT_BY_SUFFIX = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}

# Signatures of common binary formats people upload by mistake.
BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or a Word/OpenDocument file)",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
}

# A line longer than this is article text, whatever its first words: the line
# heuristics below (furniture, menus, bios, lists, bylines, dates) never look at
# it. The longest furniture pasted as one line, a site's whole menu or a legal
# footer, stays well under it, and a bound on the line keeps each check cheap.
MAX_FURNITURE_LINE = 2_000

# Lines that are page furniture, not article: share bars, subscription and
# cookie prompts, ads, sign-in links, copyright footers, lists of other articles.
# The search for a subscription keyword is atomic: given up once, it is not
# retried at every earlier word.
BOILERPLATE_LINE = re.compile(
    r"""^(
        (share|tweet|email|print)(\s+(this|the))?(\s+(article|story|page|on\s+\w+))?:?
      | (subscribe|sign\s*up)\b(?>.*\b(newsletter|updates|free|now|today)\b).*
      | subscribe(\s+now)?
      | (sign|log)\s*(in|out|up)(\s*(/|or|\|)\s*(register|sign\s*up|subscribe))?
      | register
      | advertisement|sponsored(\s+content)?|ad
      | (also\s+read|read\s+more|read\s+also|related(\s+(articles|stories|coverage))?|more\s+on\s+this\s+story|recommended(\s+for\s+you)?|most\s+read|trending(\s+now)?)\b.*
      | (cookie|cookies)\b.*
      | (accept|reject)(\s+all)?(\s+cookies)?
      | (©|\(c\)|copyright)\s.*
      | .*\ball\s+rights\s+reserved\.?
      | follow\s+(us|him|her|them|me)\b.*
      | (log|sign)\s*in\s+to\s+(comment|reply|read|continue).*
      | (forgot(ten)?\s+(your\s+)?password|remember\s+me|create\s+(an\s+)?account)\??
      | (e-?mail(\s+address)?|password|username)\s*:?
      | (terms\s+(of\s+(use|service)|and\s+conditions)|privacy\s+policy|contact\s+us|about\s+us)\b.*
      | (more\s+(stories|from|news)|latest\s+news|editor'?s\s+picks?|you\s+may\s+also\s+like|popular)\b.*
      | click\s+here\b.*
      | (skip\s+to\s+(main\s+)?content|back\s+to\s+top|menu|search|home)
      | (image|photo|picture)(\s+(caption|credit))?\s*:.*
      | order\s+reprints|this\s+copy\s+is\s+for\s+your\s+personal\b.*
      | comments?(\s*\(\d+\))?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# An author's bio: "Maria Lopez is our Brussels correspondent. She covers ...",
# "Sam Okoro covers European football for Touchline Daily. He is based in London."
BIO_LINE = re.compile(
    r"^[A-Z][\w'’.-]+(\s+[A-Z][\w'’.-]+){0,3}\s+("
    r"is\s+(?i:a|an|the|our)\s+[^.]{0,80}?\b(correspondent|reporter|editor|journalist|writer|"
    r"columnist|contributor|producer|contributing\s+\w+)\b"
    r"|covers\s|writes\s+(about|on|for)\s|reports\s+(on|from|for)\s"
    r").*$"
)
# A bio's own follow-up line: "He is based in London.", "She previously reported from Geneva."
BIO_FOLLOW_UP = re.compile(
    r"^(He|She|They)\s+(is|are|was|were|has|have|previously|also|lives|joined|worked|"
    r"reported|covered)\b.*$"
)
# A heading over a list of other articles; its items are dropped with it. What
# follows "more from" is taken whole (possessive), never split again on failure.
LIST_HEADING = re.compile(
    r"^(most\s+(read|popular|viewed|shared)|related(\s+(articles|stories|coverage|news))?|"
    r"trending(\s+now)?|recommended(\s+for\s+you)?|more\s+(stories|from\s++.*+|news)|"
    r"latest(\s+news)?|top\s+stories|also\s+read|read\s+more|in\s+other\s+news)\s*:?$",
    re.IGNORECASE,
)
LIST_ITEM = re.compile(r"^(\d{1,2}[.)]|[-*•·])\s+\S")
# A wire dateline: "DUBAI, Dec 13 (Meridian Wire) - ", "ALMATY (Reuters) — ".
# The spaces before the agency and the dash are taken whole (possessive): split
# between the two, a long run of spaces would be tried every way.
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’-]{1,40}?)(,\s*(?P<when>[A-Z][a-z]{2,9}\.?\s+\d{1,2}))?"
    r"\s*+(\((?P<agency>[^)]{2,40})\))?\s*+[-–—]{1,2}\s+"
)
# A navigation bar pasted as one line: "Home | World | Politics | More…", three
# or more short items between separators. It is checked item by item
# (``is_menu_line``): as one pattern, items that may hold spaces next to
# separators that may be spaced too, it backtracks exponentially on a long
# line that fails at its end.
MENU_SEPARATOR = re.compile(r"[|•·»]")
MENU_ITEM = re.compile(r"[\w&'’ -]{1,25}(?:…|\.\.\.)?")

# A Markdown image or link, whose address may hold one pair of parentheses
# ("Mercury_(planet)"). The text cannot run past a square bracket, nor the
# address past a parenthesis other than its one inner pair, so a failed scan is
# not repeated from the next opener over the same text (``[^\]]*`` and
# ``[^)]*`` rescanned the rest of the text from every ``[``: quadratic time).
MARKDOWN_IMAGE = re.compile(r"!\[[^\[\]]*+\]\((?:[^()]++|\([^()]*+\))*+\)")
MARKDOWN_LINK = re.compile(r"\[([^\[\]]++)\]\((?:[^()]++|\([^()]*+\))*+\)")
# The markers of single-marker emphasis, opening and closing (``_strip_emphasis``).
EMPHASIS_OPENER = re.compile(r"(?<![\w*])[*_](?!\s)")
EMPHASIS_CLOSER = re.compile(r"(?<!\s)[*_](?![\w*])")
# Text of this many lines or more (after furniture lines are dropped) is read
# as a whole page copied from a browser and narrowed to its article; shorter
# text is an article already.
MIN_PAGE_LINES = 12
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")


@dataclass(frozen=True)
class CleanedArticle:
    body: str
    title: str = ""
    author: str = ""
    publisher: str = ""
    published_on: date | None = None
    language: str = ""


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language ("en", "es", ...), from its first 1,500 characters."""
    import py3langid

    sample = text[:1500]
    if len(sample.split()) < 3:
        return ""
    code, _ = py3langid.classify(sample)
    return code


def decode_input(data: bytes, *, max_bytes: int) -> str:
    """Decode uploaded or fetched bytes as UTF-8 text, refusing what is not text."""
    if len(data) > max_bytes:
        raise ValidationError(
            "The input is %(size)s bytes; the limit is %(limit)s bytes.",
            code="too_large",
            params={"size": f"{len(data):,}", "limit": f"{max_bytes:,}"},
        )
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ValidationError(
                "The input is %(kind)s, not text. Give the article as text, Markdown or HTML.",
                code="binary",
                params={"kind": kind},
            )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationError(
            "The input is UTF-16 text; save or convert it as UTF-8 and try again.",
            code="encoding",
        )
    if b"\x00" in data:
        raise ValidationError(
            "The input contains NUL bytes: it is a binary file, not text.", code="binary"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            "The input is not valid UTF-8 (byte 0x%(byte)s at position %(position)s). "
            "Save or convert it as UTF-8 and try again.",
            code="encoding",
            params={"byte": f"{data[exc.start]:02x}", "position": exc.start},
        ) from exc
    return text


def check_text(text: str, *, max_chars: int) -> None:
    """Refuse text that is empty, too long, or binary data in disguise."""
    if not text or not text.strip():
        raise ValidationError("The input is empty.", code="empty")
    if len(text) > max_chars:
        raise ValidationError(
            "The input has %(size)s characters; the limit is %(limit)s.",
            code="too_large",
            params={"size": f"{len(text):,}", "limit": f"{max_chars:,}"},
        )
    controls = len(CONTROL_CHARS.findall(text))
    if "\x00" in text or controls > max(2, len(text) // 200):
        raise ValidationError(
            "The input is full of control characters: it looks like binary data, not text.",
            code="binary",
        )


def detect_format(text: str, *, filename: str = "", content_type: str = "") -> str:
    """Return "html", "markdown" or "text" from the file name, content type or content."""
    suffix = FORMAT_BY_SUFFIX.get(Path(filename.lower()).suffix)
    if suffix in ("html", "markdown"):
        return suffix
    if "html" in content_type.lower():
        return "html"
    if "markdown" in content_type.lower():
        return "markdown"
    head = text.lstrip()[:500].lower()
    if head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text):
        return "html"
    return "text"


def normalize_text(text: str) -> str:
    """Unicode NFC, Unix newlines, no invisible characters or trailing spaces."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = INVISIBLE.sub("", text)
    text = text.replace("\u00a0", " ").replace("\t", " ")
    text = CONTROL_CHARS.sub("", text)
    lines = [re.sub(r" {2,}", " ", line).strip() for line in text.split("\n")]
    return "\n".join(lines)


def content_hash(body: str) -> str:
    """SHA-256 of the body with case, spacing and Unicode form normalised.

    Two copies of one article that differ only in layout get the same hash,
    and so do two that differ only by invisible characters (bidi controls,
    zero-width characters, soft hyphens), which would otherwise let a copy
    pass as a new article.
    """
    visible = strip_format_controls(body)
    normalised = " ".join(unicodedata.normalize("NFKC", visible).casefold().split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def is_menu_line(line: str) -> bool:
    """Whether ``line`` is three or more short items between ``| • · »`` separators.

    An item is up to 25 word characters, spaces, ``&``, apostrophes and hyphens,
    perhaps ending in an ellipsis ("More…"), with any spacing around it.
    """
    items = MENU_SEPARATOR.split(line)
    return len(items) >= 3 and all(_is_menu_item(item) for item in items)


def _is_menu_item(text: str) -> bool:
    item = text.strip()
    # A slot holding only a space is an item (a link drawn as an icon leaves
    # one: "Home | | Search"); an empty one ("Home || Search") is not.
    return bool(MENU_ITEM.fullmatch(item)) if item else " " in text


def is_boilerplate(line: str) -> bool:
    """Whether one line (no newline) is page furniture rather than part of the article.

    A line longer than ``MAX_FURNITURE_LINE`` never is.
    """
    stripped = line.strip(" *_#>-–—•·|")
    if not stripped or len(line) > MAX_FURNITURE_LINE:
        return False
    return bool(BOILERPLATE_LINE.match(stripped) or is_menu_line(line))


def drop_furniture(lines: list[str]) -> list[str]:
    """Lines without page furniture, including lists of other articles under their heading.

    Under a heading such as "Most read" or "Related", numbered, bulleted or
    headline-like lines (no end punctuation) go too, up to the next prose. A
    line longer than ``MAX_FURNITURE_LINE`` is always kept.
    """
    kept: list[str] = []
    in_list = after_bio = False
    for line in lines:
        if len(line) > MAX_FURNITURE_LINE:
            # Article text: it ends a bio or a list of other articles.
            in_list = after_bio = False
            kept.append(line)
            continue
        stripped = line.strip(" *_#>")
        if BIO_LINE.match(stripped) or (after_bio and BIO_FOLLOW_UP.match(stripped)):
            after_bio = True
            continue
        after_bio = after_bio and not stripped
        if LIST_HEADING.match(stripped):
            in_list = True
            continue
        if in_list:
            if not stripped:
                continue
            if LIST_ITEM.match(stripped) or not ends_prose_line(stripped):
                continue
            in_list = False
        if is_boilerplate(line):
            continue
        kept.append(line)
    return kept


def strip_markdown(text: str) -> str:
    """Markdown to plain text, keeping the words: headings, emphasis, links, lists."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = MARKDOWN_IMAGE.sub("", text)
    text = MARKDOWN_LINK.sub(r"\1", text)
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"^#{1,6}\s+", "", line)
        line = re.sub(r"^>\s?", "", line)
        line = re.sub(r"^([-*+]|\d+\.)\s+", "", line)
        if re.fullmatch(r"[-*_=]{3,}", line.strip()):
            line = ""
        line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
        line = _strip_emphasis(line)
        line = line.replace("`", "")
        lines.append(line)
    return "\n".join(lines)


def _strip_emphasis(line: str) -> str:
    """One line (no newline) with its single-marker emphasis unmarked: ``*word*``, ``_words_``.

    An opening marker follows neither a word character nor ``*`` and comes
    before a non-space; the closing one is the same marker, the nearest after
    it that follows a non-space and comes before neither a word character nor
    ``*``. Pairs are taken from the left and do not overlap.
    """
    # Every closer is found once up front: as one pattern, each opener without
    # a closer searched the rest of the line again (quadratic time).
    closers: dict[str, list[int]] = {"*": [], "_": []}
    for closer in EMPHASIS_CLOSER.finditer(line):
        closers[closer.group()].append(closer.start())
    pieces = []
    done = 0
    for opener in EMPHASIS_OPENER.finditer(line):
        start = opener.start()
        if start < done:
            continue
        candidates = closers[opener.group()]
        nearest = bisect.bisect_left(candidates, start + 2)
        if nearest == len(candidates):
            continue
        end = candidates[nearest]
        pieces += [line[done:start], line[start + 1 : end]]
        done = end + 1
    pieces.append(line[done:])
    return "".join(pieces)


def paragraphs_from_lines(lines: list[str], *, rewrap: bool = True) -> list[str]:
    """Group lines into paragraphs, joining lines that were hard-wrapped mid-sentence.

    A blank line ends a paragraph. With ``rewrap``, a line joins the previous
    one when the previous one is long and does not end a sentence (text wrapped
    at a fixed width); short lines without end punctuation (headings, list
    items) stand alone. Without it every line is a paragraph.
    """
    paragraphs: list[str] = []
    # The lines of the paragraph being built, joined when it ends: joining at
    # every line would copy a long hard-wrapped paragraph once per line.
    current: list[str] = []
    length = 0
    # The first line, the headline, always stands alone.
    headline = next((line for line in lines if line), None)
    for line in lines:
        if not line:
            if current:
                paragraphs.append(" ".join(current))
            current, length = [], 0
            continue
        is_wrapped = length >= 45 and not ends_prose_line(current[-1])
        if rewrap and current and current != [headline] and is_wrapped:
            current.append(line)
            length += 1 + len(line)
        elif current:
            paragraphs.append(" ".join(current))
            current, length = [line], len(line)
        else:
            current, length = [line], len(line)
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def clean_text(
    text: str,
    *,
    markdown: bool = False,
    rewrap: bool = True,
    find_article: bool = True,
    page_model=None,
    today: date | None = None,
) -> CleanedArticle:
    """Clean pasted or uploaded text: drop page furniture, find title, byline and date.

    With ``find_article``, text of ``MIN_PAGE_LINES`` lines or more is read as
    a whole web page copied as text and narrowed to its article by
    ``sources.pasted`` (``page_model``: its ``LineModel``, the shipped one by
    default). The headline stays the first paragraph of the body (it is part
    of the article and can be a claim); byline and date lines become metadata
    (``sources.metadata``; ``today`` dates a "Dec 13" without a year).
    """
    from . import metadata  # which reads the page with the furniture rules above

    text = normalize_text(text)
    if markdown:
        text = re.sub(r" {2,}", " ", strip_markdown(text))
    lines = drop_furniture(text.split("\n"))
    if find_article and sum(1 for line in lines if line) >= MIN_PAGE_LINES:
        # Imported here: the page reader builds on this module's line checks.
        from .pasted import select_article_lines

        lines = select_article_lines(lines, language=detect_language(text), model=page_model)

    kept: list[str] = []
    content_seen = 0
    for line in lines:
        # Byline and date lines are short and sit among the first few lines of content.
        if line and content_seen <= 4 and metadata.is_metadata_line(line, today=today):
            continue
        if line:
            content_seen += 1
        kept.append(line)

    body = "\n\n".join(paragraphs_from_lines(kept, rewrap=rewrap))
    found = metadata.metadata_from_text(text, body=body, today=today)
    return CleanedArticle(body=body, **asdict(found))


# trafilatura's precision-first extraction sometimes keeps only a notice next
# to the article (a reprint note, a share bar) when the article's container
# looks unusual. A result shorter than this is checked against the balanced
# extraction, and replaced when that one holds ``RECALL_RETRY_FACTOR`` times
# as much text: the page has an article the precise pass missed.
SHORT_EXTRACTION_CHARS = 1_000
RECALL_RETRY_FACTOR = 3
# The page's own summary (its description) shown above the body as a block
# of its own is the article's lead when it is a sentence of this many words.
LEAD_MIN_WORDS = 15
# At most this many elements are compared whole with the description.
LEAD_CANDIDATES = 20


def clean_html(html: str, *, url: str | None = None, today: date | None = None) -> CleanedArticle:
    """Keep the main text of an HTML page (trafilatura) and its metadata.

    Menus, asides, footers, scripts and comments are dropped by the extractor;
    the line cleaner then removes furniture it kept. The page's headline leads
    the body, then its lead paragraph when the page shows one outside the
    body's container (``page_lead``). Metadata is what the page declares
    (``sources.metadata``), each value it lacks taken from a byline or date
    line in the text when there is one.
    """
    from . import metadata

    document = _extract_html(html, url=url, favor_precision=True)
    text = _document_text(document)
    if len(text) < SHORT_EXTRACTION_CHARS:
        balanced = _extract_html(html, url=url, favor_precision=False)
        if missed_article(text, _document_text(balanced)):
            document, text = balanced, _document_text(balanced)
    if not text.strip():
        raise ValidationError("No article text was found in the HTML page.", code="no_text")
    if url:
        # The page's own address printed on it (a print or reprint footer).
        text = "\n".join(line for line in text.split("\n") if line.strip() != url)
    # The extractor puts each paragraph on its own line: never re-join them,
    # and it has found the article already.
    cleaned = clean_text(text, rewrap=False, find_article=False, today=today)
    if not cleaned.body.strip():
        raise ValidationError(
            "The HTML page holds only menus, prompts and other page furniture, no article text.",
            code="no_text",
        )
    declared = metadata.metadata_from_html(html, url=url)
    found = declared.or_else(
        metadata.ArticleMetadata(
            author=cleaned.author, publisher=cleaned.publisher, published_on=cleaned.published_on
        )
    )
    title = found.title
    body = cleaned.body
    if title and body.startswith(title):
        body = body[len(title) :].lstrip("\n")
    lead = page_lead(html, normalize_text(document.description or "").strip())
    if lead and " ".join(lead.split()[:8]) not in " ".join(body.split()):
        body = f"{lead}\n\n{body}"
    if title:
        body = f"{title}\n\n{body}"
    return CleanedArticle(
        body=body,
        # The body's own language: a page's declared one is often its template's.
        language=detect_language(body) or (getattr(document, "language", None) or "")[:16],
        **asdict(found),
    )


def missed_article(precise: str, balanced: str) -> bool:
    """Whether the precise extraction missed the article the balanced one holds.

    It did when its text is shorter than ``SHORT_EXTRACTION_CHARS`` and the
    balanced text at least ``RECALL_RETRY_FACTOR`` times as long: a notice or
    a share bar kept in place of the article, not a short article.
    """
    return len(precise) < SHORT_EXTRACTION_CHARS and len(balanced) >= RECALL_RETRY_FACTOR * max(
        1, len(precise)
    )


def _extract_html(html: str, *, url: str | None, favor_precision: bool):
    import trafilatura

    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        # Tables in an article are part of its text (measured on real pages:
        # ``manage.py evaluate_extraction``).
        include_tables=True,
        include_images=False,
        favor_precision=favor_precision,
    )


def _document_text(document) -> str:
    return (getattr(document, "text", None) or "") if document is not None else ""


def page_lead(html: str, description: str) -> str:
    """The page's lead paragraph: its ``description`` when the page shows it as a block of its own.

    Some pages set the article's first paragraph apart (a summary block above
    the body's container), where an extractor that takes the container alone
    leaves it out. The description counts when it is a sentence of at least
    ``LEAD_MIN_WORDS`` words and an element of the page's body holds exactly
    its text; otherwise the answer is "". Linear in the page: only elements
    whose own text starts with the description's first words are compared
    whole, and at most ``LEAD_CANDIDATES`` of them.
    """
    words = description.split()
    if len(words) < LEAD_MIN_WORDS or not ends_prose_line(description):
        return ""
    import lxml.html
    from lxml.etree import ParserError

    try:
        tree = lxml.html.document_fromstring(
            html.encode("utf-8", errors="replace"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
    except (ParserError, ValueError):
        return ""
    body = tree.find("body")
    if body is None:
        return ""
    opening = " ".join(words[:3])
    wanted = " ".join(words)
    candidates = 0
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        own = " ".join(normalize_text(element.text or "").split())
        if not own.startswith(opening):
            continue
        if " ".join(normalize_text(element.text_content()).split()) == wanted:
            return description
        candidates += 1
        if candidates >= LEAD_CANDIDATES:
            break
    return ""


def clean(
    text: str, *, input_format: str, url: str | None = None, today: date | None = None
) -> CleanedArticle:
    """Clean text given in one of the input formats ("text", "markdown", "html").

    ``today`` is the day the article is added, against which a date without a
    year ("Dec 13") is read; without it such a date stays unknown.
    """
    if input_format == "html":
        return clean_html(text, url=url, today=today)
    return clean_text(text, markdown=input_format == "markdown", today=today)
