"""A claim's structure fields: subject, predicate, object, negation, hedging, speaker,
quantities and dates."""

import pytest

from claims.nlp import pipeline as nlp
from claims.nlp.extract import extract_claims
from claims.nlp.structure import sentence_structure
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


class TestPronounSpeakers:
    """A pronoun speaker is the person it refers to, by name, or nobody: never "he, in …"."""

    def speakers(self, text: str) -> dict[str, str]:
        """Each claim's speaker, by the claim's first 20 characters."""
        return {c.text[:20]: c.speaker for c in extract_claims(nlp.parse(text))}

    def test_he_takes_the_person_named_before_in_his_fullest_form(self):
        speakers = self.speakers(
            "Headline\n\nPresident Xi Jinping arrived in Astana on Tuesday for talks.\n\n"
            "He said, in a speech to the parliament, that China would double its investment."
        )
        assert speakers["He said, in a speech"] == "Xi Jinping"

    def test_a_name_quoted_in_the_sentence_is_not_the_speaker(self):
        speakers = self.speakers(
            "Headline\n\nThe analyst Dana Ospanova has studied the alliance for a decade.\n\n"
            '"Tokayev now owes Moscow a debt, and it will be collected," she said.'
        )
        assert speakers['"Tokayev now owes Mo'] == "Dana Ospanova"

    def test_two_people_acting_nearby_leave_the_speaker_empty(self):
        parsed = nlp.parse(
            "Headline\n\nThe analyst Marat Yessenov spoke first in Almaty. "
            "Helena Kruger answered him at once.\n\nShe said the two capitals would sign a grain agreement by March."
        )
        assert sentence_structure(parsed, parsed.sentences[-1])["speaker"] == ""

    def test_they_and_no_earlier_person_leave_it_empty(self):
        parsed = nlp.parse(
            "Headline\n\nThey said the border crossing at Khorgos would reopen in March.\n\n"
            "Officials met in Astana. He said the grain deal would be signed within a month."
        )
        they, he = parsed.sentences[1], parsed.sentences[-1]
        assert parsed.text[he.start :].startswith("He said")
        assert sentence_structure(parsed, they)["speaker"] == ""
        assert sentence_structure(parsed, he)["speaker"] == ""
