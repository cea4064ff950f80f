"""Reviewing the machine's suggestions with the keyboard, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from claims.models import ClaimLink
from tests.factories import EntityFactory, MentionFactory, suggestion

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_decides_suggestions_with_single_keys(
    page, live_server, sign_in, screenshot, editor_user
):
    confirm_me = suggestion(score=0.95, relation="conflict", reasons=["negation_flip"])
    flip_me = suggestion(score=0.9, relation="agree", reasons=["same_proposition"])
    skip_me = suggestion(score=0.8, reasons=["entity_swap"])
    reject_me = suggestion(
        score=0.7,
        relation="conflict",
        reasons=[
            {
                "type": "change_over_time",
                "detail": "trade figures",
                "date_a": "2022-12-06",
                "date_b": "2023-05-23",
            }
        ],
    )
    sign_in(page, editor_user.username, "a-long-password")
    page.goto(f"{live_server.url}/admin/claims/claimlink/")
    page.click("#review-suggestions")
    page.wait_for_url(re.compile(r"/admin/claims/claimlink/review/"))

    def showing(link):
        expect(page.locator("#review-pair")).to_have_attribute("data-link", str(link.pk))

    showing(confirm_me)
    expect(page.locator("#review-side-1")).to_contain_text(confirm_me.claim_a.text)
    expect(page.locator("#review-side-2")).to_contain_text(confirm_me.claim_b.text)
    expect(page.locator("#review-reasons")).to_contain_text("Negation flip")
    screenshot(page, "admin-suggestion-review")
    page.keyboard.press("c")
    showing(flip_me)
    expect(page.locator("#review-message")).to_contain_text("confirmed as conflict")
    page.keyboard.press("f")
    showing(skip_me)
    page.keyboard.press("s")
    showing(reject_me)
    expect(page.locator("#review-reasons")).to_contain_text(
        "Change over time: 2022-12-06 → 2023-05-23"
    )
    # Typing in a filter box never decides anything.
    page.click("#id_entity")
    page.keyboard.press("r")
    showing(reject_me)
    page.click("#review-count")
    page.keyboard.press("r")
    expect(page.locator("#review-empty")).to_be_visible()
    screenshot(page, "admin-suggestion-review-done")

    page.goto(f"{live_server.url}/admin/")
    page.click("#home-live-precision")
    expect(page.locator("#precision-overall")).to_contain_text("2 confirmed of 3 decided")
    expect(page.locator("#precision-rows")).to_contain_text("Change over time")
    screenshot(page, "admin-suggestion-precision")

    statuses = dict(ClaimLink.objects.values_list("pk", "status"))
    assert statuses[confirm_me.pk] == "confirmed"
    assert statuses[flip_me.pk] == "confirmed"
    assert ClaimLink.objects.get(pk=flip_me.pk).relation == "conflict"
    assert statuses[skip_me.pk] == "suggested"
    assert statuses[reject_me.pk] == "rejected"


def test_skipped_suggestions_come_back_under_the_same_filters(
    page, live_server, sign_in, screenshot, editor_user
):
    russia = EntityFactory(name="Ruritania")
    swaps = [suggestion(score=0.9 - i / 100, reasons=["entity_swap"]) for i in range(3)]
    for link in swaps:
        MentionFactory(claim=link.claim_a, entity=russia)
    elsewhere = suggestion(score=0.95, reasons=["negation_flip"])
    sign_in(page, editor_user.username, "a-long-password")
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#link-suggestions-module")).to_contain_text("Live precision")
    screenshot(page, "admin-home-link-suggestions")
    page.click("#home-review-suggestions")
    page.wait_for_url(re.compile(r"/admin/claims/claimlink/review/"))
    # The entity by its name, as the box offers it.
    page.fill("#id_entity", "ruritania")
    page.click("#review-filters input[type=submit]")
    expect(page.locator("#review-pair")).to_have_attribute("data-link", str(swaps[0].pk))
    expect(page.locator("#id_entity")).to_have_value("Ruritania")
    for _ in swaps:
        page.click("#review-count")
        page.keyboard.press("s")
    expect(page.locator("#review-empty")).to_contain_text(
        "Nothing left to review with these filters but the 3 you skipped"
    )
    expect(page.locator("#review-count")).to_contain_text("and 3 you skipped")
    screenshot(page, "admin-suggestion-review-skipped")
    page.click("#review-again")
    expect(page.locator("#review-pair")).to_have_attribute("data-link", str(swaps[0].pk))
    expect(page.locator("#id_entity")).to_have_value("Ruritania")
    expect(page.locator("#review-count")).to_contain_text("3 open suggestions to review")
    assert "entity=ruritania" in page.url and "again" not in page.url
    # Without the filter, the one elsewhere comes first; nothing of it was skipped.
    page.goto(f"{live_server.url}/admin/claims/claimlink/review/")
    expect(page.locator("#review-pair")).to_have_attribute("data-link", str(elsewhere.pk))
    expect(page.locator("#review-again")).to_have_count(0)


def test_a_claims_page_offers_readable_confirm_flip_and_reject_buttons(
    page, live_server, sign_in, screenshot, editor_user
):
    link = suggestion(score=0.7989, relation="conflict", reasons=["negation_flip"])
    rejected = suggestion(link.claim_a, score=0.6)
    sign_in(page, editor_user.username, "a-long-password")
    page.goto(f"{live_server.url}/admin/claims/claim/{link.claim_a.pk}/change/")
    panel = page.locator("#suggestions")
    expect(panel.locator("h2")).to_contain_text("Suggested by the machine (2)")
    expect(page.locator("#links")).not_to_contain_text(link.claim_b.text[:40])
    reject = panel.get_by_role("button", name=f"Reject suggestion {link.pk}")
    flip = panel.get_by_role("button", name=f"Confirm suggestion {link.pk} as agree instead")
    confirm = panel.get_by_role("button", name=f"Confirm suggestion {link.pk} as conflict")
    for button in (confirm, flip, reject):
        colour, background = button.evaluate(
            "b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]"
        )
        assert colour != background, button
        assert luminance_gap(colour, background) > 0.4, (colour, background)
    expect(panel).to_contain_text("0.79")
    panel.scroll_into_view_if_needed()
    screenshot(page, "admin-claim-suggestions")
    panel.get_by_role("button", name=f"Reject suggestion {rejected.pk}").click()
    expect(page.locator("#suggestions h2")).to_contain_text("Suggested by the machine (1)")
    page.locator("#suggestions").get_by_role(
        "button", name=f"Confirm suggestion {link.pk} as agree instead"
    ).click()
    expect(page.locator("#suggestions h2")).to_contain_text("Suggested by the machine (0)")
    expect(page.locator("#links h2")).to_contain_text("Links (2)")
    link.refresh_from_db()
    assert (link.status, link.relation) == ("confirmed", "agree")


def luminance_gap(first: str, second: str) -> float:
    """How far apart two CSS rgb() colours are in relative luminance (0 to 1)."""

    def luminance(colour: str) -> float:
        red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", colour)[:3])
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    return abs(luminance(first) - luminance(second))
