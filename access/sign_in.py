"""Sign-in protection (django-axes): the page a visitor gets once locked out.

After ``AXES_FAILURE_LIMIT`` wrong passwords for one user name from one
address, both sign-in pages (the admin's and the view's) refuse that pair for
``AXES_COOLOFF_TIME``, the right password included. ``manage.py axes_reset``
lifts every lock at once (``axes_reset_username NAME`` for one user).
"""

from django.conf import settings
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    """429 with the reason and the wait, and ``Retry-After`` (``AXES_LOCKOUT_CALLABLE``)."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": max(1, seconds // 60)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
