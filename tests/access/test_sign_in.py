"""Both sign-in pages lock a user name out from an address after repeated wrong passwords."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SIGN_IN_PAGES = ["/admin/login/", "/accounts/login/"]
ATTACKER = "203.0.113.7"


@pytest.fixture(autouse=True)
def quick_password_checks(settings):
    """Dozens of sign-ins: a quick hasher, since what is tested is the count, not the hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client, url, username, password, address=ATTACKER, **headers):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)  # fmt: skip


def fail_until_locked(client, url, username):
    """Five wrong passwords: the form says so four times, the fifth locks."""
    for attempt in range(4):
        response = sign_in(client, url, username, f"guess-{attempt}")
        assert response.status_code == 200, attempt
    assert sign_in(client, url, username, "guess-4").status_code == 429


@pytest.mark.parametrize("url", SIGN_IN_PAGES)
def test_after_five_wrong_passwords_even_the_right_one_is_refused(client, editor_user, url):
    fail_until_locked(client, url, editor_user.username)
    response = sign_in(client, url, editor_user.username, "a-long-password")
    assert response.status_code == 429
    assert "Sign-in locked for now" in response.content.decode()
    assert "locked for 15 minutes" in response.content.decode()
    assert response["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("url", SIGN_IN_PAGES)
def test_the_lock_holds_one_name_from_one_address(client, editor_user, researcher_user, url):
    fail_until_locked(client, url, editor_user.username)
    # The same user from elsewhere, and another user from the same address, still sign in.
    assert sign_in(client, url, editor_user.username, "a-long-password", "198.51.100.2").status_code == 302  # fmt: skip
    client.logout()
    assert sign_in(client, url, researcher_user.username, "a-long-password").status_code == 302


def test_a_forged_x_forwarded_for_does_not_escape_the_lock(client, editor_user):
    fail_until_locked(client, "/accounts/login/", editor_user.username)
    response = sign_in(
        client, "/accounts/login/", editor_user.username, "a-long-password",
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )  # fmt: skip
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_lock_follows_the_forwarded_address(
    client, editor_user, settings
):
    settings.TRACKER_TRUSTED_PROXIES = 1
    proxy = "10.0.0.5"
    for attempt in range(5):
        sign_in(client, "/admin/login/", editor_user.username, f"guess-{attempt}", proxy,
                HTTP_X_FORWARDED_FOR=f"192.0.2.1, {ATTACKER}")  # fmt: skip
    locked = sign_in(client, "/admin/login/", editor_user.username, "a-long-password", proxy,
                     HTTP_X_FORWARDED_FOR=ATTACKER)  # fmt: skip
    assert locked.status_code == 429
    other = sign_in(client, "/admin/login/", editor_user.username, "a-long-password", proxy,
                    HTTP_X_FORWARDED_FOR="198.51.100.2")  # fmt: skip
    assert other.status_code == 302


def test_axes_reset_lifts_the_lock(client, editor_user):
    fail_until_locked(client, "/admin/login/", editor_user.username)
    assert sign_in(client, "/admin/login/", editor_user.username, "a-long-password").status_code == 429  # fmt: skip
    call_command("axes_reset", verbosity=0)
    assert sign_in(client, "/admin/login/", editor_user.username, "a-long-password").status_code == 302  # fmt: skip


def test_a_right_password_clears_the_count(client, editor_user):
    for attempt in range(4):
        sign_in(client, "/admin/login/", editor_user.username, f"guess-{attempt}")
    assert sign_in(client, "/admin/login/", editor_user.username, "a-long-password").status_code == 302  # fmt: skip
    client.logout()
    for attempt in range(4):
        sign_in(client, "/admin/login/", editor_user.username, f"guess-{attempt}")
    assert sign_in(client, "/admin/login/", editor_user.username, "a-long-password").status_code == 302  # fmt: skip
