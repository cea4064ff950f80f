"""Entities in the database: the names an article mentions resolve to canonical entities;
editors merge duplicates."""

import pytest

from claims.entities.services import (
    EntityMentionedError,
    entities_resolve,
    entity_delete,
    entity_merge,
    entity_update,
)
from claims.models import Claim, Entity, EntityAlias, Mention
from claims.nlp.extract import CandidateMention
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


class TestEntityDelete:
    def test_an_entity_claims_mention_is_refused_and_nothing_changes(self, editor_user):
        russia = EntityFactory(name="Russia")
        EntityAliasFactory(entity=russia, text="the Kremlin", origin=EntityAlias.Origin.CURATED)
        accepted = MentionFactory(entity=russia, claim__status=Claim.Status.ACCEPTED).claim
        MentionFactory(entity=russia, claim=accepted, start=3, end=9)  # twice in one claim
        proposed = MentionFactory(entity=russia).claim
        before = {c.pk: c.updated_at for c in Claim.objects.all()}

        with pytest.raises(EntityMentionedError) as excinfo:
            entity_delete(entities=[russia], user=editor_user)

        assert excinfo.value.claim_counts == {russia: 2}
        assert excinfo.value.messages == [
            "Russia cannot be deleted: 2 claim(s) mention it. "
            "Merge it into the entity it duplicates instead."
        ]
        assert Mention.objects.filter(entity=russia).count() == 3
        assert EntityAlias.objects.filter(entity=russia, normalized="the kremlin").exists()
        assert {c.pk: c.updated_at for c in Claim.objects.all()} == before
        assert {accepted.pk, proposed.pk} == set(russia.claims.values_list("pk", flat=True))

    def test_one_mentioned_entity_among_several_refuses_them_all(self):
        unused, named = EntityFactory(name="Unused"), EntityFactory(name="Named")
        MentionFactory(entity=named)
        with pytest.raises(EntityMentionedError):
            entity_delete(entities=[unused, named])
        assert Entity.objects.filter(pk__in=[unused.pk, named.pk]).count() == 2

    def test_an_entity_no_claim_mentions_is_deleted_with_its_aliases_and_a_tombstone(
        self, editor_user
    ):
        typo = EntityFactory(name="Kazakstan")
        EntityAliasFactory(entity=typo, text="Kazakstan")
        assert entity_delete(entities=[typo], user=editor_user) == 1
        assert not Entity.objects.filter(pk=typo.pk).exists()
        assert not EntityAlias.objects.filter(normalized="kazakstan").exists()
        tombstone = Entity.history.get(id=typo.pk, history_type="-")
        assert tombstone.history_user == editor_user


def test_renaming_an_entity_marks_the_claims_naming_it_changed():
    entity = EntityFactory(name="Kazakstan")
    named, other = MentionFactory(entity=entity).claim, MentionFactory().claim
    before = {c.pk: c.updated_at for c in Claim.objects.all()}
    entity.description = "A country in Central Asia."
    entity_update(entity=entity, fields=["description"])
    assert {c.pk: c.updated_at for c in Claim.objects.all()} == before
    entity.name = "Kazakhstan"
    entity_update(entity=entity, fields=["name"])
    after = {c.pk: c.updated_at for c in Claim.objects.all()}
    assert after[named.pk] > before[named.pk]
    assert after[other.pk] == before[other.pk]


def person(name: str) -> CandidateMention:
    key = name.casefold()
    return CandidateMention(text=name, label="PERSON", start=0, end=len(name), key=key, name=name)


def test_thousands_of_new_surnames_resolve_in_one_batch():
    # One OR-ed condition per surname: SQLite refuses more than 1,000 in one query.
    names = [f"Surname{n}" for n in range(1_500)]
    resolved = entities_resolve([person(name) for name in names])
    assert len({entity.pk for entity in resolved.values()}) == 1_500
    assert Entity.objects.filter(name__startswith="Surname").count() == 1_500


def test_new_names_past_the_limit_get_no_entity():
    known = EntityFactory(name="Aigerim Bekova", kind="PERSON")
    EntityAliasFactory(entity=known, text="Aigerim Bekova", normalized="aigerim bekova")
    mentions = [person(f"Delegate{n}") for n in range(30)] + [person("Aigerim Bekova")]
    resolved = entities_resolve(mentions, max_new=10)
    assert Entity.objects.filter(name__startswith="Delegate").count() == 10
    assert {key for key, _, _ in resolved} == {f"delegate{n}" for n in range(10)} | {
        "aigerim bekova"
    }
    assert resolved[("aigerim bekova", "Aigerim Bekova", False)] == known
