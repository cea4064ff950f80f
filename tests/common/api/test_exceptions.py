"""Server-side failures under /api/ answer JSON: 503 with Retry-After for an outage, else 500."""

import pytest
from django.db import OperationalError

from claims.api.views import ClaimViewSet

pytestmark = pytest.mark.django_db


def fail_with(error):
    def get_queryset(self):
        raise error

    return get_queryset


def test_a_database_outage_is_a_json_503_with_retry_after(researcher_api, monkeypatch):
    monkeypatch.setattr(
        ClaimViewSet, "get_queryset", fail_with(OperationalError("connection refused"))
    )
    response = researcher_api.get("/api/claims/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert "unavailable" in response.json()["message"]


def test_an_unexpected_error_is_a_json_500_with_a_message(researcher_api, monkeypatch):
    monkeypatch.setattr(ClaimViewSet, "get_queryset", fail_with(RuntimeError("a bug")))
    researcher_api.raise_request_exception = False
    response = researcher_api.get("/api/claims/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "code": "server_error",
        "message": "Server error: the request failed on our side. It has been logged.",
    }


def test_a_server_error_outside_the_api_stays_an_html_page(researcher_client, monkeypatch):
    from claims.web import views

    monkeypatch.setattr(views.sets, "conflict_claim_set_list", fail_with(RuntimeError("a bug")))
    researcher_client.raise_request_exception = False
    response = researcher_client.get("/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
