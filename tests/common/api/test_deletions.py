"""Tombstones: GET <list>/deleted/ tells a syncing client which records are gone."""

from datetime import timedelta

from django.utils import timezone

from claims.entities import services
from claims.models import ClaimSet
from sources.services import source_create, source_requeue
from tests.factories import ClaimFactory, EntityFactory


def link_conflict(client, a, b) -> int:
    body = {"claim_a": a.pk, "claim_b": b.pk, "relation": "conflict", "status": "confirmed"}
    response = client.post("/api/links/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def deleted_ids(client, path: str, **params) -> list[int]:
    response = client.get(f"/api/{path}/deleted/", params)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_a_deleted_link_and_the_set_it_held_are_listed_as_gone(editor_api, researcher_api):
    a, b = ClaimFactory.create_batch(2)
    before = timezone.now()
    link_id = link_conflict(editor_api, a, b)
    set_id = ClaimSet.objects.get().pk
    assert deleted_ids(researcher_api, "links") == []

    assert editor_api.delete(f"/api/links/{link_id}/").status_code == 204

    body = researcher_api.get("/api/links/deleted/", {"since": before.isoformat()}).json()
    assert [row["id"] for row in body["results"]] == [link_id]
    assert body["results"][0]["deleted_at"] >= before.isoformat()[:19]
    assert deleted_ids(researcher_api, "claim-sets") == [set_id]
    # Asking from a later time finds nothing new.
    later = (timezone.now() + timedelta(seconds=1)).isoformat()
    assert deleted_ids(researcher_api, "links", since=later) == []
    # The live lists no longer show them.
    assert researcher_api.get(f"/api/links/{link_id}/").status_code == 404


def test_an_entity_merged_into_another_is_listed_as_gone(researcher_api, editor_user):
    survivor, duplicate = EntityFactory(name="Kazakhstan"), EntityFactory(name="Qazaqstan")
    gone = duplicate.pk
    services.entity_merge(survivor=survivor, others=[duplicate], user=editor_user)
    assert deleted_ids(researcher_api, "entities") == [gone]


def test_a_proposal_dropped_by_reprocessing_is_listed_as_gone(
    researcher_api, django_capture_on_commit_callbacks
):
    last = "Uzbekistan said the deal would double its cotton harvest by 2030."
    with django_capture_on_commit_callbacks(execute=True):  # processing runs on commit
        source = source_create(
            content="Water talks in Almaty\n\n"
            "Kazakhstan and Uzbekistan agreed to share the Syr Darya in 2024. " + last
        )
    claims = {claim.text: claim.pk for claim in source.claims.all()}
    assert last in claims
    source.refresh_from_db()
    source.body = source.body.replace(" " + last, "")  # an editor trims the article
    source.save()
    with django_capture_on_commit_callbacks(execute=True):
        source_requeue(source=source)
    assert deleted_ids(researcher_api, "claims") == [claims[last]]
    assert set(source.claims.values_list("pk", flat=True)) == set(claims.values()) - {claims[last]}


def test_a_deleted_source_and_its_claims_are_listed_as_gone(researcher_api):
    source = ClaimFactory().source
    ids = (source.pk, source.claims.get().pk)
    source.delete()  # as the admin does, after its confirmation page
    assert deleted_ids(researcher_api, "sources") == [ids[0]]
    assert deleted_ids(researcher_api, "claims") == [ids[1]]


def test_tombstones_come_oldest_first_in_cursor_pages(editor_api, researcher_api):
    claims = ClaimFactory.create_batch(4)
    first = link_conflict(editor_api, claims[0], claims[1])
    second = link_conflict(editor_api, claims[2], claims[3])
    editor_api.delete(f"/api/links/{first}/")
    editor_api.delete(f"/api/links/{second}/")
    page = researcher_api.get("/api/links/deleted/", {"page_size": 1}).json()
    assert [row["id"] for row in page["results"]] == [first]
    page = researcher_api.get(page["next"]).json()
    assert [row["id"] for row in page["results"]] == [second]
    assert page["next"] is None


def test_a_bad_since_is_refused_and_anonymous_readers_are_not_let_in(researcher_api, anonymous_api):
    response = researcher_api.get("/api/claims/deleted/", {"since": "last tuesday"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["since"]
    assert anonymous_api.get("/api/claims/deleted/").status_code in {401, 403}
