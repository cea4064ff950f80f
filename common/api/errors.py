"""Errors the API raises itself, each with a stable machine-readable ``code``.

Every error body carries ``code`` (``invalid``, ``unknown_parameter``,
``invalid_cursor``, ``not_found``, ``precondition_failed``, …) beside its
``message``: clients branch on the code, people read the message.
"""

from rest_framework import exceptions, status


class ApiValidationError(exceptions.ValidationError):
    """A 400 with field errors and a code more precise than ``invalid``."""

    def __init__(self, detail, code: str = "invalid"):
        super().__init__(detail)
        self.error_code = code


class PreconditionFailed(exceptions.APIException):
    """``If-Match`` named a version of the record that is no longer the current one."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The record changed since you read it (If-Match does not match its ETag): "
        "read it again and re-apply your change."
    )
    default_code = "precondition_failed"


class StateConflict(exceptions.APIException):
    """A well-formed request the record's current state does not allow (409)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record's current state does not allow this."
    default_code = "conflict"

    def __init__(self, detail=None, code: str = "conflict"):
        super().__init__(detail)
        self.error_code = code


class SyncTokenExpired(exceptions.APIException):
    """A sync token older than the change feed keeps: a sync from it could miss changes."""

    status_code = status.HTTP_410_GONE
    default_detail = (
        "This sync token is older than the change feed keeps (CHANGE_FEED_RETENTION_DAYS): "
        "pull everything again, then sync from that walk's next_sync."
    )
    default_code = "sync_token_expired"
