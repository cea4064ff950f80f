"""An editor fixes what the machine missed, in a real browser: a claim from a selection in
the body, and a claim that swallowed a list trimmed on its page."""

import re

import pytest
from playwright.sync_api import expect

from claims.models import Claim
from tests.factories import ClaimFactory, SourceFactory

# Real commits; tests/conftest.py puts the roles back after each flush.
pytestmark = pytest.mark.django_db(transaction=True)

# Written for this test: an emoji and CJK before the selections, so offsets counted in
# UTF-16 units (as JavaScript counts) would land two characters off.
BODY = (
    "Rail across the steppe 🚆\n\n"
    "北京 and Astana signed a rail deal in 2023, the ministry said.\n\n"
    "Freight through Dostyk doubled within a year, café owners in Almaty say.\n"
    "• Rail links\n"
    "• Port upgrades"
)
MISSED = "北京 and Astana signed a rail deal in 2023, the ministry said."
SWALLOWED = "Freight through Dostyk doubled within a year, café owners in Almaty say."

# The screen rectangle of ``text`` inside the container ``selector``: the first
# character's left edge and the last one's right edge, at the middle of its line.
RECT_OF_TEXT = """([selector, text]) => {
  const box = document.querySelector(selector);
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  let node, nodes = [], all = "";
  while ((node = walker.nextNode())) { nodes.push([node, all.length]); all += node.data; }
  const at = all.indexOf(text);
  function point(offset, side) {
    for (const [n, begin] of nodes) {
      if (offset >= begin && offset < begin + n.data.length) {
        const range = document.createRange();
        range.setStart(n, offset - begin);
        range.setEnd(n, offset - begin + 1);
        const r = range.getBoundingClientRect();
        return [side === "left" ? r.left + 1 : r.right - 1, r.top + r.height / 2];
      }
    }
  }
  return [point(at, "left"), point(at + text.length - 1, "right")];
}"""


def drag_select(page, selector: str, text: str) -> None:
    """Select ``text`` in ``selector`` the way an editor does: press, drag, release."""
    page.locator(selector).scroll_into_view_if_needed()
    (x1, y1), (x2, y2) = page.evaluate(RECT_OF_TEXT, [selector, text])
    page.mouse.move(x1, y1)
    page.mouse.down()
    page.mouse.move(x2, y2, steps=8)
    page.mouse.up()


def test_editor_selects_a_missed_claim_and_trims_a_claim_that_swallowed_a_list(
    page, live_server, sign_in, screenshot, editor_user
):
    source = SourceFactory(body=BODY, title="Rail across the steppe")
    start = BODY.index(SWALLOWED)
    swallowed = ClaimFactory(source=source, start=start, end=len(BODY), text=BODY[start:])
    sign_in(page, editor_user.username, "a-long-password")

    page.goto(f"{live_server.url}/admin/sources/source/{source.pk}/change/")
    toolbar = page.locator("#selection-toolbar")
    expect(toolbar).to_be_hidden()
    drag_select(page, "#source-body", MISSED)
    expect(toolbar).to_be_visible()
    expect(toolbar.locator("[data-selection-preview]")).to_have_text(MISSED)
    screenshot(page, "admin-source-selection")
    page.click("#create-claim-from-selection")
    page.wait_for_url(re.compile(rf"/admin/sources/source/{source.pk}/change/"))
    expect(page.locator(".messagelist .success")).to_contain_text(f"Added the claim “{MISSED}”")
    added = Claim.objects.get(source=source, origin="editor")
    assert (added.text, BODY[added.start : added.end]) == (MISSED, MISSED)
    expect(page.locator("#source-body mark.claim--accepted")).to_have_text(MISSED)

    page.goto(f"{live_server.url}/admin/claims/claim/{swallowed.pk}/change/")
    drag_select(page, ".claim-context", SWALLOWED)
    expect(page.locator("#trim-start")).to_have_value(str(start))
    expect(page.locator("#trim-end")).to_have_value(str(start + len(SWALLOWED)))
    page.click("#trim-submit")
    expect(page.locator(".messagelist .success")).to_contain_text(
        f"The claim now reads “{SWALLOWED}”"
    )
    expect(page.locator(".claim-context mark.claim--current")).to_have_text(SWALLOWED)
    screenshot(page, "admin-claim-trimmed")
    swallowed.refresh_from_db()
    assert (swallowed.text, swallowed.is_edited) == (SWALLOWED, True)
    assert BODY[swallowed.start : swallowed.end] == SWALLOWED
