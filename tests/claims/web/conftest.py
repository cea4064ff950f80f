"""Claim sets for the contradiction view's tests, built through the services editors use."""

import itertools
from datetime import date, timedelta

import pytest
from django.core.cache import cache

from claims.linking.services import claim_link_create
from claims.models import Claim, ClaimLink, ClaimSet, Mention
from tests.factories import EntityFactory, SourceFactory, claim_in_source

_numbers = itertools.count(1)


def make_claim(
    text: str = "",
    *,
    entities=(),
    publisher: str = "Steppe Review",
    published_on: date | None = date(2022, 1, 7),
    speaker: str = "",
    status: str = "accepted",
    score: float = 0.7,
    title: str = "",
    url: str | None = None,
    **structure,
):
    """A claim inside a source body with a sentence before and after it; ``structure``
    sets its subject, predicate, object, negation."""
    n = next(_numbers)
    text = text or f"Russia is reclaiming Central Asia, analysis {n} says."
    body = (
        f"Headline {n}\n\nThe summit opened on a Monday. {text} Officials declined to comment."
        "\n\nA later paragraph about something else."
    )
    source = SourceFactory(
        title=title or f"Article {n}",
        body=body,
        publisher=publisher,
        published_on=published_on,
        url=url,
    )
    return claim_in_source(
        source, text, entities=entities, status=status, score=score, speaker=speaker, **structure
    )


def link(a, b, relation="conflict", note="", status=ClaimLink.Status.CONFIRMED):
    return claim_link_create(claim_a=a, claim_b=b, relation=relation, status=status, note=note)


def make_conflict_set(*, side_a: int = 1, side_b: int = 1, entities=(), **claim_options):
    """A claim set with ``side_a`` claims agreeing against ``side_b`` claims; returns the set."""
    first_a = make_claim(entities=entities, **claim_options)
    first_b = make_claim(entities=entities, **claim_options)
    link(first_a, first_b, "conflict", note="They cannot both hold.")
    for _ in range(side_a - 1):
        link(first_a, make_claim(entities=entities, **claim_options), "agree")
    for _ in range(side_b - 1):
        link(first_b, make_claim(entities=entities, **claim_options), "agree")
    first_a.refresh_from_db()
    return first_a.claim_set


@pytest.fixture
def russia(db):
    return EntityFactory(name="Russia")


@pytest.fixture
def china(db):
    return EntityFactory(name="China")


@pytest.fixture(autouse=True)
def fresh_filter_choices():
    """Each test reads the list's filter choices afresh (they are kept in the cache)."""
    cache.clear()


def bulk_claims(entity, n: int, *, per_source: int = 50, status: str = "accepted") -> list:
    """``n`` claims naming ``entity``, ``per_source`` to a source, built in bulk; sources are
    published a week apart from 2021 on, so a set of them spans months."""
    claims = []
    for number in range(0, n, per_source):
        sentences = [f"Russia moved unit {number}-{i}." for i in range(min(per_source, n - number))]
        source = SourceFactory(
            body="Headline\n\n" + " ".join(sentences),
            publisher=f"Publisher {number % 7}",
            published_on=date(2021, 1, 4) + timedelta(weeks=number // per_source),
        )
        for sentence in sentences:
            start = source.body.index(sentence)
            claims.append(Claim(source=source, text=sentence, start=start,
                                end=start + len(sentence), status=status))  # fmt: skip
    claims = Claim.objects.bulk_create(claims)
    Mention.objects.bulk_create(
        Mention(claim=c, entity=entity, text="Russia", start=c.start, end=c.start + 6)
        for c in claims
    )
    return claims


def bulk_conflict_sets(claims: list, size: int) -> list:
    """``claims`` put into sets of ``size``, built in bulk as the linking services would leave
    them: claims alternate sides, each linked to the set's first (agreeing on its side,
    conflicting across), every link confirmed."""
    groups = [claims[i : i + size] for i in range(0, len(claims), size)]
    claim_sets = ClaimSet.objects.bulk_create(ClaimSet(has_conflict=True) for _ in groups)
    links = []
    for claim_set, group in zip(claim_sets, groups, strict=True):
        for number, claim in enumerate(group):
            claim.claim_set, claim.side = claim_set, number % 2
        first = group[0]
        links += [
            ClaimLink(claim_a=first, claim_b=claim, status="confirmed",
                      relation="agree" if claim.side == first.side else "conflict")
            for claim in group[1:]
        ]  # fmt: skip
    Claim.objects.bulk_update(claims, ["claim_set", "side"])
    ClaimLink.objects.bulk_create(links)
    return claim_sets
