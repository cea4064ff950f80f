"""The admin shows editors the proposed claims of processed articles."""

import html
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from claims.models import Claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_editor(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_setup", stdout=io.StringIO())
    assert client.login(username="editor", password="demo-editor-password")
    return get_user_model().objects.get(username="editor")


def test_demo_editor_sees_the_demo_articles_proposed_claims(client, demo_editor):
    claims = Claim.objects.filter(status=Claim.Status.PROPOSED)
    assert claims.values("source").distinct().count() == 10
    response = client.get("/admin/claims/claim/?status__exact=proposed")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    first = claims.first()  # the changelist's own order
    assert str(first) in page


def test_source_page_shows_status_and_claim_count(client, demo_editor):
    response = client.get("/admin/sources/source/")
    assert response.status_code == 200
    assert "Steppe Review" in response.content.decode()


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/admin/claims/claim/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
