"""Full-text search over claims and sources uses their indexes on PostgreSQL."""

import pytest
from django.db import connection

from claims.models import Claim
from common.db import text_search
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_search_finds_claims_by_their_words():
    wanted = ClaimFactory()
    assert list(text_search(Claim.objects.all(), "troops Kazakhstan", "text")) == [wanted]
    assert list(text_search(Claim.objects.all(), "submarines", "text")) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index")
def test_claim_search_reads_the_gin_index_on_postgresql():
    ClaimFactory()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # unordered: the question is whether the filter reads the index, not the ordering
        plan = text_search(Claim.objects.order_by(), "troops", "text").explain()
    assert "claim_text_search" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index")
def test_source_search_reads_the_gin_index_on_postgresql():
    from sources.models import Source
    from tests.factories import SourceFactory

    wanted = SourceFactory()
    assert list(text_search(Source.objects.all(), "troops", "title", "body")) == [wanted]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = text_search(Source.objects.order_by(), "troops", "title", "body").explain()
    assert "source_text_search" in plan
