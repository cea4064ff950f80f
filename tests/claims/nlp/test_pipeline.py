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


PARAGRAPHS = [
    "Russia is reclaiming Central Asia",
    "Vladimir Putin met Kassym-Jomart Tokayev in Moscow on 10 January 2022.",
    "China signed trade deals worth 3.8 billion dollars with Kazakhstan. "
    "The European Union said it would send observers to Astana in March.",
    "Uzbekistan bought 12 helicopters from Russia in 2023, officials in Tashkent said.",
]


def assert_offsets_exact(parsed, text):
    assert parsed.text == text
    for i, token in enumerate(parsed.tokens):
        assert token.i == i
        assert text[token.idx : token.idx + len(token.text)] == token.text
        assert 0 <= token.head < len(parsed.tokens)
    for sentence in parsed.sentences:
        first, last = parsed.tokens[sentence.token_start], parsed.tokens[sentence.token_end - 1]
        assert (first.idx, last.idx + len(last.text)) == (sentence.start, sentence.end)
    for entity in parsed.entities:
        assert text[entity.start : entity.end] == entity.text
        assert parsed.tokens[entity.token_start].idx == entity.start


class TestReadingInPieces:
    def test_a_text_read_in_pieces_parses_as_a_whole_with_exact_offsets(self, settings):
        text = "\n\n".join(PARAGRAPHS)
        whole = nlp.parse(text)
        settings.CLAIMS_PARSE_CHUNK_CHARS = 100  # a piece per paragraph
        pieces = nlp.parse(text)
        assert_offsets_exact(pieces, text)
        assert [(s.start, s.end) for s in pieces.sentences] == [
            (s.start, s.end) for s in whole.sentences
        ]
        assert [(e.text, e.label, e.start) for e in pieces.entities] == [
            (e.text, e.label, e.start) for e in whole.entities
        ]

    def test_a_text_longer_than_spacys_max_length_is_read(self, settings, monkeypatch):
        monkeypatch.setattr(nlp.get_nlp(), "max_length", 1_000)
        settings.CLAIMS_PARSE_CHUNK_CHARS = 1_000_000
        text = "\n\n".join(PARAGRAPHS * 10)
        parsed = nlp.parse(text)
        assert_offsets_exact(parsed, text)
        assert sum(e.text == "Kassym-Jomart Tokayev" for e in parsed.entities) == 10

    def test_a_run_on_stretch_is_not_parsed_and_is_reported(self):
        run_on = "Russia told Kazakhstan that China would pay 3.5 billion dollars, " * 40
        text = f"{PARAGRAPHS[1]}\n\n{run_on}in all.\n\n{PARAGRAPHS[3]}"
        parsed = nlp.parse(text)
        assert_offsets_exact(parsed, text)
        assert [text[s.start : s.end] for s in parsed.sentences] == [PARAGRAPHS[1], PARAGRAPHS[3]]
        assert parsed.unread == ((text.index(run_on), text.index("in all.") + len("in all.")),)
