"""Whether the English pipeline can read a text well, and why not when it cannot."""

from common.text import SENTENCE_STOPS, ends_prose_line

NO_CLAIMS_NOTE = "No sentence asserts something about a named person, place or organisation."
LANGUAGE_NAMES = {
    "es": "Spanish", "fr": "French", "de": "German", "ru": "Russian", "zh": "Chinese",
    "it": "Italian", "pt": "Portuguese", "kk": "Kazakh", "uk": "Ukrainian", "ar": "Arabic",
    "tr": "Turkish", "nl": "Dutch", "pl": "Polish", "ja": "Japanese",
}  # fmt: skip


# A paragraph of prose: this many words or more, ending as a sentence does.
PROSE_WORDS = 20
# An article has at least this many paragraphs of prose.
ARTICLE_PARAGRAPHS = 3


def is_prose_paragraph(line: str) -> bool:
    return len(line.split()) >= PROSE_WORDS and ends_prose_line(line)


def assess_readability(body: str, *, language: str) -> str:
    """Why the pipeline cannot read this text well, or "" when it can.

    Text in another language, a page that is mostly a list of links or
    headlines, and a transcript without punctuation get a note instead of
    proposals (the English pipeline would produce garbage on them). A text
    with ``ARTICLE_PARAGRAPHS`` paragraphs of prose is never "a list", however
    many short lines surround them.
    """
    if language and language != "en":
        name = LANGUAGE_NAMES.get(language, language)
        return f"The text is in {name} ({language}); claims are proposed for English text only."
    lines = [line for line in body.split("\n") if line.strip()]
    listy = [line for line in lines[1:] if len(line.split()) <= 14 and not ends_prose_line(line)]
    # Three paragraphs of prose make an article, whatever lists, tables or
    # menus surround them: the article is judged, not the page around it.
    prose = sum(1 for line in lines if is_prose_paragraph(line))
    if (
        prose < ARTICLE_PARAGRAPHS
        and len(listy) >= 6
        and len(listy) >= 0.6 * max(1, len(lines) - 1)
    ):
        return (
            f"The text is mostly a list of links or headlines ({len(listy)} of {len(lines)} "
            "lines), not an article."
        )
    words = len(body.split())
    stops = sum(body.count(stop) for stop in SENTENCE_STOPS)
    if words >= 120 and stops < words / 80:
        return (
            "The text has almost no punctuation (a transcript?), so its sentences "
            "cannot be told apart."
        )
    return ""
