"""Claims as JSON and as schema.org Claim JSON-LD; editors review them."""

import pytest

from claims.api.renderers import CONTEXT
from claims.models import Claim
from tests.factories import EntityFactory, MentionFactory


def test_a_claim_carries_its_source_entities_and_links(researcher_api, corpus):
    claim = corpus["claims"][1]
    body = researcher_api.get(f"/api/claims/{claim.pk}/").json()
    assert body["text"] == claim.source.body[body["start"] : body["end"]]
    assert body["source"]["title"] == "Russia loses Central Asia"
    assert [m["entity_name"] for m in body["mentions"]] == ["Russia", "China"]
    assert (body["agree_count"], body["conflict_count"], body["side"]) == (0, 0, None)
    assert body["page_url"] == f"http://testserver/claims/{claim.pk}/"


def test_a_claim_as_json_ld(researcher_api, corpus):
    claim = corpus["claims"][0]
    response = researcher_api.get(f"/api/claims/{claim.pk}/", HTTP_ACCEPT="application/ld+json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    body = response.json()
    page = f"http://testserver/claims/{claim.pk}/"
    assert body == {
        "@context": CONTEXT,
        "@type": "Claim",
        "@id": page,
        "url": page,
        "identifier": str(claim.pk),
        "text": claim.text,
        "appearance": {
            "@type": "CreativeWork",
            "url": "https://steppe.example/reclaims",
            "headline": "Russia reclaims Central Asia",
            "author": {"@type": "Person", "name": "Irina Solberg"},
            "publisher": {"@type": "Organization", "name": "Steppe Review"},
            "datePublished": "2022-01-07",
        },
        "author": {"@type": "Person", "name": "Irina Solberg"},
        "publisher": {"@type": "Organization", "name": "Steppe Review"},
        "datePublished": "2022-01-07",
        "about": [{"@type": "AdministrativeArea", "name": "Russia"}],
        "dateCreated": body["dateCreated"],
        "dateModified": body["dateModified"],
    }


def test_the_json_ld_context_is_inline_and_needs_no_fetch(researcher_api, corpus):
    claim = corpus["claims"][0]
    body = researcher_api.get(f"/api/claims/{claim.pk}/?format=jsonld").json()
    context = body["@context"]
    assert isinstance(context, dict)
    assert context["@vocab"] == "https://schema.org/"
    # No remote context to fetch: every value is a term definition, never a URL to load.
    assert all(not isinstance(value, str) or key == "@vocab" for key, value in context.items())


@pytest.mark.parametrize(
    ("speaker", "kind", "expected"),
    [
        ("the Kremlin", None, "Organization"),
        ("officials in Astana", None, "Organization"),
        ("Kassym-Jomart Tokayev", None, "Person"),
        ("Russia", "GPE", "Organization"),  # a country that speaks, through its government
        ("Tokayev", "PERSON", "Person"),
    ],
)
def test_the_speaker_is_the_claims_author_as_a_person_or_an_organisation(
    researcher_api, corpus, speaker, kind, expected
):
    claim = corpus["claims"][0]
    if kind:
        entity = EntityFactory(name=speaker, kind=kind)
        MentionFactory(claim=claim, entity=entity, text=speaker, start=30, end=31)
    Claim.objects.filter(pk=claim.pk).update(speaker=speaker)
    body = researcher_api.get(f"/api/claims/{claim.pk}/?format=jsonld").json()
    assert body["author"] == {"@type": expected, "name": speaker}
    assert body["appearance"]["author"] == {"@type": "Person", "name": "Irina Solberg"}


def test_a_bare_pronoun_names_nobody_so_the_article_author_is_the_claims(researcher_api, corpus):
    claim = corpus["claims"][0]
    Claim.objects.filter(pk=claim.pk).update(speaker="he")
    body = researcher_api.get(f"/api/claims/{claim.pk}/?format=jsonld").json()
    assert body["author"] == {"@type": "Person", "name": "Irina Solberg"}


def test_about_is_typed_from_the_entity_kind(researcher_api, corpus):
    claim = corpus["claims"][0]
    MentionFactory(claim=claim, entity=EntityFactory(name="Gazprom", kind="ORG"), start=40, end=41)
    body = researcher_api.get(f"/api/claims/{claim.pk}/?format=jsonld").json()
    assert {"@type": "Organization", "name": "Gazprom"} in body["about"]


def test_an_editors_review_is_a_claim_review(editor_api, researcher_api, corpus):
    claim = corpus["claims"][0]
    body = researcher_api.get(f"/api/claims/{claim.pk}/?format=jsonld").json()
    assert "review" not in body  # proposed: nobody has reviewed it
    editor_api.patch(f"/api/claims/{claim.pk}/", {"status": "rejected"}, format="json")
    review = researcher_api.get(f"/api/claims/{claim.pk}/?format=jsonld").json()["review"]
    assert review["@type"] == "ClaimReview"
    assert review["itemReviewed"] == {"@id": f"http://testserver/claims/{claim.pk}/"}
    assert review["claimReviewed"] == claim.text
    assert review["reviewRating"]["alternateName"] == "Rejected"
    assert review["reviewRating"]["ratingValue"] == 0
    assert review["author"]["@type"] == "Organization"


def test_a_page_of_claims_as_json_ld_is_an_item_list(researcher_api, corpus):
    response = researcher_api.get("/api/claims/?format=jsonld&page_size=1")
    assert response["Content-Type"] == "application/ld+json"
    body = response.json()
    assert body["@context"]["@vocab"] == "https://schema.org/"
    assert body["@context"]["results"] == "itemListElement"
    assert body["@type"] == "ItemList"
    assert [c["@type"] for c in body["results"]] == ["Claim"]
    assert "@context" not in body["results"][0]
    assert body["next"]
    rest = researcher_api.get(body["next"]).json()["results"]
    assert {c["identifier"] for c in body["results"] + rest} == {
        str(c.pk) for c in corpus["claims"]
    }


def test_json_ld_is_offered_for_claims_only(researcher_api, corpus):
    assert researcher_api.get("/api/sources/?format=jsonld").status_code == 404
    response = researcher_api.get("/api/sources/", HTTP_ACCEPT="application/ld+json")
    assert response.status_code == 406
    assert response.json()["message"]


def test_editors_accept_and_reject_claims(editor_api, corpus, editor_user):
    claim = corpus["claims"][0]
    response = editor_api.patch(f"/api/claims/{claim.pk}/", {"status": "accepted"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    claim.refresh_from_db()
    assert (claim.status, claim.reviewed_by) == (Claim.Status.ACCEPTED, editor_user)

    response = editor_api.patch(f"/api/claims/{claim.pk}/", {"status": "maybe"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["status"]


def test_fields_a_claim_does_not_take_are_named_and_nothing_changes(editor_api, corpus):
    claim = corpus["claims"][0]
    response = editor_api.patch(
        f"/api/claims/{claim.pk}/", {"status": "accepted", "text": "Edited"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "text: Not accepted here; send only `status`."
    assert list(body["errors"]) == ["text"]
    claim.refresh_from_db()
    assert (claim.status, claim.text) == (Claim.Status.PROPOSED, corpus["claims"][0].text)


def test_claims_cannot_be_created_or_deleted(editor_api, corpus):
    claim = corpus["claims"][0]
    assert editor_api.post("/api/claims/", {}, format="json").status_code == 405
    assert editor_api.delete(f"/api/claims/{claim.pk}/").status_code == 405
    assert editor_api.put(f"/api/claims/{claim.pk}/", {}, format="json").status_code == 405


def test_entities_cannot_be_deleted_over_the_api(editor_api, corpus):
    russia = corpus["russia"]
    assert editor_api.delete(f"/api/entities/{russia.pk}/").status_code == 405
    assert russia.mentions.count() == 2
