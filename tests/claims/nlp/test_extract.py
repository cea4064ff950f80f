"""Extraction on hand-written paragraphs, through the real pipeline."""

import pytest

from claims.nlp import pipeline as nlp
from claims.nlp.extract import extract_claims

ARTICLE = (
    "Russia is losing Central Asia to China\n\n"
    "China traded 70 billion dollars with the five Central Asian states in 2022, "
    "according to Chinese customs data. "
    "Kazakhstan has refused to recognise the Russian-backed republics in Ukraine. "
    "Will Moscow accept that?\n\n"
    "President Kassym-Jomart Tokayev met Xi Jinping in Astana in September 2022. "
    "Tokayev said Kazakhstan would not help Russia evade sanctions. "
    "The Collective Security Treaty Organization (CSTO) may lose its purpose, "
    "analysts said. The CSTO did not respond.\n\n"
    "Subscribe now and read every story."
)


@pytest.fixture(scope="module")
def claims():
    return extract_claims(nlp.parse(ARTICLE))


def by_start(claims, prefix):
    return next(c for c in claims if c.text.startswith(prefix))


def test_every_claim_points_exactly_into_the_body(claims):
    assert claims
    for claim in claims:
        assert ARTICLE[claim.start : claim.end] == claim.text
        for mention in claim.mentions:
            assert ARTICLE[mention.start : mention.end] == mention.text
            assert claim.start <= mention.start < mention.end <= claim.end


def test_headline_and_assertions_are_proposed(claims):
    texts = [c.text for c in claims]
    assert texts[0] == "Russia is losing Central Asia to China"
    assert any(t.startswith("China traded 70 billion dollars") for t in texts)
    assert any(t.startswith("Kazakhstan has refused") for t in texts)
    assert any(t.startswith("Tokayev said Kazakhstan") for t in texts)


def test_questions_and_calls_to_action_are_not_proposed(claims):
    texts = " ".join(c.text for c in claims)
    assert "Will Moscow accept that?" not in texts
    assert "Subscribe now" not in texts


def test_surname_after_full_name_resolves_to_the_person(claims):
    claim = by_start(claims, "Tokayev said")
    tokayev = next(m for m in claim.mentions if m.text == "Tokayev")
    assert tokayev.key == "kassym jomart tokayev"
    assert tokayev.name == "Kassym-Jomart Tokayev"


def test_acronym_after_its_expansion_resolves_to_the_organisation(claims):
    claim = by_start(claims, "The CSTO did not respond")
    assert [m.key for m in claim.mentions] == ["collective security treaty organization"]
    assert claim.is_negated


def test_structure_of_an_attributed_claim(claims):
    claim = by_start(claims, "Tokayev said")
    assert claim.speaker == "Tokayev"
    assert claim.subject == "Kazakhstan"
    assert claim.predicate == "help"
    assert claim.is_negated


def test_quantities_dates_and_according_to(claims):
    claim = by_start(claims, "China traded")
    assert claim.speaker == "Chinese customs data"
    assert {
        "text": "70 billion dollars",
        "kind": "money",
        "value": 70e9,
        "unit": "USD",
    } in claim.quantities
    assert claim.dates == ({"text": "2022", "value": "2022"},)
    assert "+0.15 states a number" in claim.reasons


def test_hedged_claim_scores_lower_with_the_reason(claims):
    hedged = by_start(claims, "The Collective Security Treaty Organization")
    plain = by_start(claims, "President Kassym-Jomart Tokayev met")
    assert hedged.is_hedged
    assert "-0.10 hedged" in hedged.reasons
    assert hedged.score < plain.score


def test_title_case_headline_and_a_sentence_the_parser_split_are_whole_claims():
    text = (
        "In Dushanbe, Moscow and Beijing Present a Common Front on Afghanistan\n\n"
        "Leaders of the Shanghai Cooperation Organisation (SCO) gathered in Dushanbe on "
        "16–17 September for a summit marking the bloc's twentieth anniversary."
    )
    texts = [c.text for c in extract_claims(nlp.parse(text))]
    assert texts == [
        "In Dushanbe, Moscow and Beijing Present a Common Front on Afghanistan",
        text.split("\n\n")[1],
    ]
