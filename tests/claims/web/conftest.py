"""Claim sets for the contradiction view's tests, built through the services editors use."""

import itertools
from datetime import date

import pytest

from claims.linking.services import claim_link_create
from claims.models import ClaimLink
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
