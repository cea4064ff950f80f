"""What a claim set is called: the editor's question, else one the machine proposes.

The machine's title asks what the claims dispute, from their structure: the
subject they share and the predicates of opposite meaning on the two sides
("Does Russia reclaim or lose Central Asia?"). Pure functions over claims with
their structure fields (and, for the topic, their mentions) loaded; no queries.
"""

from collections import Counter
from dataclasses import dataclass
from functools import cache

from common.text import shorten

from .suggestions.lexicon import canonical, lexicon_rows

# Verbs whose base form does not make a yes-no question with "does".
COPULAS = {"be"}
LEADING_ARTICLES = ("the ", "a ", "an ")
MAX_SUBJECT_WORDS = 6
MAX_OBJECT_WORDS = 5
TITLE_CHARS = 160


@dataclass(frozen=True)
class SetTitle:
    text: str
    is_proposed: bool  # made up by the machine, not written by an editor


def claim_set_heading(claim_set, claims) -> SetTitle:
    """The set's name as readers see it: the editor's question or title, else a proposal."""
    own = claim_set.question or claim_set.title
    if own:
        return SetTitle(own, False)
    return SetTitle(claim_set_proposed_title(claims) or f"Claim set {claim_set.pk}", True)


def claim_set_proposed_title(claims) -> str:
    """A question made from the claims, or "" when there are none.

    The subject is what most claims have as their subject, by its words or
    by an entity named in it; with predicates of opposite meaning on the two
    sides (``are_opposed``): "Does <subject> <a> or <b> [<topic>]?"; with one
    predicate negated on one side only: "Does <subject> <a> [<topic>] or
    not?". Without a shared subject, an entity both sides name stands in for
    it: "<name>: <a> or <b>?". Otherwise, the claim that speaks for the set,
    shortened: its own words say what the set is about better than a list of
    names would, or than two verbs that merely differ ("Russia: send or end?").
    """
    claims = list(claims)
    if not claims:
        return ""
    sides = [[c for c in claims if c.side == side] for side in (0, 1)]
    if all(sides):
        verbs = [_main_predicate(side) for side in sides]
        negated = [_mostly_negated(side, verbs[i]) for i, side in enumerate(sides)]
        differ = are_opposed(verbs[0], verbs[1])
        subject = _shared_subject(claims)
        if subject:
            topic = _topic(claims, subject)
            if differ and not set(verbs) & COPULAS:
                return _fit(f"Does {subject} {verbs[0]} or {verbs[1]}{topic}?")
            if verbs[0] and verbs[0] == verbs[1] and negated[0] != negated[1]:
                if verbs[0] not in COPULAS:
                    return _fit(f"Does {subject} {verbs[0]}{topic} or not?")
                objects = [_main_object(side) for side in sides]
                if objects[0]:
                    return _fit(f"Is {subject} {objects[0]} or not?")
        entity = _entity_on_both_sides(sides)
        if entity and differ and not set(verbs) & COPULAS:
            return _fit(f"{entity}: {verbs[0]} or {verbs[1]}?")
    lead = max(claims, key=lambda c: (c.status == "accepted", c.score, -c.pk))
    return shorten(lead.text, TITLE_CHARS)


@cache
def _seed_antonyms() -> frozenset[tuple[str, str]]:
    return frozenset(lexicon_rows())


def are_opposed(predicate_a: str, predicate_b: str) -> bool:
    """Whether two predicates make an either-or question: an antonym pair of the seed
    lexicon (``suggestions/data``, read once per process: a title is worked out on
    every page that shows one, so it queries nothing, and the pairs editors add or
    conflicts teach are left to the link suggestions)."""
    a, b = canonical(predicate_a, predicate_b)
    return bool(a) and a != b and (a, b) in _seed_antonyms()


def _fit(title: str) -> str:
    return title[0].upper() + title[1:] if len(title) <= TITLE_CHARS else ""


def _subject_key(subject: str) -> str:
    key = subject.strip().casefold()
    for article in LEADING_ARTICLES:
        if key.startswith(article):
            key = key[len(article) :]
    return key


PRONOUNS = {"it", "he", "she", "they", "we", "i", "you", "this", "that", "there"}


def _shared_subject(claims) -> str:
    """What at least two claims have as their subject: the same words, or an entity named
    in each subject (its name then stands for them)."""
    said: dict[str, str] = {}
    counts: Counter = Counter()
    for claim in claims:
        subject = (claim.subject or "").strip()
        if not subject:
            continue
        keys = set()
        if len(subject.split()) <= MAX_SUBJECT_WORDS and _subject_key(subject) not in PRONOUNS:
            keys.add(_subject_key(subject))
            said.setdefault(_subject_key(subject), subject)
        for mention in claim.mentions.all():
            name = mention.entity.name
            if mention.text.casefold() in subject.casefold() and len(name.split()) <= 4:
                keys.add(f"entity:{mention.entity_id}")
                said.setdefault(f"entity:{mention.entity_id}", name)
        counts.update(keys)
    ranked = sorted(counts, key=lambda k: (-counts[k], k.startswith("entity:"), k))
    if not ranked or counts[ranked[0]] < 2:
        return ""
    subject = said[ranked[0]]
    if subject.split()[0].casefold() in {a.strip() for a in LEADING_ARTICLES}:
        subject = subject[0].lower() + subject[1:]
    return subject


def _entity_on_both_sides(sides) -> str:
    """The entity named by the most claims among those both sides name."""
    counts = [Counter(), Counter()]
    names = {}
    for number, side in enumerate(sides):
        for claim in side:
            for mention in claim.mentions.all():
                names[mention.entity_id] = mention.entity.name
            counts[number].update({m.entity_id for m in claim.mentions.all()})
    shared = set(counts[0]) & set(counts[1])
    if not shared:
        return ""
    return names[max(shared, key=lambda pk: (counts[0][pk] + counts[1][pk], -pk))]


def _main_predicate(side) -> str:
    counts = Counter(c.predicate.casefold() for c in side if c.predicate)
    return counts.most_common(1)[0][0] if counts else ""


def _mostly_negated(side, predicate: str) -> bool:
    with_it = [c for c in side if c.predicate.casefold() == predicate]
    return sum(c.is_negated for c in with_it) * 2 > len(with_it) if with_it else False


def _main_object(side) -> str:
    objects = [c.object for c in side if c.object and len(c.object.split()) <= MAX_OBJECT_WORDS]
    return Counter(objects).most_common(1)[0][0] if objects else ""


def _topic(claims, subject: str) -> str:
    """ " <name>" for a place or party both sides' objects name and the subject does not."""
    subject_key = subject.casefold()
    by_side: dict[int, Counter] = {0: Counter(), 1: Counter()}
    names: dict[int, str] = {}
    for claim in claims:
        obj = (claim.object or "").casefold()
        if claim.side not in by_side or not obj:
            continue
        for mention in claim.mentions.all():
            name = mention.entity.name
            if name.casefold() in obj and name.casefold() not in subject_key:
                by_side[claim.side][mention.entity_id] += 1
                names[mention.entity_id] = name
    shared = set(by_side[0]) & set(by_side[1])
    if not shared:
        return ""
    best = max(shared, key=lambda pk: (by_side[0][pk] + by_side[1][pk], -pk))
    return f" {names[best]}"
