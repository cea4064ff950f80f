"""Bounds on what extraction reads of one source, and the note that says what they set aside.

Pure functions over ``claims.nlp.pipeline`` dataclasses; the bounds are
settings (``CLAIMS_MAX_SENTENCE_CHARS``, ``CLAIMS_MAX_MENTIONS``; see
tracker/settings.py for why each exists). chunks.py bounds what spaCy reads.
"""

from dataclasses import dataclass, replace

from ..entities.kinds import ENTITY_LABELS
from .pipeline import ParsedText


@dataclass(frozen=True)
class Bounded:
    parsed: ParsedText  # what extraction may read
    long_sentences: tuple[tuple[int, int], ...]  # read by spaCy but too long for a claim
    stopped_at: int | None  # where the mention limit stopped reading, if it did


def parsed_within_limits(
    parsed: ParsedText, *, max_sentence_chars: int, max_mentions: int
) -> Bounded:
    """The parse with what extraction must not read taken out.

    Sentences longer than ``max_sentence_chars`` are dropped (a claim is
    quoted and linked, and a sentence that long is not). Reading stops before
    the sentence holding the name that would exceed ``max_mentions``: the
    sentences and names after it are dropped, so extraction and entity
    resolution do bounded work. Tokens are kept, since sentences index them.
    """
    long_sentences = tuple(
        (s.start, s.end) for s in parsed.sentences if s.end - s.start > max_sentence_chars
    )
    sentences = [s for s in parsed.sentences if s.end - s.start <= max_sentence_chars]
    names = [e for e in parsed.entities if e.label in ENTITY_LABELS]
    stopped_at = None
    if len(names) > max_mentions:
        first_unread = names[max_mentions].start
        stopped_at = next(
            (s.start for s in parsed.sentences if s.start <= first_unread < s.end), first_unread
        )
        sentences = [s for s in sentences if s.end <= stopped_at]
    entities = parsed.entities
    if stopped_at is not None:
        entities = tuple(e for e in entities if e.start < stopped_at)
    if len(sentences) == len(parsed.sentences) and entities is parsed.entities:
        return Bounded(parsed=parsed, long_sentences=(), stopped_at=None)
    return Bounded(
        parsed=replace(parsed, sentences=tuple(sentences), entities=entities),
        long_sentences=long_sentences,
        stopped_at=stopped_at,
    )


def claims_within_mention_limit(claims: list, *, max_mentions: int) -> tuple[list, int | None]:
    """The claims, in order, whose mentions together stay within ``max_mentions``.

    Returns them and where the first claim left out starts (None when none
    is). Names the model did not tag (an acronym's later uses) are counted
    here, after extraction, so the stored mentions never exceed the limit.
    """
    total = 0
    for index, claim in enumerate(claims):
        total += len(claim.mentions)
        if total > max_mentions:
            return claims[:index], claim.start
    return claims, None


def limits_note(
    *,
    body_length: int,
    max_sentence_chars: int,
    max_mentions: int,
    unread: tuple[tuple[int, int], ...] = (),
    long_sentences: tuple[tuple[int, int], ...] = (),
    stopped_at: int | None = None,
) -> str:
    """What the limits set aside, in words for the source's processing note ("" if nothing)."""
    notes = []
    too_long = sorted({*unread, *long_sentences})
    if too_long:
        longest = max(too_long, key=lambda span: span[1] - span[0])
        notes.append(
            f"{len(too_long):,} passage(s) longer than {max_sentence_chars:,} characters "
            "without a sentence end were not read for claims (the longest: "
            f"{longest[1] - longest[0]:,} characters, from character {longest[0]:,})."
        )
    if stopped_at is not None:
        notes.append(
            f"The source names more than {max_mentions:,} people, places and organisations: "
            f"claims were proposed from its first {stopped_at:,} characters (of "
            f"{body_length:,}) only."
        )
    return " ".join(notes)
