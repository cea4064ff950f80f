"""The browser set-up itself: Chromium starts, an editor signs in to the admin."""

import pytest

# Real commits; tests/conftest.py puts the roles back after each flush.
pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_signs_in_to_the_admin(page, live_server, sign_in, screenshot, editor_user):
    sign_in(page, editor_user.username, "a-long-password")
    assert page.locator("#site-name").is_visible()
    assert page.get_by_role("link", name="Claims", exact=True).first.is_visible()
    screenshot(page, "admin-index")
