"""The browser set-up itself: Chromium starts, an editor signs in to the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from access.roles import EDITORS

# Real commits; tests/conftest.py puts the roles back after each flush.
pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_signs_in_to_the_admin(page, live_server, sign_in, screenshot):
    user = get_user_model().objects.create_user("ed", password="a-long-password", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    sign_in(page, "ed", "a-long-password")
    assert page.locator("#site-name").is_visible()
    assert page.get_by_role("link", name="Claims", exact=True).first.is_visible()
    screenshot(page, "admin-index")
