"""Claim quality: structure fields, canonical entities, texts the pipeline cannot read."""

import pytest

from claims.models import Entity, Mention
from claims.nlp import pipeline as nlp
from claims.nlp.extract import extract_claims
from claims.nlp.readability import assess_readability
from claims.processing.tasks import process_source
from common.text import normalize_date
from sources.models import Source
from sources.services import source_create


def claim_for(text: str, prefix: str = ""):
    claims = extract_claims(nlp.parse(text))
    return next(c for c in claims if c.text.startswith(prefix))


class TestStructure:
    def test_subject_predicate_and_object(self):
        claim = claim_for("Headline about trade\n\nChina signed a trade agreement with Kazakhstan.")
        assert claim.subject == "China"
        assert claim.predicate == "sign"
        assert claim.object == "a trade agreement with Kazakhstan"

    def test_negation(self):
        claim = claim_for("Headline about trade\n\nKazakhstan did not recognise the two republics.")
        assert claim.is_negated
        assert not claim_for("Headline\n\nKazakhstan recognised the two republics.").is_negated

    @pytest.mark.parametrize(
        "sentence",
        [
            "Russia may withdraw its troops from Tajikistan next year.",
            "Russia could withdraw its troops from Tajikistan next year.",
            "Russia has reportedly withdrawn its troops from Tajikistan.",
            "Russia appears to be withdrawing its troops from Tajikistan.",
        ],
    )
    def test_hedging(self, sentence):
        claim = claim_for(f"Headline\n\n{sentence}", "Russia")
        assert claim.is_hedged
        assert "-0.10 hedged" in claim.reasons

    @pytest.mark.parametrize(
        ("sentence", "speaker"),
        [
            ("Tokayev said Kazakhstan would stay neutral.", "Tokayev"),
            (
                '"Kazakhstan will stay neutral," said Dana Ospanova, a researcher in Aktau.',
                "Dana Ospanova, a researcher in Aktau",
            ),
            (
                "Kazakhstan will stay neutral, according to the Foreign Ministry.",
                "the Foreign Ministry",
            ),
        ],
    )
    def test_speaker_when_attributed(self, sentence, speaker):
        claim = claim_for(f"Headline\n\n{sentence}", sentence[:5])
        assert claim.speaker == speaker
        assert "+0.10 attributed to a speaker" in claim.reasons

    def test_quantities_with_units_and_currencies(self):
        claim = claim_for(
            "Headline\n\nRussia sent 2,000 paratroopers and $40 million of aid to Kazakhstan, "
            "a rise of 15 percent.",
            "Russia",
        )
        by_text = {q["text"]: q for q in claim.quantities}
        assert by_text["2,000"]["value"] == 2000 and by_text["2,000"]["unit"] == "paratrooper"
        assert by_text["$40 million"]["value"] == 40e6 and by_text["$40 million"]["unit"] == "USD"
        assert by_text["15 percent"]["value"] == 15 and by_text["15 percent"]["unit"] == "%"

    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("7 January 2022", "2022-01-07"),
            ("January 2022", "2022-01"),
            ("2021", "2021"),
            ("Tuesday", None),
        ],
    )
    def test_dates_are_normalised_as_precisely_as_stated(self, text, value):
        assert normalize_date(text) == value

    def test_wire_dateline_is_not_part_of_the_claim(self):
        text = (
            "Deal reached in Dubai\n\n"
            "DUBAI, Dec 13 (Meridian Wire) - Nearly 200 countries at the COP28 summit in the "
            "United Arab Emirates agreed to move away from fossil fuels."
        )
        claim = claim_for(text, "Nearly")
        assert claim.text.startswith("Nearly 200 countries")
        assert text[claim.start : claim.end] == claim.text

    def test_headline_without_a_known_name_is_still_a_claim(self):
        claims = extract_claims(
            nlp.parse("COP28 deal calls on nations to quit fossil fuels\n\nText.")
        )
        assert claims[0].text == "COP28 deal calls on nations to quit fossil fuels"


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


class TestReadability:
    def test_english_article_reads_well(self):
        assert (
            assess_readability(
                "Russia sent troops to Kazakhstan.\n\nIt was a first.", language="en"
            )
            == ""
        )

    def test_other_language_is_noted(self):
        note = assess_readability("El gobierno anunció un plan.", language="es")
        assert "Spanish" in note

    def test_list_of_links_is_noted(self):
        body = "Climate\n\n" + "\n\n".join(f"Headline number {n} about floods" for n in range(12))
        assert "list of links" in assess_readability(body, language="en")

    def test_transcript_without_punctuation_is_noted(self):
        body = " ".join(["and then the minister said that russia would send more troops"] * 20)
        assert "no punctuation" in assess_readability(body, language="en")

    @pytest.mark.django_db
    def test_unreadable_source_gets_a_note_and_no_proposals(self):
        source = source_create(
            content="México anuncia un plan\n\nEl gobierno de México anunció este lunes un "
            "nuevo plan económico para la región, según fuentes oficiales."
        )
        process_source.delay(source.pk)
        source.refresh_from_db()
        assert source.language == "es"
        assert source.status == Source.Status.DONE
        assert "Spanish" in source.processing_note
        assert source.claims.count() == 0
