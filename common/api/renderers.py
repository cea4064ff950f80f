"""The browsable API: DRF's HTML pages for every endpoint, under a CSP they can live with."""

from csp.constants import SELF, UNSAFE_INLINE
from rest_framework import renderers


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's pages, allowed their inline styles; scripts stay this server's files only.

    DRF's templates style elements inline (``style`` attributes in the page
    and its forms, the code highlighting's ``<style>``), and they cannot be
    changed short of rewriting them. So these pages alone get styles from
    ``'unsafe-inline'`` (replacing the nonce, which would switch it off);
    ``script-src`` stays ``'self'``, and every other page keeps the strict
    policy (settings: CONTENT_SECURITY_POLICY).
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response._csp_replace = {"style-src": [SELF, UNSAFE_INLINE]}
        return super().render(data, accepted_media_type, renderer_context)
