"""The REST API under /api/: one router for every app's viewsets, the OpenAPI schema and its docs."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from claims.api import views as claims
from common.api.schema import add_related_links as add_related_record_links
from sources.api import views as sources

app_name = "api"

router = DefaultRouter()
router.register("sources", sources.SourceViewSet, basename="source")
router.register("claims", claims.ClaimViewSet, basename="claim")
router.register("links", claims.LinkViewSet, basename="link")
router.register("entities", claims.EntityViewSet, basename="entity")
router.register("claim-sets", claims.ClaimSetViewSet, basename="claim-set")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its set-up script as a file (?script), so the page
    # needs no inline script under the Content-Security-Policy.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    *router.urls,
]


# Records an answer names, for the schema's OpenAPI links (common.api.schema.add_links
# links each record to its own operations; these cross from one resource to another).
RELATED_RECORDS = {
    "/api/links/": {
        "ClaimA": ("$response.body#/claim_a/id", "claims_retrieve"),
        "ClaimB": ("$response.body#/claim_b/id", "claims_retrieve"),
    },
    "/api/claims/": {"Source": ("$response.body#/source/id", "sources_retrieve")},
}


def add_related_links(result, generator, request, public):
    """drf-spectacular post-processing hook: links between resources (RELATED_RECORDS)."""
    return add_related_record_links(result, RELATED_RECORDS)
