"""A conflict means a confirmed conflict on every face; suggested ones are named apart."""

import pytest

from claims.linking.services import claim_link_create, claim_link_reject
from claims.models import Claim, ClaimLink, ClaimSet
from claims.selectors.claims import claim_list
from claims.selectors.expressions import has_conflict, has_open_conflict, set_has_conflict
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db
CONFIRMED, SUGGESTED = ClaimLink.Status.CONFIRMED, ClaimLink.Status.SUGGESTED


@pytest.fixture
def graph():
    """a–b a confirmed conflict; c–d a suggested one; a–c a rejected one; e–f–g agree
    (confirmed) with a suggested conflict e–g inside the set."""
    a, b, c, d, e, f, g = (ClaimFactory() for _ in range(7))
    claim_link_create(claim_a=a, claim_b=b, relation="conflict", status=CONFIRMED)
    claim_link_create(claim_a=c, claim_b=d, relation="conflict", status=SUGGESTED)
    claim_link_reject(link=claim_link_create(claim_a=a, claim_b=c, relation="conflict"))
    claim_link_create(claim_a=e, claim_b=f, relation="agree", status=CONFIRMED)
    claim_link_create(claim_a=f, claim_b=g, relation="agree", status=CONFIRMED)
    claim_link_create(claim_a=e, claim_b=g, relation="conflict", status=SUGGESTED)
    for claim in (a, b, c, d, e, f, g):
        claim.refresh_from_db()
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f, "g": g}


def _ids(queryset, graph):
    names = {claim.pk: name for name, claim in graph.items()}
    return {names[pk] for pk in queryset.values_list("pk", flat=True) if pk in names}


def test_has_conflict_counts_confirmed_conflicts_only(graph):
    assert _ids(Claim.objects.filter(has_conflict()), graph) == {"a", "b"}


def test_has_open_conflict_counts_suggested_ones_too_but_never_rejected(graph):
    assert _ids(Claim.objects.filter(has_open_conflict()), graph) == {"a", "b", "c", "d", "e", "g"}


def test_link_counts_keep_confirmed_and_suggested_apart(graph):
    rows = {c.pk: c for c in claim_list()}
    a, c, e = rows[graph["a"].pk], rows[graph["c"].pk], rows[graph["e"].pk]
    assert (a.conflict_count, a.suggested_conflict_count) == (1, 0)  # the rejected one is neither
    assert (c.conflict_count, c.suggested_conflict_count) == (0, 1)
    assert (e.agree_count, e.conflict_count, e.suggested_conflict_count) == (1, 0, 1)


def test_a_set_with_only_a_suggested_conflict_holds_no_conflict(graph):
    conflicted = ClaimSet.objects.filter(set_has_conflict())
    assert list(conflicted.values_list("pk", flat=True)) == [graph["a"].claim_set_id]


def test_every_face_agrees_on_what_a_conflict_is(graph, researcher_client):
    conflict_set, agree_set = graph["a"].claim_set_id, graph["e"].claim_set_id
    api_sets = researcher_client.get("/api/claim-sets/?has_conflict=true").json()["results"]
    assert [s["id"] for s in api_sets] == [conflict_set]
    api_sets = researcher_client.get("/api/claim-sets/?has_conflict=false").json()["results"]
    assert [s["id"] for s in api_sets] == [agree_set]

    claim = researcher_client.get(f"/api/claims/{graph['c'].pk}/").json()
    assert (claim["conflict_count"], claim["suggested_conflict_count"]) == (0, 1)

    listed = [d.claim_set.pk for d in researcher_client.get("/").context["digests"]]
    assert listed == [conflict_set]
