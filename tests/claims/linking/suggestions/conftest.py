import pytest

from claims.linking.suggestions.lexicon import antonym_cache_clear


@pytest.fixture(autouse=True)
def antonym_cache_cleared():
    """Each test's rolled-back pairs must not linger in the process's lexicon cache."""
    antonym_cache_clear()
    yield
    antonym_cache_clear()
