"""The API's shared behaviour: each test starts with fresh throttle counters."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counters live in the cache; a walk through every page of every ordering
    would otherwise reach the rate limit of the tests before it."""
    cache.clear()
    yield
    cache.clear()
