"""The antonym lexicon: predicate lemmas of opposite meaning (reclaim / lose, rise / fall).

Three origins share one table, ``AntonymPair``: the seed lexicon (WordNet 3.0's
verb and adjective antonyms and the team's list of news oppositions, both in
``data/``, loaded by a data migration), pairs editors add in the admin, and
pairs learned from conflicts editors confirm. Reads are cached per process for
a short while; every write here drops the cache.
"""

import time
from pathlib import Path

from django.db import IntegrityError, transaction

from ...models import AntonymPair, ClaimLink

DATA = Path(__file__).resolve().parent / "data"
LEXICON_FILES = ("wordnet_antonyms.tsv", "news_antonyms.tsv")
CACHE_SECONDS = 60.0
# Predicates too light to oppose anything: a conflict between "X is ..." and
# "Y has ..." says nothing about "be" and "have".
LIGHT_PREDICATES = {
    "be", "have", "do", "make", "say", "tell", "become", "get", "go", "come", "take", "give",
    "see", "seem", "appear", "put", "set", "call", "add", "note", "write", "argue", "in",
}  # fmt: skip

_cache: dict[str, object] = {"at": -CACHE_SECONDS, "pairs": frozenset(), "by_word": {}}


def canonical(lemma_a: str, lemma_b: str) -> tuple[str, str]:
    a, b = lemma_a.strip().lower(), lemma_b.strip().lower()
    return (a, b) if a < b else (b, a)


def lexicon_rows() -> list[tuple[str, str]]:
    """The seed lexicon's pairs as the files in ``data/`` hold them, canonical and unique."""
    rows = set()
    for name in LEXICON_FILES:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            a, b = line.split("\t")[:2]
            if a.strip().lower() != b.strip().lower():
                rows.add(canonical(a, b))
    return sorted(rows)


def antonym_pairs() -> frozenset[tuple[str, str]]:
    """Every pair in the table, canonical; cached for ``CACHE_SECONDS`` in this process."""
    now = time.monotonic()
    if now - _cache["at"] > CACHE_SECONDS:
        pairs = frozenset(AntonymPair.objects.values_list("lemma_a", "lemma_b"))
        by_word: dict[str, set[str]] = {}
        for a, b in pairs:
            if a != b and canonical(a, b) == (a, b):  # what are_antonyms can match
                by_word.setdefault(a, set()).add(b)
                by_word.setdefault(b, set()).add(a)
        _cache["pairs"] = pairs
        _cache["by_word"] = {word: frozenset(found) for word, found in by_word.items()}
        _cache["at"] = now
    return _cache["pairs"]


def antonyms_by_word() -> dict[str, frozenset[str]]:
    """The same pairs by word: each lower-case lemma and the lemmas opposed to it."""
    antonym_pairs()
    return _cache["by_word"]


def antonym_cache_clear() -> None:
    _cache["at"] = -CACHE_SECONDS


def are_antonyms(lemma_a: str, lemma_b: str) -> bool:
    if not lemma_a or not lemma_b or lemma_a.lower() == lemma_b.lower():
        return False
    return canonical(lemma_a, lemma_b) in antonym_pairs()


def antonym_lexicon_load() -> int:
    """Load the seed lexicon into the table (origin lexicon); returns how many were new."""
    existing = set(AntonymPair.objects.values_list("lemma_a", "lemma_b"))
    new = [
        AntonymPair(lemma_a=a, lemma_b=b, origin=AntonymPair.Origin.LEXICON)
        for a, b in lexicon_rows()
        if (a, b) not in existing
    ]
    AntonymPair.objects.bulk_create(new, ignore_conflicts=True)
    antonym_cache_clear()
    return len(new)


def antonym_pair_create(
    *, lemma_a: str, lemma_b: str, origin: str = AntonymPair.Origin.EDITOR
) -> AntonymPair:
    """Add a pair in canonical order; an existing pair is returned as it is."""
    a, b = canonical(lemma_a, lemma_b)
    pair = AntonymPair(lemma_a=a, lemma_b=b, origin=origin)
    pair.full_clean(validate_constraints=False, validate_unique=False)
    try:
        with transaction.atomic():
            pair.save()
    except IntegrityError:
        pair = AntonymPair.objects.get(lemma_a=a, lemma_b=b)
    antonym_cache_clear()
    return pair


def antonym_pair_learn(*, link: ClaimLink) -> AntonymPair | None:
    """Learn a pair from a confirmed conflict, when it teaches one.

    It does when the two claims' predicates differ, neither is a light verb,
    and both claims are negated alike: "Russia reclaims" against "Russia
    loses" opposes the verbs; "Russia wins" against "Russia does not win"
    opposes nothing but the negation.
    """
    if link.status != ClaimLink.Status.CONFIRMED or link.relation != ClaimLink.Relation.CONFLICT:
        return None
    a, b = link.claim_a, link.claim_b
    lemma_a, lemma_b = a.predicate.strip().lower(), b.predicate.strip().lower()
    if (
        not lemma_a.isalpha()
        or not lemma_b.isalpha()
        or lemma_a == lemma_b
        or a.is_negated != b.is_negated
        or {lemma_a, lemma_b} & LIGHT_PREDICATES
    ):
        return None
    if canonical(lemma_a, lemma_b) in antonym_pairs():
        return None
    return antonym_pair_create(lemma_a=lemma_a, lemma_b=lemma_b, origin=AntonymPair.Origin.LEARNED)
