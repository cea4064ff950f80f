"""The contradiction view for researchers: claim sets, claims, entities, sources."""

from django.urls import path, re_path

from . import views

app_name = "claims"
urlpatterns = [
    path("", views.claim_set_list, name="claim_set_list"),
    re_path(
        r"^export\.(?P<fmt>csv|json)$",
        views.claim_set_list_export,
        name="claim_set_list_export",
    ),
    path("claim-sets/<int:pk>/", views.claim_set_detail, name="claim_set_detail"),
    re_path(
        r"^claim-sets/(?P<pk>[0-9]+)/export\.(?P<fmt>csv|json)$",
        views.claim_set_export,
        name="claim_set_export",
    ),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("entities/<int:pk>/", views.entity_detail, name="entity_detail"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
]
