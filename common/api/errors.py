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
