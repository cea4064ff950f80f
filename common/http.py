"""What the server makes of a request before any app reads it: the size of its body."""

from django.conf import settings


def request_too_large_message() -> str:
    """Why a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` was refused, with both limits."""
    return (
        f"The request is larger than the limit of {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} "
        f"bytes and was not read. An article may have up to "
        f"{settings.SOURCE_MAX_RAW_BYTES:,} bytes."
    )
