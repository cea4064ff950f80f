"""The OpenAPI schema and its docs page."""

import yaml
from django.core.management import call_command


def test_the_schema_is_valid_and_lists_every_resource(researcher_api, tmp_path):
    path = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(path), "--validate", "--fail-on-warn")
    schema = yaml.safe_load(path.read_text())
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/sources/", "/api/sources/{id}/", "/api/claims/", "/api/claims/{id}/",
        "/api/links/", "/api/links/{id}/", "/api/links/{id}/confirm/", "/api/links/{id}/reject/",
        "/api/entities/", "/api/entities/{id}/", "/api/claim-sets/", "/api/claim-sets/{id}/",
        "/api/sources/deleted/", "/api/claims/deleted/", "/api/links/deleted/",
        "/api/entities/deleted/", "/api/claim-sets/deleted/", "/api/links/stats/",
    } == set(schema["paths"])  # fmt: skip
    post = schema["paths"]["/api/sources/"]["post"]["responses"]
    assert {"200", "202", "400", "401", "403", "413", "429", "503"} <= set(post)
    claim = schema["paths"]["/api/claims/{id}/"]["get"]["responses"]["200"]["content"]
    assert set(claim) == {"application/json", "application/ld+json"}
    assert set(schema["paths"]["/api/links/"]["post"]["responses"]) >= {"201", "400", "409"}
    # Request bodies take their own fields only (unknown ones answer 400).
    bodies = [
        media["schema"]["$ref"].rsplit("/", 1)[-1]
        for operations in schema["paths"].values()
        for operation in operations.values()
        for media in operation.get("requestBody", {}).get("content", {}).values()
    ]
    assert bodies
    assert all(
        schema["components"]["schemas"][name]["additionalProperties"] is False for name in bodies
    )


def test_the_schema_is_served_to_clients(researcher_api):
    response = researcher_api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Claim tracker API"


def test_the_docs_load_nothing_from_other_sites(researcher_api):
    response = researcher_api.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    script = researcher_api.get("/api/docs/?script=").content.decode()
    assert "swagger-ui" in page
    assert "/api/schema/" in script
    for text in (page, script):
        assert "cdn." not in text and "https://" not in text
