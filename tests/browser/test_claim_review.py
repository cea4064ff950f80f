"""An editor reviews a whole demo source with the keyboard alone, undoes a link in one click,
and the lists and the claim page read well at a laptop's and a phone's width.

Screenshots land in artifacts/screenshots/review-*.png.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from claims.models import Claim, ClaimLink
from sources.models import Source
from tests.browser.conftest import SCREENSHOTS
from tests.factories import suggestion

# Real commits; tests/conftest.py puts the roles back after each flush.
pytestmark = pytest.mark.django_db(transaction=True)

CORPUS = Path(settings.BASE_DIR) / "demo" / "corpus"
TROOPS = CORPUS / "02-csto-troops-kazakhstan.txt"
GUARANTOR = CORPUS / "03-csto-mission-moscow-guarantor.md"


@pytest.fixture
def demo_sources():
    """Two demo articles on the same events, ingested as ``make demo`` does (real spaCy)."""
    call_command("ingest", str(TROOPS), str(GUARANTOR), "--wait", verbosity=0)
    troops, guarantor = Source.objects.order_by("pk")
    assert troops.claims.count() >= 3 and guarantor.claims.count() >= 3
    return troops, guarantor


def _view(page, name: str) -> None:
    """What the screen shows without scrolling, beside the full-page screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def _width(locator) -> float:
    return locator.bounding_box()["width"]


def test_an_editor_reviews_a_whole_source_with_the_keyboard_and_undoes_a_link(
    page, live_server, sign_in, screenshot, editor_user, demo_sources
):
    troops, guarantor = demo_sources
    total = troops.claims.count()
    sign_in(page, editor_user.username, "a-long-password")
    page.goto(f"{live_server.url}/admin/sources/source/{troops.pk}/change/")
    page.click("#review-one-at-a-time")
    page.wait_for_url(re.compile(r"/admin/claims/claim/review/\?source="))
    card = page.locator("#review-claim")
    expect(page.locator("#review-count")).to_contain_text(f"Claim 1 of {total}")
    expect(card.locator("mark.claim--current")).to_be_visible()
    screenshot(page, "review-claim-1366")

    # The first claim is passed over with N; the others are accepted and rejected in turn,
    # and the review comes back round to the first at the end.
    passed_over = int(card.get_attribute("data-claim"))
    with page.expect_navigation():
        page.keyboard.press("n")
    expect(card).not_to_have_attribute("data-claim", str(passed_over))
    decided = []
    for turn in range(total):
        current = int(card.get_attribute("data-claim"))
        key = "ar"[turn % 2]
        with page.expect_navigation():
            page.keyboard.press(key)
        decided.append((current, key))
        expect(page.locator(".messagelist .success")).to_contain_text(
            "Accepted:" if key == "a" else "Rejected:"
        )
        if page.locator("#review-done").count():
            break
        if turn == 1:
            screenshot(page, "review-claim-progress-1366")
    expect(page.locator("#review-done")).to_contain_text(
        f"All {total} claims of this source are reviewed."
    )
    assert passed_over in {pk for pk, _ in decided}
    statuses = dict(troops.claims.values_list("pk", "status"))
    assert Claim.Status.PROPOSED not in statuses.values()
    for pk, key in decided:
        assert statuses[pk] == ("accepted" if key == "a" else "rejected")

    # Link a claim of the other article from its page, see it confirmed where the click
    # was, and undo it with one click.
    claim = guarantor.claims.order_by("start").first()
    for candidate in guarantor.claims.order_by("start"):
        page.goto(f"{live_server.url}/admin/claims/claim/{candidate.pk}/change/")
        if page.locator("#related .button-conflict").count():
            claim = candidate
            break
    related_row = page.locator("#related tbody tr").first
    other_text = related_row.locator(".claim-text-cell a").first.inner_text()
    related_row.locator(".button-conflict").click()
    page.wait_for_url(re.compile(rf"/admin/claims/claim/{claim.pk}/change/#related"))
    message = page.locator("#related-message")
    expect(message).to_contain_text("Linked as conflict (confirmed) to")
    expect(message).to_be_in_viewport()
    made = ClaimLink.objects.get(status="confirmed")
    expect(page.locator("#links .button-undo")).to_be_visible()
    screenshot(page, "review-linked-1366")
    page.click("#related-undo")
    expect(page.locator("#related-message")).to_contain_text("Undone: the conflict link between")
    expect(page.locator("#related-message")).to_contain_text(other_text[:30])
    expect(page.locator("#related-message")).to_be_in_viewport()
    assert not re.search(r"\d+ conflict \d+", page.locator("#related-message").inner_text())
    assert not ClaimLink.objects.filter(pk=made.pk).exists()


def test_lists_give_claims_the_room_and_the_phone_sees_every_control(
    browser, page, live_server, sign_in, screenshot, editor_user, demo_sources
):
    troops, guarantor = demo_sources
    # The queue holds this one suggestion (processing suggested its own: set aside).
    ClaimLink.objects.filter(origin=ClaimLink.Origin.AUTOMATIC).delete()
    open_link = suggestion(
        troops.claims.order_by("start").last(),
        guarantor.claims.order_by("start").last(),
        relation="conflict",
        note="",
    )
    sign_in(page, editor_user.username, "a-long-password")

    page.goto(f"{live_server.url}/admin/claims/claim/")
    table = page.locator("#result_list")
    claim_cell = page.locator("#result_list td.field-claim_display").first
    _view(page, "review-claims-list-1366")
    assert _width(claim_cell) >= 0.5 * _width(table), (_width(claim_cell), _width(table))

    page.goto(f"{live_server.url}/admin/claims/claimlink/?status=suggested")
    _view(page, "review-queue-1366")
    table = page.locator("#result_list")
    first, second = (
        page.locator("#result_list td.field-claim_a_display").first,
        page.locator("#result_list td.field-claim_b_display").first,
    )
    assert _width(first) + _width(second) >= 0.5 * _width(table)
    expect(first.locator(".claim-paragraph")).to_be_visible()
    expect(second.locator(".claim-paragraph")).to_be_visible()
    # Nothing hides behind a horizontal scroll.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    # One click decides a row, and one click takes it back.
    page.get_by_role("button", name=f"Confirm link {open_link.pk}").click()
    expect(page.locator("#queue-message")).to_contain_text("confirmed as conflict")
    open_link.refresh_from_db()
    assert open_link.status == ClaimLink.Status.CONFIRMED
    page.click("#queue-undo")
    expect(page.locator("#queue-message")).to_contain_text("is back among the suggestions")
    open_link.refresh_from_db()
    assert open_link.status == ClaimLink.Status.SUGGESTED

    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        mobile = phone.new_page()
        mobile.set_default_timeout(15000)
        mobile.goto(f"{live_server.url}/admin/login/")
        mobile.fill("#id_username", editor_user.username)
        mobile.fill("#id_password", "a-long-password")
        mobile.click("input[type=submit]")
        mobile.wait_for_url(f"{live_server.url}/admin/")

        def fits(where: str) -> None:
            width = mobile.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{where} is {width} px wide on a 390 px phone"

        claim = guarantor.claims.order_by("start").first()
        for candidate in guarantor.claims.order_by("start"):
            mobile.goto(f"{live_server.url}/admin/claims/claim/{candidate.pk}/change/")
            if mobile.locator("#related .button-conflict").count():
                claim = candidate
                break
        fits("the claim page")
        mobile.locator("#related").scroll_into_view_if_needed()
        for button in (".button-agree", ".button-conflict"):
            box = mobile.locator(f"#related {button}").first.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (button, box)
        screenshot(mobile, "review-claim-page-390")
        _view(mobile, "review-claim-page-related-390")
        assert claim is not None

        mobile.goto(f"{live_server.url}/admin/claims/claimlink/?status=suggested")
        fits("the links queue")
        expect(mobile.locator("#result_list td.field-claim_b_display").first).to_be_visible()
        box = mobile.locator("#result_list td.field-claim_b_display").first.bounding_box()
        assert box["x"] + box["width"] <= 390
        _view(mobile, "review-queue-390")

        mobile.goto(f"{live_server.url}/admin/claims/claim/review/?source={guarantor.pk}")
        fits("the review mode")
        for control in ("#review-accept", "#review-reject", "#review-next"):
            box = mobile.locator(control).bounding_box()
            assert box["x"] + box["width"] <= 390, (control, box)
        screenshot(mobile, "review-claim-390")
    finally:
        phone.close()
