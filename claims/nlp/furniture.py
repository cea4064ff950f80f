"""Page furniture that may survive cleaning and is never proposed as a claim.

Captions and photo credits, copies of the headline (share widgets repeat it),
other articles' headlines and teaser lists, promo lines, and bullet summaries
above the article. Cleaning drops most of these lines; what it keeps, pasted
from a page it did not foresee, is caught here, where the body is read as
paragraphs and sentences. Pure: ``furniture_sentences`` reads a
``ParsedText`` and names, for each sentence that is furniture, what kind.
"""

import re
import unicodedata

from common.text import MONTHS, ends_prose_line

from .pipeline import ParsedText, Sentence

CAPTION = "caption or photo credit"
HEADLINE_COPY = "copy of the headline"
REPEAT = "repeat of an earlier sentence"
TEASER = "another article's headline"
GLUED_LIST = "list items run together"
PROMO = "promo line"
SUMMARY = "bullet summary above the article"
LINE_NOT_SENTENCE = "a short line that is not a sentence"

# A line of at most this many words with no end punctuation, after the
# headline, is a caption, a teaser, a section label or a subheading: never a claim.
MAX_HEADLINE_WORDS = 20

# "Image caption ...", "Photo: Reuters", "Photograph: Jane Doe/AFP", "FILE - In this ...",
# "1 / 12 Workers ..." (a gallery's counter), "This image from ... shows ...".
CAPTION_LEAD = re.compile(
    r"""^(
        (image|photo|picture|media|video|graphic|illustration)\s+(caption|copyright|credit|source)s?\b
      | (image|photo|photograph|photography|picture|pictures|credit|credits|caption
         |illustration|graphic|source|photo\s+credit|file\s+photo)\s*:
      | file(\s+photo)?\s*[-–—]\s
      | in\s+this\s[^.]{0,80}?\b(photo|photograph|image|picture|handout|still)\b
      | \d{1,3}\s+/\s+\d{1,3}\s
      | (this|the|an?)\s+([\w-]+\s+){0,3}(image|photo|photograph|picture|screenshot|screengrab)
         \s+(\S+\s+){0,6}?(shows|showing)\b
      | (this|the|an?)\s+([\w-]+\s+){0,2}(image|photo|photograph|picture)\s+(taken|released
         |provided|obtained)\s+(by|on|in)\b
      | \(((additional\s+)?reporting|writing|editing|compiled|translated)\s+by\s
      | (reporting|writing)\s+by\s[^.;]{1,80};\s*editing\s+by\s
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# A credit closing a sentence: "(AP Photo/Jane Doe)", "(AFP via Getty Images)",
# "Photo: Reuters", "| Photograph: Jane Doe/EPA", "/ Getty Images".
IMAGE_AGENCIES = (
    r"Getty\s+Images|Shutterstock|Alamy|AP\s+Photo|AFP|Reuters|EPA(-EFE)?|Bloomberg|"
    r"iStock(photo)?|Xinhua|Sputnik|TASS|Anadolu|PA\s+(Images|Wire|Media)"
)
CREDIT_TAIL = re.compile(
    rf"""(
        \(\s*[^()]{{0,80}}?(\b(photo|photograph|picture|image|images|courtesy)\b
          |(?-i:[A-Z][\w.-]*\s*/\s*[A-Z]))[^()]{{0,80}}\)
      | \[\s*[^\[\]]{{0,80}}?(\b(photo|photograph|picture|image|images|courtesy|via)\b
          |(?-i:[A-Z][\w.-]*\s*/\s*[A-Z]))[^\[\]]{{0,80}}\]
      | [|/]\s*({IMAGE_AGENCIES})\b[^.]{{0,40}}
      | \b(photo|photograph|picture|image|credit|pictures)\s*(credit)?\s*:\s*[^.]{{0,80}}
      | \bGetty\s+Images
    )\s*\.?$""",
    re.IGNORECASE | re.VERBOSE,
)
# Where a person stands in a photo: "Jane Doe, left, shakes hands with ...", "(L-R)".
CAPTION_POSITION = re.compile(
    r",\s+(left|right|center|centre|second\s+(from\s+)?(left|right)|from\s+left)\s*,\s"
    r"|\((left|right|center|centre|[LR]\s*(-|to)\s*[LR])\)",
    re.IGNORECASE,
)
# An agency-style caption, in the present tense and dated: "A cargo ship leaves the
# port, on Aug. 31, 2019." (see ``_is_dated_caption``).
CAPTION_DATE_TAIL = re.compile(
    rf",\s+(on\s+)?((Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?({MONTHS})\.?\s+\d{{1,2}},\s+\d{{4}}\.$",
    re.IGNORECASE,
)

# Labels before another article's headline: "Read more: ...", "Related | ...", "WATCH: ...".
TEASER_LEAD = re.compile(
    r"""^(
        read\s+(more|also|next|this)|also\s+(read|see|watch|on\s+[\w' ]{1,30})|see\s+also
      | related(\s+(articles?|stories|story|coverage|content|news|reading|video))?
      | more(\s+(on\s+this(\s+story)?|from\s+[\w' ]{1,30}|stories|news|coverage))?
      | (must|further)\s+read(ing)?|don'?t\s+miss|recommended(\s+for\s+you)?|you\s+may\s+also\s+like
      | (most\s+)?(read|popular|viewed|shared)|trending(\s+now)?|top\s+stories|latest(\s+news)?
      | in\s+other\s+news|editor'?s\s+picks?|watch(\s+now)?|listen|video|podcast|gallery
      | in\s+pictures|photos|live(\s+updates)?|breaking(\s+news)?|opinion|explainer|quiz
    )\s*(:|\||»|›|>>?|[-–—]\s)""",
    re.IGNORECASE | re.VERBOSE,
)
# Endings that mark a teaser: "... [INSIGHT]", "... Read more", "... 16 comments".
TEASER_TAIL = re.compile(
    r"((?-i:\[[A-Z ]{3,20}\])|\bread\s+(more|the\s+full\s+(story|article))|\bcontinue\s+reading"
    r"|\b\d+\s+comments?|\d+\s+(minutes?|hours?|days?)\s+ago)\s*[.…»›>]*$"
    r"|\w(\.\.\.|…)$",  # cut short: a teaser's first words
    re.IGNORECASE,
)
# Promo lines: asking the reader to subscribe, sign up, download, follow or pay.
PROMO_PATTERN = re.compile(
    r"""(
        ^(subscribe|sign\s*up|register|download|install|follow|join|donate|pre-?order)\b(?!-)
          [^.!?]{0,40}?\b(our|(?-i:us)|newsletters?|app|inbox|updates|alerts|podcast|channel|facebook
          |twitter|instagram|whatsapp|telegram|youtube|tiktok|linkedin)\b
      | \bnewsletters?\b | \b(in|to)\s+your\s+inbox\b
      | \bsubscribe\s+(now|today|here|to\s+(our|the)|for\b)
      | \b(our|a\s+digital)\s+subscription\b | \balready\s+a\s+subscriber\b
      | \bsign\s*up\s+(now|today|here|free|for\s+(our|free)|to\s+(our|receive|get))\b
      | \b(download|get|install)\s+(our|the)\s+(free\s+)?([\w+-]+\s+){0,2}app\b
      | \bfollow\s+((?-i:us)|@\w+|[\w.]+(\s+[\w.]+)?\s+on\s+(twitter|x|facebook|instagram|linkedin|tiktok
          |youtube|threads|bluesky|mastodon|telegram|whatsapp))\b
      | \b(like|join|find)\s+(?-i:us)\s+on\b | \bwe('re|\s+are)\s+on\s+(whatsapp|telegram|instagram|tiktok)\b
      | ^(advertisement|paid\s+(post|content|partnership)|partner\s+content)\b
      | \bsponsored\s+(content|post|story|links?|by\s+our)\b | \b(this|the)\s+(article|content|post|story)\s+is\s+sponsored\b
      | \bbrought\s+to\s+you\s+by\b
      | \bsupport\s+(our|independent|quality)\s+journalism\b
      | \bbecome\s+an?\s+(subscriber|supporter|patron|paying\s+member)\b
      | \b(click|tap)\s+here\b | \bunlimited\s+digital\s+access\b
      | \bget\s+the\s+latest\s+(news|headlines|updates|stories)\b | ^keep\s+up\s+to\s+date\s+with\b
      | ^stay\s+(up\s+to\s+date|informed|in\s+the\s+know)\b | \bdon'?t\s+miss\s+(out|a\s+story)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# A heading over bullet points that sum the article up, above it.
SUMMARY_HEADING = re.compile(
    r"""^(key\s+(points|takeaways|facts|findings|highlights)|(story\s+)?highlights|in\s+brief
      | in\s+short|at\s+a\s+glance|summary|quick\s+(read|summary)|tl;?\s*dr|the\s+big\s+picture
      | what\s+(you\s+need\s+to|we)\s+know|the\s+essentials|the\s+gist
    )\s*:?$""",
    re.IGNORECASE | re.VERBOSE,
)
# The same heading run into its points: "Key points * The EU will ...".
GLUED_SUMMARY = re.compile(
    r"\b(key\s+(points|takeaways|facts)|(story\s+)?highlights|in\s+brief|at\s+a\s+glance)"
    r"\s*:?\s*[*•·▪►‣◦–—-]\s",
    re.IGNORECASE,
)
BULLET = re.compile(r"^([*•·▪►‣◦–—-]|\d{1,2}[.)])\s+\S")
GLUED_BULLETS = re.compile(r"(^|\s)[*•·▪►‣◦]\s+\S")

# What a share widget puts around a copy of the headline.
SHARE_WORDS = {
    "share", "shares", "shared", "sharing", "tweet", "email", "e", "mail", "print", "save",
    "copy", "link", "facebook", "twitter", "x", "whatsapp", "linkedin", "pinterest", "reddit",
    "messenger", "telegram", "flipboard", "pocket", "sms", "this", "article", "story", "page",
    "on", "via", "the", "with", "your", "friends", "comments", "comment", "close", "opens",
    "in", "new", "window", "icon", "button", "url", "to", "clipboard",
}  # fmt: skip
WORD = re.compile(r"\w+")
# A teaser whose headline is written twice (a link's title and its text): seven or
# more words in a row, twice in one sentence.
ECHO_WORDS = 7


def _words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def _is_headline_like(line: str) -> bool:
    """A short line with no end punctuation: a heading, a label, a caption or a teaser.

    Symbols after the last word ("... today! :)" drawn as an emoji) are not read.
    """
    end = len(line)
    while end and (line[end - 1].isspace() or unicodedata.category(line[end - 1]) == "So"):
        end -= 1
    return len(line.split()) <= MAX_HEADLINE_WORDS and not ends_prose_line(line[:end])


def sentence_furniture_kind(text: str, *, is_headline: bool = False) -> str:
    """What kind of furniture one sentence is by its own words, or "" when none is seen.

    The article's own headline may carry a label ("Opinion: ...", "Live: ..."):
    with ``is_headline``, teaser marks are not read.
    """
    text = text.strip()
    stripped = text.lstrip("*•·▪►‣◦–—- ").strip()
    if (
        CAPTION_LEAD.match(stripped)
        or CREDIT_TAIL.search(stripped)
        or CAPTION_POSITION.search(stripped)
    ):
        return CAPTION
    is_teaser = TEASER_LEAD.match(stripped) or TEASER_TAIL.search(stripped) or _has_echo(stripped)
    if is_teaser and not is_headline:
        return TEASER
    if PROMO_PATTERN.search(stripped):
        return PROMO
    if GLUED_SUMMARY.search(text):
        return SUMMARY
    if len(GLUED_BULLETS.findall(text)) >= 2:
        # List items the cleaner joined into one line: a teaser list or a summary.
        return GLUED_LIST
    return ""


def _has_echo(text: str) -> bool:
    """Whether ``ECHO_WORDS`` words in a row come twice (case aside, run-on words split)."""
    words = _words(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text))
    seen = set()
    for i in range(len(words) - ECHO_WORDS + 1):
        run = tuple(words[i : i + ECHO_WORDS])
        if run in seen:
            return True
        seen.add(run)
    return False


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, its surrounding spaces left out."""
    spans, at = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            first = at + line.index(stripped[0])
            spans.append((first, first + len(stripped)))
        at += len(line) + 1
    return spans


def _furniture_lines(text: str, lines: list[tuple[int, int]]) -> dict[int, str]:
    """Kind of each line (by index) that is furniture as a whole; the first line is the
    headline and is judged only by its own sentences."""
    kinds: dict[int, str] = {}
    prose_seen = False
    in_summary = False  # under a heading such as "Key points", before the article
    for index, (start, end) in enumerate(lines[1:], start=1):
        line = text[start:end]
        is_bullet = bool(BULLET.match(line))
        if SUMMARY_HEADING.match(line) and not prose_seen:
            kinds[index] = SUMMARY
            in_summary = True
            continue
        if in_summary and is_bullet:
            # Only marked points: where unmarked ones would end and the lead begin
            # cannot be told, and losing the lead costs more than keeping a point.
            kinds[index] = SUMMARY
            continue
        in_summary = False
        if is_bullet and not prose_seen:
            # Points above the article's first paragraph sum it up.
            kinds[index] = SUMMARY
            continue
        if _is_headline_like(line):
            kinds[index] = TEASER if is_bullet else LINE_NOT_SENTENCE
            continue
        prose_seen = True
    return kinds


def furniture_sentences(parsed: ParsedText) -> dict[int, str]:
    """The sentences (by index in ``parsed.sentences``) that are page furniture, with
    what kind each is.

    The first line of the body is the headline: it is kept (when nothing else
    marks it), and every later copy of it goes. A sentence written twice (a pull
    quote, a highlight above the article) is kept once, where its paragraph is
    longest. Sentences on a line that is furniture as a whole go with it.
    """
    text = parsed.text
    lines = _lines(text)
    line_kinds = _furniture_lines(text, lines)
    line_starts = [start for start, _ in lines]
    headline = _words(text[lines[0][0] : lines[0][1]]) if lines else []
    if len(headline) > MAX_HEADLINE_WORDS * 2:
        headline = []  # the body opens with a paragraph, not a headline
    headline_text = " ".join(headline)
    kinds: dict[int, str] = {}
    # Sentences that are not furniture by themselves, by their words: (index, line length).
    kept_by_words: dict[str, list[tuple[int, int]]] = {}
    line_index = 0
    for index, sentence in enumerate(parsed.sentences):
        while line_index + 1 < len(line_starts) and line_starts[line_index + 1] <= sentence.start:
            line_index += 1
        sentence_text = text[sentence.start : sentence.end]
        words = _words(sentence_text)
        kind = sentence_furniture_kind(
            sentence_text, is_headline=line_index == 0
        ) or line_kinds.get(line_index)
        if not kind and _is_dated_caption(parsed, sentence, lines[line_index]):
            kind = CAPTION
        if not kind and line_index > 0 and _is_headline_copy(words, headline, headline_text):
            kind = HEADLINE_COPY
        if kind:
            kinds[index] = kind
        elif len(words) >= 4:
            start, end = lines[line_index]
            # The headline's line counts as the longest: it is always the one kept.
            length = len(text) + 1 if line_index == 0 else end - start
            kept_by_words.setdefault(" ".join(words), []).append((index, length))
    for occurrences in kept_by_words.values():
        if len(occurrences) > 1:
            best = max(occurrences, key=lambda occurrence: occurrence[1])
            for index, _ in occurrences:
                if index != best[0]:
                    kinds[index] = REPEAT
    return kinds


def _is_dated_caption(parsed: ParsedText, sentence: Sentence, line: tuple[int, int]) -> bool:
    """Whether the sentence is a line of its own, in the present tense, ending with a date
    after a comma: how news agencies caption their photos."""
    if (sentence.start, sentence.end) != line:
        return False
    if not CAPTION_DATE_TAIL.search(parsed.text[sentence.start : sentence.end]):
        return False
    tokens = parsed.tokens[sentence.token_start : sentence.token_end]
    return any(t.head == t.i and t.tag in {"VBZ", "VBP", "VBG"} for t in tokens)


def _is_headline_copy(words: list[str], headline: list[str], headline_text: str) -> bool:
    """Whether a sentence after the first line repeats the headline, whole or in part,
    with nothing around it but a share widget's words."""
    if len(headline) < 4 or len(words) < 4:
        return False
    key = " ".join(words)
    if key == headline_text or f" {key} " in f" {headline_text} ":
        return True  # a piece of it (the parser split the copy)
    if f" {headline_text} " not in f" {key} ":
        return False
    around = key.replace(headline_text, " ", 1).split()
    return all(word in SHARE_WORDS or word.isdigit() for word in around)
