"""Throttling keeps its counts in the shared cache; a cache that is down turns no one away."""

import socket


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


def test_a_cache_that_is_down_lets_requests_through(researcher_api, editor_api, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    assert researcher_api.get("/api/claims/").status_code == 200
    response = editor_api.post(
        "/api/sources/",
        {"text": "Kazakhstan signed a gas agreement with China in March 2023, officials said."},
        format="json",
    )
    assert response.status_code == 202, response.content
