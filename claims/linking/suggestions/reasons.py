"""Typed reasons why two claims agree or conflict, from what each claim carries.

Pure over the claims' fields (subject, predicate, negation, quantities, dates,
mentions with their entities, the source's date) and the antonym lexicon.
Each reason is ``{"type": ..., "detail": ...}``; a change over time also
carries ``"date_a"`` and ``"date_b"`` (ISO dates, the first day of the period
a claim states when it gives only a year or a month). A stored suggestion no
rule gives a reason for carries ``close_meaning_reason`` instead: what the
candidate search found the two claims share.
"""

import re
from dataclasses import dataclass
from datetime import date

from .lexicon import antonyms_by_word, are_antonyms

# The rules' reasons: each is also a feature of the classifier (features.py).
RULE_REASON_TYPES = {
    "same_proposition": "Same proposition",
    "same_quantity": "Same figure",
    "negation_flip": "Negation flip",
    "opposite_predicates": "Opposite verbs",
    "numeric_disagreement": "Figures differ",
    "entity_swap": "Different actor",
    "change_over_time": "Change over time",
}
# What a stored suggestion carries when no rule fired; added after the classifier has
# scored the pair, so it is no feature and points to neither relation.
CLOSE_MEANING = "close_meaning"
REASON_TYPES = {**RULE_REASON_TYPES, CLOSE_MEANING: "Close in meaning"}
# Which relation each reason points to.
AGREEING = {"same_proposition", "same_quantity"}
CONFLICTING = {
    "negation_flip", "opposite_predicates", "numeric_disagreement", "entity_swap",
    "change_over_time",
}  # fmt: skip

STOPWORDS = {
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "over", "under", "as", "that", "this", "these", "those", "it", "its", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would", "can", "could", "may", "might", "shall", "should", "do", "does", "did", "not", "no", "nor", "than", "then", "so", "such", "there", "their", "they", "them", "he", "she", "his", "her", "we", "our", "you", "your", "i", "me", "my", "who", "whom", "which", "what", "when", "where", "while", "also", "only", "just", "more", "most", "about", "after", "before", "between", "both", "each", "other", "some", "any", "all", "one", "two", "said", "says", "say", "according", "now", "still", "since", "during", "per", "via", "around", "against", "among", "up", "down", "out", "off", "very", "much", "many",
}  # fmt: skip
APPROXIMATE = re.compile(
    r"\b(about|around|roughly|nearly|almost|some|approximately|close to|more than|over|"
    r"less than|under|up to|at least|at most|an estimated|just over|just under)\s*$",
    re.I,
)
# A capitalised name of one or more words: "Moscow", "Central Asia".
NAME = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*"
# "Beijing, not Moscow, is ..." and "Beijing rather than Moscow".
NOT_INSTEAD = re.compile(
    rf"\b(?P<kept>{NAME}),?\s+(?:and\s+)?(?:not|rather than|instead of)\s+(?P<dropped>{NAME})"
)
# A name set aside, whatever comes before: "trade turned east rather than to Moscow".
SET_ASIDE = re.compile(
    rf"\b(?:[Nn]ot|rather than|instead of)\s+(?:to\s+|the\s+)?(?P<dropped>{NAME})"
)
# Predicates that deny by their meaning: "refused to recognise" says what "did not recognise" says.
DENYING_PREDICATES = {"refuse", "refusal", "deny", "fail", "decline", "reject", "rule", "stop"}
# Lower-case words only: "Beijing, not Moscow" swaps an actor, it denies nothing.
NEGATED_WORD = re.compile(
    r"\b(?:[Nn]ot|n't|[Nn]ever|[Nn]o longer)\s+(?:[a-z]+ly\s+)?(?P<word>[a-z]{3,})"
)
EXACT_TOLERANCE = 0.02
APPROXIMATE_TOLERANCE = 0.1
SAME_PROPOSITION_OVERLAP = 0.5
RELATED_OVERLAP = 0.3
# What a close-meaning reason lists: up to this many shared names, a word overlap from this.
SHOWN_NAMES = 3
SHOWN_OVERLAP = 0.2


def stem(word: str) -> str:
    """A crude stem, enough to match "troops"/"troop" and "agreed"/"agree"."""
    word = word.lower().strip("'’")
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)][:7]
    return word[:7]


def content_words(text: str) -> set[str]:
    return {
        stem(w) for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", text) if w.lower() not in STOPWORDS
    }


def word_overlap(a, b) -> float:
    """Shared content words over the shorter claim's (0..1)."""
    wa, wb = profile_of(a).words, profile_of(b).words
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def is_denial(claim) -> bool:
    """Negated, by a "not" on its verb or by a verb that denies ("refused to")."""
    return profile_of(claim).denial


def _is_denial(is_negated: bool, predicate: str) -> bool:
    return is_negated != (predicate.lower() in DENYING_PREDICATES)


def negated_words(claim) -> frozenset[str]:
    """Stems of words the claim puts after a "not" anywhere ("shows Russia is not losing")."""
    return profile_of(claim).negated


def _negated_words(text: str) -> frozenset[str]:
    return frozenset(stem(m.group("word")) for m in NEGATED_WORD.finditer(text))


def _denied_in_other(a: "ClaimProfile", b: "ClaimProfile") -> str:
    """A word one claim negates and the other asserts plainly, as "losing" in both."""
    for this, other in ((a, b), (b, a)):
        if other.denial:
            continue
        plain = other.words - other.negated
        for word in sorted(this.negated - {"be", "have"}):
            if word in plain and word not in other.negated:
                return word
    return ""


def entity_ids(claim) -> frozenset[int]:
    return profile_of(claim).entities


def actor_ids(claim) -> frozenset[int]:
    """Entities named in the claim's subject: who acts."""
    return profile_of(claim).actors


def _actor_ids(subject: str, mentions) -> frozenset[int]:
    if not subject:
        return frozenset()
    return frozenset(m.entity_id for m in mentions if m.text and m.text in subject)


def _entity_of_name(claim: "ClaimProfile", name: str) -> int | None:
    for m in claim.mentions:
        if m.text and (m.text in name or name in m.text):
            return m.entity_id
        if m.entity_name and (m.entity_name in name or name in m.entity_name):
            return m.entity_id
    return None


@dataclass(frozen=True)
class StatedDate:
    day: date
    text: str  # as stated or as the source's date: "2021", "2022-09", "2022-09-17"
    stated: bool  # in the claim's text, not only the source's date

    @property
    def precision(self) -> int:
        return {4: 1, 7: 2}.get(len(self.text), 3)


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    parts = value.split("-")
    try:
        numbers = [int(p) for p in parts]
        return date(
            numbers[0], numbers[1] if len(numbers) > 1 else 1, numbers[2] if len(numbers) > 2 else 1
        )
    except (ValueError, IndexError):
        return None


def claim_date(claim) -> StatedDate | None:
    """The date a claim speaks of: the latest date it states, else its source's date."""
    return profile_of(claim).date


def _claim_date(dates, published: date | None) -> StatedDate | None:
    stated = []
    for item in dates or []:
        value = item.get("value") if isinstance(item, dict) else None
        day = _parse_iso(value)
        if day:
            stated.append(StatedDate(day, value, True))
    if stated:
        return max(stated, key=lambda d: d.day)
    return StatedDate(published, published.isoformat(), False) if published else None


def dates_differ(a: StatedDate | None, b: StatedDate | None) -> bool:
    """Different dates at the precision both give, and at least one stated in the text."""
    if a is None or b is None or not (a.stated or b.stated):
        return False
    precision = min(a.precision, b.precision)
    key = {1: lambda d: d.year, 2: lambda d: (d.year, d.month), 3: lambda d: d}[precision]
    return key(a.day) != key(b.day)


def _is_approximate(text_of_claim: str, quantity: dict) -> bool:
    text = quantity.get("text", "")
    if APPROXIMATE.search(text + " ") or re.match(
        r"\s*(about|around|nearly|roughly|some|almost)\b", text, re.I
    ):
        return True
    at = text_of_claim.find(text) if text else -1
    return at > 0 and bool(APPROXIMATE.search(text_of_claim[:at]))


SCALE_WORDS = {"thousand", "million", "billion", "trillion", "hundred", "dozen", "dozens"}


def quantity_unit(quantity: dict) -> str:
    """What is counted: the stated unit, or the last word inside the quantity ("9 million tonnes")."""
    if quantity.get("unit"):
        return stem(quantity["unit"])
    words = [
        w
        for w in re.findall(r"[A-Za-z]+", quantity.get("text", ""))
        if w.lower() not in SCALE_WORDS and w.lower() not in {"about", "around", "nearly", "some"}
    ]
    return stem(words[-1]) if words else ""


def _quantities(text: str, quantities) -> tuple[tuple[dict, str, bool], ...]:
    """Quantities with a value and a unit (what is counted), and whether each is approximate."""
    found = []
    for q in quantities or []:
        if isinstance(q, dict) and q.get("value") is not None and (unit := quantity_unit(q)):
            found.append((q, unit, _is_approximate(text, q)))
    return tuple(found)


def compare_quantities(a, b) -> tuple[list[str], list[str]]:
    """(same figures, different figures) for quantities of the same unit in both claims."""
    same, different = [], []
    for qa, unit_a, approx_a in profile_of(a).counted:
        for qb, unit_b, approx_b in profile_of(b).counted:
            if unit_a != unit_b or qa.get("kind") != qb.get("kind"):
                continue
            va, vb = float(qa["value"]), float(qb["value"])
            tolerance = APPROXIMATE_TOLERANCE if approx_a or approx_b else EXACT_TOLERANCE
            gap = abs(va - vb) / max(abs(va), abs(vb), 1e-9)
            description = f"{qa['text']} / {qb['text']}"
            (same if gap <= tolerance else different).append(description)
    return same, different


def _opposite_words(a: "ClaimProfile", b: "ClaimProfile") -> tuple[str, str] | None:
    if are_antonyms(a.predicate, b.predicate):
        return (a.predicate, b.predicate)
    # The first pair in (a's word, b's word) order whose words oppose, longer than three
    # letters each: looked up word by word in the lexicon, not pair by pair.
    opposites = antonyms_by_word()
    only_b = b.lower_words - a.lower_words
    for wa in sorted(a.lower_words - b.lower_words):
        if len(wa) > 3 and (found := opposites.get(wa, frozenset()) & only_b):
            matches = [wb for wb in found if len(wb) > 3 and wb != wa]
            if matches:
                return (wa, min(matches))
    return None


def _entity_swap(a: "ClaimProfile", b: "ClaimProfile", related: bool) -> str:
    for this, other in ((a, b), (b, a)):
        for match in NOT_INSTEAD.finditer(this.text):
            kept = _entity_of_name(this, match.group("kept"))
            dropped = _entity_of_name(this, match.group("dropped"))
            if not (kept and dropped and kept != dropped and dropped in other.entities):
                continue
            # "Beijing, not Moscow" against "Beijing, not Moscow" (or "rather than Moscow")
            # is one claim said twice, not one actor put for another.
            other_kept, other_dropped = _set_aside(other)
            if dropped in other_dropped or kept in other_kept:
                continue
            return f"“{match.group('kept')}, not {match.group('dropped')}” against a claim naming {match.group('dropped')}"
    actors_a, actors_b = a.actors, b.actors
    if related and actors_a and actors_b and not actors_a & actors_b and a.predicate == b.predicate:
        names_a = sorted({m.entity_name for m in a.mentions if m.entity_id in actors_a})
        names_b = sorted({m.entity_name for m in b.mentions if m.entity_id in actors_b})
        return f"{names_listed(names_a)} against {names_listed(names_b)} as the subject of “{a.predicate}”"
    return ""


def _set_aside(claim: "ClaimProfile") -> tuple[set[int], set[int]]:
    """The entities a claim keeps ("Beijing, not …") and those it sets aside ("… not Moscow",
    "rather than Moscow", "instead of Moscow")."""
    kept = {_entity_of_name(claim, m.group("kept")) for m in NOT_INSTEAD.finditer(claim.text)}
    dropped = {_entity_of_name(claim, m.group("dropped")) for m in SET_ASIDE.finditer(claim.text)}
    return kept - {None}, dropped - {None}


def names_listed(names: list[str]) -> str:
    """Names as a sentence lists them: "A", "A and B", "A, B and C"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def pair_reasons(a, b) -> list[dict]:
    """The typed reasons two claims agree or conflict; empty when nothing ties them.

    Claims (with their mentions' entities and their source prefetched) or their
    ``ClaimProfile``; a profile is read once per claim, not once per pair.
    """
    a, b = profile_of(a), profile_of(b)
    reasons: list[dict] = []
    overlap = word_overlap(a, b)
    shared = a.entities & b.entities
    same_predicate = bool(a.predicate) and a.predicate == b.predicate
    related = bool(shared) and (overlap >= RELATED_OVERLAP or same_predicate)
    date_a, date_b = a.date, b.date
    over_time = dates_differ(date_a, date_b)

    same_figures, different_figures = compare_quantities(a, b)
    opposite = _opposite_words(a, b) if related or overlap >= RELATED_OVERLAP else None
    denied_word = _denied_in_other(a, b) if (shared or overlap >= RELATED_OVERLAP) else ""
    negation_flip = (related and a.denial != b.denial) or bool(denied_word)
    swap = _entity_swap(a, b, related)

    changed = []
    if different_figures and (shared or overlap >= RELATED_OVERLAP):
        changed.append(
            ("numeric_disagreement", f"different figures: {'; '.join(different_figures)}")
        )
    if opposite:
        changed.append(("opposite_predicates", f"“{opposite[0]}” against “{opposite[1]}”"))
    if negation_flip:
        if denied_word:
            detail = f"one claim denies what the other asserts (“not {denied_word}…”)"
        else:
            negated = a if a.denial else b
            detail = f"claim {negated.pk} denies “{negated.predicate}”"
        changed.append(("negation_flip", detail))
    if swap:
        changed.append(("entity_swap", swap))

    if (
        changed
        and over_time
        and any(
            t in {"numeric_disagreement", "opposite_predicates", "negation_flip"}
            for t, _ in changed
        )
    ):
        what = "; ".join(detail for _, detail in changed)
        reasons.append(
            {
                "type": "change_over_time",
                "detail": f"{date_a.text} against {date_b.text}: {what}",
                "date_a": date_a.day.isoformat(),
                "date_b": date_b.day.isoformat(),
            }
        )
        changed = [(t, d) for t, d in changed if t == "entity_swap"]
    reasons.extend({"type": t, "detail": d} for t, d in changed)

    if same_figures and (shared or overlap >= RELATED_OVERLAP):
        reasons.append(
            {"type": "same_quantity", "detail": f"same figures: {'; '.join(same_figures)}"}
        )
    if (
        shared
        and not changed
        and not over_time
        and (overlap >= SAME_PROPOSITION_OVERLAP or (same_predicate and overlap >= RELATED_OVERLAP))
    ):
        names = sorted({m.entity_name for m in a.mentions if m.entity_id in shared})
        reasons.append(
            {
                "type": "same_proposition",
                "detail": f"both “{a.predicate or 'state'}” about {', '.join(names)} ({overlap:.0%} of words shared)",
            }
        )
    return reasons


def close_meaning_reason(a, b, candidate) -> dict:
    """Why the candidate search proposed the pair, for a suggestion no rule gives a reason for:
    its cosine, the entities both name (rarest first), their verb and words in common, and
    whether they come from one source. ``candidate`` is the pair's record as
    ``candidates_for`` found it (``cosine``, ``shared_entities``, ``same_source``).
    """
    a, b = profile_of(a), profile_of(b)
    parts = []
    if candidate.cosine > 0:
        parts.append(f"cosine {candidate.cosine:.2f}")
    names_of = {m.entity_id: m.entity_name for m in a.mentions}
    shared = [e for e, _ in candidate.shared_entities if e in names_of and e in b.entities]
    shared += sorted(a.entities & b.entities - set(shared), key=lambda e: names_of[e])
    names = list(dict.fromkeys(names_of[e] for e in shared))
    if len(names) > SHOWN_NAMES:
        parts.append(
            f"both name {', '.join(names[:SHOWN_NAMES])} and {len(names) - SHOWN_NAMES} more"
        )
    elif names:
        parts.append(f"both name {names_listed(names)}")
    if a.predicate and a.predicate == b.predicate:
        parts.append(f"same verb “{a.predicate}”")
    if (overlap := word_overlap(a, b)) >= SHOWN_OVERLAP:
        parts.append(f"{overlap:.0%} of words shared")
    if candidate.same_source:
        parts.append("same source")
    return {
        "type": CLOSE_MEANING,
        "detail": "; ".join(parts) or "no cosine, name or words in common: the classifier's score",
    }


@dataclass(frozen=True, slots=True)
class MentionRow:
    text: str
    entity_id: int
    entity_name: str


@dataclass(frozen=True, slots=True)
class ClaimProfile:
    """What the reasons and features read of one claim, derived once: its fields, its
    mentions (in the order of the text) and what is parsed from them."""

    pk: int
    text: str
    subject: str
    predicate: str
    is_negated: bool
    is_hedged: bool
    speaker: str
    quantities: list
    mentions: tuple[MentionRow, ...]
    words: frozenset[str]  # content-word stems
    lower_words: frozenset[str]  # every word, lower case
    negated: frozenset[str]
    denial: bool
    entities: frozenset[int]
    actors: frozenset[int]
    date: StatedDate | None
    counted: tuple[tuple[dict, str, bool], ...]  # quantities with a unit

    @classmethod
    def build(
        cls, *, pk, text, subject, predicate, is_negated, is_hedged, speaker, quantities,
        dates, published, mentions,
    ) -> "ClaimProfile":  # fmt: skip
        text, subject, predicate = text or "", subject or "", predicate or ""
        mentions = tuple(mentions)
        return cls(
            pk=pk,
            text=text,
            subject=subject,
            predicate=predicate,
            is_negated=is_negated,
            is_hedged=is_hedged,
            speaker=speaker,
            quantities=quantities,
            mentions=mentions,
            words=frozenset(content_words(text)),
            lower_words=frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", text)),
            negated=_negated_words(text),
            denial=_is_denial(is_negated, predicate),
            entities=frozenset(m.entity_id for m in mentions),
            actors=_actor_ids(subject, mentions),
            date=_claim_date(dates, published),
            counted=_quantities(text, quantities),
        )


def profile_of(claim) -> ClaimProfile:
    """``claim``'s profile (a Claim with its mentions' entities and its source prefetched)."""
    if isinstance(claim, ClaimProfile):
        return claim
    return ClaimProfile.build(
        pk=claim.pk,
        text=claim.text,
        subject=claim.subject,
        predicate=claim.predicate,
        is_negated=claim.is_negated,
        is_hedged=claim.is_hedged,
        speaker=claim.speaker,
        quantities=claim.quantities,
        dates=claim.dates,
        published=claim.source.published_on,
        mentions=[MentionRow(m.text, m.entity_id, m.entity.name) for m in claim.mentions.all()],
    )


def reasons_text(reasons: list[dict]) -> str:
    """A readable rationale: one line per reason, its label and detail."""
    return "\n".join(f"{REASON_TYPES.get(r['type'], r['type'])}: {r['detail']}" for r in reasons)
