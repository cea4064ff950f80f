"""Following ``next`` (or ``previous``) returns every row exactly once, in every ordering."""

import pytest
from django.utils import timezone

from claims.linking import services
from claims.models import Claim, ClaimLink, ClaimSet, Entity
from sources.models import Source
from tests.factories import ClaimFactory, EntityFactory

pytestmark = pytest.mark.django_db

# Every list and the orderings its schema offers.
ORDERINGS = {
    "sources": ["id", "created_at", "updated_at"],
    "claims": ["id", "created_at", "updated_at", "score"],
    "links": ["id", "created_at", "updated_at", "score"],
    "entities": ["id", "name", "updated_at"],
    "claim-sets": ["id", "created_at", "updated_at"],
}
MODELS = {
    "sources": Source,
    "claims": Claim,
    "links": ClaimLink,
    "entities": Entity,
    "claim-sets": ClaimSet,
}


@pytest.fixture
def ties(db):
    """Seven linked pairs of claims where every ordered field holds the same value twice or more."""
    Entity.objects.all().delete()
    claims = ClaimFactory.create_batch(14)
    for n in range(7):
        services.claim_link_create(
            claim_a=claims[2 * n], claim_b=claims[2 * n + 1], relation="agree", status="confirmed"
        )
    for n in range(7):
        EntityFactory(name="Russia" if n < 5 else "China")
    moment = timezone.now()
    for model in MODELS.values():
        fields = {"updated_at": moment}
        if hasattr(model, "created_at"):
            fields["created_at"] = moment
        model.objects.update(**fields)
    Claim.objects.update(score=0.5)
    # Links tie on a score, and editors' links have none: those tie too.
    ClaimLink.objects.filter(pk__in=ClaimLink.objects.order_by("pk")[:4].values("pk")).update(
        score=0.5
    )


def walk(client, url: str, link: str = "next") -> list[int]:
    seen = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        page = response.json()
        rows = [row["id"] for row in page["results"]]
        seen += rows if link == "next" else list(reversed(rows))
        url = page[link]
    return seen


@pytest.mark.parametrize(
    ("resource", "ordering"),
    [
        (r, f"{sign}{field}")
        for r, fields in ORDERINGS.items()
        for field in fields
        for sign in ("", "-")
    ],
)
def test_every_row_once_in_every_ordering_with_ties(researcher_api, ties, resource, ordering):
    expected = set(MODELS[resource].objects.values_list("pk", flat=True))
    assert len(expected) >= 7
    seen = walk(researcher_api, f"/api/{resource}/?ordering={ordering}&page_size=2")
    assert sorted(seen) == sorted(expected)  # none skipped, none repeated

    # Back from the last page by `previous` gives the same rows in the same order.
    last = researcher_api.get(f"/api/{resource}/?ordering={ordering}&page_size=2")
    url = last.json()["next"]
    while True:
        page = researcher_api.get(url).json()
        if not page["next"]:
            break
        url = page["next"]
    tail = walk(researcher_api, url, link="previous")
    assert list(reversed(tail)) == seen


def test_rows_tied_on_score_are_ordered_by_id(researcher_api, ties):
    rows = researcher_api.get("/api/claims/?ordering=-score&page_size=200").json()["results"]
    assert [row["id"] for row in rows] == sorted((row["id"] for row in rows), reverse=True)


@pytest.mark.parametrize(
    "cursor", ["garbage", "eyJvIjpbXX0=", "%00", "eyJvIjpbIi1pZCJdLCJ2IjpbImEiXSwiciI6MH0="]
)
def test_an_invalid_cursor_is_a_400(researcher_api, ties, cursor):
    response = researcher_api.get(f"/api/claims/?cursor={cursor}")
    assert response.status_code == 400
    assert response.json()["code"] in {"invalid_cursor", "invalid"}


def test_a_cursor_from_another_ordering_is_a_400(researcher_api, ties):
    next_url = researcher_api.get("/api/claims/?ordering=score&page_size=2").json()["next"]
    cursor = next_url.split("cursor=")[1].split("&")[0]
    response = researcher_api.get(f"/api/claims/?ordering=id&cursor={cursor}")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_cursor")


@pytest.mark.parametrize("resource", ["sources", "claims", "links", "entities", "claim-sets"])
def test_next_names_the_ordering_and_its_cursor_reads_the_same_in_and_out_of_a_url(
    researcher_api, ties, resource
):
    """A client (or a generated one) can take `cursor` and `ordering` out of `next` and pass
    them back as parameters, and get the page `next` itself gives."""
    next_url = researcher_api.get(f"/api/{resource}/?page_size=2").json()["next"]
    query = dict(part.split("=", 1) for part in next_url.split("?", 1)[1].split("&"))
    assert "ordering" in query and "=" not in query["cursor"] and "%" not in query["cursor"]
    by_parameters = researcher_api.get(
        f"/api/{resource}/",
        {"page_size": 2, "ordering": query["ordering"], "cursor": query["cursor"]},
    )
    assert by_parameters.status_code == 200
    assert by_parameters.json()["results"] == researcher_api.get(next_url).json()["results"]
