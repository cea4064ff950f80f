"""Fetch an article page by URL, with a time limit, a size limit and clear errors.

Only public addresses are fetched (every redirect is checked too), so a URL
given by a user cannot make the server read its own network.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

USER_AGENT = "claim-tracker/1.0 (article ingestion)"
TEXT_TYPES = ("text/", "application/xhtml+xml", "application/xml")
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class FetchedPage:
    url: str
    content: bytes
    content_type: str


def check_public(url: str) -> None:
    """Refuse a URL whose host resolves to a private, loopback or otherwise non-public address."""
    parts = urlsplit(url)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise ValidationError(
            "%(url)s could not be fetched (unknown host).", code="fetch", params={"url": url}
        ) from None
    for info in infos:
        if not ipaddress.ip_address(info[4][0].split("%")[0]).is_global:
            raise ValidationError(
                "%(url)s points to a private or local address; only public pages are fetched.",
                code="private_url",
                params={"url": url},
            )


def fetch_url(
    url: str, *, timeout: float, max_bytes: int, allow_private: bool = False
) -> FetchedPage:
    """GET ``url`` and return its body; raise ValidationError(code="fetch") on any failure.

    ``allow_private`` lets a deployment on a closed network fetch its own hosts
    (setting SOURCE_FETCH_ALLOW_PRIVATE).
    """
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            "%(url)s is not an http or https URL.", code="invalid_url", params={"url": url}
        ) from None
    try:
        return _fetch(url, timeout=timeout, max_bytes=max_bytes, allow_private=allow_private)
    except (requests.Timeout, urllib3.exceptions.TimeoutError):
        raise ValidationError(
            "%(url)s did not answer within %(timeout)s seconds.",
            code="fetch",
            params={"url": url, "timeout": f"{timeout:g}"},
        ) from None
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        reason = type(exc).__name__
        if isinstance(exc, requests.ConnectionError):
            reason = "could not connect"
        raise ValidationError(
            "%(url)s could not be fetched (%(reason)s).",
            code="fetch",
            params={"url": url, "reason": reason},
        ) from None


def _fetch(url: str, *, timeout: float, max_bytes: int, allow_private: bool) -> FetchedPage:
    for _ in range(MAX_REDIRECTS + 1):
        if not allow_private:
            check_public(url)
        with requests.get(
            url,
            timeout=timeout,
            stream=True,
            headers={"User-Agent": USER_AGENT},
            allow_redirects=False,  # each hop is checked before it is followed
        ) as response:
            if response.is_redirect:
                url = urljoin(url, response.headers["Location"])
                continue
            return _read(url, response, timeout=timeout, max_bytes=max_bytes)
    raise ValidationError(
        "%(url)s redirects more than %(n)s times.",
        code="fetch",
        params={"url": url, "n": MAX_REDIRECTS},
    )


def _read(url: str, response, *, timeout: float, max_bytes: int) -> FetchedPage:
    if response.status_code >= 400:
        raise ValidationError(
            "%(url)s answered %(status)s %(reason)s.",
            code="fetch",
            params={"url": url, "status": response.status_code, "reason": response.reason},
        )
    content_type = response.headers.get("Content-Type", "")
    if content_type and not content_type.lower().startswith(TEXT_TYPES):
        raise ValidationError(
            "%(url)s is %(type)s, not a text or HTML page.",
            code="binary",
            params={"url": url, "type": content_type.split(";")[0]},
        )
    # requests' timeout bounds each read, not the download: a server
    # trickling bytes could stretch it without end. read1 returns what
    # has arrived, so the deadline is checked at least once per timeout.
    deadline = time.monotonic() + timeout
    chunks, size = [], 0
    while chunk := response.raw.read1(64 * 1024, decode_content=True):
        size += len(chunk)
        if size > max_bytes:
            raise ValidationError(
                "%(url)s is larger than the limit of %(limit)s bytes.",
                code="too_large",
                params={"url": url, "limit": f"{max_bytes:,}"},
            )
        if time.monotonic() > deadline:
            raise requests.Timeout()
        chunks.append(chunk)
    return FetchedPage(url=response.url, content=b"".join(chunks), content_type=content_type)
