"""Editors name what a claim set disputes; researchers read the question and both answers.

Screenshots: artifacts/screenshots/claim-set-named-*.png.
"""

import re

import pytest
from playwright.sync_api import expect

from .test_view_contradictions import CORRIDOR_TITLE, build_central_asia

pytestmark = pytest.mark.django_db(transaction=True)

QUESTION = "Is Russia losing Central Asia to China?"


def test_editor_names_a_set_and_researchers_see_the_question_and_side_labels(
    page, phone_page, live_server, sign_in, screenshot, editor_user
):
    built = build_central_asia()
    central = built["central"]
    sign_in(page, editor_user.username, "a-long-password")

    page.goto(f"{live_server.url}/admin/claims/claimset/")
    # The unnamed set shows the machine's title from its claims, not a list of names.
    unnamed = page.locator("#result_list tbody tr", has_text=CORRIDOR_TITLE[:40])
    expect(unnamed).to_contain_text("(proposed)")
    assert "·" not in unnamed.inner_text()

    page.goto(f"{live_server.url}/admin/claims/claimset/{central.pk}/change/")
    page.fill("#id_question", QUESTION)
    page.fill("#id_side_a_label", "Holding on")
    page.fill("#id_side_b_label", "Losing")
    page.fill("#id_summary", "Troops in 2022 against trade in 2023.")
    screenshot(page, "claim-set-named-admin")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/claims/claimset/$"))
    expect(page.locator("#result_list")).to_contain_text(QUESTION)

    page.goto(f"{live_server.url}/")
    card = page.locator("article.set-card", has_text=QUESTION)
    expect(card.get_by_role("link", name=QUESTION)).to_be_visible()
    expect(card.locator("section.side-a .side-tag")).to_have_text("Holding on")
    expect(card.locator("section.side-b .side-tag")).to_have_text("Losing")
    expect(card).to_contain_text("Troops in 2022 against trade in 2023.")
    other = page.locator("article.set-card", has_text=CORRIDOR_TITLE[:40])
    expect(other).to_contain_text("Proposed title")
    screenshot(page, "claim-set-named-list")

    card.get_by_role("link", name=QUESTION).click()
    page.wait_for_url(f"**/claim-sets/{central.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    expect(page.locator("#side-a-heading")).to_contain_text("Holding on")
    expect(page.locator("#side-b-heading")).to_contain_text("Losing")
    screenshot(page, "claim-set-named-desktop")

    phone_page.goto(f"{live_server.url}/accounts/login/?next=/claim-sets/{central.pk}/")
    phone_page.fill("#id_username", editor_user.username)
    phone_page.fill("#id_password", "a-long-password")
    phone_page.get_by_role("button", name="Sign in").click()
    phone_page.wait_for_url(f"**/claim-sets/{central.pk}/")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    heading = phone_page.locator("#side-b-heading")
    heading.scroll_into_view_if_needed()
    expect(heading).to_contain_text("Losing")
    box = heading.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    screenshot(phone_page, "claim-set-named-phone")
