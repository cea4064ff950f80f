"""The API's tests: fresh throttle counters for each, and a small linked corpus."""

import pytest
from django.core.cache import cache

from claims.models import Entity
from tests.factories import ClaimFactory, EntityFactory, MentionFactory, SourceFactory


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def corpus(db):
    """Two sources with one claim each, both naming Russia; the second also names China.

    These are the only entities: any a data migration seeded are removed.
    """
    Entity.objects.all().delete()
    russia, china = EntityFactory(name="Russia"), EntityFactory(name="China")
    first = SourceFactory(
        title="Russia reclaims Central Asia",
        publisher="Steppe Review",
        author="Irina Solberg",
        url="https://steppe.example/reclaims",
        published_on="2022-01-07",
    )
    second = SourceFactory(
        title="Russia loses Central Asia",
        publisher="Eurasia Ledger",
        published_on="2023-05-19",
    )
    claim_1, claim_2 = ClaimFactory(source=first), ClaimFactory(source=second)
    MentionFactory(claim=claim_1, entity=russia)
    MentionFactory(claim=claim_2, entity=russia)
    MentionFactory(claim=claim_2, entity=china, start=10, end=15)
    return {
        "russia": russia,
        "china": china,
        "sources": [first, second],
        "claims": [claim_1, claim_2],
    }
