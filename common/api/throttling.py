"""API rate limits that survive an outage of their cache, by the client address we trust.

DRF's throttles read and write the cache on every request; with the cache on
Redis, a Redis outage would otherwise fail every API call. Here a request
goes through unthrottled while the cache is down: rate limits are a guard
against abuse, not worth an outage of the API. One warning is logged when an
outage starts and one line when the cache answers again, not one per request.
"""

import logging
import math
import threading
import time

from redis.exceptions import RedisError
from rest_framework import throttling

from common.http import client_ip

logger = logging.getLogger(__name__)

# What a cache that cannot be reached raises: redis-py's errors, and the
# socket errors of any other backend.
CACHE_OUTAGE_ERRORS = (RedisError, OSError)


class CacheHealth:
    """Whether the throttles' cache is down, shared by the threads of one process.

    While it is down the cache is tried again at most every ``retry_seconds``,
    so requests do not each wait for a connection that will fail.
    """

    retry_seconds = 5.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.is_down = False
        self._next_try = 0.0

    def should_try(self) -> bool:
        return not self.is_down or time.monotonic() >= self._next_try

    def failed(self, error: Exception) -> None:
        with self._lock:
            self._next_try = time.monotonic() + self.retry_seconds
            if self.is_down:
                return
            self.is_down = True
        logger.warning(
            "API throttling is off: its cache cannot be reached (%s). Requests go through "
            "unthrottled until it answers again.",
            error,
        )

    def answered(self) -> None:
        if not self.is_down:
            return
        with self._lock:
            if not self.is_down:
                return
            self.is_down = False
        logger.info("API throttling is back on: its cache answers again.")


cache_health = CacheHealth()


class OutageTolerantThrottleMixin:
    """Let a request through when the throttle's cache is down (see the module's docstring).

    An anonymous client is counted by ``common.http.client_ip``, the address
    the sign-in lockout counts too, so a forged ``X-Forwarded-For`` changes
    nothing unless the operator declared proxies that set it.
    """

    def get_ident(self, request) -> str:
        return client_ip(request)

    def allow_request(self, request, view) -> bool:
        if not cache_health.should_try():
            return True
        try:
            allowed = super().allow_request(request, view)
        except CACHE_OUTAGE_ERRORS as error:
            cache_health.failed(error)
            return True
        if getattr(self, "key", None) is not None:  # it asked the cache (not exempt)
            cache_health.answered()
            self._tell_view(view, allowed)
        return allowed

    def _tell_view(self, view, allowed: bool) -> None:
        """Leave the tightest of the view's limits on it, for the RateLimit-* headers."""
        remaining = max(self.num_requests - len(self.history), 0)
        if not allowed:
            remaining = 0
        oldest = self.history[-1] if self.history else self.now
        # Seconds until the oldest counted request leaves the window, freeing a request.
        reset = min(max(math.ceil(self.duration - (self.now - oldest)), 0), self.duration)
        current = getattr(view, "rate_limit", None)
        if current is None or remaining < current[1]:
            view.rate_limit = (self.num_requests, remaining, reset)


class AnonRateThrottle(OutageTolerantThrottleMixin, throttling.AnonRateThrottle):
    """Anonymous clients (public mode), by address: ``API_THROTTLE_ANON``."""


class UserRateThrottle(OutageTolerantThrottleMixin, throttling.UserRateThrottle):
    """Signed-in and token clients, by user: ``API_THROTTLE_USER``."""
