"""Entity spans mended where the NER model cut a name badly, before names are resolved:
titles and function words it took in, given names and hyphenated syllables it left out,
place names it cut at a connector, two names it glued together, and a demonym it read
with its noun. Pure functions over ``claims.nlp.pipeline`` dataclasses.
"""

import re
from bisect import bisect_left, bisect_right

from ..nlp.pipeline import EntitySpan, ParsedText, Token
from .demonyms import COUNTRY_KEYS, country_of_demonym
from .in_article import COMMON_WORDS, NOT_NAME_POS, STATE_COMPOUNDS
from .keys import normalize_alias
from .kinds import ENTITY_LABELS

# Words before a name that say how to address the person: "Ms Persson" is Persson.
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "prof", "rev",
})  # fmt: skip
# Capitalised words before a name that are a role, not a given name: "President Trump".
TITLES = HONORIFICS | frozenset({
    "president", "vice", "prime", "minister", "premier", "chancellor", "senator", "sen",
    "rep", "representative", "congressman", "congresswoman", "governor", "gov", "mayor",
    "judge", "justice", "general", "gen", "colonel", "col", "captain", "capt", "major",
    "lieutenant", "lt", "sergeant", "sgt", "admiral", "commander", "officer", "inspector",
    "detective", "king", "queen", "prince", "princess", "emperor", "pope", "sheikh",
    "ayatollah", "imam", "rabbi", "bishop", "cardinal", "father", "sister", "brother",
    "saint", "st", "ambassador", "secretary", "chairman", "chairwoman", "chair", "director",
    "speaker", "leader", "chief", "deputy", "former", "late", "councillor", "councilor",
    "commissioner", "attorney", "agent", "coach", "professor", "doctor", "crown", "dear",
})  # fmt: skip
# "the UK Home Secretary": "Home" belongs to the office, not to the country's name.
OFFICE_QUALIFIERS = frozenset({
    "home", "foreign", "defence", "defense", "interior", "justice", "finance", "health",
    "trade", "energy", "education", "environment", "transport", "treasury", "labour",
    "labor", "culture", "economy", "agriculture",
})  # fmt: skip
OFFICE_TITLES = frozenset({"secretary", "secretaries", "minister", "ministers"})
# "Braunau am Inn", "Newcastle upon Tyne", "Frankfurt an der Oder": one place.
PLACE_CONNECTOR = re.compile(r"[ \t]+(?:am|an der|upon|sur|im|ob der|bei)[ \t]+")
# "Moon Jae-in", "Kim Jong-un": a short syllable after a hyphen ends the given name;
# "the Putin-led bloc" and "a Biden-era rule" are no names.
HYPHEN_SYLLABLE = re.compile(r"-([a-z]{1,3})(?![\w-])")
NOT_SYLLABLES = STATE_COMPOUNDS | {"era", "run", "age", "old", "new", "day", "way", "owned"}
# A market code after a name: "the London Metal Exchange CMAL3", ".DJI", "US10YT=RR".
MARKET_CODE = re.compile(r"[A-Z]{2,}\d+[A-Z]*|\.[A-Z]{2,}|\w+=\w*")
PLACE_LABELS = {"GPE", "LOC"}


def mend_entities(parsed: ParsedText, entities: tuple[EntitySpan, ...]) -> tuple[EntitySpan, ...]:
    """The article's entity spans with each badly cut name mended (see the module doc).

    Every span still points exactly into ``parsed.text``; a span that becomes two
    ("the Ukraine Marie Yovanovitch" -> Ukraine, Marie Yovanovitch) is both.
    """
    mender = _Mender(parsed, entities)
    mended: list[EntitySpan] = []
    skip_next = False
    for i, ent in enumerate(entities):
        if skip_next:
            skip_next = False
            continue
        if ent.token_start < 0 or ent.label not in ENTITY_LABELS:
            mended.append(ent)
            continue
        following = entities[i + 1] if i + 1 < len(entities) else None
        joined = mender.place_with_connector(ent, following)
        if joined is not None:
            ent, skip_next = joined, True
        for part in mender.split_glued(ent):
            mended.append(mender.mend(part))
    return tuple(mended)


class _Mender:
    def __init__(self, parsed: ParsedText, entities: tuple[EntitySpan, ...]):
        self.text = parsed.text
        self.entities = sorted(entities, key=lambda e: e.start)
        self.entity_starts = [e.start for e in self.entities]
        self.tokens = parsed.tokens
        self.starts = [t.idx for t in parsed.tokens]
        # What the article tags elsewhere: place names, and the words people are called.
        self.places = {normalize_alias(e.text) for e in entities if e.label in PLACE_LABELS}
        self.places |= COUNTRY_KEYS
        self.person_words = {
            normalize_alias(e.text).rsplit(" ", 1)[-1]
            for e in entities
            if e.label == "PERSON" and normalize_alias(e.text)
        }

    def span(self, start: int, end: int, label: str) -> EntitySpan:
        return EntitySpan(
            text=self.text[start:end],
            label=label,
            start=start,
            end=end,
            token_start=bisect_left(self.starts, start),
            token_end=bisect_left(self.starts, end),
        )

    def is_tagged(self, offset: int) -> bool:
        """Whether an entity of the article covers the character at ``offset``."""
        i = bisect_right(self.entity_starts, offset) - 1
        return i >= 0 and self.entities[i].end > offset

    def words(self, ent: EntitySpan) -> list[Token]:
        # trim_entity keeps the model's token range when it cuts characters off.
        return [
            t
            for t in self.tokens[ent.token_start : ent.token_end]
            if not t.is_space and ent.start <= t.idx and t.idx + len(t.text) <= ent.end
        ]

    def mend(self, ent: EntitySpan) -> EntitySpan:
        for step in (
            self.without_honorific,
            self.without_trailing_words,
            self.without_office,
            self.with_hyphen_syllable,
            self.with_given_name,
            self.demonym_alone,
        ):
            ent = step(ent)
        return ent

    def place_with_connector(self, ent: EntitySpan, following: EntitySpan | None):
        """A place cut at a connector: "Braunau" + "am" + "Inn" -> "Braunau am Inn"."""
        if ent.label not in PLACE_LABELS | {"FAC"} or following is None:
            return None
        connector = PLACE_CONNECTOR.match(self.text, ent.end)
        if not connector or connector.end() != following.start or following.token_start < 0:
            return None
        if not following.text[:1].isupper() or following.label not in ENTITY_LABELS:
            return None
        return self.span(ent.start, following.end, ent.label)

    def split_glued(self, ent: EntitySpan) -> list[EntitySpan]:
        """Two names glued: "the Ukraine Marie Yovanovitch" -> "Ukraine", "Marie
        Yovanovitch", a place the article names alone, then a person of at most three
        proper nouns whose last name it names alone."""
        words = self.words(ent)
        if words and words[0].text.lower() == "the":
            words = words[1:]
        if len(words) < 3 or ent.label == "PERSON":
            return [ent]
        for k in range(1, len(words) - 1):
            prefix, suffix = words[:k], words[k:]
            place = self.text[prefix[0].idx : prefix[-1].idx + len(prefix[-1].text)]
            if normalize_alias(place) not in self.places:
                continue
            if len(suffix) > 3 or not all(
                t.pos == "PROPN" and t.text[:1].isupper() for t in suffix
            ):
                continue
            if normalize_alias(suffix[-1].text) not in self.person_words:
                continue
            return [
                self.span(prefix[0].idx, prefix[-1].idx + len(prefix[-1].text), "GPE"),
                self.span(suffix[0].idx, ent.end, "PERSON"),
            ]
        return [ent]

    def without_honorific(self, ent: EntitySpan) -> EntitySpan:
        """Without the honorific: "Ms Persson" -> "Persson"."""
        words = self.words(ent)
        if ent.label != "PERSON" or len(words) < 2:
            return ent
        rest = words[1:]
        if words[0].text.lower().rstrip(".") not in HONORIFICS:
            return ent
        if rest[0].text == ".":
            rest = rest[1:]
        return self.span(rest[0].idx, ent.end, ent.label) if rest else ent

    def without_trailing_words(self, ent: EntitySpan) -> EntitySpan:
        """Without the function words the model took in after a name: "The Associated
        Press that" -> "The Associated Press"; a market code after an organisation's
        name goes too."""
        words = self.words(ent)
        while len(words) > 1:
            last = words[-1]
            if last.tag == "POS":  # a possessive stays: keys ignore it, "Lowe's" keeps it
                break
            # A stray mark goes ("Super fun &"); "Disney +" keeps its "+".
            stray_mark = not any(c.isalnum() or c == "+" for c in last.text)
            function_word = last.text.islower() and last.pos in NOT_NAME_POS
            code = ent.label == "ORG" and len(words) > 2 and MARKET_CODE.fullmatch(last.text)
            if not (function_word or stray_mark or code):
                break
            words = words[:-1]
        end = words[-1].idx + len(words[-1].text) if words else ent.end
        return ent if end == ent.end else self.span(ent.start, end, ent.label)

    def without_office(self, ent: EntitySpan) -> EntitySpan:
        """Without the office's qualifier: "UK Home" before "Secretary" -> "UK"."""
        words = self.words(ent)
        after = self.tokens[ent.token_end] if ent.token_end < len(self.tokens) else None
        if len(words) < 2 or after is None or after.text.lower() not in OFFICE_TITLES:
            return ent
        if words[-1].text.lower() not in OFFICE_QUALIFIERS:
            return ent
        return self.span(ent.start, words[-2].idx + len(words[-2].text), ent.label)

    def with_hyphen_syllable(self, ent: EntitySpan) -> EntitySpan:
        """With the syllable after a hyphen: "Moon Jae" before "-in" -> "Moon Jae-in"."""
        words = self.words(ent)
        if ent.label != "PERSON" or not words or len(words[-1].text) > 4:
            return ent
        syllable = HYPHEN_SYLLABLE.match(self.text, ent.end)
        if not syllable or syllable.group(1) in NOT_SYLLABLES:
            return ent
        return self.span(ent.start, syllable.end(), ent.label)

    def with_given_name(self, ent: EntitySpan) -> EntitySpan:
        """A given name the model left out ("Adolf" before "Hitler"): a capitalised proper
        noun that modifies a one-word name and is no title, common word, country or
        demonym. A name with a given name already ("Ombudsman Nadia Cruz") takes no other.
        """
        if ent.label != "PERSON" or ent.token_start < 1 or len(self.words(ent)) != 1:
            return ent
        before = self.tokens[ent.token_start - 1]
        lower = before.text.lower()
        if not (
            before.pos == "PROPN"
            and before.dep == "compound"
            and ent.token_start <= before.head < ent.token_end
            and not self.is_tagged(before.idx)
            and before.text.isalpha()
            and before.text.istitle()
            and len(before.text) > 1
            and before.whitespace == " "
        ):
            return ent
        if lower in TITLES or lower in COMMON_WORDS or lower in self.places:
            return ent
        if country_of_demonym(lower):
            return ent
        return self.span(before.idx, ent.end, ent.label)

    def demonym_alone(self, ent: EntitySpan) -> EntitySpan:
        """The demonym alone: "the Afghan war" -> "Afghan"; "intra-Afghan" -> "Afghan"; the
        demonym names the country, the noun or prefix with it does not."""
        prefixed = re.match(r"[a-z]+-(?=[A-Z])", ent.text)
        if prefixed:
            rest = ent.text[prefixed.end() :]
            if country_of_demonym(normalize_alias(rest)):
                return self.span(ent.start + prefixed.end(), ent.end, "NORP")
            return ent
        words = self.words(ent)
        if words and words[0].text.lower() == "the":
            words = words[1:]
        for k in (2, 1):
            if len(words) <= k or not all(t.text.islower() for t in words[k:]):
                continue
            head = self.text[words[0].idx : words[k - 1].idx + len(words[k - 1].text)]
            if country_of_demonym(normalize_alias(head)):
                return self.span(words[0].idx, words[0].idx + len(head), "NORP")
        return ent
