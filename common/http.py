"""What the server makes of a request before any app reads it: who sent it, how large it is.

The client's address is the one this deployment can trust, for rate limits
and sign-in lockouts. Only the proxies the operator declares
(``TRACKER_TRUSTED_PROXIES``) are believed: each appends the address it
received the request from to ``X-Forwarded-For``, so with N trusted proxies
the client is the N-th address from the right. With none (the default)
``X-Forwarded-For`` is ignored, since any client can send one.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The address of the client behind ``settings.TRACKER_TRUSTED_PROXIES`` proxies.

    DRF's ``NUM_PROXIES`` follows the same rule. Falls back to ``REMOTE_ADDR``
    when the header is missing or the entry the proxies vouch for is not an IP
    address (a misconfigured proxy).
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRACKER_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted <= 0 or not forwarded:
        return remote_addr
    addresses = [part.strip() for part in forwarded.split(",")]
    candidate = addresses[-min(trusted, len(addresses))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr


def request_too_large_message() -> str:
    """Why a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` was refused, with both limits."""
    return (
        f"The request is larger than the limit of {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} "
        f"bytes and was not read. An article may have up to "
        f"{settings.SOURCE_MAX_RAW_BYTES:,} bytes."
    )
