"""Claim sets follow confirmed links: join, split, sides, inconsistency."""

import pytest

from claims.linking.services import (
    claim_link_confirm,
    claim_link_create,
    claim_link_delete,
    claim_link_reject,
    claim_link_update,
)
from claims.models import ClaimLink, ClaimSet
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

CONFIRMED = ClaimLink.Status.CONFIRMED


def link(a, b, relation="conflict", status=CONFIRMED, **kwargs):
    return claim_link_create(claim_a=a, claim_b=b, relation=relation, status=status, **kwargs)


def refreshed(*claims):
    for claim in claims:
        claim.refresh_from_db()
    return claims


def test_confirmed_conflict_puts_two_claims_on_opposite_sides():
    a, b = ClaimFactory(), ClaimFactory()
    link(a, b)
    refreshed(a, b)
    assert a.claim_set_id == b.claim_set_id is not None
    assert {a.side, b.side} == {0, 1}
    assert not a.claim_set.is_inconsistent


def test_agree_keeps_the_side_and_a_suggestion_makes_no_set():
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    link(a, b, relation="agree")
    link(b, c, status=ClaimLink.Status.SUGGESTED)
    refreshed(a, b, c)
    assert a.side == b.side == 0
    assert c.claim_set_id is None


def test_confirming_joins_two_sets_and_the_older_id_survives():
    a, b, c, d = (ClaimFactory() for _ in range(4))
    link(a, b)
    link(c, d)
    older, newer = refreshed(a, c)
    older_id, newer_id = older.claim_set_id, newer.claim_set_id
    assert older_id < newer_id
    ClaimSet.objects.filter(pk=newer_id).update(title="Named later")
    suggestion = link(b, c, relation="agree", status=ClaimLink.Status.SUGGESTED)
    claim_link_confirm(link=suggestion)
    refreshed(a, b, c, d)
    assert {x.claim_set_id for x in (a, b, c, d)} == {older_id}
    assert not ClaimSet.objects.filter(pk=newer_id).exists()
    assert ClaimSet.objects.get(pk=older_id).title == "Named later"
    # a conflicts b, b agrees c, c conflicts d.
    assert a.side != b.side and b.side == c.side and c.side != d.side


def test_rejecting_the_bridge_splits_the_set_and_the_largest_part_keeps_the_id():
    a, b, c, d, e = (ClaimFactory() for _ in range(5))
    link(a, b)
    link(b, c, relation="agree")
    bridge = link(c, d)
    link(d, e, relation="agree")
    (a,) = refreshed(a)
    set_id = a.claim_set_id
    # Move the bridge so the parts are {a, b, c} and {d, e}.
    claim_link_reject(link=bridge)
    refreshed(a, b, c, d, e)
    assert a.claim_set_id == b.claim_set_id == c.claim_set_id == set_id
    assert d.claim_set_id == e.claim_set_id != set_id
    assert ClaimSet.objects.count() == 2


def test_deleting_the_only_link_dissolves_the_set():
    a, b = ClaimFactory(), ClaimFactory()
    only = link(a, b)
    set_id = refreshed(a)[0].claim_set_id
    claim_link_delete(link=only)
    refreshed(a, b)
    assert a.claim_set_id is None and b.claim_set_id is None
    assert not ClaimSet.objects.filter(pk=set_id).exists()


def test_odd_conflict_cycle_makes_the_set_inconsistent_with_the_cycle_shown():
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    ab = link(a, b)
    bc = link(b, c)
    ca = link(c, a)  # a≠b, b≠c, so a=c; a conflict between a and c cannot hold.
    claim_set = refreshed(a)[0].claim_set
    assert claim_set.is_inconsistent
    assert sorted(claim_set.inconsistency_cycle) == sorted([ab.pk, bc.pk, ca.pk])
    claim_link_update(link=ca, relation="agree")
    claim_set.refresh_from_db()
    assert not claim_set.is_inconsistent
    assert claim_set.inconsistency_cycle == []


def test_a_set_with_only_agreements_holds_no_conflict_and_a_conflict_gives_it_one():
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    link(a, b, relation="agree")
    (a,) = refreshed(a)
    assert not a.claim_set.has_conflict
    link(b, c)
    (a,) = refreshed(a)
    assert a.claim_set.has_conflict


def test_side_labels_stay_with_their_claims_when_a_smaller_claim_joins_the_other_side():
    oldest = ClaimFactory()  # the smallest id: the graph alone would put it on side A
    losing, holding = ClaimFactory(), ClaimFactory()
    link(losing, holding)
    (losing,) = refreshed(losing)
    assert losing.side == 0
    claim_set = losing.claim_set
    claim_set.side_a_label, claim_set.side_b_label = "Losing", "Holding on"
    claim_set.save()

    link(oldest, holding, relation="agree")

    losing, holding, oldest = refreshed(losing, holding, oldest)
    assert losing.claim_set.side_name(losing.side) == "Losing"
    assert holding.claim_set.side_name(holding.side) == "Holding on"
    assert oldest.side == holding.side


def test_merging_two_named_sets_keeps_the_older_names_and_fills_gaps():
    a, b, c, d = (ClaimFactory() for _ in range(4))
    link(a, b)
    link(c, d)
    (a, c) = refreshed(a, c)
    older, newer = a.claim_set, c.claim_set
    older.question = "Is Russia losing Central Asia?"
    older.save()
    newer.question, newer.side_a_label = "Who leads?", "Moscow"
    newer.save()
    link(b, c, relation="agree")
    merged = ClaimSet.objects.get()
    assert merged.pk == older.pk
    assert merged.question == "Is Russia losing Central Asia?"
    assert merged.side_a_label == "Moscow"
