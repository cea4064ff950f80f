"""Errors as JSON with a ``message``; bad input is a 4xx, never a 500.

Every error body is ``{"message": "...", "errors": {...}}``: ``message`` is one
sentence for a person, ``errors`` (for validation errors only) maps fields to
their messages, ``non_field_errors`` for the rest. Django ``ValidationError``
raised by services (``DuplicateSourceError`` and ``LinkExistsError`` included)
becomes a 400 here unless a view answered it itself.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def _django_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}


def _first_message(errors) -> str:
    if isinstance(errors, dict):
        for field, value in errors.items():
            message = _first_message(value)
            if message:
                prefix = "" if field == api_settings.NON_FIELD_ERRORS_KEY else f"{field}: "
                return f"{prefix}{message}"
        return ""
    if isinstance(errors, list):
        return next((m for m in map(_first_message, errors) if m), "")
    return str(errors)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        errors = _django_errors(exc)
        return Response(
            {"message": _first_message(errors), "errors": errors},
            status=status.HTTP_400_BAD_REQUEST,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real server error: Django's 500 handling and logging apply
    if isinstance(exc, exceptions.ValidationError):
        errors = (
            response.data
            if isinstance(response.data, dict)
            else {api_settings.NON_FIELD_ERRORS_KEY: response.data}
        )
        response.data = {"message": _first_message(errors), "errors": errors}
    else:
        # DRF has turned Http404 and PermissionDenied into its own, with a detail.
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        response.data = {"message": str(detail or response.status_text)}
    return response
