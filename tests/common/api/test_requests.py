"""How the API takes requests: slashes, JSON bodies, strict query strings, error codes,
Bearer tokens, versions (ETag / If-Match), rate-limit headers and CORS."""

import pytest
from django.test import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.linking import services
from claims.models import ClaimLink
from sources.models import Source
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

ARTICLE = {"text": "Kyrgyzstan opened a new border post with China in May 2024, officials said."}


def test_a_post_without_its_slash_is_redirected_with_308_and_keeps_its_method(editor_api):
    response = editor_api.post("/api/sources", ARTICLE, format="json")
    assert response.status_code == 308
    assert response["Location"].endswith("/api/sources/")
    assert not Source.objects.exists()

    followed = editor_api.post(response["Location"], ARTICLE, format="json")
    assert followed.status_code == 202
    assert Source.objects.count() == 1


@override_settings(DEBUG=True)
def test_a_patch_without_its_slash_is_a_308_in_debug_mode_too(editor_api):
    claim = ClaimFactory()
    response = editor_api.patch(f"/api/claims/{claim.pk}", {"status": "accepted"}, format="json")
    assert response.status_code == 308


def test_a_get_without_its_slash_is_still_a_301(researcher_api):
    assert researcher_api.get("/api/claims").status_code == 301


def test_the_schema_advertises_json_bodies_only(researcher_api):
    schema = researcher_api.get("/api/schema/?format=json").json()
    body_types = {
        media
        for operations in schema["paths"].values()
        for operation in operations.values()
        for media in operation.get("requestBody", {}).get("content", {})
    }
    assert body_types == {"application/json"}


@pytest.mark.parametrize(
    ("url", "parameter", "code"),
    [
        ("/api/claims/?stauts=accepted", "stauts", "unknown_parameter"),
        ("/api/claims/?page_size=0", "page_size", "invalid"),
        ("/api/claims/?page_size=201", "page_size", "invalid"),
        ("/api/claims/?page_size=ten", "page_size", "invalid"),
        ("/api/claim-sets/?has_conflict=-1", "has_conflict", "invalid"),
        ("/api/claim-sets/?is_inconsistent=maybe", "is_inconsistent", "invalid"),
        ("/api/claim-sets/?reviewed_only=null", "reviewed_only", "invalid"),
        ("/api/links/?min_score=2", "min_score", "invalid"),
        ("/api/claims/deleted/?since=", "since", "invalid"),
        ("/api/claims/?updated_since=", "updated_since", "invalid"),
        ("/api/claims/?ordering=text", "ordering", "invalid"),
        ("/api/claims/1/?status=accepted", "status", "unknown_parameter"),
        ("/api/links/stats/?page_size=2", "page_size", "unknown_parameter"),
    ],
)
def test_bad_query_parameters_are_400s_naming_them(researcher_api, url, parameter, code):
    ClaimFactory(pk=1)
    response = researcher_api.get(url)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == code
    assert parameter in body["errors"]
    assert parameter in body["message"]


def test_good_query_parameters_pass(researcher_api):
    ClaimFactory()
    url = (
        "/api/claim-sets/?has_conflict=true&is_inconsistent=0&page_size=5&ordering=-id&format=json"
    )
    assert researcher_api.get(url).status_code == 200


@pytest.mark.parametrize(
    ("request_args", "status", "code"),
    [
        (("get", "/api/claims/999/"), 404, "not_found"),
        (("delete", "/api/claims/1/"), 405, "method_not_allowed"),
        (("post", "/api/links/", "not json", "application/json"), 400, "parse_error"),
        (("post", "/api/links/", "a=b", "text/plain"), 415, "unsupported_media_type"),
        (("post", "/api/links/", "{}", "application/json"), 400, "invalid"),
    ],
)
def test_every_error_has_a_stable_code(editor_api, request_args, status, code):
    ClaimFactory(pk=1)
    method, url, *body = request_args
    kwargs = {"data": body[0], "content_type": body[1]} if body else {}
    response = getattr(editor_api, method)(url, **kwargs)
    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["message"]


def test_a_missing_token_is_a_401_with_a_code(anonymous_api):
    response = anonymous_api.get("/api/claims/")
    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")


def test_a_bearer_token_works_like_token(researcher_user):
    key = Token.objects.create(user=researcher_user).key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/claims/").status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-key")
    assert client.get("/api/claims/").status_code == 401


def test_a_stale_if_match_is_refused_with_412_and_nothing_changes(editor_api):
    a, b = ClaimFactory.create_batch(2)
    link = services.claim_link_create(claim_a=a, claim_b=b, relation="agree")
    first = editor_api.get(f"/api/links/{link.pk}/")
    etag = first["ETag"]
    assert etag.startswith('"') and editor_api.get(f"/api/links/{link.pk}/")["ETag"] == etag

    # Editor one changes the note with the version they read: it goes through.
    one = editor_api.patch(
        f"/api/links/{link.pk}/", {"note": "Same figure."}, format="json", HTTP_IF_MATCH=etag
    )
    assert one.status_code == 200
    assert one["ETag"] != etag

    # Editor two read the same version: their change would overwrite the note unseen.
    two = editor_api.patch(
        f"/api/links/{link.pk}/", {"note": "Different."}, format="json", HTTP_IF_MATCH=etag
    )
    assert (two.status_code, two.json()["code"]) == (412, "precondition_failed")
    assert ClaimLink.objects.get().note == "Same figure."
    stale_delete = editor_api.delete(f"/api/links/{link.pk}/", HTTP_IF_MATCH=etag)
    assert stale_delete.status_code == 412
    assert ClaimLink.objects.exists()
    current = editor_api.delete(f"/api/links/{link.pk}/", HTTP_IF_MATCH=one["ETag"])
    assert current.status_code == 204


def test_answers_carry_the_rate_limit(researcher_api):
    first = researcher_api.get("/api/claims/")
    second = researcher_api.get("/api/claims/")
    assert first["RateLimit-Limit"] == "600"
    assert int(second["RateLimit-Remaining"]) == int(first["RateLimit-Remaining"]) - 1
    assert 0 < int(first["RateLimit-Reset"]) <= 60


def test_cors_is_off_by_default(researcher_api):
    response = researcher_api.get("/api/claims/", HTTP_ORIGIN="https://reader.example")
    assert "Access-Control-Allow-Origin" not in response


@override_settings(API_CORS_ALLOWED_ORIGINS=["https://reader.example"])
def test_cors_allows_the_configured_origins_only(researcher_api, anonymous_api):
    preflight = anonymous_api.options(
        "/api/claims/",
        HTTP_ORIGIN="https://reader.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="PATCH",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "https://reader.example"
    assert "If-Match" in preflight["Access-Control-Allow-Headers"]
    response = researcher_api.get("/api/claims/", HTTP_ORIGIN="https://reader.example")
    assert response["Access-Control-Allow-Origin"] == "https://reader.example"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    other = researcher_api.get("/api/claims/", HTTP_ORIGIN="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in other


@pytest.mark.parametrize("url", ["/api/sources/{pk}/", "/api/links/{link}/"])
def test_an_empty_patch_is_a_400_saying_so(editor_api, url):
    claim_a, claim_b = ClaimFactory(), ClaimFactory()
    link = services.claim_link_create(
        claim_a=claim_a, claim_b=claim_b, relation=ClaimLink.Relation.AGREE
    )
    response = editor_api.patch(url.format(pk=claim_a.source_id, link=link.pk), {}, format="json")
    assert response.status_code == 400
    assert "empty PATCH changes nothing" in response.json()["message"]


def test_a_method_an_endpoint_does_not_serve_is_a_405_whatever_its_query(editor_api):
    response = editor_api.generic("TRACE", "/api/claims/?no_such_filter=1")
    assert response.status_code == 405
    response = editor_api.patch("/api/links/stats/", {}, format="json")
    assert response.status_code == 405


LISTS = ["/api/sources/", "/api/claims/", "/api/links/", "/api/entities/", "/api/claim-sets/"]


def filter_form_query(url: str, **filled) -> dict[str, str]:
    """What the browsable API's filter form sends: every field, blank unless filled."""
    from tracker.api import router

    viewset = next(view for prefix, view, _ in router.registry if url == f"/api/{prefix}/")
    return dict.fromkeys(viewset.filterset_class.base_filters, "") | filled


@pytest.mark.parametrize("url", LISTS)
def test_the_browsable_apis_filter_form_works_with_blank_fields(researcher_client, url):
    filled = {"origin": "automatic"} if url == "/api/links/" else {"q": "Kazakhstan"}
    sent = filter_form_query(url, **filled)
    response = researcher_client.get(url, sent, HTTP_ACCEPT="text/html")
    # The page moves to the address without the blanks, where the format links work too.
    assert response.status_code == 302
    assert response["Location"] == f"{url}?{next(iter(filled))}={next(iter(filled.values()))}"
    page = researcher_client.get(response["Location"], HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert researcher_client.get(response["Location"], {"format": "json"}).status_code == 200
    # Every blank alone is left out too, and the format named in the query kept.
    only_blanks = researcher_client.get(url, {"format": "api", "status": ""})
    assert (only_blanks.status_code, only_blanks["Location"]) == (302, f"{url}?format=api")


@pytest.mark.parametrize("url", LISTS)
def test_programs_sending_blank_fields_still_get_a_400(researcher_api, url):
    response = researcher_api.get(url, filter_form_query(url))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "Empty: give a value" in response.json()["message"]
