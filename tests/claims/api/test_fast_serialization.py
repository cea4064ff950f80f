"""The lists' fast paths answer exactly what DRF's own serializers would."""

import pytest
from rest_framework import serializers as drf
from rest_framework.test import APIRequestFactory

from claims.api import serializers
from claims.linking import services
from claims.models import Claim
from claims.review.services import claims_review
from claims.selectors.claim_sets import claim_set_detail_with_links, claim_set_rows
from claims.selectors.claims import claim_api_list, claim_link_counts, claim_mention_rows
from claims.selectors.links import link_api_list
from sources.api.serializers import SourceSerializer
from sources.selectors import source_list
from tests.factories import ClaimFactory, EntityFactory, MentionFactory

pytestmark = pytest.mark.django_db


def plain(serializer_class):
    """The same serializer without the fast path: DRF's per-field machinery."""
    return type(
        f"Plain{serializer_class.__name__}",
        (serializer_class,),
        {"to_representation": drf.ModelSerializer.to_representation},
    )


@pytest.fixture
def linked(editor_user):
    entity = EntityFactory(name="Kazakhstan")
    a, b, c = ClaimFactory.create_batch(3, speaker="Tokayev")
    for claim in (a, b, c):
        MentionFactory(claim=claim, entity=entity)
    services.claim_link_create(claim_a=a, claim_b=b, relation="conflict", status="confirmed",
                               created_by=editor_user, note="Opposite figures.")  # fmt: skip
    services.claim_link_create(claim_a=b, claim_b=c, relation="agree", status="confirmed")
    return a, b, c


@pytest.fixture
def context(researcher_user):
    request = APIRequestFactory().get("/api/")
    request.user = researcher_user
    return {"request": request}


@pytest.mark.parametrize(
    ("serializer_class", "rows"),
    [
        (serializers.ClaimSerializer, claim_api_list),
        (serializers.LinkSerializer, link_api_list),
        (SourceSerializer, source_list),
    ],
)
def test_fast_rows_equal_drfs(linked, context, serializer_class, rows):
    fast = serializer_class(list(rows()), many=True, context=context).data
    slow = plain(serializer_class)(list(rows()), many=True, context=context).data
    assert fast == slow
    assert len(fast) >= 2


def test_claim_set_rows_equal_the_prefetched_sets(linked, context):
    claim_set = claim_set_detail_with_links().get()
    prefetched = serializers.ClaimSetSerializer(claim_set, context=context).data
    rows = {**context, "claim_set_rows": claim_set_rows([claim_set.pk])}
    assert serializers.ClaimSetSerializer(claim_set, context=rows).data == prefetched
    assert len(prefetched["side_a"]) + len(prefetched["side_b"]) == 3
    assert len(prefetched["links"]) == 2


def test_claim_set_rows_carry_review_flags_and_the_proposed_title(linked, context, editor_user):
    a, b, _ = linked
    claims_review(claims=Claim.objects.filter(pk__in=[a.pk, b.pk]), status="accepted",
                  user=editor_user)  # fmt: skip
    claim_set = claim_set_detail_with_links().get()
    prefetched = serializers.ClaimSetSerializer(claim_set, context=context).data
    rows = {**context, "claim_set_rows": claim_set_rows([claim_set.pk])}
    assert serializers.ClaimSetSerializer(claim_set, context=rows).data == prefetched
    assert sorted(link["is_reviewed"] for link in prefetched["links"]) == [False, True]
    assert prefetched["proposed_title"]


def test_a_page_read_at_once_equals_the_prefetched_claims(linked, context):
    prefetched = serializers.ClaimSerializer(list(claim_api_list()), many=True, context=context)
    claims = list(claim_api_list(for_page=True))
    counts = claim_link_counts(claim.pk for claim in claims)
    for claim in claims:
        vars(claim).update(counts[claim.pk])
    rows = {**context, "mention_rows": claim_mention_rows(claim.pk for claim in claims)}
    assert serializers.ClaimSerializer(claims, many=True, context=rows).data == prefetched.data
    assert all(row["mentions"] for row in prefetched.data)
    assert sorted(row["conflict_count"] + row["agree_count"] for row in prefetched.data) == [
        1,
        1,
        2,
    ]
