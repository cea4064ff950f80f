"""API throttles that let requests through while the shared cache is down.

The counts live in the cache (CACHE_URL, Redis). When it is unreachable a
client is served unthrottled, with a warning in the log, rather than refused:
throttling guards against floods, and an outage of the cache is no reason to
turn every request away.
"""

import logging

from redis.exceptions import RedisError
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

logger = logging.getLogger(__name__)

CACHE_ERRORS = (RedisError, OSError)


class _OpenWhileCacheIsDown:
    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except CACHE_ERRORS as exc:
            logger.warning("Cache unavailable, request not throttled: %s", exc)
            return True


class AnonThrottle(_OpenWhileCacheIsDown, AnonRateThrottle):
    """Anonymous clients by address (``API_THROTTLE_ANON``)."""


class UserThrottle(_OpenWhileCacheIsDown, UserRateThrottle):
    """Signed-in and token clients by user (``API_THROTTLE_USER``)."""
