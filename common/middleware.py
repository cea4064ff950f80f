"""Requests refused before any view reads them."""

from django.http import HttpResponseBadRequest, JsonResponse

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
                return JsonResponse({"message": NUL_MESSAGE}, status=400)
            return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
