"""Fetch an article page by URL, with a time limit, a size limit and clear errors."""

import time
from dataclasses import dataclass

import requests
import urllib3
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

USER_AGENT = "claim-tracker/1.0 (article ingestion)"
TEXT_TYPES = ("text/", "application/xhtml+xml", "application/xml")


@dataclass(frozen=True)
class FetchedPage:
    url: str
    content: bytes
    content_type: str


def fetch_url(url: str, *, timeout: float, max_bytes: int) -> FetchedPage:
    """GET ``url`` and return its body; raise ValidationError(code="fetch") on any failure."""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            "%(url)s is not an http or https URL.", code="invalid_url", params={"url": url}
        ) from None
    try:
        with requests.get(
            url, timeout=timeout, stream=True, headers={"User-Agent": USER_AGENT}
        ) as response:
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
            return FetchedPage(
                url=response.url, content=b"".join(chunks), content_type=content_type
            )
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
