"""What every link-suggestion test needs: fresh process caches, and claims in sources."""

import itertools

import pytest

from claims.linking.suggestions.candidates import claims_total_forget
from claims.linking.suggestions.lexicon import antonym_cache_clear
from claims.linking.suggestions.neighbours import vector_index_reset
from tests.factories import SourceFactory, claim_in_source


@pytest.fixture(autouse=True)
def fresh_process_caches():
    """Each test starts as a new worker would: no vectors held, no claim count remembered,
    no antonym pairs cached (a test's rolled-back pairs must not linger)."""
    vector_index_reset()
    claims_total_forget()
    antonym_cache_clear()
    yield
    vector_index_reset()
    claims_total_forget()
    antonym_cache_clear()


_numbers = itertools.count(1)


def claims_in_source(*sentences: str, entities=None, source=None):
    """One source holding ``sentences`` as claims; ``entities`` maps a sentence to the
    entities it names."""
    entities = entities or {}
    if source is None:
        source = SourceFactory(body=f"Article {next(_numbers)}\n\n" + " ".join(sentences))
    return [claim_in_source(source, s, entities=entities.get(s, ())) for s in sentences]
