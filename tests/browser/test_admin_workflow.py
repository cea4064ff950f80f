"""An editor's day in the admin, in a real browser: add an article, review, link, queue."""

import re

import pytest
from playwright.sync_api import expect

from claims.linking.services import claim_link_create
from claims.models import Claim, ClaimLink
from sources.services import source_create

# Real commits; tests/conftest.py puts the roles back after each flush.
pytestmark = pytest.mark.django_db(transaction=True)

ARTICLE = """Russia and China in Kazakhstan

Russia sent troops to Kazakhstan in January 2022 at the request of President Tokayev.

China overtook Russia as Kazakhstan's largest trading partner in 2022, customs figures show."""

EARLIER = """Moscow keeps its hold on Kazakhstan

Russia remained Kazakhstan's largest trading partner in 2022, the Eurasian Economic Union reported.

The Kremlin said Russia sent no combat troops to Kazakhstan in 2022."""


def test_editor_adds_an_article_reviews_and_links_two_claims(
    page, live_server, sign_in, screenshot, editor_user
):
    source_create(content=EARLIER, publisher="Caspian Post", published_on="2023-02-01")
    sign_in(page, editor_user.username, "a-long-password")

    page.goto(f"{live_server.url}/admin/sources/source/add/")
    page.fill("#id_text", ARTICLE)
    page.fill("#id_publisher", "Steppe Review")
    page.fill("#id_published_on", "2023-01-15")
    screenshot(page, "admin-source-add")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/sources/source/\d+/change/"))
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert page.locator(".source-body mark.claim--proposed").count() >= 2
    screenshot(page, "admin-source")

    page.get_by_role("link", name="review them in the list").click()
    page.wait_for_url(re.compile(r"/admin/claims/claim/\?source=\d+"))
    rows = page.locator("#result_list tbody tr")
    assert rows.count() >= 2
    # The article's two sentences (after its headline) are the last two rows.
    first_row, second_row = rows.nth(rows.count() - 2), rows.nth(rows.count() - 1)
    first_text = first_row.locator(".claim-text-cell a").inner_text()
    second_text = second_row.locator(".claim-text-cell a").inner_text()
    first_row.locator("input.action-select").check()
    second_row.locator("input.action-select").check()
    page.select_option("select[name=action]", "accept_claims")
    page.click("button[name=index]")
    expect(page.get_by_text("2 claim(s) accepted.")).to_be_visible()
    expect(page.locator("#result_list .badge--accepted")).to_have_count(2)
    screenshot(page, "admin-claims")

    page.get_by_role("link", name=first_text).click()
    page.wait_for_url(re.compile(r"/admin/claims/claim/\d+/change/"))
    page.locator("#add-link-form .select2-selection").click()
    page.locator(".select2-search__field").fill(" ".join(second_text.split()[:3]))
    page.locator(".select2-results__option", has_text=second_text[:40]).first.click()
    page.check("#add-link-form input[value=conflict]")
    page.fill("#add-link-form textarea[name=note]", "Trade figures disagree with the troops story.")
    page.click("#add-link-submit")
    expect(page.get_by_text("Linked as conflict (confirmed)")).to_be_visible()
    # The editor's link, among the machine's suggestions for the claim.
    expect(
        page.locator("#links tbody tr", has_text="Trade figures disagree with the troops story.")
    ).to_have_count(1)
    screenshot(page, "admin-claim")

    page.get_by_role("link", name="Open its claim set").click()
    page.wait_for_url(re.compile(r"/admin/claims/claimset/\d+/change/"))
    sides = page.locator(".sides > div")
    assert first_text[:40] in sides.nth(0).inner_text()
    assert second_text[:40] in sides.nth(1).inner_text()
    screenshot(page, "admin-claim-set")
    first = Claim.objects.get(text=first_text)
    second = Claim.objects.get(text=second_text)
    assert first.claim_set_id == second.claim_set_id is not None
    assert {first.side, second.side} == {0, 1}


def test_editor_confirms_a_suggested_link_from_the_queue(
    page, live_server, sign_in, screenshot, editor_user
):
    earlier = source_create(content=EARLIER, publisher="Caspian Post")
    later = source_create(content=ARTICLE, publisher="Steppe Review")
    a = earlier.claims.order_by("start").last()
    b = later.claims.order_by("start").last()
    # The queue holds this one suggestion (processing suggested its own: set aside).
    ClaimLink.objects.filter(origin=ClaimLink.Origin.AUTOMATIC).delete()
    suggested = claim_link_create(
        claim_a=a, claim_b=b, relation="conflict", origin="automatic", rationale="Same entities"
    )
    sign_in(page, editor_user.username, "a-long-password")
    page.goto(f"{live_server.url}/admin/claims/claimlink/")
    row = page.locator("#result_list tbody tr").first
    assert a.text[:40] in row.inner_text() and b.text[:40] in row.inner_text()
    screenshot(page, "admin-links")
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", "confirm_links")
    page.click("button[name=index]")
    expect(page.get_by_text("1 link(s) confirmed.")).to_be_visible()
    suggested.refresh_from_db()
    a.refresh_from_db()
    b.refresh_from_db()
    assert suggested.status == ClaimLink.Status.CONFIRMED
    assert a.claim_set_id == b.claim_set_id is not None and a.side != b.side
