"""The one place spaCy is imported: load the pipeline once per process, pipe texts,
return plain dataclasses so everything after this module runs without a model.
"""

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from django.conf import settings

from common.text import ends_sentence

from ..entities.kinds import ENTITY_LABELS
from .chunks import Chunks, chunk_text


# Not frozen: a frozen dataclass sets each field through object.__setattr__,
# three times slower to build, and a document has thousands of tokens. Nothing
# after this module changes them.
@dataclass(slots=True, eq=False)
class Token:
    i: int  # index in the document
    text: str
    idx: int  # character offset in the text
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int  # index of the syntactic head (itself for the root)
    ent_type: str
    ent_iob: str
    is_space: bool
    like_num: bool
    whitespace: str


@dataclass(frozen=True, slots=True)
class EntitySpan:
    text: str
    label: str
    start: int  # character offsets
    end: int
    token_start: int
    token_end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # character offsets, stripped of surrounding whitespace
    end: int
    token_start: int
    token_end: int


@dataclass(frozen=True, slots=True)
class ParsedText:
    text: str
    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    entities: tuple[EntitySpan, ...]
    # Stretches longer than a sentence may be, with no sentence end, left unread
    # (character offsets); see chunks.chunk_text.
    unread: tuple[tuple[int, int], ...] = ()


_lock = threading.Lock()


@cache
def _load(name: str):
    import spacy
    from spacy.language import Language

    if not Language.has_factory("newline_boundaries"):

        @Language.component("newline_boundaries")
        def newline_boundaries(doc):
            # A line break ends a sentence: headlines, datelines and list items
            # carry no full stop, and the parser would glue them to the next line.
            for token in doc[1:]:
                previous = doc[token.i - 1]
                if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
                    token.is_sent_start = True
            return doc

    nlp = spacy.load(name)
    nlp.add_pipe("newline_boundaries", before="parser")
    return nlp


def get_nlp():
    """The pipeline named by ``SPACY_MODEL``, loaded once per process."""
    with _lock:
        return _load(settings.SPACY_MODEL)


@cache
def stop_words() -> frozenset[str]:
    """English stop words ("more", "about"), from spaCy's language data; no model is loaded."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def pipeline_version() -> str:
    """Name and version of the model, stored with each result so reruns can be told apart."""
    nlp = get_nlp()
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta['name']}-{nlp.meta['version']}"


def _ends_sentence(text: str, end: int, next_start: int) -> bool:
    """Whether a parser boundary between two spans is a real sentence end.

    The small model sometimes splits mid-sentence (after "(SCO)", before a
    quotation); a boundary holds only after end punctuation or at a line break.
    """
    return "\n" in text[end:next_start] or ends_sentence(text[max(0, end - 8) : end])


def _tokens(doc, text: str) -> tuple[Token, ...]:
    """The doc's tokens as dataclasses, read in bulk (``to_array``) rather than token by token."""
    from spacy import attrs

    if not len(doc):
        return ()
    rows = doc.to_array(
        [
            attrs.IDX,
            attrs.LENGTH,
            attrs.SPACY,
            attrs.HEAD,
            attrs.LEMMA,
            attrs.POS,
            attrs.TAG,
            attrs.DEP,
            attrs.ENT_TYPE,
            attrs.ENT_IOB,
            attrs.IS_SPACE,
            attrs.LIKE_NUM,
        ]  # fmt: skip
    ).tolist()
    strings = doc.vocab.strings
    names: dict[int, str] = {0: ""}

    def name(key: int) -> str:
        if key not in names:
            names[key] = strings[key]
        return names[key]

    iob = ("", "I", "O", "B")
    tokens = []
    for i, row in enumerate(rows):
        idx, length, space, head, lemma, pos, tag, dep, ent_type, ent_iob, is_space, like_num = row
        tokens.append(
            Token(
                i=i,
                text=text[idx : idx + length],
                idx=idx,
                lemma=name(lemma),
                pos=name(pos),
                tag=name(tag),
                dep=name(dep),
                head=i + _signed(head),  # HEAD is stored relative to the token
                ent_type=name(ent_type),
                ent_iob=iob[ent_iob],
                is_space=bool(is_space),
                like_num=bool(like_num),
                whitespace=" " if space else "",
            )
        )
    return tuple(tokens)


def _signed(value: int) -> int:
    # to_array returns uint64; relative heads before the token wrap around.
    return value - (1 << 64) if value >= 1 << 63 else value


def _convert(doc) -> ParsedText:
    text = doc.text  # built anew on each access: read it once
    tokens = _tokens(doc, text)
    sentences: list[Sentence] = []
    for sent in doc.sents:
        words = [t for t in tokens[sent.start : sent.end] if not t.is_space]
        if not words:
            continue
        sentence = Sentence(
            start=words[0].idx,
            end=words[-1].idx + len(words[-1].text),
            token_start=words[0].i,
            token_end=words[-1].i + 1,
        )
        previous = sentences[-1] if sentences else None
        if previous and not _ends_sentence(text, previous.end, sentence.start):
            sentence = Sentence(
                start=previous.start,
                end=sentence.end,
                token_start=previous.token_start,
                token_end=sentence.token_end,
            )
            sentences[-1] = sentence
        else:
            sentences.append(sentence)
    entities = tuple(
        EntitySpan(
            text=ent.text,
            label=ent.label_,
            start=ent.start_char,
            end=ent.end_char,
            token_start=ent.start,
            token_end=ent.end,
        )
        for ent in doc.ents
    )
    return ParsedText(text=text, tokens=tokens, sentences=tuple(sentences), entities=entities)


def parse_many(texts: Iterable[str], *, batch_size: int = 16) -> Iterator[ParsedText]:
    """Run texts through the pipeline in batches (``nlp.pipe``), in order.

    Each text is read in pieces of at most ``CLAIMS_PARSE_CHUNK_CHARS``
    characters cut where sentences end (``chunks.chunk_text``), so spaCy's
    memory stays bounded whatever the text's length and ``nlp.max_length`` is
    never reached; a stretch of more than ``CLAIMS_MAX_SENTENCE_CHARS``
    characters with no sentence end is not read at all (``ParsedText.unread``).
    Texts of up to ``batch_size`` pieces are read together; a longer one is
    read alone, ``batch_size`` pieces at a time, and no further once it has
    named more than ``CLAIMS_MAX_MENTIONS`` people, places and organisations
    (claims stop there anyway: ``limits.parsed_within_limits``). The pieces'
    parses are joined with offsets into the whole text, so ``text[start:end]``
    holds for every sentence, token and entity.
    """
    nlp = get_nlp()
    texts = list(texts)
    max_chars = min(settings.CLAIMS_PARSE_CHUNK_CHARS, nlp.max_length)
    max_sentence_chars = min(settings.CLAIMS_MAX_SENTENCE_CHARS, max_chars)
    chunked = [
        chunk_text(text, max_chars=max_chars, max_sentence_chars=max_sentence_chars)
        for text in texts
    ]
    short = [i for i, chunks in enumerate(chunked) if len(chunks.pieces) <= batch_size]
    docs = nlp.pipe(
        (texts[i][start:end] for i in short for start, end in chunked[i].pieces),
        batch_size=batch_size,
    )
    parsed = {
        i: _joined(
            texts[i],
            [(start, _convert(next(docs))) for start, _ in chunked[i].pieces],
            unread=chunked[i].unread,
        )
        for i in short
    }
    for i, text in enumerate(texts):
        yield parsed.pop(i) if i in parsed else _parse_long(nlp, text, chunked[i], batch_size)


def _parse_long(nlp, text: str, chunks: Chunks, batch_size: int) -> ParsedText:
    """A text of many pieces, read ``batch_size`` pieces at a time until it names too many."""
    parts: list[tuple[int, ParsedText]] = []
    names = 0
    for first in range(0, len(chunks.pieces), batch_size):
        pieces = chunks.pieces[first : first + batch_size]
        docs = nlp.pipe([text[start:end] for start, end in pieces], batch_size=batch_size)
        for (start, _), doc in zip(pieces, docs, strict=True):
            part = _convert(doc)
            parts.append((start, part))
            names += sum(1 for e in part.entities if e.label in ENTITY_LABELS)
        if names > settings.CLAIMS_MAX_MENTIONS:
            break
    return _joined(text, parts, unread=chunks.unread)


def _joined(
    text: str, parts: list[tuple[int, ParsedText]], *, unread: tuple[tuple[int, int], ...]
) -> ParsedText:
    """One parse of ``text`` from the parses of its pieces, each (offset, parse)."""
    if len(parts) == 1 and parts[0][0] == 0 and parts[0][1].text == text:
        return parts[0][1]
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    entities: list[EntitySpan] = []
    for offset, part in parts:
        first = len(tokens)
        for token in part.tokens:  # built by _convert just now: shifting them in place is safe
            token.i += first
            token.head += first
            token.idx += offset
        tokens += part.tokens
        sentences += [
            Sentence(s.start + offset, s.end + offset, s.token_start + first, s.token_end + first)
            for s in part.sentences
        ]
        entities += [
            EntitySpan(
                e.text,
                e.label,
                e.start + offset,
                e.end + offset,
                e.token_start + first,
                e.token_end + first,
            )  # fmt: skip
            for e in part.entities
        ]
    return ParsedText(
        text=text,
        tokens=tuple(tokens),
        sentences=tuple(sentences),
        entities=tuple(entities),
        unread=unread,
    )


def parse(text: str) -> ParsedText:
    return next(parse_many([text]))


# Read once at start-up (``warm_up``): a dateline, a name, a place and a quantity
# touch every component of the pipeline.
WARM_UP_TEXT = (
    "ALMATY, 3 March\n"
    "The minister said on Monday that 1,200 engineers from Kazakhstan would join the project."
)


def warm_up() -> None:
    """Load the pipeline and read one short text with it, so the first article a process
    reads waits for neither the model's loading nor its components' first run."""
    parse(WARM_UP_TEXT)
