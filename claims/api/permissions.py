"""Who may use the API: researchers read, editors write (claims.roles).

Anonymous requests may read only when ``settings.TRACKER_PUBLIC`` is on. It is
read at each request, so tests and deployments can switch it in settings.
Requests without credentials that are refused get 401 (DRF asks for a token),
signed-in users without the role 403.
"""

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission

from claims.roles import is_editor, is_researcher


class ResearchersReadEditorsWrite(BasePermission):
    message = "Researchers may read; only editors may change data."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return bool(settings.TRACKER_PUBLIC) or is_researcher(request.user)
        return is_editor(request.user)
