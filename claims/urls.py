"""The contradiction view for researchers: claim sets, claims, entities, sources."""

app_name = "claims"
urlpatterns: list = []
