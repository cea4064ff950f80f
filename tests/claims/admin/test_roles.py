"""Roles in the admin: researchers read everything and change nothing; editors do it all."""

import pytest
from django.urls import reverse

from claims.linking.services import claim_link_create
from claims.models import Claim, ClaimLink, ClaimSet, Entity
from sources.models import Source
from tests.factories import ClaimFactory, EntityFactory, MentionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    a, b, c = ClaimFactory(), ClaimFactory(), ClaimFactory()
    entity = EntityFactory(name="Collective Security Treaty Organization")
    for claim in (a, b):
        MentionFactory(claim=claim, entity=entity)
    confirmed = claim_link_create(claim_a=a, claim_b=b, relation="conflict", status="confirmed")
    suggested = claim_link_create(claim_a=b, claim_b=c, relation="agree")
    return {
        "claim": a,
        "other": c,
        "source": a.source,
        "entity": entity,
        "confirmed": confirmed,
        "suggested": suggested,
        "claim_set": ClaimSet.objects.get(),
    }


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


MODELS = [Source, Claim, ClaimLink, ClaimSet, Entity]


@pytest.mark.parametrize("model", MODELS)
def test_researcher_sees_lists_without_actions_or_add_button(researcher_client, world, model):
    response = researcher_client.get(changelist(model))
    assert response.status_code == 200
    assert response.context["action_form"] is None
    assert response.context["has_add_permission"] is False


@pytest.mark.parametrize("key", ["source", "claim", "confirmed", "claim_set", "entity"])
def test_researcher_gets_read_only_pages(researcher_client, world, key):
    response = researcher_client.get(change_url(world[key]))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="_save"' not in content
    assert response.context["has_change_permission"] is False
    assert not response.context.get("can_link")
    assert 'id="add-link-form"' not in content and "button-conflict" not in content


def test_researcher_cannot_post_changes_anywhere(researcher_client, world):
    claim, link = world["claim"], world["suggested"]
    posts = [
        (change_url(claim), {"status": "accepted"}),
        (change_url(world["claim_set"]), {"title": "Renamed"}),
        (
            reverse("admin:claims_claim_link", args=[claim.pk]),
            {"other": world["other"].pk, "relation": "agree", "status": "confirmed"},
        ),
        (reverse("admin:claims_claimlink_delete", args=[link.pk]), {"post": "yes"}),
        (reverse("admin:sources_source_add"), {"text": "Russia sent troops to Kazakhstan."}),
    ]
    for url, data in posts:
        assert researcher_client.post(url, data).status_code == 403, url
    actions = [
        (Claim, "accept_claims", claim.pk),
        (ClaimLink, "confirm_links", link.pk),
        (Entity, "merge_entities", world["entity"].pk),
        (Source, "process_again", world["source"].pk),
    ]
    for model, action, pk in actions:
        researcher_client.post(changelist(model), {"action": action, "_selected_action": [pk]})
    claim.refresh_from_db()
    link.refresh_from_db()
    world["claim_set"].refresh_from_db()
    assert claim.status == "proposed" and link.status == "suggested"
    assert world["claim_set"].title == ""
    assert ClaimLink.objects.count() == 2 and Source.objects.count() == 3


def test_researcher_reads_history_but_cannot_revert(researcher_client, world):
    claim = world["claim"]
    response = researcher_client.get(reverse("admin:claims_claim_history", args=[claim.pk]))
    assert response.status_code == 200
    version = claim.history.first()
    form = researcher_client.get(
        reverse("admin:claims_claim_simple_history", args=[claim.pk, version.history_id])
    )
    assert form.status_code == 200
    assert "Revert" not in form.content.decode()


@pytest.mark.parametrize("model", [Source, Claim, ClaimLink, Entity])
def test_editor_gets_actions_on_every_list_with_any(editor_client, world, model):
    response = editor_client.get(changelist(model))
    assert response.context["action_form"] is not None


def test_editor_gets_the_link_form_and_related_claim_buttons(editor_client, world):
    content = editor_client.get(change_url(world["claim"])).content.decode()
    assert 'id="add-link-form"' in content
    assert 'name="_save"' in content
