"""Unknown API addresses answer JSON, like every other API error."""

import pytest

pytestmark = pytest.mark.django_db


def test_unknown_api_address_answers_json_with_a_message(client):
    response = client.get("/api/claims/abc/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Not found."}


def test_unknown_page_outside_the_api_stays_html(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
