"""A claim's structure fields: subject, predicate, object, negation, hedging, speaker,
quantities and dates."""

import pytest

from claims.nlp import pipeline as nlp
from claims.nlp.extract import extract_claims
from common.text import normalize_date


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
