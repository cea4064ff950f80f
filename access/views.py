"""The reader's own API token page, ``/accounts/token/``: see it, create it, replace it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from .roles import is_editor, is_researcher
from .tokens import api_token_issue


@login_required
@require_http_methods(["GET", "POST"])
def api_token(request):
    """GET shows the signed-in reader's token (if any); POST creates it, or replaces it
    with ``replace`` set. A user with neither role gets the 403 page."""
    if not is_researcher(request.user):
        return render(request, "claims/forbidden.html", status=403)
    if request.method == "POST":
        api_token_issue(user=request.user, reset="replace" in request.POST)
        return redirect("api_token")
    token = Token.objects.filter(user=request.user).first()
    context = {"token": token, "role": "an editor" if is_editor(request.user) else "a researcher"}
    return render(request, "registration/api_token.html", context)
