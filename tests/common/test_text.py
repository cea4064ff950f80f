"""common/text.py: the one definition of a sentence end, a paragraph, a date and a short text."""

from datetime import date

import pytest

from common.text import (
    ends_prose_line,
    ends_sentence,
    find_date,
    lines_matching,
    normalize_date,
    paragraph_bounds,
    parse_date,
    sentence_spans,
    shorten,
    show_format_controls,
    strip_format_controls,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia sent troops.", True),
        ('"We will stay," he said.”', True),
        ("Did they leave?)", True),
        ("Astana hosts the summit", False),
        ("Russia's comeback in Central Asia (analysis)", False),
        ("A list follows:", False),
    ],
)
def test_a_sentence_ends_at_a_stop_and_its_closing_quotes(text, expected):
    assert ends_sentence(text) is expected


def test_a_prose_line_may_also_end_at_a_colon_or_semicolon():
    assert ends_prose_line("The ministers agreed on three points:")
    assert ends_prose_line("Trade grew;  ")
    assert not ends_prose_line("Home | World | Politics")


def test_sentences_are_split_at_a_stop_followed_by_space_with_offsets_kept():
    text = 'Russia sent troops. "China objected." Talks go on'
    spans = sentence_spans(text, offset=100)
    assert [text[s - 100 : e - 100] for s, e in spans] == [
        "Russia sent troops.",
        '"China objected."',
        "Talks go on",
    ]


def test_a_paragraph_ends_at_a_line_break_and_a_span_over_one_gets_both():
    body = "Headline\n\nFirst paragraph here.\nSecond line."
    start = body.index("First")
    assert body[slice(*paragraph_bounds(body, start, start + 5))] == "First paragraph here."
    both = paragraph_bounds(body, start, body.index("Second") + 3)
    assert body[slice(*both)] == "First paragraph here.\nSecond line."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-01-07", date(2022, 1, 7)),
        ("7 January 2022", date(2022, 1, 7)),
        ("Sept. 3, 2023", date(2023, 9, 3)),
        ("published on Dec 13, 2023 at noon", date(2023, 12, 13)),
        ("31 February 2022", None),
        ("no date here", None),
    ],
)
def test_dates_are_read_from_iso_and_written_forms(text, expected):
    assert parse_date(text) == expected


def test_find_date_returns_the_text_around_the_date():
    found, rest = find_date("Steppe Review, 5 May 2023")
    assert found == date(2023, 5, 5)
    assert rest.strip(" ,") == "Steppe Review"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7 January 2022", "2022-01-07"),
        ("May 2021", "2021-05"),
        ("2019", "2019"),
        ("the 1990s", "1990"),
        ("next spring", None),
    ],
)
def test_a_stated_date_is_as_precise_as_it_is(text, expected):
    assert normalize_date(text) == expected


def test_shorten_cuts_at_a_word_on_one_line():
    assert shorten("Russia and China\ncooperate in Central Asia", 24) == "Russia and China…"
    assert shorten("Short enough", 40) == "Short enough"
    assert len(shorten("word " * 100, 50)) <= 50


def test_format_controls_are_stripped_or_shown_and_nothing_else_is_touched():
    hidden = "Re\u00adport\u200b\u202efdp.exe\u202c \u2066Астана\u2069 \u200f\u200e\ufeff"
    assert strip_format_controls(hidden) == "Reportfdp.exe Астана "
    assert show_format_controls(hidden) == (
        "Re⟨U+00AD⟩port⟨U+200B⟩⟨U+202E⟩fdp.exe⟨U+202C⟩ ⟨U+2066⟩Астана⟨U+2069⟩ "
        "⟨U+200F⟩⟨U+200E⟩⟨U+FEFF⟩"
    )
    assert show_format_controls("Russia and China — 2022") == "Russia and China — 2022"


def test_lines_matching_finds_every_line_with_that_text_and_only_whole_lines():
    text = "Share this\n\nRussia said so. Share this\n  Share this  \nShare"
    assert lines_matching(text, ["Share this"]) == [(0, 10), (39, 53)]
    assert [text[a:b].strip() for a, b in lines_matching(text, [" Share "])] == ["Share"]
    assert lines_matching(text, []) == lines_matching(text, ["  "]) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12/13/2022, 09.54", date(2022, 12, 13)),
        ("13.12.2022", date(2022, 12, 13)),
        ("2022/12/13", date(2022, 12, 13)),
        ("Tuesday 13th December 2022", date(2022, 12, 13)),
        ("2022-12-13T09:54:00Z", date(2022, 12, 13)),
        ("03/04/2022", None),  # 3 April or March 4: unknown, not guessed
        ("Dec 13", None),  # no year, and no day to read it against
    ],
)
def test_numeric_ordinal_and_timestamp_dates_are_read(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text, today, expected",
    [
        ("Dec 13", date(2023, 1, 10), date(2022, 12, 13)),
        ("13 December", date(2022, 12, 20), date(2022, 12, 13)),
        ("Dec 21", date(2022, 12, 20), date(2022, 12, 21)),  # a day ahead: a time zone
        ("Dec 25", date(2022, 12, 20), date(2021, 12, 25)),
    ],
)
def test_a_date_without_a_year_is_the_latest_one_by_today(text, today, expected):
    assert parse_date(text, today=today) == expected
