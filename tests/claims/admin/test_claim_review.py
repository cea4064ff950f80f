"""The review mode for claims: one source's proposals in reading order, one decision a click."""

import html
import re

import pytest
from django.urls import reverse

from claims.admin.claim_review import ReviewTrack, review_url
from claims.models import Claim
from tests.factories import SourceFactory, claim_in_source

pytestmark = pytest.mark.django_db

DECIDE = reverse("admin:claims_claim_review_decide")
BODY = (
    "Steppe dispatch\n\n"
    "Russia moved two brigades to the border in March. The ministry gave no reason.\n\n"
    "Trade with China grew by a third last year, officials said.\n\n"
    "Kazakh officials <b>denied</b> any plan to leave the alliance."
)
SENTENCES = [
    "Russia moved two brigades to the border in March.",
    "The ministry gave no reason.",
    "Trade with China grew by a third last year, officials said.",
    "Kazakh officials <b>denied</b> any plan to leave the alliance.",
]


@pytest.fixture
def source():
    source = SourceFactory(title="Steppe dispatch", body=BODY)
    # Made out of order: the review follows the text, not the ids.
    for sentence in reversed(SENTENCES):
        claim_in_source(source, sentence, status=Claim.Status.PROPOSED)
    return source


def claims_of(source):
    return list(source.claims.order_by("start"))


def shown(response) -> int:
    """The id of the claim on the review card."""
    return int(re.search(r'data-claim="(\d+)"', response.content.decode()).group(1))


def text(response) -> str:
    """The page as a reader sees it: tags dropped, entities read, spaces collapsed."""
    raw = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(raw).split())


def test_the_review_starts_at_the_first_proposal_in_reading_order(editor_client, source):
    first, second, *_ = claims_of(source)
    second.status = Claim.Status.ACCEPTED
    second.save()
    response = editor_client.get(review_url(source.pk))
    page = text(response)
    assert shown(response) == first.pk
    assert "Claim 1 of 4 · 1 of 4 reviewed" in page
    assert "3 proposals left" in page
    # The claim is marked in its paragraph, and the paragraph's neighbour sentence is there.
    assert "The ministry gave no reason." in page


def test_accepting_opens_the_next_proposal_and_counts_it(editor_client, editor_user, source):
    first, second, third, fourth = claims_of(source)
    third.status = Claim.Status.REJECTED
    third.save()
    response = editor_client.post(
        DECIDE, {"source": source.pk, "claim": second.pk, "decision": "accept"}
    )
    # The next proposal after the second is the fourth (the third is already rejected).
    assert response.url == review_url(source.pk, fourth.pk)
    second.refresh_from_db()
    assert second.status == Claim.Status.ACCEPTED and second.reviewed_by == editor_user
    response = editor_client.post(
        DECIDE, {"source": source.pk, "claim": fourth.pk, "decision": "reject"}, follow=True
    )
    # Wraps round to the proposal the editor passed over at the start.
    page = text(response)
    assert shown(response) == first.pk
    assert "Rejected: “Kazakh officials <b>denied</b>" in page
    assert "3 of 4 reviewed · 1 proposal left" in page


def test_source_text_is_escaped_on_the_review_card(editor_client, source):
    fourth = claims_of(source)[-1]
    response = editor_client.get(review_url(source.pk, fourth.pk))
    assert b"&lt;b&gt;denied&lt;/b&gt;" in response.content
    assert b"<b>denied</b>" not in response.content


def test_the_last_decision_says_the_source_is_done(editor_client, source):
    *rest, last = claims_of(source)
    Claim.objects.filter(pk__in=[c.pk for c in rest]).update(status=Claim.Status.ACCEPTED)
    response = editor_client.post(
        DECIDE, {"source": source.pk, "claim": last.pk, "decision": "accept"}, follow=True
    )
    assert "All 4 claims of this source are reviewed." in text(response)


def test_previous_and_next_follow_the_text(editor_client, source):
    first, second, third, _ = claims_of(source)
    page = html.unescape(editor_client.get(review_url(source.pk, second.pk)).content.decode())
    assert f'href="{review_url(source.pk, first.pk)}"' in page
    assert f'href="{review_url(source.pk, third.pk)}"' in page


def test_accept_the_rest_accepts_only_the_proposals_left(editor_client, source):
    first, second, third, fourth = claims_of(source)
    first.status = Claim.Status.REJECTED
    first.save()
    response = editor_client.post(
        DECIDE, {"source": source.pk, "decision": "accept_rest"}, follow=True
    )
    assert "Accepted the 3 proposals left in “Steppe dispatch”." in text(response)
    statuses = dict(source.claims.values_list("pk", "status"))
    assert statuses == {
        first.pk: "rejected",
        second.pk: "accepted",
        third.pk: "accepted",
        fourth.pk: "accepted",
    }


def test_edit_from_the_review_comes_back_to_it(editor_client, source):
    first = claims_of(source)[0]
    back = review_url(source.pk, first.pk)
    edit = reverse("admin:claims_claim_change", args=[first.pk])
    assert b'data-key="e"' in editor_client.get(back).content
    response = editor_client.post(
        f"{edit}?review={back.replace('&', '%26').replace('?', '%3F')}",
        {
            "status": "proposed",
            "subject": "Russia",
            "predicate": "move",
            "object": "two brigades",
            "speaker": "",
            "_save": "Save",
        },
    )
    assert response.status_code == 302 and response.url == back
    first.refresh_from_db()
    assert first.subject == "Russia" and first.is_edited


def test_researchers_see_the_review_without_decisions(researcher_client, editor_client, source):
    response = researcher_client.get(review_url(source.pk))
    assert shown(response) and b'value="accept"' not in response.content
    first = claims_of(source)[0]
    response = researcher_client.post(
        DECIDE, {"source": source.pk, "claim": first.pk, "decision": "accept"}
    )
    assert response.status_code == 403
    first.refresh_from_db()
    assert first.status == Claim.Status.PROPOSED


@pytest.mark.parametrize("query", ["?source=999999", "?source=abc"])
def test_an_unknown_source_answers_a_message(editor_client, query):
    response = editor_client.get(reverse("admin:claims_claim_review") + query, follow=True)
    assert "There is no source" in text(response)


def test_a_claim_of_another_source_is_refused_with_a_message(editor_client, source):
    other = SourceFactory(body="Elsewhere\n\nA claim of another article stands here.")
    stranger = claim_in_source(other, "A claim of another article stands here.")
    response = editor_client.get(review_url(source.pk, stranger.pk), follow=True)
    page = text(response)
    assert "is not one of this source's" in page
    assert shown(response) == claims_of(source)[0].pk


def test_without_a_source_the_review_opens_the_oldest_with_proposals(editor_client, source):
    response = editor_client.get(reverse("admin:claims_claim_review"))
    assert response.url == review_url(source.pk)


def test_the_claims_list_offers_the_review_of_its_source(editor_client, source):
    response = editor_client.get(reverse("admin:claims_claim_changelist") + f"?source={source.pk}")
    assert f'href="{review_url(source.pk)}"' in html.unescape(response.content.decode())


def test_track_wraps_and_skips_the_current_claim():
    track = ReviewTrack([(1, "proposed"), (2, "accepted"), (3, "proposed")])
    assert track.next_proposed(3) == 1
    assert track.next_proposed(1) == 3
    assert ReviewTrack([(1, "proposed")]).next_proposed(1) is None
    assert track.neighbours(2) == (1, 3) and track.neighbours(1) == (None, 2)


def test_a_sources_page_opens_its_review(editor_client, source):
    page = editor_client.get(reverse("admin:sources_source_change", args=[source.pk]))
    assert (
        f'href="{reverse("admin:claims_claim_review")}?source={source.pk}"' in page.content.decode()
    )
