"""Fetch an article page by URL, with a time limit, a size limit and clear errors.

Only public addresses are fetched (every redirect is checked too), so a URL
given by a user cannot make the server read its own network. Each host name
is resolved once per hop and the connection goes to the address that was
checked: a name that resolves differently the second time (DNS rebinding)
cannot steer the request elsewhere.
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
from requests.adapters import HTTPAdapter

USER_AGENT = "claim-tracker/1.0 (article ingestion)"
TEXT_TYPES = ("text/", "application/xhtml+xml", "application/xml")
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class FetchedPage:
    url: str
    content: bytes
    content_type: str


def resolve(url: str) -> list[str]:
    """The addresses the URL's host resolves to, in the resolver's order, each once."""
    parts = urlsplit(url)
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise ValidationError(
            "%(url)s could not be fetched (unknown host).", code="fetch", params={"url": url}
        ) from None
    return list(dict.fromkeys(info[4][0].split("%")[0] for info in infos))


def check_public(url: str, addresses: list[str]) -> None:
    """Refuse a URL whose host resolved to a private, loopback or otherwise non-public address."""
    if not all(ipaddress.ip_address(address).is_global for address in addresses):
        raise ValidationError(
            "%(url)s points to a private or local address; only public pages are fetched.",
            code="private_url",
            params={"url": url},
        )


class PinnedAddressAdapter(HTTPAdapter):
    """A transport that connects to one address given beforehand, never resolving the name.

    The URL's host name still goes in the Host header and, over TLS, in SNI and
    the certificate check (Python's ssl checks the certificate against
    ``server_hostname``), so pinning the address weakens neither. Proxies are
    never used: a proxy resolves the name itself, so the address checked would
    not be the one reached.
    """

    def __init__(self, address: str):
        self.address = address
        super().__init__(max_retries=0)

    def get_connection_with_tls_context(self, request, verify, proxies=None, cert=None):
        host_params, pool_kwargs = self.build_connection_pool_key_attributes(request, verify, cert)
        if host_params["scheme"] == "https":
            pool_kwargs["server_hostname"] = host_params["host"].strip("[]")
        return self.poolmanager.connection_from_host(
            scheme=host_params["scheme"],
            host=self.address,
            port=host_params["port"],
            pool_kwargs=pool_kwargs,
        )

    def add_headers(self, request, **kwargs):
        request.headers["Host"] = urlsplit(request.url).netloc.rpartition("@")[2]

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        return super().send(
            request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=None
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
        if isinstance(exc, requests.exceptions.SSLError):
            reason = "its TLS certificate could not be verified"
        elif isinstance(exc, requests.ConnectionError):
            reason = "could not connect"
        raise ValidationError(
            "%(url)s could not be fetched (%(reason)s).",
            code="fetch",
            params={"url": url, "reason": reason},
        ) from None


def _fetch(url: str, *, timeout: float, max_bytes: int, allow_private: bool) -> FetchedPage:
    for _ in range(MAX_REDIRECTS + 1):
        addresses = resolve(url)
        if not allow_private:
            check_public(url, addresses)
        with _get(url, addresses, timeout=timeout) as response:
            if response.is_redirect:
                url = urljoin(url, response.headers["Location"])
                continue
            return _read(url, response, timeout=timeout, max_bytes=max_bytes)
    raise ValidationError(
        "%(url)s redirects more than %(n)s times.",
        code="fetch",
        params={"url": url, "n": MAX_REDIRECTS},
    )


def _get(url: str, addresses: list[str], *, timeout: float) -> requests.Response:
    """GET ``url`` from the first of ``addresses`` that accepts a connection.

    Trying the next address when one refuses is what a resolving client does
    too (an IPv6 address on a host without an IPv6 route); a timeout is not
    retried, so one hop never takes longer than the timeout allows.
    """
    *others, last = addresses
    for address in others:
        try:
            return _get_from(address, url, timeout=timeout)
        except requests.ConnectionError as exc:
            if not _is_refused(exc):
                raise
    return _get_from(last, url, timeout=timeout)


def _get_from(address: str, url: str, *, timeout: float) -> requests.Response:
    with requests.Session() as session:
        session.mount("http://", PinnedAddressAdapter(address))
        session.mount("https://", PinnedAddressAdapter(address))
        return session.get(
            url,
            timeout=timeout,
            stream=True,
            headers={"User-Agent": USER_AGENT},
            allow_redirects=False,  # each hop is resolved and checked before it is followed
        )


def _is_refused(exc: requests.ConnectionError) -> bool:
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, urllib3.exceptions.NewConnectionError)


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
