"""common/http.py: the client's address counts only the proxies the operator declared."""

import pytest
from django.test import RequestFactory

from common.http import client_ip


def request(forwarded=None):
    headers = {"REMOTE_ADDR": "10.0.0.5"}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        (0, None, "10.0.0.5"),
        (0, "192.0.2.99", "10.0.0.5"),  # anyone can send the header: ignored
        (1, None, "10.0.0.5"),
        (1, "192.0.2.99", "192.0.2.99"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the forged entry is the client's own
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.4", "203.0.113.7"),
        (3, "203.0.113.7", "203.0.113.7"),  # fewer entries than proxies: the first
        (1, "not-an-address", "10.0.0.5"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip_believes_only_the_trusted_proxies(settings, trusted, forwarded, expected):
    settings.TRACKER_TRUSTED_PROXIES = trusted
    assert client_ip(request(forwarded)) == expected
