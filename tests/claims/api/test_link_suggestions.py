"""The machine's suggestions over the API: reasons, model version, filters, live precision."""

import pytest
from django.urls import reverse

from claims.models import ClaimLink
from tests.factories import suggestion

pytestmark = pytest.mark.django_db

LINKS = reverse("api:link-list")
STATS = reverse("api:link-stats")


def test_links_show_origin_score_reasons_and_model_version(researcher_api):
    link = suggestion(
        relation="conflict",
        score=0.82,
        reasons=[
            {
                "type": "change_over_time",
                "detail": "Kazakhstan's largest trading partner",
                "date_a": "2022-01-07",
                "date_b": "2023-11-10",
            }
        ],
    )
    body = researcher_api.get(reverse("api:link-detail", args=[link.pk])).json()
    assert body["origin"] == "automatic" and body["score"] == 0.82
    assert body["model_version"] == "links-1" and body["suggested_relation"] == "conflict"
    assert body["reasons"] == [
        {
            "type": "change_over_time",
            "label": "Change over time",
            "detail": "Kazakhstan's largest trading partner",
            "date_a": "2022-01-07",
            "date_b": "2023-11-10",
        }
    ]


def test_a_link_the_machine_did_not_suggest_has_no_suggested_relation(researcher_api):
    from tests.factories import ClaimLinkFactory

    link = ClaimLinkFactory(origin="editor")
    body = researcher_api.get(reverse("api:link-detail", args=[link.pk])).json()
    assert body["suggested_relation"] is None and body["reasons"] == []


def test_links_filter_on_reason_version_and_score(researcher_api):
    swap = suggestion(reasons=["entity_swap"], score=0.4, model_version="links-2")
    flip = suggestion(reasons=["negation_flip", "same_proposition"], score=0.9)

    def ids(query):
        body = researcher_api.get(f"{LINKS}?{query}").json()
        assert "results" in body, body
        return {row["id"] for row in body["results"]}

    assert ids("reason=entity_swap") == {swap.pk}
    assert ids("reason=same_proposition") == {flip.pk}
    assert ids("model_version=links-2") == {swap.pk}
    assert ids("min_score=0.5") == {flip.pk}
    assert ids("max_score=0.5") == {swap.pk}
    assert ids("origin=automatic") == {swap.pk, flip.pk}
    assert researcher_api.get(f"{LINKS}?reason=nonsense").status_code == 400


def test_stats_are_the_decisions_in_the_database(researcher_api, editor_api):
    links = [suggestion(reasons=["negation_flip"]) for _ in range(4)]
    for link in links[:3]:
        editor_api.post(reverse("api:link-confirm", args=[link.pk]))
    editor_api.post(reverse("api:link-reject", args=[links[3].pk]))
    suggestion()  # still open

    body = researcher_api.get(STATS).json()
    assert body["open_suggestions"] == 1
    assert body["overall"]["confirmed"] == 3 and body["overall"]["decided"] == 4
    assert body["overall"]["precision"] == 0.75
    assert 0 < body["overall"]["interval_low"] < 0.75 < body["overall"]["interval_high"] <= 1
    [reason] = body["by_reason"]
    assert (reason["reason"], reason["decided"]) == ("negation_flip", 4)
    [version] = body["by_model_version"]
    assert version["model_version"] == "links-1"
    assert len(body["by_week"]) == 1 and body["rows"][0]["decided"] == 4
    assert ClaimLink.objects.filter(status="confirmed").count() == 3


def test_stats_need_a_signed_in_reader(anonymous_api):
    assert anonymous_api.get(STATS).status_code in (401, 403)


def test_posting_a_pair_the_machine_suggested_decides_that_suggestion(editor_api):
    suggested = suggestion(relation="agree")
    response = editor_api.post(
        LINKS,
        {
            "claim_a": suggested.claim_b.pk,
            "claim_b": suggested.claim_a.pk,
            "relation": "conflict",
            "status": "confirmed",
            "note": "Not the same figure.",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == suggested.pk
    assert (body["relation"], body["status"], body["note"]) == (
        "conflict",
        "confirmed",
        "Not the same figure.",
    )
    assert body["suggested_relation"] == "agree"


def test_close_meaning_is_a_reason_to_filter_on_and_is_labelled_in_the_stats(
    researcher_api, editor_api
):
    close = suggestion(reasons=[{"type": "close_meaning", "detail": "cosine 0.82; same source"}])
    suggestion(reasons=["negation_flip"])
    body = researcher_api.get(f"{LINKS}?reason=close_meaning").json()
    assert [row["id"] for row in body["results"]] == [close.pk]
    assert body["results"][0]["reasons"] == [
        {"type": "close_meaning", "label": "Close in meaning", "detail": "cosine 0.82; same source"}
    ]
    editor_api.post(reverse("api:link-confirm", args=[close.pk]))

    stats = researcher_api.get(STATS).json()
    [reason] = stats["by_reason"]
    assert (reason["reason"], reason["reason_label"]) == ("close_meaning", "Close in meaning")
    assert stats["rows"][0]["reason_label"] == "Close in meaning"
