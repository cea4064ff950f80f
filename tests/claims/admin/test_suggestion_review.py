"""The machine's suggestions in the admin: reviewed one at a time, and on a claim's page."""

import html

import pytest
from django.urls import reverse

from claims.models import ClaimLink
from tests.factories import ClaimFactory, EntityFactory, MentionFactory, suggestion

pytestmark = pytest.mark.django_db

REVIEW = reverse("admin:claims_claimlink_review")
PRECISION = reverse("admin:claims_claimlink_precision")


def decide(client, link, decision, next_url=REVIEW):
    url = reverse("admin:claims_claimlink_decide", args=[link.pk])
    return client.post(url, {"decision": decision, "next": next_url})


def test_the_best_open_suggestion_comes_first_with_both_claims_and_reasons(editor_client):
    weaker = suggestion(score=0.6)
    best = suggestion(
        score=0.95,
        relation="conflict",
        reasons=[
            {"type": "numeric_disagreement", "detail": "2,500 troops against 2,030 troops"},
            {
                "type": "change_over_time",
                "detail": "troop numbers",
                "date_a": "2022-01-07",
                "date_b": "2023-11-10",
            },
        ],
    )
    ClaimLink.objects.create(
        claim_a=ClaimFactory(), claim_b=ClaimFactory(), relation="agree", origin="editor"
    )  # an editor's open link is not the machine's to review here
    response = editor_client.get(REVIEW)
    assert response.context["link"] == best
    assert response.context["remaining"] == 2
    content = html.unescape(response.content.decode())
    assert best.claim_a.text in content and best.claim_b.text in content
    assert "Figures differ" in content
    assert "Change over time: 2022-01-07 → 2023-11-10" in content
    assert "Confirm as conflict" in content and "Confirm as agree instead" in content
    assert weaker.claim_a.text not in content  # one pair at a time


def test_each_decision_is_stored_and_the_next_suggestion_opens(editor_client, editor_user):
    first, second, third, fourth = (suggestion(score=s) for s in (0.9, 0.8, 0.7, 0.6))

    response = decide(editor_client, first, "confirm")
    assert response.status_code == 302 and response.url == REVIEW
    first.refresh_from_db()
    assert (first.status, first.relation, first.reviewed_by) == ("confirmed", "agree", editor_user)
    first.claim_a.refresh_from_db()
    first.claim_b.refresh_from_db()
    assert first.claim_a.claim_set_id == first.claim_b.claim_set_id is not None

    decide(editor_client, second, "flip")
    second.refresh_from_db()
    assert (second.status, second.relation, second.suggested_relation) == (
        "confirmed",
        "conflict",
        "agree",
    )

    decide(editor_client, third, "skip")
    third.refresh_from_db()
    assert third.status == "suggested"
    assert editor_client.get(REVIEW).context["link"] == fourth

    decide(editor_client, fourth, "reject")
    fourth.refresh_from_db()
    assert fourth.status == "rejected"
    response = editor_client.get(REVIEW)
    assert response.context["link"] is None
    assert "Nothing left to review" in response.content.decode()
    # Starting over brings back what was skipped.
    assert editor_client.get(f"{REVIEW}?restart=1").context["link"] == third


def test_a_suggestion_decided_meanwhile_is_left_as_it_is(editor_client):
    link = suggestion()
    ClaimLink.objects.filter(pk=link.pk).update(status="rejected")
    response = decide(editor_client, link, "confirm")
    link.refresh_from_db()
    assert link.status == "rejected"
    messages = [m.message for m in response.wsgi_request._messages]
    assert any("already rejected" in m for m in messages)


def test_filters_narrow_the_queue(editor_client):
    russia = EntityFactory(name="Russia")
    about_russia = suggestion(score=0.55, reasons=["entity_swap"], model_version="links-2")
    MentionFactory(claim=about_russia.claim_a, entity=russia)
    other = suggestion(score=0.9, reasons=["negation_flip"])
    close = suggestion(score=0.5, reasons=["close_meaning"])

    def shown(query):
        return editor_client.get(f"{REVIEW}?{query}").context["link"]

    assert shown("reason=entity_swap") == about_russia
    assert shown("reason=close_meaning") == close
    assert shown("reason=negation_flip") == other
    assert shown("band=medium") == about_russia
    assert shown("band=high") == other
    assert shown(f"entity={russia.pk}") == about_russia
    assert shown("model_version=links-2") == about_russia
    assert shown("reason=no_such_reason") == other  # a bad filter is ignored, said so
    assert "not valid" in editor_client.get(f"{REVIEW}?reason=nope").content.decode()


def test_researchers_see_the_queue_but_cannot_decide(researcher_client):
    link = suggestion()
    response = researcher_client.get(REVIEW)
    assert response.status_code == 200 and response.context["link"] == link
    assert "review-actions" not in response.content.decode()
    assert decide(researcher_client, link, "confirm").status_code == 403
    link.refresh_from_db()
    assert link.status == "suggested"
    assert researcher_client.get(PRECISION).status_code == 200


def test_decisions_go_back_only_to_this_site(editor_client):
    link = suggestion()
    response = decide(editor_client, link, "skip", next_url="https://elsewhere.example/")
    assert response.url == REVIEW


def test_a_claims_page_lists_its_suggestions_above_related_claims(editor_client):
    link = suggestion(reasons=["opposite_predicates"], relation="conflict")
    page = editor_client.get(reverse("admin:claims_claim_change", args=[link.claim_a.pk]))
    content = html.unescape(page.content.decode())
    assert content.index('id="suggestions"') < content.index('id="related"')
    assert "Opposite verbs" in content and link.claim_b.text in content
    back = reverse("admin:claims_claim_change", args=[link.claim_a.pk]) + "#suggestions"
    response = decide(editor_client, link, "confirm", next_url=back)
    assert response.url == back
    link.refresh_from_db()
    assert link.status == "confirmed"


def test_the_precision_page_shows_what_editors_decided(editor_client):
    confirmed, rejected = suggestion(), suggestion()
    decide(editor_client, confirmed, "confirm")
    decide(editor_client, rejected, "reject")
    content = editor_client.get(PRECISION).content.decode()
    assert "1 confirmed of 2 decided" in content
    assert "links-1" in content


def test_a_close_meaning_suggestion_is_labelled_on_the_review_and_precision_pages(editor_client):
    detail = "cosine 0.82; both name Kazakhstan and Tokayev; same source"
    link = suggestion(reasons=[{"type": "close_meaning", "detail": detail}])
    review = html.unescape(editor_client.get(REVIEW).content.decode())
    assert "Close in meaning" in review and detail in review
    assert "No reasons stored." not in review
    decide(editor_client, link, "confirm")
    # One stored before every suggestion carried a reason counts with them.
    old = suggestion(reasons=[])
    decide(editor_client, old, "reject")
    precision = editor_client.get(PRECISION).content.decode()
    assert "Close in meaning" in precision
    assert ">none<" not in precision and "close_meaning" not in precision
