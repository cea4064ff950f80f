"""API tokens (``Authorization: Token <key>``): who may hold one, and issuing it.

A token acts as its user, so each reader issues their own: on the page
``/accounts/token/`` (``access.views.api_token``) or, for an operator, with
``manage.py issue_token USERNAME``. Administrators (superusers) also see
every token in the admin. Only researchers and editors get one: a token for
a user without a role would only ever be answered 403.
"""

from django.core.exceptions import PermissionDenied
from rest_framework.authtoken.models import Token

from .roles import is_researcher


def api_token_issue(*, user, reset: bool = False) -> tuple[Token, bool]:
    """The user's token and whether it is new; ``reset`` replaces it (the old key stops working).

    Raises PermissionDenied for an inactive user or one with neither role.
    """
    if not user.is_active or not is_researcher(user):
        raise PermissionDenied("Only researchers and editors hold API tokens.")
    if reset:
        Token.objects.filter(user=user).delete()
    return Token.objects.get_or_create(user=user)
