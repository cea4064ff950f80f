"""JSON bodies: nesting is bounded, so a body built to exhaust the stack is a 400."""

import pytest

from common.api.parsers import MAX_JSON_DEPTH, nests_deeper_than

pytestmark = pytest.mark.django_db


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 5_000, 200_000])
def test_a_deeply_nested_body_is_a_400_with_a_message(editor_api, depth):
    body = f'{{"claim_a": 1, "claim_b": 2, "relation": "agree", "note": {nested(depth)}}}'
    response = editor_api.post("/api/links/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested deeper than" in response.json()["message"]


def test_a_body_within_the_bound_is_parsed(editor_api):
    note = nested(MAX_JSON_DEPTH - 1)
    body = f'{{"claim_a": 1, "claim_b": 2, "relation": "agree", "note": {note}}}'
    response = editor_api.post("/api/links/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested" not in response.json()["message"]  # parsed; refused for what it says


def test_depth_counts_objects_and_arrays_only():
    assert not nests_deeper_than("text", 0)
    assert not nests_deeper_than({"a": [1, {"b": "c"}]}, 3)
    assert nests_deeper_than({"a": [1, {"b": []}]}, 3)
