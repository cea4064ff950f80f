"""Each list's query count is pinned and does not grow with the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.linking import services
from claims.models import Entity
from tests.factories import ClaimFactory, EntityAliasFactory, EntityFactory, MentionFactory

# Token and user (1), the user's groups for the role check (1), then the page.
AUTH = 2
# Every list answers its sync token (next_sync): one query, before the page is read.
SYNC = 1
LISTS = [
    # url, queries for the page itself
    ("/api/sources/", 1),
    ("/api/claims/", 3),  # claims with source; mentions with entities; link counts
    ("/api/links/", 1),  # links with both claims and their sources, and users
    ("/api/entities/", 2),  # entities; aliases
    ("/api/claim-sets/", 4),  # sets; claims with sources; mentions; links
    ("/api/claims/?format=jsonld", 2),
]


@pytest.fixture
def many(db):
    """Twelve claim sets, each a confirmed conflict between two claims naming two of twelve entities."""
    Entity.objects.all().delete()
    entities = [EntityFactory(name=f"Russian entity {n}") for n in range(12)]
    for entity in entities:
        for n in range(2):
            EntityAliasFactory(entity=entity, text=f"{entity.name} alias {n}")
    for n in range(12):
        pair = ClaimFactory.create_batch(2)
        for claim in pair:
            MentionFactory(claim=claim, entity=entities[n])
            MentionFactory(claim=claim, entity=entities[(n + 1) % 12], start=20, end=25)
        services.claim_link_create(
            claim_a=pair[0], claim_b=pair[1], relation="conflict", status="confirmed"
        )


def count_queries(client, url: str, page_size: int) -> tuple[int, int]:
    separator = "&" if "?" in url else "?"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{url}{separator}page_size={page_size}")
    assert response.status_code == 200, response.content
    return len(queries), len(response.json()["results"])


@pytest.mark.parametrize(("url", "expected"), LISTS)
def test_list_query_count_is_fixed(researcher_api, many, url, expected):
    small, rows_small = count_queries(researcher_api, url, 2)
    large, rows_large = count_queries(researcher_api, url, 10)
    assert (rows_small, rows_large) == (2, 10)
    assert small == large == AUTH + SYNC + expected


@pytest.mark.parametrize(("url", "expected"), LISTS)
def test_filters_do_not_add_queries(researcher_api, many, url, expected):
    separator = "&" if "?" in url else "?"
    url = f"{url}{separator}q=Russia&updated_since=2000-01-01T00:00:00Z&ordering=-id"
    if "links" not in url and "entities" not in url:
        url += f"&entity={Entity.objects.first().pk}"
    assert count_queries(researcher_api, url, 10)[0] == AUTH + SYNC + expected
