"""The API's permission: the same rule as everywhere (``access.roles``).

Requests without credentials that are refused get 401 (DRF asks for a token),
signed-in users without the role 403.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from .roles import may_read, may_write


class ResearchersReadEditorsWrite(BasePermission):
    message = "Researchers may read; only editors may change data."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return may_read(request.user)
        return may_write(request.user)
