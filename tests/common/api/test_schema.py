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
        "/api/sources/{id}/propose-anyway/",
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


def _schema(tmp_path) -> dict:
    path = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(path))
    return yaml.safe_load(path.read_text())


def test_every_error_is_documented_in_every_content_type_the_operation_serves(tmp_path):
    schema = _schema(tmp_path)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"400", "401", "403", "404", "406", "429"} <= set(responses), (method, path)
            served = {
                media
                for code, response in responses.items()
                if code.startswith("2")
                for media in response.get("content", {})
            } or {"application/json"}
            for code, response in responses.items():
                if code >= "4":
                    assert set(response["content"]) == served, (method, path, code)
            if "requestBody" in operation:
                assert "415" in responses, (method, path)
            if "{id}" in path and method in {"patch", "delete", "post"}:
                assert "412" in responses, (method, path)
    claim_errors = schema["paths"]["/api/claims/{id}/"]["get"]["responses"]["404"]["content"]
    assert set(claim_errors) == {"application/json", "application/ld+json"}
    assert "409" in schema["paths"]["/api/sources/{id}/propose-anyway/"]["post"]["responses"]
    for path in ("/api/claims/", "/api/claims/deleted/"):
        assert "410" in schema["paths"][path]["get"]["responses"]


def test_the_schema_says_what_the_server_enforces(tmp_path):
    schema = _schema(tmp_path)
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/links/"]["get"]["parameters"]
    }
    assert (parameters["min_score"]["minimum"], parameters["min_score"]["maximum"]) == (0, 1)
    assert parameters["q"]["pattern"] == r"^[^\x00]*$"
    since = schema["paths"]["/api/links/deleted/"]["get"]["parameters"][-1]
    assert since["name"] == "since"
    assert {v.get("type") for v in since["schema"]["anyOf"]} == {"integer", "string"}
    patch = schema["paths"]["/api/sources/{id}/"]["patch"]["requestBody"]
    assert patch["required"] is True
    body = schema["components"]["schemas"]["PatchedSourceMetadataRequest"]
    assert body["minProperties"] == 1


def test_the_schema_links_each_create_to_its_record_and_each_list_onwards(tmp_path):
    paths = _schema(tmp_path)["paths"]
    created = paths["/api/links/"]["post"]["responses"]["201"]["links"]
    assert {(name, link["operationId"]) for name, link in created.items()} >= {
        ("LinksRetrieve", "links_retrieve"),
        ("LinksPartialUpdate", "links_partial_update"),
        ("LinksDestroy", "links_destroy"),
        ("LinksConfirmCreate", "links_confirm_create"),
        ("ClaimA", "claims_retrieve"),
    }
    assert created["LinksRetrieve"]["parameters"] == {"path.id": "$response.body#/id"}
    accepted = paths["/api/sources/"]["post"]["responses"]["202"]["links"]
    assert accepted["SourcesRetrieve"]["parameters"] == {"path.id": "$response.body#/id"}
    listed = paths["/api/claims/"]["get"]["responses"]["200"]["links"]
    assert listed["ClaimsRetrieve"]["parameters"] == {"path.id": "$response.body#/results/0/id"}
    assert set(listed["NextPage"]["parameters"]) == {"query.cursor", "query.ordering"}
    assert listed["ChangedSince"]["parameters"] == {
        "query.changed_since": "$response.body#/next_sync"
    }
    assert listed["DeletedSince"]["operationId"] == "claims_deleted_list"
    detail = paths["/api/links/{id}/"]["get"]["responses"]["200"]["links"]
    assert detail["LinksDestroy"]["parameters"] == {"path.id": "$request.path.id"}


def test_every_filter_is_labelled_in_the_form_and_described_in_the_schema(researcher_client):
    from tracker.api import router

    schema = yaml.safe_load(researcher_client.get("/api/schema/").content)
    for prefix, viewset, _ in router.registry:
        url = f"/api/{prefix}/"
        form = viewset.filterset_class().form
        parameters = {p["name"]: p for p in schema["paths"][url]["get"]["parameters"]}
        for name, field in form.fields.items():
            assert field.label and "[invalid name]" not in field.label, (url, name)
            assert field.help_text, (url, name)
            assert parameters[name]["description"].startswith(field.help_text), (url, name)
        page = researcher_client.get(url, HTTP_ACCEPT="text/html")
        assert page.status_code == 200
        assert b"[invalid name]" not in page.content


def test_the_readme_lists_every_filter_of_every_list():
    import re
    from pathlib import Path

    from common.api.filters import UpdatedSinceMixin
    from tracker.api import router

    readme = Path(__file__).resolve().parents[3].joinpath("README.md").read_text()
    section = readme[readme.index("**Filters** (query string)") : readme.index("**Conflicts**")]
    every_list = {"q", *UpdatedSinceMixin.base_filters}
    intro = section[: section.index("Each list also takes")]
    assert every_list <= set(re.findall(r"`(\w+)`", intro))
    for prefix, viewset, _ in router.registry:
        item = re.search(rf"^- `/api/{prefix}/`:(.*?)(?=^- |^$)", section, re.M | re.S)
        assert item, prefix
        listed = set(re.findall(r"`(\w+)`", item.group(1)))
        assert listed | every_list == set(viewset.filterset_class.base_filters), prefix
