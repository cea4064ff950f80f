"""Filters, full-text q, ordering and cursor pagination on every list."""

from datetime import UTC, datetime

import pytest

from claims.linking import services
from claims.models import Claim, ClaimLink, ClaimSet, Entity
from sources.models import Source
from tests.factories import ClaimFactory, EntityAliasFactory


def ids(client, url) -> list[int]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def linked(corpus):
    claim_1, claim_2 = corpus["claims"]
    link = services.claim_link_create(
        claim_a=claim_1, claim_b=claim_2, relation="conflict", status="confirmed"
    )
    return {**corpus, "link": link, "claim_set": ClaimSet.objects.get()}


def test_updated_since_returns_what_changed_for_every_list(researcher_api, linked):
    old, new = datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 6, 1, tzinfo=UTC)
    first_source, second_source = linked["sources"]
    claim_1, claim_2 = linked["claims"]
    cases = [
        (Source, first_source, second_source, "/api/sources/"),
        (Claim, claim_1, claim_2, "/api/claims/"),
        (Entity, linked["russia"], linked["china"], "/api/entities/"),
    ]
    for model, stale, fresh, url in cases:
        model.objects.filter(pk=stale.pk).update(updated_at=old)
        model.objects.filter(pk=fresh.pk).update(updated_at=new)
        assert ids(researcher_api, f"{url}?updated_since=2025-01-01T00:00:00Z") == [fresh.pk]
        assert len(ids(researcher_api, f"{url}?updated_since=2023-01-01T00:00:00Z")) == 2

    for model, row, url in [
        (ClaimLink, linked["link"], "/api/links/"),
        (ClaimSet, linked["claim_set"], "/api/claim-sets/"),
    ]:
        model.objects.filter(pk=row.pk).update(updated_at=old)
        assert ids(researcher_api, f"{url}?updated_since=2025-01-01T00:00:00%2B00:00") == []
        assert ids(researcher_api, f"{url}?updated_since=2023-12-31T23:00:00Z") == [row.pk]

    response = researcher_api.get("/api/claims/?updated_since=last-tuesday")
    assert response.status_code == 400
    assert response.json()["errors"]["updated_since"]


def test_claims_filter_by_entity_source_publisher_status_and_date(researcher_api, corpus):
    claim_1, claim_2 = corpus["claims"]
    Claim.objects.filter(pk=claim_2.pk).update(status=Claim.Status.ACCEPTED)
    url = "/api/claims/"
    assert sorted(ids(researcher_api, f"{url}?entity={corpus['russia'].pk}")) == [
        claim_1.pk,
        claim_2.pk,
    ]
    assert ids(researcher_api, f"{url}?entity={corpus['china'].pk}") == [claim_2.pk]
    assert ids(researcher_api, f"{url}?source={claim_1.source_id}") == [claim_1.pk]
    assert ids(researcher_api, f"{url}?publisher=steppe%20review") == [claim_1.pk]
    assert ids(researcher_api, f"{url}?status=accepted") == [claim_2.pk]
    assert ids(researcher_api, f"{url}?published_after=2023-01-01") == [claim_2.pk]
    assert ids(researcher_api, f"{url}?published_before=2022-12-31") == [claim_1.pk]
    assert ids(researcher_api, f"{url}?published_after=2022-01-01&published_before=2022-01-31") == [claim_1.pk]  # fmt: skip
    assert researcher_api.get(f"{url}?status=maybe").status_code == 400
    assert researcher_api.get(f"{url}?entity=99999999999999999999999").status_code == 400


def test_sources_filter(researcher_api, corpus):
    first, second = corpus["sources"]
    Source.objects.filter(pk=second.pk).update(status=Source.Status.FAILED)
    assert ids(researcher_api, "/api/sources/?status=failed") == [second.pk]
    assert ids(researcher_api, "/api/sources/?publisher=Eurasia%20Ledger") == [second.pk]
    assert ids(researcher_api, f"/api/sources/?entity={corpus['china'].pk}") == [second.pk]
    assert ids(researcher_api, "/api/sources/?published_before=2022-06-01") == [first.pk]


def test_links_filter_by_relation_status_claim_entity_and_source(researcher_api, linked):
    link, (claim_1, claim_2) = linked["link"], linked["claims"]
    other = services.claim_link_create(
        claim_a=claim_1, claim_b=ClaimFactory(), relation="agree", status="suggested"
    )
    url = "/api/links/"
    assert ids(researcher_api, f"{url}?relation=conflict") == [link.pk]
    assert ids(researcher_api, f"{url}?status=suggested") == [other.pk]
    assert ids(researcher_api, f"{url}?claim={claim_2.pk}") == [link.pk]
    assert ids(researcher_api, f"{url}?entity={linked['china'].pk}") == [link.pk]
    assert ids(researcher_api, f"{url}?source={claim_2.source_id}") == [link.pk]
    assert ids(researcher_api, f"{url}?publisher=eurasia%20ledger") == [link.pk]
    assert ids(researcher_api, f"{url}?claim_set={linked['claim_set'].pk}") == [link.pk]
    assert ids(researcher_api, f"{url}?published_after=2023-01-01") == [link.pk]


def test_claim_sets_filter(researcher_api, linked):
    claim_set = linked["claim_set"]
    url = "/api/claim-sets/"
    assert ids(researcher_api, f"{url}?entity={linked['china'].pk}") == [claim_set.pk]
    assert ids(researcher_api, f"{url}?has_conflict=true") == [claim_set.pk]
    assert ids(researcher_api, f"{url}?has_conflict=false") == []
    assert ids(researcher_api, f"{url}?is_inconsistent=true") == []
    assert ids(researcher_api, f"{url}?publisher=steppe%20review") == [claim_set.pk]
    assert ids(researcher_api, f"{url}?published_after=2024-01-01") == []
    assert ids(researcher_api, f"{url}?source={linked['sources'][1].pk}") == [claim_set.pk]


def test_claims_filter_by_conflict(researcher_api, linked):
    outside = ClaimFactory()
    agreeing = ClaimFactory()
    services.claim_link_create(
        claim_a=outside, claim_b=agreeing, relation="agree", status="confirmed"
    )
    in_conflict = sorted((claim.pk for claim in linked["claims"]), reverse=True)
    assert ids(researcher_api, "/api/claims/?has_conflict=true") == in_conflict
    assert ids(researcher_api, "/api/claims/?has_conflict=false") == [agreeing.pk, outside.pk]
    response = researcher_api.get("/api/claims/?has_conflict=-1")
    assert response.status_code == 400
    assert "has_conflict" in response.json()["errors"]


def test_entities_filter_by_kind_source_and_alias(researcher_api, corpus):
    russia, china = corpus["russia"], corpus["china"]
    EntityAliasFactory(entity=russia, text="the Kremlin", normalized="kremlin")
    Entity.objects.filter(pk=china.pk).update(kind=Entity.Kind.ORG)
    assert ids(researcher_api, "/api/entities/?q=kremlin") == [russia.pk]
    assert ids(researcher_api, "/api/entities/?q=chin") == [china.pk]
    assert ids(researcher_api, "/api/entities/?kind=ORG") == [china.pk]
    assert ids(researcher_api, f"/api/entities/?source={corpus['sources'][0].pk}") == [russia.pk]


def test_q_searches_the_text(researcher_api, corpus):
    claim_1, claim_2 = corpus["claims"]
    Claim.objects.filter(pk=claim_1.pk).update(
        text="Moscow is reclaiming Central Asia with arms deals."
    )
    Claim.objects.filter(pk=claim_2.pk).update(text="Russia is losing the region to China.")
    assert ids(researcher_api, "/api/claims/?q=reclaiming") == [claim_1.pk]
    assert ids(researcher_api, "/api/claims/?q=losing%20China") == [claim_2.pk]
    assert ids(researcher_api, "/api/claims/?q=Beijing") == []
    assert ids(researcher_api, "/api/sources/?q=reclaims") == [claim_1.source_id]


def test_ordering_and_cursor_pagination(researcher_api, db):
    claims = ClaimFactory.create_batch(5)
    Claim.objects.filter(pk=claims[0].pk).update(score=0.99)
    assert ids(researcher_api, "/api/claims/?ordering=-score&page_size=1") == [claims[0].pk]
    assert ids(researcher_api, "/api/claims/?ordering=id&page_size=2") == [c.pk for c in claims[:2]]  # fmt: skip

    seen, url = [], "/api/claims/?page_size=2&ordering=id"
    while url:
        page = researcher_api.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert seen == [c.pk for c in claims]
    response = researcher_api.get("/api/claims/?cursor=garbage")
    assert (response.status_code, response.json()["code"]) == (400, "invalid_cursor")


def test_out_of_range_date_times_are_a_400_not_a_500(researcher_api, db):
    # PostgreSQL refuses UTC offsets beyond ±15:59; they are converted to UTC first.
    ok = researcher_api.get("/api/claims/?updated_since=2020-01-01T06:00:00-21:49")
    assert ok.status_code == 200
    for value in ["0001-01-01T00:00:00%2B23:00", "9999-12-31T23:59:00-23:00"]:
        response = researcher_api.get(f"/api/claims/?updated_since={value}")
        assert response.status_code == 400
        assert response.json()["message"] == "updated_since: That date-time is out of range."
