"""The machine's suggestions over the API: reasons, model version, filters, live precision."""

import pytest
from django.db import connection
from django.urls import reverse

from claims.models import ClaimLink
from tests.factories import ClaimLinkFactory, suggestion

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


def pages(client, url: str) -> list[list[int]]:
    """The ids of every page, following `next` from ``url``."""
    found = []
    while url:
        body = client.get(url).json()
        assert "results" in body, body
        found.append([row["id"] for row in body["results"]])
        url = body["next"]
    return found


def test_links_come_best_first_by_score_with_ties_by_id_and_unscored_last(researcher_api):
    from tests.factories import ClaimLinkFactory

    low = suggestion(score=0.3)
    tied = [suggestion(score=0.7) for _ in range(3)]
    best = suggestion(score=0.95)
    editors = [ClaimLinkFactory(origin="editor") for _ in range(2)]  # no score
    assert all(link.score is None for link in editors)

    expected = [
        best.pk,
        *sorted((link.pk for link in tied), reverse=True),
        low.pk,
        *sorted((link.pk for link in editors), reverse=True),
    ]
    walked = pages(researcher_api, f"{LINKS}?ordering=-score&page_size=2")
    assert [len(page) for page in walked] == [2, 2, 2, 1]
    assert [pk for page in walked for pk in page] == expected
    ascending = pages(researcher_api, f"{LINKS}?ordering=score&page_size=3")
    assert [pk for page in ascending for pk in page] == expected[::-1]
    # Suggestions alone, as the review screen lists them.
    suggestions = pages(researcher_api, f"{LINKS}?origin=automatic&ordering=-score&page_size=50")
    assert suggestions == [expected[:5]]


def test_a_cursor_from_the_score_ordering_is_refused_with_another(researcher_api):
    for score in (0.2, 0.5, 0.5):
        suggestion(score=score)
    next_url = researcher_api.get(f"{LINKS}?ordering=-score&page_size=1").json()["next"]
    assert "ordering=-score" in next_url
    cursor = next_url.split("cursor=")[1].split("&")[0]
    response = researcher_api.get(f"{LINKS}?ordering=score&cursor={cursor}")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_cursor")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index")
def test_a_page_by_score_reads_the_score_index_from_the_cursor(researcher_api):
    from claims.api.views import LinkViewSet
    from common.api.pagination import CursorPagination

    for score in (0.2, 0.5, 0.9):
        suggestion(score=score)
    paginator = CursorPagination()
    paginator.ordering_used = ("-score", "-id")
    queryset, keys = paginator.sort_keys(ClaimLink.objects.all(), LinkViewSet())
    after = paginator._beyond(keys, [0.5, 10], reverse=False)
    with connection.cursor() as cursor:
        # A three-row table is cheaper to sort; the question is whether the index can
        # give the order from the cursor on (with a sort it would still be chosen).
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        plan = queryset.filter(after).order_by(*keys)[:51].explain()
    assert "Index Scan Backward using claimlink_score_id_idx" in plan
    assert "Sort" not in plan


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


def test_suggestions_stored_without_a_reason_are_found_where_live_precision_counts_them(
    researcher_api, editor_api
):
    """Suggestions stored before every one carried a reason count under close_meaning in
    live precision; the reason filter finds them there too, and not an editor's own link."""
    old = suggestion(reasons=[])
    close = suggestion(reasons=["close_meaning"])
    suggestion(reasons=["negation_flip"])
    ClaimLinkFactory(reasons=[])  # an editor's link has no reasons either
    body = researcher_api.get(f"{LINKS}?reason=close_meaning&ordering=id").json()
    assert [row["id"] for row in body["results"]] == [old.pk, close.pk]
    editor_api.post(reverse("api:link-confirm", args=[old.pk]))
    [reason] = researcher_api.get(STATS).json()["by_reason"]
    assert reason["reason"] == "close_meaning"
