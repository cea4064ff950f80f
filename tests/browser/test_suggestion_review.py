"""Reviewing the machine's suggestions with the keyboard, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from claims.models import ClaimLink
from tests.factories import suggestion

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

    statuses = dict(ClaimLink.objects.values_list("pk", "status"))
    assert statuses[confirm_me.pk] == "confirmed"
    assert statuses[flip_me.pk] == "confirmed"
    assert ClaimLink.objects.get(pk=flip_me.pk).relation == "conflict"
    assert statuses[skip_me.pk] == "suggested"
    assert statuses[reject_me.pk] == "rejected"
