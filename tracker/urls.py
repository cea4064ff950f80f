"""Root URLs: the admin for editors, the REST API, and the contradiction view at /."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.urls import include, path
from django.views.defaults import page_not_found, server_error

from common.api.exceptions import api_server_error

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("tracker.api")),
    # Sign-in and sign-out only: no password-reset pages without a mail set-up.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("claims.web.urls")),
]


def not_found(request, exception=None):
    """An API client gets JSON with a message for an unknown address too, not an HTML page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"message": "Not found."}, status=404)
    return page_not_found(request, exception)


handler404 = not_found


def error(request):
    """An API client gets JSON for a server error too: 503 for an outage, else 500."""
    if request.path.startswith("/api/"):
        return api_server_error(request)
    return server_error(request)


handler500 = error
