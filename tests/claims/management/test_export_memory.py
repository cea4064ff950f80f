"""The downloads' memory benchmark measures what a browser would get."""

import json

from claims.management.export_memory import measure_export_memory
from tests.claims.web.conftest import make_conflict_set


def test_measures_the_whole_streamed_download(researcher_client):
    claim_set = make_conflict_set(side_a=2)
    expected = b"".join(researcher_client.get("/export.json").streaming_content)

    result = measure_export_memory("/export.json", researcher_client)

    assert result["status"] == 200 and result["streaming"]
    assert result["bytes"] == len(expected)
    assert json.loads(expected)["claim_sets"][0]["id"] == claim_set.pk
    assert result["peak_mb"] >= result["idle_mb"] > 0
    assert result["over_idle_mb"] == result["peak_mb"] - result["idle_mb"]
