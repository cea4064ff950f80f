"""Links over the API: create, confirm, reject, change, delete; claim sets follow."""

import pytest

from claims.linking import services
from claims.models import Claim, ClaimLink, ClaimSet
from tests.factories import ClaimFactory


@pytest.fixture
def claims(db):
    return ClaimFactory.create_batch(3)


def post_link(client, a, b, **extra):
    body = {"claim_a": a.pk, "claim_b": b.pk, "relation": "conflict", **extra}
    return client.post("/api/links/", body, format="json")


def test_a_new_link_is_suggested_by_default_and_forms_no_set(editor_api, claims, editor_user):
    response = post_link(editor_api, claims[1], claims[0], note="Opposite verbs.")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["relation"], body["origin"]) == ("suggested", "conflict", "api")
    assert body["note"] == "Opposite verbs."
    assert body["created_by"] == editor_user.username
    # Stored in canonical order whichever way it was given.
    assert (body["claim_a"]["id"], body["claim_b"]["id"]) == (claims[0].pk, claims[1].pk)
    assert response["Location"] == body["api_url"]
    assert not ClaimSet.objects.exists()


def test_an_editors_link_has_no_suggested_relation_and_its_answer_carries_its_version(
    editor_api, claims
):
    body = post_link(editor_api, claims[0], claims[1]).json()
    assert body["suggested_relation"] is None  # stored blank; "" is not a relation
    detail = editor_api.get(body["api_url"])
    assert detail.json()["suggested_relation"] is None
    changed = editor_api.patch(
        body["api_url"], {"note": "Checked."}, format="json", HTTP_IF_MATCH=detail["ETag"]
    )
    assert changed.status_code == 200 and "inconsistency" in changed.json()
    # The answer's ETag is the link's as its detail shows it: the next write may use it.
    assert changed["ETag"] == editor_api.get(body["api_url"])["ETag"]


def test_confirming_and_rejecting_a_link_joins_and_splits_claim_sets(
    editor_api, claims, editor_user
):
    link_id = post_link(editor_api, claims[0], claims[1]).json()["id"]

    confirmed = editor_api.post(f"/api/links/{link_id}/confirm/")
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "confirmed"
    assert confirmed.json()["reviewed_by"] == editor_user.username
    claim_set = ClaimSet.objects.get()
    sets = editor_api.get("/api/claim-sets/").json()["results"]
    assert [s["id"] for s in sets] == [claim_set.pk]
    sides = [[c["id"] for c in sets[0][side]] for side in ("side_a", "side_b")]
    assert sorted(sides) == [[claims[0].pk], [claims[1].pk]]
    assert [link["id"] for link in sets[0]["links"]] == [link_id]

    rejected = editor_api.post(f"/api/links/{link_id}/reject/")
    assert rejected.json()["status"] == "rejected"
    assert not ClaimSet.objects.exists()
    assert not Claim.objects.filter(claim_set__isnull=False).exists()
    assert editor_api.get("/api/claim-sets/").json()["results"] == []


def test_a_link_created_confirmed_joins_sets_at_once(editor_api, claims):
    post_link(editor_api, claims[0], claims[1], status="confirmed")
    post_link(editor_api, claims[1], claims[2], relation="agree", status="confirmed")
    claim_set = ClaimSet.objects.get()
    body = editor_api.get(f"/api/claim-sets/{claim_set.pk}/").json()
    assert body["page_url"] == f"http://testserver/claim-sets/{claim_set.pk}/"
    assert {c["id"] for c in body["side_a"] + body["side_b"]} == {c.pk for c in claims}
    assert body["is_inconsistent"] is False


def test_patching_status_and_relation_updates_the_set(editor_api, claims):
    link_id = post_link(editor_api, claims[0], claims[1], status="confirmed").json()["id"]
    response = editor_api.patch(
        f"/api/links/{link_id}/", {"relation": "agree", "note": "Same claim."}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["relation"], response.json()["note"]) == ("agree", "Same claim.")
    sides = {c.side for c in Claim.objects.filter(pk__in=[claims[0].pk, claims[1].pk])}
    assert sides == {Claim.Side.A}

    response = editor_api.patch(f"/api/links/{link_id}/", {"status": "rejected"}, format="json")
    assert response.json()["status"] == "rejected"
    assert not ClaimSet.objects.exists()


def test_deleting_a_confirmed_link_splits_the_set(editor_api, claims):
    link_id = post_link(editor_api, claims[0], claims[1], status="confirmed").json()["id"]
    assert editor_api.delete(f"/api/links/{link_id}/").status_code == 204
    assert not ClaimLink.objects.exists()
    assert not ClaimSet.objects.exists()


def test_linking_a_pair_twice_is_a_409_naming_the_existing_link(editor_api, claims):
    first = post_link(editor_api, claims[0], claims[1]).json()
    again = post_link(editor_api, claims[1], claims[0], relation="agree")
    assert again.status_code == 409
    assert again.json()["existing"] == first["api_url"]
    assert again.json()["message"].startswith(
        f"These claims are already linked (link #{first['id']}"
    )
    assert ClaimLink.objects.count() == 1


def test_bad_links_are_a_400(editor_api, claims):
    cases = [
        ({"claim_a": claims[0].pk, "claim_b": claims[0].pk, "relation": "agree"}, "A claim cannot be linked to itself."),
        ({"claim_a": claims[0].pk, "claim_b": 10**9, "relation": "agree"}, None),
        ({"claim_a": claims[0].pk, "claim_b": claims[1].pk, "relation": "maybe"}, None),
        ({"claim_a": claims[0].pk, "claim_b": claims[1].pk, "relation": "agree", "status": "rejected"}, None),
        ({"claim_a": "one", "claim_b": claims[1].pk, "relation": "agree"}, None),
    ]  # fmt: skip
    for body, message in cases:
        response = editor_api.post("/api/links/", body, format="json")
        assert response.status_code == 400, body
        assert response.json()["message"]
        if message:
            assert response.json()["message"] == message
    assert not ClaimLink.objects.exists()


@pytest.mark.parametrize("bad_id", [2.5, "2.5", True, "²", "٣", 2**63, "99999999999999999999", [1]])
def test_a_claim_id_must_be_a_whole_number_within_64_bits(editor_api, claims, bad_id):
    # 2.5 and true would otherwise be taken as claims 2 and 1.
    claims = claims + ClaimFactory.create_batch(2)
    body = {"claim_a": bad_id, "claim_b": claims[3].pk, "relation": "agree"}
    response = editor_api.post("/api/links/", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["claim_a"]
    assert not ClaimLink.objects.exists()


def test_a_claim_id_as_digits_is_taken(editor_api, claims):
    body = {"claim_a": str(claims[0].pk), "claim_b": str(claims[1].pk), "relation": "agree"}
    assert editor_api.post("/api/links/", body, format="json").status_code == 201


def test_a_form_body_is_refused_with_415_naming_json(editor_api, claims):
    body = {"claim_a": str(claims[0].pk), "claim_b": str(claims[1].pk), "relation": "agree"}
    response = editor_api.post("/api/links/", body)  # multipart, as a form sends it
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert not ClaimLink.objects.exists()


def test_an_unknown_link_is_a_404_with_a_message(editor_api, db):
    response = editor_api.post("/api/links/999/confirm/")
    assert response.status_code == 404
    assert response.json()["message"]


def test_claim_sets_show_inconsistency(editor_api, claims):
    a, b, c = claims
    for x, y in [(a, b), (b, c), (a, c)]:
        services.claim_link_create(claim_a=x, claim_b=y, relation="conflict", status="confirmed")
    body = editor_api.get("/api/claim-sets/").json()["results"][0]
    assert body["is_inconsistent"] is True
    assert sorted(body["inconsistency_cycle"]) == sorted(link["id"] for link in body["links"])


def test_editors_name_a_claim_set(editor_api, claims):
    services.claim_link_create(claim_a=claims[0], claim_b=claims[1], relation="agree", status="confirmed")  # fmt: skip
    claim_set = ClaimSet.objects.get()
    response = editor_api.patch(
        f"/api/claim-sets/{claim_set.pk}/", {"title": "Russia's retreat"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["title"] == "Russia's retreat"
    claim_set.refresh_from_db()
    assert claim_set.title == "Russia's retreat"


def test_confirming_a_link_that_closes_an_odd_loop_answers_the_inconsistency(editor_api):
    a, b, c = ClaimFactory.create_batch(3)
    first = services.claim_link_create(
        claim_a=a, claim_b=b, relation="conflict", status="confirmed"
    )
    second = services.claim_link_create(
        claim_a=b, claim_b=c, relation="conflict", status="confirmed"
    )
    closing = post_link(editor_api, a, c).json()
    assert closing["inconsistency"] is None  # suggested: no set changed

    body = editor_api.post(f"/api/links/{closing['id']}/confirm/").json()

    found = body["inconsistency"]
    assert found["claim_set"] == ClaimSet.objects.get().pk
    assert sorted(found["cycle"]) == sorted([first.pk, second.pk, closing["id"]])
    assert "inconsistent" in found["message"] and f"#{closing['id']}" in found["message"]
    assert body["is_reviewed"] is (a.status == c.status == Claim.Status.ACCEPTED)


def test_claim_sets_carry_their_question_side_labels_and_review_flags(editor_api):
    a = ClaimFactory(status="accepted", subject="Russia", predicate="reclaim")
    b = ClaimFactory(status="proposed", subject="Russia", predicate="lose")
    services.claim_link_create(claim_a=a, claim_b=b, relation="conflict", status="confirmed")
    claim_set = ClaimSet.objects.get()

    body = editor_api.get(f"/api/claim-sets/{claim_set.pk}/").json()
    assert body["question"] == "" and body["has_conflict"] is True
    assert body["proposed_title"] == "Does Russia reclaim or lose?"
    assert body["links"][0]["is_reviewed"] is False  # one end is still a proposal

    response = editor_api.patch(
        f"/api/claim-sets/{claim_set.pk}/",
        {"question": "Is Russia losing Central Asia?", "side_a_label": "Reclaiming"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["question"], response.json()["side_a_label"]) == (
        "Is Russia losing Central Asia?",
        "Reclaiming",
    )
    reviewed = editor_api.get("/api/claim-sets/?reviewed_only=true").json()["results"]
    assert reviewed == []
