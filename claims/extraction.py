"""A parsed article -> candidate claims with their structure and entity mentions.

Pure functions over ``claims.nlp`` dataclasses: no model and no database, so
every rule here can be tested on hand-built parses as well as real ones.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from sources.cleaning import DATELINE, parse_date

from .nlp import EntitySpan, ParsedText, Sentence, Token

# Bump when the rules below change what is proposed; stored with each claim.
EXTRACTOR_VERSION = "1"

# Entity kinds a claim can be about. Dates and numbers are what a claim
# states, not who or what it is about.
ENTITY_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "LAW"}
QUANTITY_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}
DATE_LABELS = {"DATE"}

SPEECH_VERBS = {
    "say", "tell", "state", "claim", "argue", "warn", "insist", "announce", "add",
    "write", "note", "deny", "assert", "admit", "suggest", "predict", "believe",
    "report", "confirm", "acknowledge", "estimate", "contend", "maintain",
}  # fmt: skip
HEDGE_WORDS = {
    "reportedly", "allegedly", "apparently", "possibly", "perhaps", "likely",
    "probably", "seemingly", "purportedly", "arguably", "unconfirmed",
}  # fmt: skip
HEDGE_MODALS = {"may", "might", "could"}
HEDGE_VERBS = {"appear", "seem"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
OBJECT_DEPS = {"dobj", "attr", "acomp", "oprd", "dative", "xcomp", "ccomp"}

MIN_WORDS = 4
LONG_SENTENCE_WORDS = 60


@dataclass(frozen=True)
class CandidateMention:
    text: str
    label: str
    start: int
    end: int
    key: str  # canonical lookup key within the article (see resolve_short_forms)
    name: str  # the article's fullest form of the entity's name
    is_actor: bool = False  # subject, agent or possessor: "Moscow said", "Moscow's plan"


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


NO_CLAIMS_NOTE = "No sentence asserts something about a named person, place or organisation."
LANGUAGE_NAMES = {
    "es": "Spanish", "fr": "French", "de": "German", "ru": "Russian", "zh": "Chinese",
    "it": "Italian", "pt": "Portuguese", "kk": "Kazakh", "uk": "Ukrainian", "ar": "Arabic",
    "tr": "Turkish", "nl": "Dutch", "pl": "Polish", "ja": "Japanese",
}  # fmt: skip


def assess_readability(body: str, *, language: str) -> str:
    """Why the pipeline cannot read this text well, or "" when it can.

    Text in another language, a page that is mostly a list of links or
    headlines, and a transcript without punctuation get a note instead of
    proposals (the English pipeline would produce garbage on them).
    """
    if language and language != "en":
        name = LANGUAGE_NAMES.get(language, language)
        return f"The text is in {name} ({language}); claims are proposed for English text only."
    lines = [line for line in body.split("\n") if line.strip()]
    listy = [
        line
        for line in lines[1:]
        if len(line.split()) <= 14 and not re.search(r"[.!?…:;][\"”’)]*$", line.strip())
    ]
    if len(listy) >= 6 and len(listy) >= 0.6 * max(1, len(lines) - 1):
        return (
            f"The text is mostly a list of links or headlines ({len(listy)} of {len(lines)} "
            "lines), not an article."
        )
    words = len(body.split())
    stops = len(re.findall(r"[.!?…]", body))
    if words >= 120 and stops < words / 80:
        return (
            "The text has almost no punctuation (a transcript?), so its sentences "
            "cannot be told apart."
        )
    return ""


_POSSESSIVE = re.compile(r"['’]s?$")
_LEADING_THE = re.compile(r"^the\s+")
_DOTS_AND_APOSTROPHES = re.compile(r"[.'’]")
_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=65536)  # names repeat within and across articles
def normalize_alias(text: str) -> str:
    """The lookup key of a name: case, punctuation, "the" and possessives ignored.

    "The Kremlin's" -> "kremlin"; "U.S." -> "us"; "Kassym-Jomart Tokayev" ->
    "kassym jomart tokayev".
    """
    key = unicodedata.normalize("NFKC", text).casefold().strip()
    key = _POSSESSIVE.sub("", key)
    key = _LEADING_THE.sub("", key)
    key = _DOTS_AND_APOSTROPHES.sub("", key)
    key = _NON_WORD.sub(" ", key)
    return " ".join(key.split())


def display_name(text: str) -> str:
    """A name as an entity is titled: "the Eurasia Institute's" -> "Eurasia Institute"."""
    name = re.sub(r"^the\s+", "", " ".join(text.split()), flags=re.I)
    return re.sub(r"['’]s?$", "", name)


FUNCTION_WORDS = {"of", "and", "for", "the", "on", "in", "de", "la"}
ORG_LIKE = {"ORG", "FAC", "LAW", "EVENT", "PRODUCT"}


def initials(key: str) -> tuple[str, str]:
    """Initials of a name with and without its function words ("aosis", "asis")."""
    words = key.replace("-", " ").split()
    every = "".join(w[0] for w in words)
    content = "".join(w[0] for w in words if w not in FUNCTION_WORDS)
    return every, content


def is_acronym_of(acronym: str, key: str) -> bool:
    """Whether ``acronym`` ("ecb", "aosis", "ustr", "un") abbreviates the name ``key``."""
    if len(acronym) < 2 or " " in acronym or " " not in key:
        return False
    every, content = initials(key)
    # Dotted abbreviations inside a name count letter by letter ("u.s." -> "us").
    spelled = "".join(w if len(w) <= 2 else w[0] for w in key.split() if w not in FUNCTION_WORDS)
    return acronym in {every, content} or (
        len(acronym) >= 3 and (spelled.endswith(acronym) or content.endswith(acronym))
    )


def resolve_short_forms(text: str, entities: tuple[EntitySpan, ...]) -> dict[str, tuple[str, str]]:
    """Map each name's key to the key and name of its fullest form in this article.

    Resolved to the full name: a surname alone after the full name ("Tokayev"
    after "Kassym-Jomart Tokayev"); an acronym after its expansion
    ("Collective Security Treaty Organization (CSTO)") or matching the
    initials of a name in the article ("ECB", "PSG", "U.N."); and the short
    form of an organisation's name ("the European Court" for the European
    Court of Human Rights, "the Commission" for the European Commission).
    """
    resolved: dict[str, tuple[str, str]] = {}
    labels: dict[str, str] = {}
    for ent in entities:
        if ent.label not in ENTITY_LABELS:
            continue
        key = normalize_alias(ent.text)
        if not key:
            continue
        labels.setdefault(key, ent.label)
        resolved.setdefault(key, (key, display_name(ent.text)))
        # "Full Name (ACR)": the acronym right after the entity, in brackets.
        after = re.match(r"\s*\(([A-Z][A-Za-z0-9.&-]{1,12})\)", text[ent.end : ent.end + 20])
        if after:
            acronym = normalize_alias(after.group(1))
            every, content = initials(key)
            if acronym and (
                is_acronym_of(acronym, key)
                or (acronym[0] == key[0] and set(acronym) <= set(every + "0123456789"))
                or (after.group(1).isupper() and ent.label in ORG_LIKE | {"GPE"})
            ):
                resolved[acronym] = (key, display_name(ent.text))
        if ent.label == "PERSON" and len(key.split()) >= 2:
            surname = key.split()[-1]
            current = resolved.get(surname)
            if current is None or current[0] == surname:
                resolved[surname] = (key, display_name(ent.text))

    full_names = [
        key for key, (canonical, _) in resolved.items() if key == canonical and " " in key
    ]
    for ent in entities:
        key = normalize_alias(ent.text)
        if not key or ent.label not in ENTITY_LABELS or resolved.get(key, (key,))[0] != key:
            continue
        if ent.label == "PERSON" and " " not in key:
            # A one-word PERSON that ends a longer name the model labelled
            # otherwise ("Kassym-Jomart Tokayev" as ORG, later "Tokayev").
            matches = {full for full in full_names if full.endswith(f" {key}")}
        elif ent.text.replace(".", "").isupper():
            matches = {full for full in full_names if is_acronym_of(key, full)}
        elif ent.label in ORG_LIKE:
            # "the European Court" before "... of Human Rights"; "the
            # Commission" for "the European Commission" (a head noun, and
            # never the place after "of": "India" is not the Election
            # Commission of India).
            matches = {
                full
                for full in full_names
                if full != key
                and labels.get(full) in ORG_LIKE
                and (
                    full.startswith(f"{key} ")
                    or (" of " not in f" {full} " and full.endswith(f" {key}"))
                )
            }
        else:
            continue
        if len(matches) == 1:
            resolved[key] = resolved[matches.pop()]
    return resolved


def defined_acronym_mentions(
    text: str, entities: tuple[EntitySpan, ...], resolved: dict[str, tuple[str, str]]
) -> list[EntitySpan]:
    """Later uses of an acronym the article defined, where the model missed them.

    After "Collective Security Treaty Organization (CSTO)", a bare "CSTO" is a
    mention of that organisation even when the NER model does not tag it.
    """
    labels = {normalize_alias(e.text): e.label for e in entities if e.label in ENTITY_LABELS}
    acronyms = {
        key: labels[canonical]
        for key, (canonical, _) in resolved.items()
        if key != canonical and " " not in key and canonical in labels and " " in canonical
    }
    taken = [(e.start, e.end) for e in entities]
    found = []
    for key, label in acronyms.items():
        for match in re.finditer(rf"(?<![\w(]){re.escape(key)}(?![\w)])", text, flags=re.I):
            if not match.group(0).isupper():
                continue
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            found.append(
                EntitySpan(
                    text=match.group(0),
                    label=label,
                    start=match.start(),
                    end=match.end(),
                    token_start=-1,
                    token_end=-1,
                )
            )
    return found


def _subtree_span(tokens: tuple[Token, ...], root: int, lo: int, hi: int) -> tuple[int, int]:
    """Character span of ``root``'s subtree, limited to tokens lo..hi."""
    children: dict[int, list[int]] = {}
    for token in tokens[lo:hi]:
        if token.i != token.head:
            children.setdefault(token.head, []).append(token.i)
    members, stack = [], [root]
    while stack:
        i = stack.pop()
        members.append(i)
        stack.extend(children.get(i, ()))
    words = [tokens[i] for i in members if not tokens[i].is_space and tokens[i].pos != "PUNCT"]
    if not words:
        return (tokens[root].idx, tokens[root].idx + len(tokens[root].text))
    return (min(t.idx for t in words), max(t.idx + len(t.text) for t in words))


def _children(tokens: tuple[Token, ...], head: int, lo: int, hi: int) -> list[Token]:
    return [t for t in tokens[lo:hi] if t.head == head and t.i != head]


def _structure(parsed: ParsedText, sentence: Sentence) -> dict:
    tokens, text = parsed.tokens, parsed.text
    lo, hi = sentence.token_start, sentence.token_end
    roots = [t for t in tokens[lo:hi] if t.head == t.i and not t.is_space]
    if not roots:
        return {}
    # A sentence the parser split and nlp.py joined again has several roots;
    # the verb's is the one that carries the assertion.
    root = next((r for r in roots if r.pos in {"VERB", "AUX"}), roots[0])
    predicate = root
    speaker = ""

    def span_text(token: Token) -> str:
        start, end = _subtree_span(tokens, token.i, lo, hi)
        return text[start:end]

    if root.lemma.lower() in SPEECH_VERBS:
        clauses = [c for c in _children(tokens, root.i, lo, hi) if c.dep in {"ccomp", "parataxis"}]
        subjects = [c for c in _children(tokens, root.i, lo, hi) if c.dep in SUBJECT_DEPS]
        if clauses and subjects:
            speaker = span_text(subjects[0])
            predicate = clauses[0]
    for token in tokens[lo:hi]:
        if token.lemma.lower() == "accord" and token.text.lower() == "according":
            to = [c for c in _children(tokens, token.i, lo, hi) if c.text.lower() == "to"]
            objects = (
                [c for c in _children(tokens, to[0].i, lo, hi) if c.dep == "pobj"] if to else []
            )
            if objects and not speaker:
                speaker = span_text(objects[0])

    children = _children(tokens, predicate.i, lo, hi)
    subject = next((span_text(c) for c in children if c.dep in SUBJECT_DEPS), "")
    if not subject and predicate is root:
        # The stray root of a split sentence, right before the verb, is its subject.
        before = [r for r in roots if r.i < root.i and r.pos in {"PROPN", "NOUN", "PRON"}]
        if before:
            subject = span_text(before[-1])
    obj = next((span_text(c) for c in children if c.dep in OBJECT_DEPS), "")
    if not obj:
        preps = [c for c in children if c.dep in {"prep", "agent"}]
        for prep in preps:
            pobj = [c for c in _children(tokens, prep.i, lo, hi) if c.dep == "pobj"]
            if pobj:
                obj = text[prep.idx : _subtree_span(tokens, pobj[0].i, lo, hi)[1]]
                break
    is_negated = any(c.dep == "neg" for c in children)
    is_hedged = (
        any(c.dep == "aux" and c.lemma.lower() in HEDGE_MODALS for c in children)
        or predicate.lemma.lower() in HEDGE_VERBS
        or any(t.text.lower() in HEDGE_WORDS for t in tokens[lo:hi])
    )
    return {
        "subject": subject,
        "predicate": predicate.lemma.lower(),
        "object": obj,
        "is_negated": is_negated,
        "is_hedged": is_hedged,
        "speaker": speaker,
        "root": root,
    }


ACTOR_DEPS = {"nsubj", "nsubjpass", "agent", "poss", "csubj"}
GOVERNMENT_NOUNS = {
    "official", "spokesman", "spokeswoman", "spokesperson", "ministry", "minister",
    "government", "diplomat", "authority", "leader", "leadership", "policymaker",
    "lawmaker", "regulator", "negotiator", "envoy", "administration", "embassy",
}  # fmt: skip
CURRENCIES = [
    (re.compile(r"\$|\bdollars?\b|\bUSD\b", re.I), "USD"),
    (re.compile(r"€|\beuros?\b|\bEUR\b", re.I), "EUR"),
    (re.compile(r"£|\bpounds?\b|\bGBP\b", re.I), "GBP"),
    (re.compile(r"\byuan\b|\brenminbi\b|\bCNY\b", re.I), "CNY"),
    (re.compile(r"\broubles?\b|\brubles?\b|\bRUB\b", re.I), "RUB"),
    (re.compile(r"\btenge\b|\bKZT\b", re.I), "KZT"),
]
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100, "dozens": 24, "half": 0.5,
}  # fmt: skip
MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip


def _is_actor(tokens: tuple[Token, ...], ent: EntitySpan) -> bool:
    """Whether the entity acts in its sentence: subject, agent, possessor, or their modifier.

    "Moscow said", "Moscow's decision", "Moscow officials said": the capital
    stands for the state. "in Moscow" does not act.
    """
    if ent.token_start < 0:
        return False
    span = tokens[ent.token_start : ent.token_end]
    heads = [t for t in span if not (ent.token_start <= t.head < ent.token_end)] or list(span[-1:])
    for token in heads:
        if token.dep in ACTOR_DEPS:
            return True
        if token.dep == "compound" and tokens[token.head].dep in ACTOR_DEPS:
            return True
        if token.dep == "pobj" and tokens[token.head].dep == "agent":
            return True
        if token.dep == "pobj" and tokens[token.head].text.lower() in {"in", "from"}:
            # "officials in Astana", "a spokesman in Beijing": the government.
            governed = tokens[tokens[token.head].head]
            if governed.lemma.lower() in GOVERNMENT_NOUNS:
                return True
    return False


def normalize_date(text: str) -> str | None:
    """ISO form of a stated date, as precise as it is: "2022-01-07", "2022-01", "2022"."""
    day = parse_date(text)
    if day:
        return day.isoformat()
    month_year = re.search(r"\b([A-Za-z]{3,9})\.?\s+(\d{4})\b", text)
    if month_year and month_year.group(1).lower() in MONTH_NUMBERS:
        return f"{month_year.group(2)}-{MONTH_NUMBERS[month_year.group(1).lower()]:02d}"
    year = re.fullmatch(r"(?:the\s+)?(?:year\s+)?(\d{4})s?", text.strip(), re.I)
    if year:
        return year.group(1)
    return None


def _quantity(tokens: tuple[Token, ...], ent: EntitySpan) -> dict:
    """A stated quantity with its value, and its unit or currency where given."""
    value = _number(ent.text)
    unit = ""
    if ent.label == "MONEY":
        unit = next((code for pattern, code in CURRENCIES if pattern.search(ent.text)), "")
    elif ent.label == "PERCENT":
        unit = "%"
    elif ent.token_end < len(tokens) and ent.token_end > 0:
        following = tokens[ent.token_end]
        if following.pos == "NOUN" and tokens[ent.token_end - 1].head == following.i:
            unit = following.lemma.lower()
    return {"text": ent.text, "kind": ent.label.lower(), "value": value, "unit": unit}


def _number(text: str) -> float | None:
    match = re.search(r"\d[\d,]*(\.\d+)?", text)
    if match:
        value = float(match.group(0).replace(",", ""))
    else:
        words = [WORD_NUMBERS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in WORD_NUMBERS]
        if not words:
            return None
        value = float(words[0])
    scale = re.search(r"\b(thousand|million|billion|trillion)\b", text, re.I)
    if scale:
        value *= {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}[
            scale.group(1).lower()
        ]
    return value


def is_headline(parsed: ParsedText, sentence: Sentence) -> bool:
    """The first line of the body, standing alone: the article's headline."""
    if sentence is not parsed.sentences[0]:
        return False
    text = parsed.text
    first_line_start = len(text) - len(text.lstrip())
    line_end = text.find("\n", first_line_start)
    line_end = len(text) if line_end == -1 else line_end
    return (
        sentence.start == first_line_start
        and sentence.end == len(text[first_line_start:line_end].rstrip()) + first_line_start
    )


def _is_fragment_or_command(
    parsed: ParsedText, sentence: Sentence, root: Token | None, *, headline: bool = False
) -> str:
    """Why the sentence is not an assertion, or "" when it is one.

    A headline need not have a finite verb ("Russia's comeback in Central
    Asia"): title case often hides the verb from the tagger.
    """
    tokens = parsed.tokens[sentence.token_start : sentence.token_end]
    words = [t for t in tokens if not t.is_space and t.pos != "PUNCT"]
    if len(words) < MIN_WORDS:
        return "too short"
    if parsed.text[sentence.start : sentence.end].rstrip("\"”’') ").endswith("?"):
        return "question"
    finite = [t for t in tokens if t.tag in {"VBD", "VBZ", "VBP", "MD"}]
    # A long sentence with its full stop is an assertion even when the tagger
    # missed its verb ("... the warm reception for Xi point in the same direction.").
    is_full_sentence = len(words) >= 10 and parsed.text[sentence.end - 1] in '.!…"”’'
    if not finite and not headline and not is_full_sentence:
        return "no finite verb"
    is_bare_verb_first = root is not None and root.tag == "VB" and root.i == words[0].i
    if is_bare_verb_first and not any(t.dep in SUBJECT_DEPS for t in tokens):
        return "command"
    return ""


def trim_entity(text: str, ent: EntitySpan) -> EntitySpan | None:
    """The entity without brackets, quotes or punctuation the model took in at its edges."""
    start, end = ent.start, ent.end
    while start < end and text[start] in " \t\n([{\"'“‘-–—,;:":
        start += 1
    while end > start and text[end - 1] in " \t\n)]}\"'”’(-–—,;:":
        if text[end - 1] == ")" and "(" in text[start:end]:
            break
        end -= 1
    if start == end:
        return None
    if (start, end) == (ent.start, ent.end):
        return ent
    return EntitySpan(
        text=text[start:end],
        label=ent.label,
        start=start,
        end=end,
        token_start=ent.token_start,
        token_end=ent.token_end,
    )


def extract_claims(parsed: ParsedText) -> list[CandidateClaim]:
    """Sentences that assert something about a named entity, with score and structure."""
    entities = tuple(e for e in (trim_entity(parsed.text, e) for e in parsed.entities) if e)
    resolved = resolve_short_forms(parsed.text, entities)
    ents = sorted(
        [*entities, *defined_acronym_mentions(parsed.text, entities, resolved)],
        key=lambda e: e.start,
    )
    candidates: list[CandidateClaim] = []
    entity_index = 0
    for sentence in parsed.sentences:
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
                    is_actor=_is_actor(parsed.tokens, ent),
                )
            )
        headline = is_headline(parsed, sentence)
        if not mentions and not headline:  # the headline is a claim even without a name
            continue
        structure = _structure(parsed, sentence)
        if _is_fragment_or_command(parsed, sentence, structure.get("root"), headline=headline):
            continue

        quantities = tuple(
            _quantity(parsed.tokens, e) for e in inside if e.label in QUANTITY_LABELS
        )
        dates = tuple(
            {"text": e.text, "value": normalize_date(e.text)}
            for e in inside
            if e.label in DATE_LABELS
        )
        score, reasons = _score(parsed, sentence, mentions, structure, quantities, dates)
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


def _score(
    parsed, sentence, mentions, structure, quantities, dates
) -> tuple[float, tuple[str, ...]]:
    """Check-worthiness from 0 to 1, with a reason for every step up or down."""
    if mentions:
        score, reasons = 0.5, ["+0.50 asserts something about a named entity"]
    else:
        score, reasons = 0.4, ["+0.40 the headline, naming no entity the model knows"]

    def step(amount: float, why: str) -> None:
        nonlocal score
        score += amount
        reasons.append(f"{amount:+.2f} {why}")

    distinct = {m.key for m in mentions}
    if len(distinct) >= 2:
        step(0.10, f"names {len(distinct)} entities")
    if quantities:
        step(0.15, "states a number")
    if dates:
        step(0.05, "states a date")
    if structure.get("speaker"):
        step(0.10, "attributed to a speaker")
    subject = structure.get("subject", "")
    if subject and any(m.text in subject for m in mentions):
        step(0.05, "an entity is the subject")
    if structure.get("is_hedged"):
        step(-0.10, "hedged")
    tokens = parsed.tokens[sentence.token_start : sentence.token_end]
    words = [t for t in tokens if not t.is_space and t.pos != "PUNCT"]
    if len(words) > LONG_SENTENCE_WORDS:
        step(-0.15, "very long sentence")
    if any(t.text.lower() in {"i", "we", "my", "our"} for t in words) and not structure.get(
        "speaker"
    ):
        step(-0.10, "first person without attribution")
    return round(min(1.0, max(0.0, score)), 3), tuple(reasons)
