"""Badly cut names mended before they are resolved, through the real spaCy pipeline.

Where the model makes the mistake itself, the test reads its own output; where it
makes it only on some pages, the model's parse is kept and its entity spans are set
by hand to the cut the model was seen to make.
"""

import dataclasses

import pytest

from claims.entities.spans import mend_entities
from claims.nlp import pipeline as nlp
from claims.nlp.extract import extract_claims
from claims.nlp.pipeline import EntitySpan, ParsedText

ARTICLE = (
    "Harbour town debates the future of a famous house\n\n"
    "The council bought the cottage in Frankfurt am Main last spring. "
    "Frankfurt has since paid for its repairs.\n\n"
    "Ms Lindqvist said the school would open in May. "
    "The letters were read by president Moon Jae-in during a visit.\n\n"
    "The talks ended the Afghan war, and intra-Afghan negotiations began soon after.\n\n"
    "Former U.S. envoy to the Ukraine Marie Yovanovitch spoke in Vienna on Friday. "
    "Yovanovitch said the talks would resume.\n\n"
    "The then UK Home Secretary, Sajid Javid, signed the order. "
    "Prices on the London Metal Exchange CMAL3 fell 2% on Monday."
)


@pytest.fixture(scope="module")
def mentions():
    claims = extract_claims(nlp.parse(ARTICLE))
    return [(m.text, m.key, m.label) for claim in claims for m in claim.mentions]


def test_every_mended_mention_points_exactly_into_the_text():
    claims = extract_claims(nlp.parse(ARTICLE))
    for claim in claims:
        for mention in claim.mentions:
            assert ARTICLE[mention.start : mention.end] == mention.text


def test_a_place_cut_at_its_connector_is_one_place_and_its_short_form_joins_it(mentions):
    assert ("Frankfurt am Main", "frankfurt am main", "GPE") in mentions
    assert ("Frankfurt", "frankfurt am main", "GPE") in mentions


def test_an_honorific_is_not_part_of_the_name(mentions):
    assert ("Lindqvist", "lindqvist", "PERSON") in mentions


def test_a_hyphenated_given_name_is_kept_whole(mentions):
    assert ("Moon Jae-in", "moon jae in", "PERSON") in mentions


def test_a_demonym_with_its_noun_or_a_prefix_names_the_country(mentions):
    afghan = [m for m in mentions if m[1] == "afghanistan"]
    assert [m[0] for m in afghan] == ["Afghan", "Afghan"]


def test_a_place_glued_to_a_person_is_split_in_two(mentions):
    assert ("Ukraine", "ukraine", "GPE") in mentions
    assert ("Marie Yovanovitch", "marie yovanovitch", "PERSON") in mentions
    assert ("Yovanovitch", "marie yovanovitch", "PERSON") in mentions


def test_an_office_and_a_market_code_are_not_part_of_the_name(mentions):
    texts = [m[0] for m in mentions]
    assert "UK" in texts and "UK Home" not in texts
    assert "the London Metal Exchange" in texts


def with_entities(text: str, *cuts: tuple[str, str]) -> tuple[ParsedText, tuple[EntitySpan, ...]]:
    """The model's parse of ``text`` with entity spans set by hand: (surface, label)."""
    parsed = nlp.parse(text)
    starts = [t.idx for t in parsed.tokens]
    spans = []
    for surface, label in cuts:
        start = text.index(surface)
        end = start + len(surface)
        spans.append(
            EntitySpan(surface, label, start, end, starts.index(start), _token_end(starts, end))
        )
    return dataclasses.replace(parsed, entities=tuple(spans)), tuple(spans)


def _token_end(starts, end):
    return next((i for i, s in enumerate(starts) if s >= end), len(starts))


def mended(text, *cuts):
    parsed, spans = with_entities(text, *cuts)
    return [(e.text, e.label) for e in mend_entities(parsed, spans)]


def test_a_given_name_the_model_left_out_is_joined():
    text = "The house where Vincent Gogh painted will be sold, the owner said."
    assert mended(text, ("Gogh", "PERSON")) == [("Vincent Gogh", "PERSON")]


@pytest.mark.parametrize(
    ("text", "cut", "kept"),
    [
        ("President Trump signed the order on Monday.", "Trump", "Trump"),
        ("Ombudsman Nadia Cruz said the report was late.", "Nadia Cruz", "Nadia Cruz"),
        ("The Putin-led bloc met in Minsk.", "Putin", "Putin"),
    ],
)
def test_titles_names_that_have_a_given_name_and_compounds_stay_as_cut(text, cut, kept):
    assert mended(text, (cut, "PERSON")) == [(kept, "PERSON")]


def test_function_words_after_a_name_are_left_out():
    text = "A lawyer told The Associated Press that the sale was legal."
    cut = ("The Associated Press that", "ORG")
    assert mended(text, cut) == [("The Associated Press", "ORG")]


@pytest.mark.parametrize(
    ("text", "cut", "kept"),
    [
        ("Shares of Lowe's rose 3% on Tuesday.", "Lowe's", "Lowe's"),
        ("Shoppers at Hollis & Vane spent less in May.", "Hollis & Vane", "Hollis & Vane"),
        ("Fans of Super Orbit & spent less in May.", "Super Orbit &", "Super Orbit"),
    ],
)
def test_a_possessive_and_a_word_after_an_ampersand_stay_a_stray_mark_goes(text, cut, kept):
    assert mended(text, (cut, "ORG")) == [(kept, "ORG")]
