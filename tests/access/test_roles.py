"""access/roles.py: the one rule of who may read and who may write."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group

from access.roles import EDITORS, RESEARCHERS, may_read, may_write

pytestmark = pytest.mark.django_db


def _user(name: str, *, group: str | None = None, **fields):
    user = get_user_model().objects.create_user(username=name, password="pw", **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def test_editors_read_and_write_researchers_only_read():
    editor, researcher = _user("e", group=EDITORS), _user("r", group=RESEARCHERS)
    assert (may_read(editor), may_write(editor)) == (True, True)
    assert (may_read(researcher), may_write(researcher)) == (True, False)


def test_a_superuser_counts_as_an_editor():
    boss = _user("boss", is_superuser=True)
    assert may_read(boss) and may_write(boss)


def test_staff_without_a_role_and_anonymous_visitors_do_neither(settings):
    settings.TRACKER_PUBLIC = False
    staff = _user("staff", is_staff=True)
    for user in (staff, AnonymousUser()):
        assert (may_read(user), may_write(user)) == (False, False)


def test_an_inactive_editor_does_neither():
    gone = _user("gone", group=EDITORS, is_active=False)
    assert (may_read(gone), may_write(gone)) == (False, False)


def test_public_mode_lets_anyone_read_and_no_one_more_write(settings):
    settings.TRACKER_PUBLIC = True
    assert may_read(AnonymousUser())
    assert not may_write(AnonymousUser())
    assert not may_write(_user("r", group=RESEARCHERS))
