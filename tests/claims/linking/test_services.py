"""Links between two claims: one link per pair, never a claim with itself."""

import pytest
from django.core.exceptions import ValidationError

from claims.linking.services import LinkExistsError, claim_link_create
from claims.models import ClaimLink
from tests.factories import ClaimFactory

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
