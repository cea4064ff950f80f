"""Cut a text into the pieces spaCy reads: bounded in length, cut where sentences end.

Pure; ``claims.nlp.pipeline.parse_many`` reads the pieces and joins their
parses with offsets into the whole text.
"""

import re
from dataclasses import dataclass

from common.text import SENTENCE_END

# Where a sentence may end: end punctuation before whitespace, or a line break.
# The sentences the pipeline keeps end at one of these (pipeline._ends_sentence),
# or, rarely, at a full stop with no space after it: then two sentences make one
# stretch here, which only matters if together they exceed the sentence limit.
_MAY_END = re.compile(rf"{SENTENCE_END.pattern}(?=\s)|\n")
_NON_SPACE = re.compile(r"\S")


@dataclass(frozen=True)
class Chunks:
    pieces: tuple[tuple[int, int], ...]  # (start, end) spans spaCy reads, in order
    unread: tuple[tuple[int, int], ...]  # stretches longer than a sentence may be, not read


def _stretches(text: str):
    """(start, end, line_ends) of each stretch of text up to where a sentence may end.

    ``end`` excludes the whitespace after it; ``line_ends`` tells whether that
    whitespace holds a line break. Linear in the text.
    """
    start = 0
    for match in _MAY_END.finditer(text):
        if match.start() < start:
            continue  # inside the whitespace after the previous stretch
        end = match.end() if match.group() != "\n" else match.start()
        following = _NON_SPACE.search(text, match.end())
        next_start = following.start() if following else len(text)
        content_end = start + len(text[start:end].rstrip())
        if content_end > start:
            yield start, content_end, "\n" in text[content_end:next_start]
        start = next_start
    if start < len(text):
        yield start, start + len(text[start:].rstrip()), False


def chunk_text(text: str, *, max_chars: int, max_sentence_chars: int) -> Chunks:
    """Cut ``text`` into pieces of at most ``max_chars`` characters at sentence ends.

    Pieces end at a line break where one is near, else after a sentence. A
    stretch with no place a sentence may end for more than
    ``max_sentence_chars`` characters is left out of every piece (``unread``):
    it could only be part of a sentence too long to be a claim, and parsing it
    is what costs the most. Offsets are into ``text``, so what is read from a
    piece maps back exactly.
    """
    max_chars = max(max_chars, max_sentence_chars)
    pieces: list[tuple[int, int]] = []
    unread: list[tuple[int, int]] = []
    piece_start: int | None = None
    piece_end = 0
    line_ends: list[int] = []  # where stretches of the current piece end a line

    def close(at: int) -> None:
        nonlocal piece_start, line_ends
        pieces.append((piece_start, at))
        line_ends = [end for end in line_ends if end > at]
        piece_start = None

    for start, end, ends_line in _stretches(text):
        if end - start > max_sentence_chars:
            if piece_start is not None:
                close(piece_end)
            unread.append((start, end))
            continue
        if piece_start is not None and end - piece_start > max_chars:
            # Cut at the last line break of the piece, else before this stretch.
            cut = line_ends[-1] if line_ends else piece_end
            close(cut)
            piece_start = _NON_SPACE.search(text, cut).start()
            if end - piece_start > max_chars:
                close(piece_end)
        if piece_start is None:
            piece_start = start
        piece_end = end
        if ends_line:
            line_ends.append(end)
    if piece_start is not None:
        close(piece_end)
    return Chunks(pieces=tuple(pieces), unread=tuple(unread))
