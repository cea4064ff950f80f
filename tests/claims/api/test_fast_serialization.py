"""The lists' fast paths answer exactly what DRF's own serializers would."""

import pytest
from rest_framework import serializers as drf
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory

from claims.api import serializers
from claims.linking import services
from claims.models import Claim, ClaimSet
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


def test_a_page_of_plain_rows_is_byte_for_byte_drfs(linked, context):
    """What the claims list sends: plain rows, mentions and link counts read for the page."""
    slow = plain(serializers.ClaimSerializer)(list(claim_api_list()), many=True, context=context)
    serializer = serializers.ClaimSerializer(context=dict(context))
    rows = list(claim_api_list(for_page=True).values(*serializer.row_columns()))
    counts = claim_link_counts(row["id"] for row in rows)
    for row in rows:
        row.update(counts[row["id"]])
    serializer.context["mention_rows"] = claim_mention_rows(row["id"] for row in rows)
    fast = [serializer.to_representation(row) for row in rows]
    assert JSONRenderer().render(fast) == JSONRenderer().render(slow.data)
    assert all(row["mentions"] and row["source"]["title"] for row in fast)
    assert sorted(row["conflict_count"] + row["agree_count"] for row in fast) == [1, 1, 2]


def test_a_page_of_plain_claim_set_rows_is_byte_for_byte_the_prefetched_sets(linked, context):
    """What the claim-sets list sends: the sets as plain rows, their claims and links too."""
    claim_set = claim_set_detail_with_links().get()
    prefetched = serializers.ClaimSetSerializer(claim_set, context=context).data
    serializer = serializers.ClaimSetSerializer(context=dict(context))
    row = ClaimSet.objects.values(*serializer.row_columns()).get()
    serializer.context["claim_set_rows"] = claim_set_rows([row["id"]])
    fast = serializer.to_representation(row)
    assert JSONRenderer().render(fast) == JSONRenderer().render(prefetched)
    assert fast["side_a"] and fast["side_b"] and fast["proposed_title"]


def test_a_plain_row_without_the_rows_a_method_field_needs_is_refused(linked, context):
    serializer = serializers.ClaimSetSerializer(context=context)
    row = ClaimSet.objects.values(*serializer.row_columns()).get()
    with pytest.raises(TypeError, match="side_a cannot be read from a plain row"):
        serializer.to_representation(row)
