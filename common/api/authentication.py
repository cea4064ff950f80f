"""API tokens sent as ``Authorization: Token <key>`` or ``Authorization: Bearer <key>``."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import TokenAuthentication


class BearerTokenAuthentication(TokenAuthentication):
    """The same tokens under the ``Bearer`` keyword most HTTP clients and generators use.

    Listed after DRF's ``TokenAuthentication`` (the ``Token`` keyword), so a 401
    still asks for ``Token`` in ``WWW-Authenticate``.
    """

    keyword = "Bearer"


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """The schema's name for the ``Bearer`` keyword (``tokenAuth`` is DRF's ``Token``)."""

    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}
