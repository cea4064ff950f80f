"""The demo as `make demo` sets it up: accounts, processed articles, linked pairs, the admin."""

import html
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from claims.models import Claim

# Real commits, as in `make demo`: each article is processed as its source commits,
# before demo_setup links the claims.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_editor(client):
    call_command("demo_setup", stdout=io.StringIO(), stderr=io.StringIO())
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "demo-editor-password"}
    )
    assert response.status_code == 302, "the demo editor's password signs in"
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


def test_demo_links_the_pairs_its_readme_lists(client, demo_editor):
    from django.db.models import Q

    from claims.management.commands.demo_setup import DEMO, readme_pairs
    from claims.models import ClaimLink

    pairs = readme_pairs((DEMO / "README.md").read_text(encoding="utf-8"))
    assert len(pairs) == 20
    # Every pair is linked with its relation: by the editor, or on the machine's own
    # suggestion of it, which the editor confirmed (the last few are left to review).
    decided = 0
    for relation, quote_a, quote_b, _ in pairs:
        link = ClaimLink.objects.get(
            Q(claim_a__text__contains=quote_a, claim_b__text__contains=quote_b)
            | Q(claim_a__text__contains=quote_b, claim_b__text__contains=quote_a)
        )
        if link.status == "confirmed":
            assert link.relation == relation, (quote_a, quote_b)
            assert link.reviewed_by.username == "editor"
            decided += 1
    assert decided == 16
    # Each pair's claims were accepted, as the editor linking them would have; only those.
    linked = set()
    for _, quote_a, quote_b, _ in pairs:
        for quote in (quote_a, quote_b):
            linked.add(Claim.objects.filter(text__contains=quote).order_by("pk").first().pk)
    accepted = Claim.objects.filter(status=Claim.Status.ACCEPTED)
    assert set(accepted.values_list("pk", flat=True)) == linked
    assert {claim.reviewed_by for claim in accepted} == {demo_editor}
    conflict = ClaimLink.objects.filter(relation="conflict", status="confirmed").first()
    # The researcher's view lists the sets the confirmed conflicts made.
    response = client.get("/")
    assert response.status_code == 200
    assert f"/claim-sets/{conflict.claim_a.claim_set_id}/" in response.content.decode()
