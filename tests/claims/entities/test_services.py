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

    def test_plural_demonyms_and_a_country_first_named_by_one_are_the_country(self):
        source = self.process(
            "Students abroad\n\n"
            "Indians made up the largest group of foreign students in 2023, the agency said. "
            "Ecuadorean officials said the programme would grow, and Ecuador paid for it."
        )
        assert self.entity_of(source, "Indians") == Entity.objects.get(aliases__normalized="india")
        ecuador = self.entity_of(source, "Ecuadorean")
        assert ecuador == self.entity_of(source, "Ecuador")
        assert (ecuador.name, ecuador.kind) == ("Ecuador", Entity.Kind.GPE)

    def test_a_surname_after_a_name_with_a_suffix_is_the_person_in_the_next_article(self):
        self.process(
            "Prosecutor speaks\n\n"
            "U.S. Attorney James P. Whitfield Jr. said the case would go to trial in May 2024."
        )
        source = self.process(
            "Trial date set\n\nMr. Whitfield told reporters the trial would start in May 2024."
        )
        assert self.entity_of(source, "Whitfield").name == "James P. Whitfield Jr."

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


@pytest.mark.django_db
class TestNamesUnifiedAcrossArticles:
    """What an editor sees on a claim: the entity each name in it stands for."""

    def process(self, text: str) -> Source:
        source = source_create(content=text)
        process_source.delay(source.pk)
        source.refresh_from_db()
        return source

    def names(self, source: Source, surface: str) -> set[str]:
        return {
            m.entity.name
            for m in Mention.objects.select_related("entity").filter(
                claim__source=source, text=surface
            )
        }

    def all_names(self, source: Source) -> set[str]:
        return set(
            Mention.objects.filter(claim__source=source).values_list("entity__name", flat=True)
        )

    def test_a_capital_that_acts_or_is_a_party_is_its_state(self):
        source = self.process(
            "Steppe diplomacy\n\n"
            "The Moscow-led bloc sent engineers to Tajikistan in January 2023. "
            "Kazakhstan signed a grain deal with Moscow in 2022, the ministry said. "
            "The European Union imposed sanctions on Beijing over the camps in 2021. "
            "Beijing and Washington have traded accusations over the islands since 2020. "
            "Jakarta announced a new export ban on nickel ore in 2020."
        )
        assert self.names(source, "Moscow") == {"Russia"}
        assert self.names(source, "Beijing") == {"China"}
        assert self.names(source, "Washington") == {"United States"}
        assert self.names(source, "Jakarta") == {"Indonesia"}

    def test_a_capital_as_a_place_stays_the_city(self):
        source = self.process(
            "A summit week\n\n"
            "The Kazakh delegation flew to Beijing for the summit in May 2023. "
            "Thousands of protesters marched through the streets of Washington in June 2023. "
            "The forum took place in Moscow in March 2023, according to the organisers."
        )
        assert self.names(source, "Beijing") == {"Beijing"}
        assert self.names(source, "Washington") == {"Washington"}
        assert self.names(source, "Moscow") == {"Moscow"}

    def test_british_and_american_spellings_name_one_entity(self):
        first = self.process(
            "Alliance drills\n\n"
            "Kyrgyzstan hosted drills of the Collective Security Treaty Organisation in 2022."
        )
        second = self.process(
            "Alliance budget\n\n"
            "Members of the Collective Security Treaty Organization raised its budget by 12% in 2023."
        )
        (british,) = self.names(first, "the Collective Security Treaty Organisation")
        (american,) = self.names(second, "the Collective Security Treaty Organization")
        assert british == american
        assert Entity.objects.filter(name__startswith="Collective Security").count() == 1

    def test_a_surname_alone_names_the_one_person_the_corpus_knows(self):
        self.process(
            "A state visit\n\nChinese leader Xi Jinping arrived in Astana on Tuesday, 13 May 2024."
        )
        later = self.process(
            "Trade figures\n\nXi said trade with Kazakhstan grew by 30% in 2023, officials said."
        )
        assert self.names(later, "Xi") == {"Xi Jinping"}

    def test_a_surname_two_known_people_share_stays_apart(self):
        self.process("Court news\n\nJudge Aliya Nurlanova ruled on the case in April 2023.")
        self.process("Budget news\n\nMinister Dana Nurlanova presented the budget in May 2023.")
        later = self.process("A statement\n\nNurlanova said the figures were wrong in June 2023.")
        assert self.names(later, "Nurlanova") <= {"Nurlanova"}
        assert not {"Aliya Nurlanova", "Dana Nurlanova"} & self.all_names(later)

    def test_fragments_are_not_entities(self):
        source = self.process(
            "Bloc summit\n\n"
            "Leaders met at the Shanghai Cooperation Organisation (SCO summit in Samarkand in 2022. "
            "The 201st base in Tajikistan hosts 7,000 Russian soldiers, the ministry said in 2023. "
            "Learn more about Defence in the Third report on Kyrgyzstan, published in 2023."
        )
        names = self.all_names(source)
        assert "Shanghai Cooperation Organisation" in names
        assert not {"201st", "Third", "Learn", "Defence"} & names
        assert not any("(" in name for name in names)

    def test_a_common_word_an_editor_made_an_alias_stays_an_entity(self):
        ministry = EntityFactory(name="Ministry of Defense of Kyrgyzstan", kind="ORG")
        EntityAliasFactory(entity=ministry, text="Defence", normalized="defense", origin="curated")
        source = self.process(
            "A procurement\n\nLearn more about Defence in the report on Kyrgyzstan from 2023."
        )
        assert self.names(source, "Defence") == {"Ministry of Defense of Kyrgyzstan"}
