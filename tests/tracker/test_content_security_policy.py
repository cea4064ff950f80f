"""Every response carries a strict Content-Security-Policy: no inline script anywhere."""

import re

import pytest
from django.urls import reverse

from claims.linking.services import claim_link_create
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim_set(editor_user):
    a, b = ClaimFactory(), ClaimFactory()
    claim_link_create(claim_a=a, claim_b=b, relation="conflict", status="confirmed")
    a.refresh_from_db()
    return a.claim_set


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_every_kind_of_response_carries_the_policy(client, editor_client, claim_set):
    claim = claim_set.claims.first()
    answers = {
        "sign-in": client.get("/accounts/login/"),
        "admin sign-in": client.get("/admin/login/"),
        "admin list": editor_client.get(reverse("admin:claims_claim_changelist")),
        "admin claim": editor_client.get(reverse("admin:claims_claim_change", args=[claim.pk])),
        "admin set": editor_client.get(
            reverse("admin:claims_claimset_change", args=[claim_set.pk])
        ),  # fmt: skip
        "view list": editor_client.get("/"),
        "view set": editor_client.get(f"/claim-sets/{claim_set.pk}/"),
        "export": editor_client.get(f"/claim-sets/{claim_set.pk}/export.csv"),
        "api list": editor_client.get("/api/claims/"),
        "api error": client.get("/api/claims/"),
        "api docs": client.get("/api/docs/"),
        "api schema": client.get("/api/schema/"),
        "not found": client.get("/no-such-page/"),
        "static file": client.get("/static/claims/view/view.css"),
    }
    for name, response in answers.items():
        assert response.status_code < 500, name
        policy = directives(response)
        assert policy["default-src"] == ["'self'"], name
        assert policy["script-src"] == ["'self'"], name
        assert policy["object-src"] == ["'none'"], name
        assert policy["frame-ancestors"] == ["'none'"], name
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], name
        if response.streaming:  # read to the end, as a browser would, while the database is open
            b"".join(response.streaming_content)


def test_pages_have_no_inline_script_or_style_attribute(client, editor_client, claim_set):
    claim = claim_set.claims.first()
    pages = [
        client.get("/accounts/login/"),
        editor_client.get(reverse("admin:claims_claim_changelist")),
        editor_client.get(reverse("admin:claims_claim_change", args=[claim.pk])),
        editor_client.get(reverse("admin:sources_source_add")),
        editor_client.get(f"/claim-sets/{claim_set.pk}/"),
        client.get("/api/docs/"),
    ]
    for response in pages:
        page = response.content.decode()
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == [], response.request[
            "PATH_INFO"
        ]
        assert " style=" not in page, response.request["PATH_INFO"]


def test_the_api_docs_frame_styles_carry_the_responses_nonce(client):
    response = client.get("/api/docs/")
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in directives(response)["style-src"]
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
