"""API throttling with its cache down: requests go through, one warning per outage."""

import logging

import pytest
from django.core.cache import cache

from common.api import throttling
from sources.models import Source

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: connections are refused at once, as when Redis is down.
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}
LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True)
def fresh_cache_health(monkeypatch):
    """Each test starts with the cache believed up (the state is per process)."""
    monkeypatch.setattr(throttling, "cache_health", throttling.CacheHealth())


def outage_warnings(caplog) -> list[logging.LogRecord]:
    return [
        record
        for record in caplog.records
        if record.name == "common.api.throttling" and record.levelno == logging.WARNING
    ]


def test_reads_and_writes_go_through_while_the_cache_is_down(
    researcher_api, editor_api, settings, caplog
):
    settings.CACHES = UNREACHABLE_REDIS
    assert researcher_api.get("/api/claims/").status_code == 200
    response = editor_api.post(
        "/api/sources/", {"text": "Kazakhstan signed a gas deal with China."}, format="json"
    )
    assert response.status_code == 202, response.content
    assert Source.objects.filter(pk=response.json()["id"]).exists()
    assert researcher_api.get("/api/entities/").status_code == 200
    assert len(outage_warnings(caplog)) == 1


def test_anonymous_readers_go_through_too(anonymous_api, settings):
    settings.TRACKER_PUBLIC = True
    settings.CACHES = UNREACHABLE_REDIS
    assert [anonymous_api.get("/api/claims/").status_code for _ in range(3)] == [200] * 3


def test_one_warning_per_outage_and_throttling_resumes(
    researcher_api, settings, caplog, monkeypatch
):
    monkeypatch.setattr(throttling.cache_health, "retry_seconds", 0)
    monkeypatch.setitem(throttling.UserRateThrottle.THROTTLE_RATES, "user", "3/minute")

    settings.CACHES = UNREACHABLE_REDIS
    for _ in range(5):
        assert researcher_api.get("/api/claims/").status_code == 200
    assert len(outage_warnings(caplog)) == 1

    settings.CACHES = LOCAL_CACHE
    cache.clear()  # counts other tests left in this process's memory
    codes = [researcher_api.get("/api/claims/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert "throttling is back on" in caplog.text

    settings.CACHES = UNREACHABLE_REDIS
    assert researcher_api.get("/api/claims/").status_code == 200
    assert len(outage_warnings(caplog)) == 2
