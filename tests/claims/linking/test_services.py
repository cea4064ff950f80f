"""Links between two claims: one link per pair, never a claim with itself."""

import pytest
from django.core.exceptions import ValidationError

from claims.linking.services import LinkExistsError, claim_link_create
from claims.models import ClaimLink
from tests.factories import ClaimFactory, suggestion

pytestmark = pytest.mark.django_db

CONFIRMED = ClaimLink.Status.CONFIRMED


def link(a, b, relation="conflict", status=CONFIRMED, **kwargs):
    return claim_link_create(claim_a=a, claim_b=b, relation=relation, status=status, **kwargs)


def test_link_in_either_order_is_one_link():
    a, b = ClaimFactory(), ClaimFactory()
    first = link(b, a)
    assert (first.claim_a_id, first.claim_b_id) == (a.pk, b.pk)
    with pytest.raises(LinkExistsError) as caught:
        link(a, b, relation="agree")
    assert caught.value.existing == first
    with pytest.raises(ValidationError, match="itself"):
        link(a, a)


def test_undo_removes_an_editors_link_and_splits_its_set():
    from claims.linking.services import claim_link_undo

    a, b = ClaimFactory(), ClaimFactory()
    made = link(a, b)
    a.refresh_from_db()
    assert a.claim_set_id is not None
    assert claim_link_undo(link=made) is None
    assert not ClaimLink.objects.exists()
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.claim_set_id is None and b.claim_set_id is None


def test_undo_puts_a_decided_suggestion_back_as_the_machine_suggested_it():
    from claims.linking.services import claim_link_undo, claim_link_update
    from tests.factories import suggestion

    suggested = suggestion(relation="agree")
    claim_link_update(link=suggested, relation="conflict", status=CONFIRMED)
    suggested.claim_a.refresh_from_db()
    assert suggested.claim_a.claim_set_id is not None
    assert claim_link_undo(link=suggested) == ClaimLink.Status.SUGGESTED
    suggested.refresh_from_db()
    assert (suggested.status, suggested.relation) == ("suggested", "agree")
    assert suggested.reviewed_by is None
    suggested.claim_a.refresh_from_db()
    assert suggested.claim_a.claim_set_id is None


def test_an_editor_linking_a_pair_the_machine_suggested_decides_that_suggestion(editor_user):
    suggested = suggestion(relation="agree")
    with pytest.raises(LinkExistsError):
        claim_link_create(claim_a=suggested.claim_b, claim_b=suggested.claim_a, relation="conflict")
    link = claim_link_create(
        claim_a=suggested.claim_b,
        claim_b=suggested.claim_a,
        relation="conflict",
        status="confirmed",
        note="The figures differ.",
        created_by=editor_user,
        take_over_suggestion=True,
    )
    assert link.pk == suggested.pk
    assert (link.relation, link.status, link.note) == (
        "conflict",
        "confirmed",
        "The figures differ.",
    )
    assert link.reviewed_by == editor_user and link.suggested_relation == "agree"
