"""Errors as JSON with a ``message``; bad input is a 4xx, never a 500.

Every error body is ``{"code": "...", "message": "...", "errors": {...}}``:
``code`` is stable and machine-readable (``common.api.errors``), ``message`` is
one sentence for a person, ``errors`` (for validation errors only) maps fields
to their messages, ``non_field_errors`` for the rest. Django ``ValidationError``
raised by services (``DuplicateSourceError`` and ``LinkExistsError`` included)
becomes a 400 here unless a view answered it itself.

A database, cache or broker that cannot be reached is a 503 with
``Retry-After``; any other server error is a 500, JSON too (``api_server_error``,
the root URLconf's ``handler500`` under ``/api/``).
"""

import logging
import sys

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from common.http import request_too_large_message

logger = logging.getLogger(__name__)

# A service this server needs is not answering: the database (down, restarting,
# out of connections), the cache, the broker, or a socket to any of them.
OUTAGE_ERRORS = (OperationalError, InterfaceError, RedisError, BrokerError, ConnectionError)
OUTAGE_MESSAGE = (
    "The service is briefly unavailable (a database or cache is not answering). Try again shortly."
)
SERVER_ERROR_MESSAGE = "Server error: the request failed on our side. It has been logged."
# Seconds a client should wait before retrying after an outage: long enough for
# a database restart or a failover, short enough for a crawler to keep going.
RETRY_AFTER_SECONDS = 30


def outage_response() -> JsonResponse:
    response = JsonResponse({"code": "service_unavailable", "message": OUTAGE_MESSAGE}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def api_request_too_large() -> JsonResponse:
    return JsonResponse(
        {"code": "request_too_large", "message": request_too_large_message()}, status=413
    )


def api_server_error(request) -> JsonResponse:
    """The answer to an exception nothing handled, under ``/api/`` (Django has logged it)."""
    if isinstance(sys.exc_info()[1], OUTAGE_ERRORS):
        return outage_response()
    return JsonResponse({"code": "server_error", "message": SERVER_ERROR_MESSAGE}, status=500)


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
    if isinstance(exc, OUTAGE_ERRORS):
        request = context.get("request")
        logger.error(
            "API request %s %s failed: a service is not answering",
            getattr(request, "method", ""),
            getattr(request, "path", ""),
            exc_info=exc,
        )
        return Response(
            {"code": "service_unavailable", "message": OUTAGE_MESSAGE},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"code": "request_too_large", "message": request_too_large_message()},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, DjangoValidationError):
        errors = _django_errors(exc)
        return Response(
            {"code": "invalid", "message": _first_message(errors), "errors": errors},
            status=status.HTTP_400_BAD_REQUEST,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real server error: Django logs it, handler500 answers (api_server_error)
    if isinstance(exc, exceptions.ValidationError):
        errors = (
            response.data
            if isinstance(response.data, dict)
            else {api_settings.NON_FIELD_ERRORS_KEY: response.data}
        )
        response.data = {
            "code": error_code(exc),
            "message": _first_message(errors),
            "errors": errors,
        }
    else:
        # DRF has turned Http404 and PermissionDenied into its own, with a detail.
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        response.data = {"code": error_code(exc), "message": str(detail or response.status_text)}
    return response


def error_code(exc) -> str:
    """The stable code of an error: ours (``common.api.errors``) or DRF's ``default_code``."""
    if isinstance(exc, Http404):
        return "not_found"
    if isinstance(exc, DjangoPermissionDenied):
        return "permission_denied"
    return getattr(exc, "error_code", None) or getattr(exc, "default_code", None) or "error"
