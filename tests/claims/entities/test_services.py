"""Entities in the database: the names an article mentions resolve to canonical entities;
editors merge duplicates."""

import pytest

from claims.entities.services import entity_merge
from claims.models import Claim, Entity, EntityAlias, Mention
from claims.processing.tasks import process_source
from sources.models import Source
from sources.services import source_create
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


@pytest.mark.django_db
class TestCanonicalEntities:
    def process(self, text: str) -> Source:
        source = source_create(content=text)
        process_source.delay(source.pk)
        source.refresh_from_db()
        return source

    def entity_of(self, source: Source, surface: str) -> Entity:
        return (
            Mention.objects.select_related("entity").get(claim__source=source, text=surface).entity
        )

    def test_kremlin_and_demonyms_stand_for_the_state(self):
        source = self.process(
            "Russia and its neighbours\n\n"
            "The Kremlin said the exercises with Tajikistan were routine. "
            "Russian troops stayed in Tajikistan after the drills, officials said."
        )
        russia = Entity.objects.get(aliases__normalized="russia")
        assert self.entity_of(source, "Kremlin") == russia
        assert self.entity_of(source, "Russian") == russia

    def test_capital_acting_is_the_state_and_capital_as_a_place_is_the_city(self):
        source = self.process(
            "Moscow and Astana\n\n"
            "Moscow said it would send more instructors to Kazakhstan in 2023. "
            "The talks took place in Moscow in March 2023, according to the ministry."
        )
        mentions = list(
            Mention.objects.filter(claim__source=source, text="Moscow").select_related("entity")
        )
        assert {m.entity.name for m in mentions} == {"Russia", "Moscow"}

    def test_acronym_by_initials_and_short_name_of_an_organisation(self):
        source = self.process(
            "Central bank cuts rates\n\n"
            "The European Central Bank cut its main rate on Thursday. "
            "The ECB said inflation in the euro area would fall in 2025. "
            "The European Court of Human Rights ruled against Switzerland in April. "
            "The European Court said Switzerland had failed to act."
        )
        assert self.entity_of(source, "ECB") == self.entity_of(source, "The European Central Bank")
        assert self.entity_of(source, "The European Court") == self.entity_of(
            source, "The European Court of Human Rights"
        )

    def test_curated_alias_added_by_an_editor_is_used_by_the_next_article(self):
        from claims.models import EntityAlias

        kazakhstan = Entity.objects.get(aliases__normalized="kazakhstan")
        EntityAlias.objects.create(
            entity=kazakhstan, text="Akorda palace", normalized="akorda palace", origin="curated"
        )
        source = self.process(
            "A palace statement\n\nThe Akorda Palace announced a referendum for 2024, aides said."
        )
        assert self.entity_of(source, "The Akorda Palace") == kazakhstan
