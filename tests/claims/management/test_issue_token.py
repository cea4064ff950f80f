"""manage.py issue_token."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token


def issue(*args) -> str:
    out = StringIO()
    call_command("issue_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_issue_token_prints_a_working_token_and_keeps_it(editor_user, anonymous_api):
    key = issue(editor_user.username)
    assert key == Token.objects.get(user=editor_user).key
    assert issue(editor_user.username) == key
    anonymous_api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert anonymous_api.get("/api/claims/").status_code == 200


def test_issue_token_reset_replaces_the_old_token(researcher_user):
    old = issue(researcher_user.username)
    new = issue(researcher_user.username, "--reset")
    assert new != old
    assert not Token.objects.filter(key=old).exists()


def test_issue_token_refuses_unknown_inactive_and_roleless_users(db):
    User = get_user_model()
    User.objects.create_user("nobody")
    User.objects.create_user("gone", is_active=False)
    for username, message in [("ghost", "No user"), ("gone", "inactive"), ("nobody", "neither")]:
        with pytest.raises(CommandError, match=message):
            issue(username)
    assert not Token.objects.exists()
