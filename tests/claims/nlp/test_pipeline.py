"""Golden output of the pinned pipeline: a changed model is noticed here first."""

import pytest

from claims.nlp import pipeline as nlp

GOLDEN_TEXT = (
    "Russia is reclaiming Central Asia\n\n"
    "Vladimir Putin met Kassym-Jomart Tokayev in Moscow on 10 January 2022. "
    "China signed trade deals worth 3.8 billion dollars with Kazakhstan."
)


@pytest.fixture(scope="module")
def golden():
    return nlp.parse(GOLDEN_TEXT)


def test_pipeline_finds_the_expected_entities(golden):
    assert [(e.text, e.label) for e in golden.entities] == [
        ("Russia", "GPE"),
        ("Central Asia", "LOC"),
        ("Vladimir Putin", "PERSON"),
        ("Kassym-Jomart Tokayev", "ORG"),  # sic: the small model says ORG
        ("Moscow", "GPE"),
        ("10 January 2022", "DATE"),
        ("China", "GPE"),
        ("3.8 billion dollars", "MONEY"),
        ("Kazakhstan", "GPE"),
    ]


def test_headline_line_is_its_own_sentence(golden):
    assert [GOLDEN_TEXT[s.start : s.end] for s in golden.sentences] == [
        "Russia is reclaiming Central Asia",
        "Vladimir Putin met Kassym-Jomart Tokayev in Moscow on 10 January 2022.",
        "China signed trade deals worth 3.8 billion dollars with Kazakhstan.",
    ]


def test_offsets_point_into_the_text(golden):
    for entity in golden.entities:
        assert GOLDEN_TEXT[entity.start : entity.end] == entity.text
    for token in golden.tokens:
        assert GOLDEN_TEXT[token.idx : token.idx + len(token.text)] == token.text


def test_pipeline_is_loaded_once_per_process():
    assert nlp.get_nlp() is nlp.get_nlp()
    assert "newline_boundaries" in nlp.get_nlp().pipe_names


def test_many_texts_keep_their_order():
    texts = [f"Kazakhstan exported {n} tonnes of grain to China." for n in range(1, 40)]
    parsed = list(nlp.parse_many(texts, batch_size=8))
    assert [p.text for p in parsed] == texts
