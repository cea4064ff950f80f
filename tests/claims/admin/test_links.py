"""The links admin: the review queue, confirm / reject / delete keeping claim sets right."""

import html

import pytest
from django.urls import reverse

from claims.linking.services import claim_link_create
from claims.models import ClaimLink, ClaimSet
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

LIST = reverse("admin:claims_claimlink_changelist")
CONFIRMED, SUGGESTED = ClaimLink.Status.CONFIRMED, ClaimLink.Status.SUGGESTED


def link(a, b, relation="conflict", status=CONFIRMED, **kwargs):
    return claim_link_create(claim_a=a, claim_b=b, relation=relation, status=status, **kwargs)


def fresh(*objects):
    for obj in objects:
        obj.refresh_from_db()
    return objects


def test_links_open_on_the_queue_of_suggestions_from_any_origin(editor_client):
    a, b, c, d = (ClaimFactory() for _ in range(4))
    automatic = link(a, b, status=SUGGESTED, origin="automatic")
    from_api = link(c, d, status=SUGGESTED, origin="api")
    link(a, c)
    response = editor_client.get(LIST)
    assert {x.pk for x in response.context["cl"].result_list} == {automatic.pk, from_api.pk}
    content = html.unescape(response.content.decode())
    # Both claims in full.
    assert a.text in content and b.text in content
    everything = editor_client.get(f"{LIST}?status=all")
    assert len(everything.context["cl"].result_list) == 3


def test_link_list_queries_do_not_grow_with_rows(editor_client, count_queries):
    def make(n):
        for _ in range(n):
            ClaimLink.objects.create(
                claim_a=ClaimFactory(), claim_b=ClaimFactory(), relation="agree"
            )

    make(5)
    _, few = count_queries(editor_client, LIST)
    make(495)
    response, many = count_queries(editor_client, LIST)
    assert len(response.context["cl"].result_list) == 50
    assert many == few


def test_confirming_from_the_queue_joins_a_claim_set(editor_client, editor_user):
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    first = link(a, b, status=SUGGESTED)
    second = link(b, c, relation="agree", status=SUGGESTED)
    response = editor_client.post(
        LIST,
        {"action": "confirm_links", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert "2 link(s) confirmed." in response.content.decode()
    fresh(a, b, c, first)
    assert a.claim_set_id == b.claim_set_id == c.claim_set_id is not None
    assert a.side != b.side == c.side
    assert (first.status, first.reviewed_by) == (CONFIRMED, editor_user)


def test_rejecting_a_confirmed_link_splits_its_set(editor_client):
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    link(a, b)
    weak = link(b, c)
    editor_client.post(
        f"{LIST}?status=confirmed", {"action": "reject_links", "_selected_action": [weak.pk]}
    )
    fresh(a, b, c, weak)
    assert weak.status == ClaimLink.Status.REJECTED
    assert a.claim_set_id == b.claim_set_id is not None
    assert c.claim_set_id is None


def test_deleting_a_link_in_the_admin_splits_its_set(editor_client):
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    link(a, b)
    bridge = link(b, c)
    response = editor_client.post(
        reverse("admin:claims_claimlink_delete", args=[bridge.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    fresh(a, b, c)
    assert a.claim_set_id == b.claim_set_id is not None and c.claim_set_id is None


def test_bulk_delete_goes_through_the_service(editor_client):
    a, b = ClaimFactory(), ClaimFactory()
    only = link(a, b)
    set_id = fresh(a)[0].claim_set_id
    editor_client.post(
        f"{LIST}?status=all",
        {"action": "delete_selected", "_selected_action": [only.pk], "post": "yes"},
    )
    assert not ClaimLink.objects.exists()
    fresh(a, b)
    assert a.claim_set_id is b.claim_set_id is None
    assert not ClaimSet.objects.filter(pk=set_id).exists()


def test_an_odd_conflict_cycle_makes_the_set_inconsistent_until_a_link_is_rejected(
    editor_client,
):
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    links = [link(a, b), link(b, c), link(a, c, status=SUGGESTED)]
    editor_client.post(LIST, {"action": "confirm_links", "_selected_action": [links[2].pk]})
    claim_set = ClaimSet.objects.get()
    assert claim_set.is_inconsistent
    assert sorted(claim_set.inconsistency_cycle) == sorted(x.pk for x in links)
    page = editor_client.get(reverse("admin:claims_claimset_change", args=[claim_set.pk]))
    for x in links:
        assert f"link #{x.pk}" in page.content.decode()
    editor_client.post(
        f"{LIST}?status=all", {"action": "reject_links", "_selected_action": [links[2].pk]}
    )
    claim_set.refresh_from_db()
    assert not claim_set.is_inconsistent and claim_set.inconsistency_cycle == []


def test_changing_a_links_relation_in_its_page_moves_the_sides(editor_client):
    a, b = ClaimFactory(), ClaimFactory()
    x = link(a, b, note="first")
    response = editor_client.post(
        reverse("admin:claims_claimlink_change", args=[x.pk]),
        {"relation": "agree", "status": CONFIRMED, "note": "They agree after all"},
    )
    assert response.status_code == 302
    fresh(a, b, x)
    assert a.side == b.side
    assert (x.relation, x.note) == ("agree", "They agree after all")


def test_adding_a_link_puts_the_pair_in_order_and_refuses_a_second(editor_client, editor_user):
    a, b = ClaimFactory(), ClaimFactory()
    add = reverse("admin:claims_claimlink_add")
    data = {"claim_a": b.pk, "claim_b": a.pk, "relation": "conflict", "status": CONFIRMED}
    response = editor_client.post(add, {**data, "note": ""})
    assert response.status_code == 302
    created = ClaimLink.objects.get()
    assert (created.claim_a_id, created.claim_b_id, created.created_by) == (a.pk, b.pk, editor_user)
    fresh(a, b)
    assert {a.side, b.side} == {0, 1}
    again = editor_client.post(add, {**data, "relation": "agree", "note": ""})
    assert again.status_code == 200
    assert "already linked" in again.content.decode()
    same = editor_client.post(add, {**data, "claim_b": b.pk, "note": ""})
    assert "cannot be linked to itself" in same.content.decode()
