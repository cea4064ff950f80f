"""Editors' services not covered elsewhere: entity merge."""

import pytest

from claims.entities.services import entity_merge
from claims.models import Claim, Entity, EntityAlias
from tests.factories import EntityAliasFactory, EntityFactory, MentionFactory

pytestmark = pytest.mark.django_db


def test_merge_moves_mentions_and_aliases_and_marks_the_claims_changed():
    survivor = EntityFactory(name="Kazakhstan")
    duplicate = EntityFactory(name="Republic of Kazakhstan")
    EntityAliasFactory(entity=duplicate, text="Qazaqstan", normalized="qazaqstan")
    capital = EntityAliasFactory(text="Akmolinsk", normalized="akmolinsk", metonym_for=duplicate)
    mention = MentionFactory(entity=duplicate)
    before = Claim.objects.get(pk=mention.claim_id).updated_at

    entity_merge(survivor=survivor, others=[duplicate])

    mention.refresh_from_db()
    assert mention.entity == survivor
    assert not Entity.objects.filter(pk=duplicate.pk).exists()
    assert EntityAlias.objects.get(normalized="qazaqstan").entity == survivor
    # The merged name stays findable, and the capital now stands for the survivor.
    assert EntityAlias.objects.get(normalized="republic of kazakhstan").entity == survivor
    capital.refresh_from_db()
    assert capital.metonym_for == survivor
    # Clients syncing with updated_since see the claim again.
    assert Claim.objects.get(pk=mention.claim_id).updated_at > before
