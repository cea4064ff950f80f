"""The claim sets admin: sizes of both sides, the two sides, editors name them."""

import html

import pytest
from django.urls import reverse

from claims.linking.services import claim_link_create
from claims.models import ClaimLink, ClaimSet
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

LIST = reverse("admin:claims_claimset_changelist")


def conflict(a, b):
    return claim_link_create(claim_a=a, claim_b=b, relation="conflict", status="confirmed")


def test_set_list_shows_the_sizes_of_both_sides(editor_client):
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    conflict(a, b)
    conflict(a, c)
    response = editor_client.get(LIST)
    (row,) = response.context["cl"].result_list
    assert sorted([row.side_a_count, row.side_b_count]) == [1, 2]


def test_set_list_queries_do_not_grow_with_rows(editor_client, count_queries):
    def make(n):
        for _ in range(n):
            conflict(ClaimFactory(), ClaimFactory())

    make(5)
    _, few = count_queries(editor_client, LIST)
    make(495)
    response, many = count_queries(editor_client, LIST)
    assert ClaimSet.objects.count() == 500
    assert many == few


def test_set_page_shows_both_sides_and_saves_title_and_summary(editor_client, editor_user):
    a, b = ClaimFactory(), ClaimFactory()
    conflict(a, b)
    claim_set = ClaimSet.objects.get()
    url = reverse("admin:claims_claimset_change", args=[claim_set.pk])
    page = html.unescape(editor_client.get(url).content.decode())
    side_a = page.split("Side A")[1].split("Side B")[0]
    side_b = page.split("Side B")[1]
    a.refresh_from_db()
    first, second = (a, b) if a.side == 0 else (b, a)
    assert first.text in side_a and second.text in side_b
    response = editor_client.post(
        url, {"title": "Who guarantees Kazakhstan?", "summary": "Two readings of January 2022."}
    )
    assert response.status_code == 302
    claim_set.refresh_from_db()
    assert claim_set.title == "Who guarantees Kazakhstan?"
    assert claim_set.history.first().history_user == editor_user


def test_sets_are_neither_added_nor_deleted_by_hand(editor_client):
    conflict(ClaimFactory(), ClaimFactory())
    claim_set = ClaimSet.objects.get()
    assert editor_client.get(reverse("admin:claims_claimset_add")).status_code == 403
    delete = reverse("admin:claims_claimset_delete", args=[claim_set.pk])
    assert editor_client.get(delete).status_code == 403


def test_editors_name_the_question_and_each_side(editor_client):
    a, b = ClaimFactory(), ClaimFactory()
    conflict(a, b)
    claim_set = ClaimSet.objects.get()
    url = reverse("admin:claims_claimset_change", args=[claim_set.pk])
    response = editor_client.post(
        url,
        {"question": " Is Russia losing Central Asia to China? ", "side_a_label": "Losing",
         "side_b_label": "Holding on", "title": "", "summary": ""},
    )  # fmt: skip
    assert response.status_code == 302
    claim_set.refresh_from_db()
    assert claim_set.question == "Is Russia losing Central Asia to China?"
    assert (claim_set.side_a_label, claim_set.side_b_label) == ("Losing", "Holding on")
    listing = html.unescape(editor_client.get(LIST).content.decode())
    assert "Is Russia losing Central Asia to China?" in listing
    page = html.unescape(editor_client.get(url).content.decode())
    assert "Losing</span> (1)" in page and "Holding on</span> (1)" in page


def test_an_unnamed_set_lists_the_machines_title_not_claim_set_n(editor_client):
    a = ClaimFactory(
        text="Russia is reclaiming Central Asia.", subject="Russia", predicate="reclaim"
    )
    b = ClaimFactory(text="Russia is losing Central Asia.", subject="Russia", predicate="lose")
    conflict(a, b)
    listing = html.unescape(editor_client.get(LIST).content.decode())
    assert "Does Russia reclaim or lose?" in listing and "(proposed)" in listing
    assert "Claim set " not in listing.split("<tbody>")[1]


def test_confirming_the_link_that_closes_an_odd_loop_warns_with_the_cycle(editor_client):
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    conflict(a, b)
    conflict(b, c)
    closing = claim_link_create(claim_a=a, claim_b=c, relation="conflict")  # suggested
    response = editor_client.post(
        reverse("admin:claims_claimlink_changelist"),
        {"action": "confirm_links", "_selected_action": [closing.pk]},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    (warning,) = [m for m in shown if "inconsistent" in m]
    assert f"Confirming link #{closing.pk} made" in warning
    for link in ClaimLink.objects.all():
        assert f"#{link.pk}</a>" in warning
    assert a.text[:40] in html.unescape(warning)


def test_confirming_a_link_that_keeps_two_sides_gives_no_warning(editor_client):
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    conflict(a, b)
    agreeing = claim_link_create(claim_a=a, claim_b=c, relation="agree")
    response = editor_client.post(
        reverse("admin:claims_claimlink_changelist"),
        {"action": "confirm_links", "_selected_action": [agreeing.pk]},
        follow=True,
    )
    assert not [m for m in response.context["messages"] if "inconsistent" in str(m)]
