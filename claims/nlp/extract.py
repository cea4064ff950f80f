"""A parsed article -> candidate claims with their structure and entity mentions.

Pure functions over ``claims.nlp.pipeline`` dataclasses: no model and no
database, so every rule here can be tested on hand-built parses as well as real ones.
"""

from dataclasses import dataclass, field

from common.text import normalize_date
from sources.cleaning import DATELINE

from ..entities.in_article import (
    defined_acronym_mentions,
    is_common_word,
    resolve_short_forms,
    stands_for_state,
    trim_entity,
)
from ..entities.keys import display_name, normalize_alias
from ..entities.kinds import ENTITY_LABELS
from ..entities.spans import mend_entities
from .furniture import furniture_sentences
from .pipeline import ParsedText, stop_words
from .quantities import quantity
from .scoring import score_claim
from .structure import is_headline, sentence_structure, why_not_assertion

# Bump when the rules below change what is proposed; stored with each claim.
EXTRACTOR_VERSION = "2"
QUANTITY_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}
DATE_LABELS = {"DATE"}


@dataclass(frozen=True)
class CandidateMention:
    text: str
    label: str
    start: int
    end: int
    key: str  # canonical lookup key within the article (see resolve_short_forms)
    name: str  # the article's fullest form of the entity's name
    # Acts, or is a party: "Moscow said", "Moscow's plan", "a deal with Moscow" (a capital
    # there stands for its state; see in_article.stands_for_state).
    is_actor: bool = False
    # A lone common word ("Defence"): an entity only if one is already known by it.
    is_common_word: bool = False


@dataclass(frozen=True)
class CandidateClaim:
    text: str
    start: int
    end: int
    score: float
    reasons: tuple[str, ...]
    subject: str = ""
    predicate: str = ""
    object: str = ""
    is_negated: bool = False
    is_hedged: bool = False
    speaker: str = ""
    quantities: tuple[dict, ...] = ()
    dates: tuple[dict, ...] = ()
    mentions: tuple[CandidateMention, ...] = field(default_factory=tuple)


def extract_claims(parsed: ParsedText) -> list[CandidateClaim]:
    """Sentences that assert something about a named entity, with score and structure.

    Page furniture is never proposed, whatever it names: captions and credits,
    copies of the headline, other articles' headlines, promo lines and bullet
    summaries (``furniture.furniture_sentences``).
    """
    furniture = furniture_sentences(parsed)
    trimmed = tuple(e for e in (trim_entity(parsed.text, e) for e in parsed.entities) if e)
    entities = mend_entities(parsed, trimmed)
    resolved = resolve_short_forms(parsed.text, entities)
    # Acronyms are looked for only where sentences are read (limits.parsed_within_limits
    # may have stopped reading early): the search is per acronym, over the whole text.
    read_up_to = parsed.sentences[-1].end if parsed.sentences else 0
    ents = sorted(
        [*entities, *defined_acronym_mentions(parsed.text[:read_up_to], entities, resolved)],
        key=lambda e: e.start,
    )
    candidates: list[CandidateClaim] = []
    entity_index = 0
    for index, sentence in enumerate(parsed.sentences):
        if index in furniture:
            continue
        while entity_index < len(ents) and ents[entity_index].end <= sentence.start:
            entity_index += 1
        inside = []
        j = entity_index
        while j < len(ents) and ents[j].start < sentence.end:
            if ents[j].start >= sentence.start:
                inside.append(ents[j])
            j += 1

        mentions = []
        for ent in inside:
            if ent.label not in ENTITY_LABELS:
                continue
            key = normalize_alias(ent.text)
            if not key:
                continue
            canonical_key, name = resolved.get(key, (key, display_name(ent.text)))
            mentions.append(
                CandidateMention(
                    text=ent.text,
                    label=ent.label,
                    start=ent.start,
                    end=ent.end,
                    key=canonical_key,
                    name=name,
                    is_actor=stands_for_state(parsed.tokens, ent),
                    is_common_word=canonical_key == key
                    and is_common_word(parsed.tokens, ent, stop_words()),
                )
            )
        headline = is_headline(parsed, sentence)
        if not mentions and not headline:  # the headline is a claim even without a name
            continue
        structure = sentence_structure(parsed, sentence)
        if why_not_assertion(parsed, sentence, structure.get("root"), headline=headline):
            continue

        quantities = tuple(quantity(parsed.tokens, e) for e in inside if e.label in QUANTITY_LABELS)
        dates = tuple(
            {"text": e.text, "value": normalize_date(e.text)}
            for e in inside
            if e.label in DATE_LABELS
        )
        score, reasons = score_claim(parsed, sentence, mentions, structure, quantities, dates)
        if headline:
            reasons = (*reasons, "+0.00 the article's headline")
        start = sentence.start
        dateline = DATELINE.match(parsed.text[sentence.start : sentence.end])
        if dateline:
            # "DUBAI, Dec 13 (Meridian Wire) - Nearly 200 countries agreed ...": the
            # claim starts after the dateline.
            start = sentence.start + dateline.end()
            mentions = [m for m in mentions if m.start >= start]
            if not mentions and not headline:
                continue
        candidates.append(
            CandidateClaim(
                text=parsed.text[start : sentence.end],
                start=start,
                end=sentence.end,
                score=score,
                reasons=reasons,
                subject=structure.get("subject", "")[:500],
                predicate=structure.get("predicate", "")[:100],
                object=structure.get("object", "")[:500],
                is_negated=structure.get("is_negated", False),
                is_hedged=structure.get("is_hedged", False),
                speaker=structure.get("speaker", "")[:300],
                quantities=quantities,
                dates=dates,
                mentions=tuple(mentions),
            )
        )
    return candidates
