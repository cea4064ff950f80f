"""Requests refused or redirected before any view reads them, and the API's CORS headers."""

from django.conf import settings
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.middleware import common
from django.utils.cache import patch_vary_headers
from django.utils.http import escape_leading_slashes

NUL_MESSAGE = "The address contains a NUL character (%00), which no page or filter accepts."


class RefuseNulInQueryMiddleware:
    """Answer 400 to a NUL character in the path or the query string.

    No page takes one, and PostgreSQL refuses it in any text it is given, so a
    NUL typed into an admin search box or filter would otherwise fail the
    query. Forms and API bodies refuse it on their own (Django's and DRF's
    character fields).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "invalid", "message": NUL_MESSAGE}, status=400)
            return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class CommonMiddleware(common.CommonMiddleware):
    """Django's, except that a write to an address without its trailing slash keeps its method.

    Django answers ``POST /api/sources`` with a 301 to ``/api/sources/``, which
    clients follow as a GET: the list comes back 200 and nothing was created.
    A POST, PUT, PATCH or DELETE is answered 308 instead, which clients repeat
    with the same method and body (and in debug mode too, where Django raises).
    """

    def get_full_path_with_slash(self, request):
        return escape_leading_slashes(request.get_full_path(force_append_slash=True))

    def _keep_method(self, request, response):
        if request.method in ("GET", "HEAD", "OPTIONS") or response.status_code != 301:
            return response
        return HttpResponsePermanentRedirect(response["Location"], preserve_request=True)

    def process_request(self, request):
        response = super().process_request(request)
        return response if response is None else self._keep_method(request, response)

    def process_response(self, request, response):
        answer = super().process_response(request, response)
        return answer if answer is response else self._keep_method(request, answer)


class ApiCorsMiddleware:
    """Cross-origin reads and writes of ``/api/`` for the origins in ``API_CORS_ALLOWED_ORIGINS``.

    Off by default (the list is empty): browsers then refuse other sites'
    scripts, as they should. Credentials are tokens, never cookies, so
    ``Access-Control-Allow-Credentials`` is never sent.
    """

    ALLOWED_METHODS = "GET, HEAD, POST, PATCH, DELETE, OPTIONS"
    ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, If-None-Match, Accept"
    EXPOSED_HEADERS = (
        "ETag, Location, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset"
    )
    PREFLIGHT_MAX_AGE = "600"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        origin = request.headers.get("Origin")
        allowed = (
            origin
            and request.path.startswith("/api/")
            and origin in settings.API_CORS_ALLOWED_ORIGINS
        )
        if (
            allowed
            and request.method == "OPTIONS"
            and "Access-Control-Request-Method" in request.headers
        ):
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = self.ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = self.ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = self.PREFLIGHT_MAX_AGE
        else:
            response = self.get_response(request)
        if allowed:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Expose-Headers"] = self.EXPOSED_HEADERS
            patch_vary_headers(response, ["Origin"])
        return response
