"""Names within one article: entity spans trimmed and fragments dropped, short forms and
acronyms resolved to the article's fullest form of each name, and whether a capital stands
for its state. Pure functions over ``claims.nlp.pipeline`` dataclasses.
"""

import re

from ..nlp.pipeline import EntitySpan, Token
from ..nlp.structure import is_actor
from .demonyms import COUNTRY_KEYS, country_of_demonym
from .keys import ORG_LIKE, display_name, initials, is_acronym_of, normalize_alias, surname_of
from .kinds import ENTITY_LABELS

_ORDINAL = re.compile(
    r"(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
    r"|eleventh|twelfth|\w+teenth|\w+tieth|hundredth|thousandth|millionth|last|next)",
    re.I,
)
# Words a page capitalises that are not names on their own: navigation, buttons and
# section titles, and common nouns that head many names. Alone, they name an entity
# only when one is already known by them (an editor's alias, say). spaCy's stop words
# and the parser's part of speech catch the rest ("More", "Read" as verbs).
COMMON_WORDS = frozenset({
    "learn", "read", "share", "more", "home", "news", "menu", "search", "subscribe",
    "login", "log", "sign", "watch", "listen", "follow", "comment", "comments",
    "advertisement", "advert", "video", "videos", "photo", "photos", "image", "gallery",
    "opinion", "analysis", "sport", "sports", "business", "world", "politics", "culture",
    "science", "health", "technology", "economy", "markets", "weather", "travel",
    "lifestyle", "live", "update", "updates", "related", "defence", "defense", "security",
    "government", "ministry", "parliament", "state", "country", "nation", "army", "navy",
    "police", "court", "council", "committee", "department", "agency", "office", "party",
    "republic", "federation", "coalition", "alliance", "forces", "military", "foundation",
    "institute", "university", "bank", "group", "company", "president", "minister", "prime",
    "premier", "chairman", "secretary", "general", "director", "spokesman", "official",
    "officials", "report", "statement", "source", "sources", "editor", "contact", "about",
    "terms", "privacy", "cookies", "newsletter", "podcast", "print", "email",
})  # fmt: skip
NOT_NAME_POS = {"VERB", "AUX", "ADV", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "INTJ"}


def trim_entity(text: str, ent: EntitySpan) -> EntitySpan | None:
    """The entity without brackets, quotes or punctuation the model took in at its edges,
    or None when no name is left: a bracket or quote alone, or a name that is only
    a number or an ordinal ("201st", "Third"; dates and quantities are kept). An opening bracket the entity does not close cuts it there:
    "Shanghai Cooperation Organisation (SCO" is the organisation.
    """
    start, end = ent.start, ent.end
    inner = text[start:end]
    for opening, closing in ("()", "[]", "{}"):
        if inner.count(opening) > inner.count(closing):
            end = start + inner.rindex(opening)
            inner = text[start:end]
    while start < end and text[start] in " \t\n([{\"'“‘-–—,;:":
        start += 1
    while end > start and text[end - 1] in " \t\n)]}\"'”’(-–—,;:":
        if text[end - 1] == ")" and "(" in text[start:end]:
            break
        end -= 1
    if start == end or (ent.label in ENTITY_LABELS and is_number_or_ordinal(text[start:end])):
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


def is_number_or_ordinal(name: str) -> bool:
    """A "name" with no word that is not a number or an ordinal ("201st", "Third", "1990s")."""
    words = re.findall(r"[^\W_]+", name)
    return all(word.isdigit() or _ORDINAL.fullmatch(word) for word in words)


def is_common_word(tokens: tuple[Token, ...], ent: EntitySpan, stop_words) -> bool:
    """A lone capitalised common word ("Learn", "Defence", "More"), not a name by itself.

    An all-capital acronym ("NATO") and a nationality ("Russian", an adjective) are names.
    """
    word = ent.text
    if not word.isalpha() or word.isupper() or not word[0].isupper():
        return False
    lower = word.lower()
    if lower in COMMON_WORDS or lower in stop_words:
        return True
    if ent.token_start < 0 or ent.token_end - ent.token_start != 1 or ent.label == "NORP":
        return False
    # A verb or adverb that opens a line or sentence ("Assess ...", "Seek ...") is a
    # button or a list item; elsewhere the tagger's guess is too weak to drop a name.
    i = ent.token_start
    opens = i == 0 or tokens[i - 1].is_space or tokens[i - 1].text in {".", "!", "?", ":", "|"}
    return opens and tokens[i].pos in NOT_NAME_POS


# A capital that leads or backs something is its state: "the Moscow-led bloc".
STATE_COMPOUNDS = {
    "led", "backed", "brokered", "sponsored", "supported", "funded", "controlled", "allied",
    "aligned", "installed", "imposed", "mediated", "dominated", "friendly", "leaning",
}  # fmt: skip
# Prepositions after which a capital is a party, not a place: "a deal with Moscow",
# "sanctions against Beijing".
PARTY_PREPOSITIONS = {"with", "against", "between"}
# Words whose object, or object after "on", "to", "from", "toward", "over", "by" or "under",
# is a state:
# "sanctions on Beijing", "aid to Kyiv", "pressure from Washington", "urged Moscow".
POLITICAL_WORDS = {
    "sanction", "pressure", "deal", "agreement", "talk", "tie", "relation", "relationship",
    "aid", "support", "loan", "demand", "ultimatum", "call", "message", "warning", "letter",
    "concession", "appeal", "apology", "threat", "retaliation", "tariff", "embargo", "ban",
    "request", "proposal", "offer", "overture", "protest", "complaint", "note", "envoy",
    "ambassador", "recognition", "loyalty", "alliance", "opposition", "criticism",
    "accuse", "urge", "press", "warn", "criticise", "criticize", "condemn", "blame",
    "punish", "court", "isolate", "recognise", "recognize", "trust", "persuade", "convince",
    "lobby", "ask", "back", "oppose", "reassure", "rebuke", "defy",
    "challenge", "confront", "side", "align", "ally", "negotiate", "engage", "appease",
    "deter", "provoke", "thank", "reject", "snub", "impose", "autonomy", "rule",
    "sovereignty",
}  # fmt: skip
# "autonomy under Beijing": a territory's standing under a capital is under its state.
POLITICAL_PREPOSITIONS = {"on", "to", "from", "toward", "towards", "over", "by", "upon", "under"}


def stands_for_state(tokens: tuple[Token, ...], ent: EntitySpan) -> bool:
    """Whether a name acts in its sentence, so that a capital there stands for its state.

    It does as a subject, agent or possessor ("Moscow said", "Moscow's plan"), and
    also in "X and Y have ...", in "the X-led bloc", after "with" or "against", and
    as the object of a political word ("urged Moscow", "sanctions on Beijing", "aid
    to Kyiv"). "in Moscow", "flew to Beijing" and "the streets of Washington" are
    places: a capital there stays the city.
    """
    if ent.token_start < 0:
        return False
    span = range(ent.token_start, ent.token_end)
    heads = [t for t in tokens[ent.token_start : ent.token_end] if t.head not in span]
    for token in heads or tokens[ent.token_end - 1 : ent.token_end]:
        while token.dep == "conj" and token.head != token.i:
            token = tokens[token.head]  # "Beijing and Washington have": as the first one
        if is_actor(tokens, _one_token(token)):
            return True
        head = tokens[token.head]
        following = tokens[token.i + 1 : token.i + 3]
        if (
            len(following) == 2
            and following[0].text in "-–"
            and following[1].text.lower() in STATE_COMPOUNDS
        ):
            return True
        if token.dep == "dobj" and head.lemma.lower() in POLITICAL_WORDS:
            return True
        if token.dep == "pobj":
            preposition = head.text.lower()
            governor = tokens[head.head]
            if preposition in PARTY_PREPOSITIONS:
                return True
            if preposition in POLITICAL_PREPOSITIONS and governor.lemma.lower() in POLITICAL_WORDS:
                return True
    return False


def _one_token(token: Token) -> EntitySpan:
    return EntitySpan(token.text, "", token.idx, token.idx + len(token.text), token.i, token.i + 1)


def resolve_short_forms(text: str, entities: tuple[EntitySpan, ...]) -> dict[str, tuple[str, str]]:
    """Map each name's key to the key and name of its fullest form in this article.

    Resolved to the full name: a surname alone after the full name ("Tokayev"
    after "Kassym-Jomart Tokayev"); an acronym after its expansion
    ("Collective Security Treaty Organization (CSTO)") or matching the
    initials of a name in the article ("ECB", "PSG", "U.N."); and the short
    form of an organisation's name ("the European Court" for the European
    Court of Human Rights, "the Commission" for the European Commission), of a
    place ("Braunau" for Braunau am Inn) or of a company named after one
    ("Emirates" for Emirates Airline, "Edmunds" for Edmunds.com); a party's
    members for the party ("Conservatives"); and a demonym to its country
    ("Swedish", "Indians"; see demonyms.py).
    """
    resolved: dict[str, tuple[str, str]] = {}
    labels: dict[str, str] = {}
    texts: dict[str, str] = {}
    for ent in entities:
        if ent.label not in ENTITY_LABELS:
            continue
        key = normalize_alias(ent.text)
        if not key:
            continue
        labels.setdefault(key, ent.label)
        texts.setdefault(key, ent.text)
        # A capitalised demonym: "polish" (the verb the model took for a name) is none.
        is_demonym = ent.label in DEMONYM_LABELS and ent.text[:1].isupper()
        country = country_of_demonym(key) if is_demonym else ""
        if country:
            resolved[key] = (normalize_alias(country), country)
            continue
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
        surname = surname_of(key) if ent.label == "PERSON" else ""
        if surname:
            current = resolved.get(surname)
            if current is None or current[0] == surname:
                resolved[surname] = (key, display_name(ent.text))

    full_names = [
        key
        for key, (canonical, _) in resolved.items()
        if key == canonical and (" " in key or WEB_ADDRESS.fullmatch(texts.get(key, "")))
    ]
    for ent in entities:
        key = normalize_alias(ent.text)
        if not key or ent.label not in ENTITY_LABELS or resolved.get(key, (key,))[0] != key:
            continue
        if ent.label == "PERSON" and " " not in key:
            # A one-word PERSON that is the surname of a longer name the model
            # labelled otherwise ("Kassym-Jomart Tokayev" as ORG, later "Tokayev").
            matches = {full for full in full_names if surname_of(full) == key}
        elif ent.text.replace(".", "").isupper():
            matches = {full for full in full_names if is_acronym_of(key, full)}
        elif ent.label in ORG_LIKE | PLACE_LABELS | {"NORP"}:
            matches = _longer_names(key, ent.label, full_names, labels, texts)
        else:
            continue
        if len(matches) == 1:
            resolved[key] = resolved[matches.pop()]
    return resolved


# Labels a demonym comes with ("Swedish" as NORP; "Indians" sometimes as GPE).
DEMONYM_LABELS = {"NORP", "GPE", "LOC"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Words that make a place's name a company's: "Emirates Airline", "Ural Airlines".
COMPANY_WORDS = {
    "airline", "airlines", "airways", "air", "group", "bank", "holding", "holdings",
    "telecom", "motors", "corp", "corporation", "inc", "ltd", "plc", "limited", "company",
}  # fmt: skip
WEB_ADDRESS = re.compile(r"(.+?)\.(?:com|org|net|io|co\.uk|co)", re.I)


def _longer_names(
    key: str, label: str, full_names: list[str], labels: dict[str, str], texts: dict[str, str]
) -> set[str]:
    """The article's longer names a non-person name ``key`` is the short form of."""
    if key in COUNTRY_KEYS:  # "China" is not "China Daily", "Sudan" not "South Sudan"
        return set()
    matches = set()
    for full in full_names:
        full_label = labels.get(full)
        if full == key or full_label == "PERSON":
            continue
        address = WEB_ADDRESS.fullmatch(texts.get(full, ""))
        if address and normalize_alias(address.group(1)) == key:
            matches.add(full)  # "Edmunds" for "Edmunds.com"
        elif label in {"NORP", "ORG"} and full_label == "ORG" and full == f"{key[:-1]} party":
            matches.add(full)  # "Conservatives" for "the Conservative Party"
        elif label in ORG_LIKE and full_label in ORG_LIKE:
            # "the European Court" before "... of Human Rights"; "the
            # Commission" for "the European Commission" (a head noun, and
            # never the place after "of": "India" is not the Election
            # Commission of India).
            if full.startswith(f"{key} ") or (
                " of " not in f" {full} " and full.endswith(f" {key}")
            ):
                matches.add(full)
        elif label in PLACE_LABELS and full_label in PLACE_LABELS:
            # "Braunau" for "Braunau am Inn" (a place named with a lower-case
            # connector); "Belmarsh" for "HMP Belmarsh" (a designation in capitals
            # before it). "New York" before "New York City", "Asia" before
            # "Asia-Pacific", "Korea" before "South Korea" stay their own places.
            words = display_name(texts.get(full, "")).split()
            n = len(key.split())
            if len(words) > n and (
                (
                    normalize_alias(" ".join(words[:n])) == key
                    and words[n].islower()
                    and len(words[n]) <= 4
                )
                or (
                    normalize_alias(" ".join(words[-n:])) == key
                    and all(w.isupper() for w in words[:-n])
                )
            ):
                matches.add(full)
        elif label in PLACE_LABELS and full_label in ORG_LIKE:
            rest = full[len(key) :].split() if full.startswith(f"{key} ") else []
            if rest and all(word in COMPANY_WORDS for word in rest):
                matches.add(full)  # "Emirates" for "Emirates Airline"
    return matches


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
