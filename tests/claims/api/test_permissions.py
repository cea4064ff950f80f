"""Researchers read, editors write, anonymous clients get 401 unless TRACKER_PUBLIC."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from claims.linking import services
from claims.models import ClaimLink
from tests.factories import ClaimFactory


@pytest.fixture
def linked(corpus, editor_user):
    claim_1, claim_2 = corpus["claims"]
    link = services.claim_link_create(
        claim_a=claim_1,
        claim_b=claim_2,
        relation=ClaimLink.Relation.CONFLICT,
        status=ClaimLink.Status.CONFIRMED,
        created_by=editor_user,
    )
    claim_1.refresh_from_db()
    return {**corpus, "link": link, "claim_set": claim_1.claim_set}


def read_urls(data) -> list[str]:
    return [
        "/api/sources/",
        f"/api/sources/{data['sources'][0].pk}/",
        "/api/claims/",
        f"/api/claims/{data['claims'][0].pk}/",
        "/api/links/",
        f"/api/links/{data['link'].pk}/",
        "/api/entities/",
        f"/api/entities/{data['russia'].pk}/",
        "/api/claim-sets/",
        f"/api/claim-sets/{data['claim_set'].pk}/",
    ]


def write_requests(data):
    """(method, url, body, status an editor gets) for every write."""
    link, claim = data["link"], data["claims"][0]
    third = ClaimFactory()
    return [
        ("post", "/api/sources/", {"text": "Kazakhstan signed a gas deal with China."}, 202),
        ("patch", f"/api/claims/{claim.pk}/", {"status": "accepted"}, 200),
        ("post", "/api/links/", {"claim_a": claim.pk, "claim_b": third.pk, "relation": "agree"}, 201),
        ("patch", f"/api/links/{link.pk}/", {"note": "Read both."}, 200),
        ("patch", f"/api/claim-sets/{data['claim_set'].pk}/", {"title": "Who holds the region"}, 200),
        ("post", f"/api/links/{link.pk}/reject/", None, 200),
        ("post", f"/api/links/{link.pk}/confirm/", None, 200),
        ("delete", f"/api/links/{link.pk}/", None, 204),
    ]  # fmt: skip


@pytest.mark.parametrize(("role", "expected"), [("anonymous", 401), ("researcher", 200), ("editor", 200)])  # fmt: skip
def test_reading_needs_a_role(linked, api_for, role, expected):
    client = api_for(role)
    for url in read_urls(linked):
        response = client.get(url)
        assert response.status_code == expected, url
        if expected == 401:
            assert response["WWW-Authenticate"] == "Token"
            assert response.json()["message"]


def test_tracker_public_opens_reading_to_anonymous_clients(linked, anonymous_api, settings):
    settings.TRACKER_PUBLIC = True
    for url in read_urls(linked):
        assert anonymous_api.get(url).status_code == 200, url


@pytest.mark.parametrize("public", [False, True])
def test_anonymous_clients_never_write(linked, anonymous_api, settings, public, run_on_commit):
    settings.TRACKER_PUBLIC = public
    for method, url, body, _ in write_requests(linked):
        response = getattr(anonymous_api, method)(url, body, format="json")
        assert response.status_code == 401, (method, url)
    assert ClaimLink.objects.count() == 1


def test_researchers_may_not_write(linked, researcher_api, run_on_commit):
    for method, url, body, _ in write_requests(linked):
        response = getattr(researcher_api, method)(url, body, format="json")
        assert response.status_code == 403, (method, url)
        assert response.json() == {
            "code": "permission_denied",
            "message": "Researchers may read; only editors may change data.",
        }
    assert ClaimLink.objects.get().status == ClaimLink.Status.CONFIRMED


def test_editors_write(linked, editor_api, run_on_commit):
    for method, url, body, expected in write_requests(linked):
        response = getattr(editor_api, method)(url, body, format="json")
        assert response.status_code == expected, (method, url, response.content)


def test_a_signed_in_user_without_a_role_gets_403(linked, db):
    client = APIClient()
    client.force_authenticate(get_user_model().objects.create_user("nobody"))
    assert client.get("/api/claims/").status_code == 403


def test_session_authentication_works_for_the_browsable_api(linked, researcher_user, client):
    client.force_login(researcher_user)
    response = client.get("/api/claims/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"Claim" in response.content


def test_a_bad_token_is_401_with_a_message(anonymous_api, db):
    anonymous_api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = anonymous_api.get("/api/claims/")
    assert response.status_code == 401
    assert response.json() == {"code": "authentication_failed", "message": "Invalid token."}


def test_anonymous_clients_are_throttled(linked, anonymous_api, settings, monkeypatch):
    settings.TRACKER_PUBLIC = True
    # DRF reads the rates when the throttle class is defined.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    codes = [anonymous_api.get("/api/entities/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert "throttled" in anonymous_api.get("/api/entities/").json()["message"]


def test_a_token_client_over_its_rate_is_told_to_wait(researcher_api, monkeypatch):
    from rest_framework.throttling import UserRateThrottle

    monkeypatch.setitem(UserRateThrottle.THROTTLE_RATES, "user", "3/minute")
    answers = [researcher_api.get("/api/claims/") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert int(answers[-1]["Retry-After"]) > 0
    assert answers[-1].json()["message"].startswith("Request was throttled.")


def test_a_forged_x_forwarded_for_does_not_escape_the_anonymous_rate(
    linked, anonymous_api, settings, monkeypatch
):
    settings.TRACKER_PUBLIC = True
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    codes = [
        anonymous_api.get("/api/entities/", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 200, 429]


def test_behind_a_trusted_proxy_anonymous_clients_are_counted_by_forwarded_address(
    linked, anonymous_api, settings, monkeypatch
):
    settings.TRACKER_PUBLIC = True
    settings.TRACKER_TRUSTED_PROXIES = 1
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})

    def get(address):
        forwarded = f"6.6.6.6, {address}"  # the first entry is whatever the client sent
        return anonymous_api.get("/api/entities/", HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [get("192.0.2.1") for _ in range(3)] == [200, 200, 429]
    assert get("192.0.2.2") == 200


def test_anonymous_readers_never_see_user_names(linked, anonymous_api, researcher_api, settings):
    settings.TRACKER_PUBLIC = True
    link = linked["link"]
    for url in ("/api/links/", f"/api/links/{link.pk}/"):
        body = anonymous_api.get(url).json()
        row = body["results"][0] if "results" in body else body
        assert (row["created_by"], row["reviewed_by"]) == (None, None)
    signed_in = researcher_api.get(f"/api/links/{link.pk}/").json()
    assert signed_in["created_by"] == "editor"
