"""Undoing a link in one click from where it was made; messages in the panel clicked."""

import html
import re

import pytest
from django.urls import reverse

from claims.linking.services import claim_link_create
from claims.models import ClaimLink
from tests.factories import EntityFactory, SourceFactory, claim_in_source, suggestion

pytestmark = pytest.mark.django_db


def readable(response) -> str:
    raw = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(raw).split())


def panel(response, name: str) -> str:
    """The text of one panel of a claim's page (from its id to the next panel)."""
    content = response.content.decode()
    start = content.index(f'id="{name}"')
    end = content.find('<div class="panel module"', start + 1)
    raw = re.sub(r"<[^>]+>", " ", content[start : end if end > 0 else None])
    return " ".join(html.unescape(raw).split())


@pytest.fixture
def pair():
    russia = EntityFactory(name="Russia")
    north = SourceFactory(body="North\n\nRussia keeps its grip on the steppe, a general said.")
    south = SourceFactory(
        body="South\n\nRussia has lost the steppe to its neighbours, a trader said."
    )
    one = claim_in_source(
        north, "Russia keeps its grip on the steppe, a general said.", entities=[russia]
    )
    other = claim_in_source(
        south, "Russia has lost the steppe to its neighbours, a trader said.", entities=[russia]
    )
    return one, other


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def test_conflict_from_related_claims_is_told_there_and_undone_in_one_click(editor_client, pair):
    one, other = pair
    response = editor_client.post(
        reverse("admin:claims_claim_link", args=[one.pk]),
        {"other": other.pk, "relation": "conflict", "status": "confirmed", "place": "related"},
    )
    assert response.url == change_url(one) + "#related"
    page = editor_client.get(response.url)
    related = panel(page, "related")
    assert "Linked as conflict (confirmed) to “Russia has lost the steppe" in related
    assert "Undo" in related
    # Not also at the top of the page, scrolled out of view.
    assert 'class="messagelist"' not in page.content.decode()
    link = ClaimLink.objects.get()
    undo = reverse("admin:claims_claimlink_undo", args=[link.pk])
    assert f'action="{undo}"' in page.content.decode()

    response = editor_client.post(
        undo, {"next": change_url(one) + "#related", "place": "related"}, follow=True
    )
    assert not ClaimLink.objects.exists()
    related = panel(response, "related")
    assert (
        "Undone: the conflict link between “Russia keeps its grip on the steppe, a general said.” "
        "and “Russia has lost the steppe to its neighbours, a trader said.” is removed." in related
    )
    assert "58 conflict" not in readable(
        response
    ) and f"{one.pk} conflict {other.pk}" not in readable(response)
    one.refresh_from_db()
    assert one.claim_set_id is None


def test_each_link_on_a_claims_page_has_a_one_click_remove(editor_client, pair):
    one, other = pair
    link = claim_link_create(claim_a=one, claim_b=other, relation="agree", status="confirmed")
    page = editor_client.get(change_url(one)).content.decode()
    assert f'action="{reverse("admin:claims_claimlink_undo", args=[link.pk])}"' in page
    assert f"Remove the link to claim {other.pk}" in page


def test_a_refused_link_is_told_in_the_panel_clicked(editor_client, pair):
    one, _ = pair
    response = editor_client.post(
        reverse("admin:claims_claim_link", args=[one.pk]),
        {"other": one.pk, "relation": "agree", "status": "confirmed", "place": "related"},
        follow=True,
    )
    assert "cannot be linked to itself" in panel(response, "related")


def test_a_suggestion_confirmed_on_a_claims_page_is_told_under_suggestions(editor_client, pair):
    one, other = pair
    open_link = suggestion(one, other, relation="conflict")
    response = editor_client.post(
        reverse("admin:claims_claimlink_decide", args=[open_link.pk]),
        {"decision": "confirm", "next": change_url(one) + "#suggestions", "place": "suggestions"},
        follow=True,
    )
    assert "confirmed as conflict" in panel(response, "suggestions")
    # The undo puts it back among the suggestions.
    editor_client.post(
        reverse("admin:claims_claimlink_undo", args=[open_link.pk]),
        {"next": change_url(one) + "#suggestions", "place": "suggestions"},
    )
    open_link.refresh_from_db()
    assert open_link.status == ClaimLink.Status.SUGGESTED


def test_undo_needs_a_post_and_an_editor(researcher_client, editor_client, pair):
    one, other = pair
    link = claim_link_create(claim_a=one, claim_b=other, relation="agree", status="confirmed")
    undo = reverse("admin:claims_claimlink_undo", args=[link.pk])
    assert editor_client.get(undo).status_code == 405
    assert researcher_client.post(undo).status_code == 403
    assert ClaimLink.objects.filter(pk=link.pk).exists()


def test_undoing_a_link_already_gone_says_so(editor_client):
    response = editor_client.post(
        reverse("admin:claims_claimlink_undo", args=[987654]), follow=True
    )
    assert "That link is already gone; nothing to undo." in readable(response)


def test_the_queue_shows_both_paragraphs_and_decides_in_one_click(editor_client, pair):
    one, other = pair
    open_link = suggestion(one, other, relation="conflict")
    queue = reverse("admin:claims_claimlink_changelist")
    page = editor_client.get(queue)
    text = readable(page)
    # Both claims, each in its paragraph (with the source's title above it in the body).
    assert "Russia keeps its grip on the steppe, a general said." in text
    assert "Russia has lost the steppe to its neighbours, a trader said." in text
    content = page.content.decode()
    assert 'form="queue-decide"' in content and 'id="queue-decide"' in content
    response = editor_client.post(
        reverse("admin:claims_claimlink_decide", args=[open_link.pk]),
        {"decision": "confirm", "next": queue, "place": "queue"},
        follow=True,
    )
    open_link.refresh_from_db()
    assert open_link.status == ClaimLink.Status.CONFIRMED
    assert "confirmed as conflict" in readable(response)
    assert f'action="{reverse("admin:claims_claimlink_undo", args=[open_link.pk])}"' in (
        response.content.decode()
    )


def test_researchers_see_the_queue_without_buttons(researcher_client, pair):
    one, other = pair
    suggestion(one, other, relation="conflict")
    content = researcher_client.get(reverse("admin:claims_claimlink_changelist")).content.decode()
    assert "Russia keeps its grip" in content
    assert 'form="queue-decide"' not in content


def test_a_links_name_is_its_claims_words():
    one = SourceFactory(body="A\n\nThe dam will open in May.")
    two = SourceFactory(body="B\n\nThe dam will not open this year.")
    link = claim_link_create(
        claim_a=claim_in_source(one, "The dam will open in May."),
        claim_b=claim_in_source(two, "The dam will not open this year."),
        relation="conflict",
    )
    assert (
        str(link)
        == "Conflict between “The dam will open in May.” and “The dam will not open this year.”"
    )


def test_a_decision_on_the_suggestion_screen_can_be_undone_from_there(editor_client, pair):
    one, other = pair
    open_link = suggestion(one, other, relation="agree")
    screen = reverse("admin:claims_claimlink_review")
    response = editor_client.post(
        reverse("admin:claims_claimlink_decide", args=[open_link.pk]),
        {"decision": "flip", "next": screen},
        follow=True,
    )
    content = response.content.decode()
    undo = reverse("admin:claims_claimlink_undo", args=[open_link.pk])
    assert "confirmed as conflict" in readable(response)
    assert f'action="{undo}"' in content
    response = editor_client.post(undo, {"next": screen, "place": "review"}, follow=True)
    open_link.refresh_from_db()
    assert (open_link.status, open_link.relation) == ("suggested", "agree")
    assert "is back among the suggestions" in readable(response)
    # Back on the screen, as the next suggestion to decide.
    assert f'data-link="{open_link.pk}"' in response.content.decode()
