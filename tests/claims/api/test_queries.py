"""Each list's query count is pinned and does not grow with the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.linking import services
from claims.models import Claim, ClaimLink, ClaimSet, Entity, Mention
from tests.factories import (
    ClaimFactory,
    EntityAliasFactory,
    EntityFactory,
    MentionFactory,
    SourceFactory,
)

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


# --- From 5 rows to 500 ---------------------------------------------------------------------


def claim_sets_of(claim_count: int, *, set_size: int) -> list[ClaimSet]:
    """``claim_count`` claims from five sources, each naming two entities, in sets of
    ``set_size`` held together by a chain of confirmed links (conflict, agree, …)."""
    sources = [SourceFactory(body=f"Source {n}\n\n" + "x" * 1000) for n in range(5)]
    entities = EntityFactory.create_batch(3)
    claims = Claim.objects.bulk_create(
        Claim(source=sources[n % 5], text=f"Claim {n}", start=n, end=n + 1, status="accepted")
        for n in range(claim_count)
    )
    Mention.objects.bulk_create(
        Mention(claim=claim, entity=entities[(n + k) % 3], text="x", start=n + k, end=n + k + 1)
        for n, claim in enumerate(claims)
        for k in range(2)
    )
    sets = ClaimSet.objects.bulk_create(
        ClaimSet(has_conflict=True) for _ in range(0, claim_count, set_size)
    )
    links = []
    for n, claim in enumerate(claims):
        claim.claim_set, position = sets[n // set_size], n % set_size
        claim.side = (position + 1) // 2 % 2  # A, B, B, A, A, B, B, …: conflict, agree, …
        if position:
            relation = "conflict" if position % 2 else "agree"
            links.append(
                ClaimLink(
                    claim_a=claims[n - 1], claim_b=claim, relation=relation, status="confirmed"
                )  # fmt: skip
            )
    Claim.objects.bulk_update(claims, ["claim_set", "side"])
    ClaimLink.objects.bulk_create(links)
    return sets


def claims_shown(body: dict) -> int:
    """How many claims an answer shows: a claims page's rows, or the claims on the sides."""
    if "results" not in body:
        return len(body["side_a"]) + len(body["side_b"])
    rows = body["results"]
    if rows and "side_a" in rows[0]:
        return sum(len(row["side_a"]) + len(row["side_b"]) for row in rows)
    return len(rows)


# url, queries after the token and the reader's groups (a list's include its sync token),
# claims per set, claims shown of 500: the same count whether 5 rows are read or 500.
GROWING = [
    # sync token; claims with sources; link counts; mentions
    ("/api/claims/?page_size=200", SYNC + 3, 5, 200),
    # sync token; sets; claims with sources; mentions; links
    ("/api/claim-sets/?page_size=200", SYNC + 4, 5, 500),
    # the set; its claims with sources; their mentions; links
    ("/api/claim-sets/{first}/", 4, 500, 500),
]


@pytest.mark.parametrize(("url", "expected", "set_size", "shown_of_500"), GROWING)
@pytest.mark.parametrize("rows", [5, 500])
def test_queries_are_the_same_for_5_rows_and_500(
    researcher_api, django_assert_num_queries, url, expected, set_size, shown_of_500, rows
):
    claim_sets = claim_sets_of(rows, set_size=min(set_size, rows))
    with django_assert_num_queries(AUTH + expected):
        response = researcher_api.get(url.format(first=claim_sets[0].pk))
    assert response.status_code == 200, response.content
    assert claims_shown(response.json()) == (rows if rows == 5 else shown_of_500)
