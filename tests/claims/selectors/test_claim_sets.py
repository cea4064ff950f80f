"""claim_sets_matching: one claim of a set matches every filter; the view and the API agree."""

from datetime import date

import pytest

from claims.linking.claim_sets import claim_set_update
from claims.linking.services import claim_link_create
from claims.models import ClaimLink, ClaimSet
from claims.selectors.claim_sets import claim_sets_matching
from tests.factories import ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim_set():
    """Two claims in conflict: one from the Steppe Review (2022), one from the Caspian Post (2023)."""
    old = ClaimFactory(
        source=SourceFactory(publisher="Steppe Review", published_on=date(2022, 1, 5))
    )
    new = ClaimFactory(
        source=SourceFactory(publisher="Caspian Post", published_on=date(2023, 6, 1))
    )
    claim_link_create(
        claim_a=old, claim_b=new, relation="conflict", status=ClaimLink.Status.CONFIRMED
    )
    old.refresh_from_db()
    return claim_set_update(
        claim_set=old.claim_set, title="Who guards the border", summary="Troops or not."
    )


def _matches(**filters) -> bool:
    return claim_sets_matching(ClaimSet.objects.all(), **filters).exists()


def test_one_claim_must_match_every_filter_together(claim_set):
    assert _matches(publisher="steppe review", published_to=date(2022, 12, 31))
    # Each filter matches some claim, but no one claim matches both.
    assert not _matches(publisher="Steppe Review", published_from=date(2023, 1, 1))


def test_words_match_a_claim_or_the_sets_own_title_and_summary(claim_set):
    assert _matches(q="guards")
    assert _matches(q="Kazakhstan")
    assert not _matches(q="Mongolia")


@pytest.mark.parametrize(
    ("view_query", "api_query", "found"),
    [
        (
            "publisher=Steppe+Review&published_to=2022-12-31",
            "publisher=Steppe+Review&published_before=2022-12-31",
            True,
        ),
        (
            "publisher=Steppe+Review&published_from=2023-01-01",
            "publisher=Steppe+Review&published_after=2023-01-01",
            False,
        ),
        ("q=guards", "q=guards", True),
    ],
)
def test_the_view_and_the_api_filter_sets_alike(
    claim_set, researcher_client, view_query, api_query, found
):
    in_view = [d.claim_set.pk for d in researcher_client.get(f"/?{view_query}").context["digests"]]
    in_api = [
        s["id"] for s in researcher_client.get(f"/api/claim-sets/?{api_query}").json()["results"]
    ]
    assert in_view == in_api == ([claim_set.pk] if found else [])
