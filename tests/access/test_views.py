"""/accounts/token/: researchers and editors issue their own API token; the admin's token
list is for administrators (superusers) only."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PAGE = "/accounts/token/"


def api_status(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/claims/").status_code


@pytest.mark.parametrize("role", ["researcher", "editor"])
def test_a_reader_creates_sees_and_replaces_their_own_token(request, role):
    client = request.getfixturevalue(f"{role}_client")
    user = request.getfixturevalue(f"{role}_user")
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "You have no token yet." in page.content.decode()

    assert client.post(PAGE).status_code == 302
    key = Token.objects.get(user=user).key
    page = client.get(PAGE).content.decode()
    assert (
        f'value="{key}"' in page and f"as you, {'an' if role == 'editor' else 'a'} {role}" in page
    )
    assert api_status(key) == 200

    client.post(PAGE, {"replace": "1"})
    new_key = Token.objects.get(user=user).key
    assert new_key != key
    assert (api_status(key), api_status(new_key)) == (401, 200)


def test_the_page_is_linked_from_the_view_and_the_admin(researcher_client):
    assert 'href="/accounts/token/"' in researcher_client.get("/").content.decode()
    assert 'href="/accounts/token/"' in researcher_client.get("/admin/").content.decode()


def test_anonymous_visitors_sign_in_first_and_users_without_a_role_are_refused(client, db):
    assert client.get(PAGE)["Location"].startswith("/accounts/login/")
    nobody = get_user_model().objects.create_user("nobody", password="a-long-password")
    client.force_login(nobody)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE).status_code == 403
    assert not Token.objects.exists()


def test_only_administrators_manage_every_token_in_the_admin(editor_client, client, editor_user):
    tokens = "/admin/authtoken/tokenproxy/"
    assert editor_client.get(tokens).status_code == 403
    admin = get_user_model().objects.create_superuser("admin", password="a-long-password")
    client.force_login(admin)
    Token.objects.create(user=editor_user)
    assert editor_user.username in client.get(tokens).content.decode()
