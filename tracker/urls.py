"""Root URLs: the admin for editors, the REST API, and the contradiction view at /."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import include, path
from django.views.defaults import bad_request, page_not_found, server_error

from access.views import api_token
from common.api.exceptions import api_request_too_large, api_server_error
from common.http import request_too_large_message

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("tracker.api")),
    # Sign-in and sign-out only: no password-reset pages without a mail set-up.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Each reader's own API token (access/tokens.py says who may hold one).
    path("accounts/token/", api_token, name="api_token"),
    path("", include("claims.web.urls")),
]


def refused(request, exception=None):
    """A request refused before any view ran (CSRF's or a parser's reading of the body).

    A body over the size limit is a 413 saying what the limits are: JSON on the
    API, a page elsewhere (the admin's add-source form gets there when a paste
    is far beyond the article limit; smaller ones reach the form and its error).
    """
    if isinstance(exception, RequestDataTooBig):
        if request.path.startswith("/api/"):
            return api_request_too_large()
        context = {"message": request_too_large_message()}
        return render(request, "request_too_large.html", context, status=413)
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "bad_request", "message": "Bad request."}, status=400)
    return bad_request(request, exception)


handler400 = refused


def not_found(request, exception=None):
    """An API client gets JSON with a message for an unknown address too, not an HTML page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "not_found", "message": "Not found."}, status=404)
    return page_not_found(request, exception)


handler404 = not_found


def error(request):
    """An API client gets JSON for a server error too: 503 for an outage, else 500."""
    if request.path.startswith("/api/"):
        return api_server_error(request)
    return server_error(request)


handler500 = error
