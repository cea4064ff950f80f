"""The cleaner on hostile input finishes in time proportional to its size and keeps its contract.

Generated lines repeat a short unit many times and end in something else: the
shape that makes a backtracking pattern try every way to split a line. The
per-example deadline is generous: an input of a few kilobytes is cleaned in
milliseconds, while exponential backtracking on it takes minutes. Inputs of
hundreds of kilobytes, where quadratic time would show, have a time limit.
"""

import html
import signal
import textwrap
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from sources.cleaning import (
    MAX_FURNITURE_LINE,
    CleanedArticle,
    clean,
    clean_text,
    drop_furniture,
    is_boilerplate,
    is_menu_line,
    strip_markdown,
)

PROSE = "The port authority said ferries would sail again on Thursday."
MENU_13 = (
    "Home | World | Politics | Business | Tech | Science | Health | Sport | Culture | "
    "Opinion | Video | Audio | More…"
)
MENU_17 = MENU_13.replace("More…", "Travel | Food | Weather | Podcasts | More…")

# Pieces of page furniture, Markdown and punctuation that hostile lines are made of.
PIECES = [
    "Home",
    "World News",
    "Sport & Culture",
    "O'Brien",
    "a",
    "A",
    "ABC",
    "x",
    " ",
    "  ",
    "\u2003",
    "|",
    "•",
    "·",
    "»",
    " | ",
    " • ",
    "*",
    "_",
    "**",
    "__",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    ".",
    "...",
    "…",
    "!",
    "?",
    ":",
    ",",
    "-",
    "By ",
    "Published ",
    "Subscribe ",
    "now ",
    "More from ",
    "DUBAI",
    " (Reuters) ",
    "12",
]
MENU_WORDS = ["Home", "World", "Politics", "Sport & Culture", "O'Brien", "Tech-News", "More…"]
SEPARATORS = [" | ", "|", " • ", " · ", " » ", "  |  "]

hostile_units = st.one_of(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join),
    # A menu item and its separator: repeated, then a tail that is no item.
    st.builds(str.__add__, st.sampled_from([*MENU_WORDS, "a", "A"]), st.sampled_from(SEPARATORS)),
)
hostile_lines = st.builds(
    # Up to about 4,000 characters: the unit repeated, between a head and a tail.
    lambda head, unit, times, tail: head + unit * min(times, 4_000 // len(unit)) + tail,
    hostile_units,
    hostile_units,
    st.integers(min_value=1, max_value=1_000),
    hostile_units,
)
hostile_texts = st.lists(hostile_lines, min_size=1, max_size=4).map("\n".join)
menu_lines = st.builds(
    lambda items, separator: separator.join(items),
    st.lists(st.sampled_from(MENU_WORDS), min_size=3, max_size=150),
    st.sampled_from(SEPARATORS),
)

# Shrinking is off: every attempt on a stuck example would cost the whole limit
# of CPU time below, and a failing example reads well enough as generated.
hostile = settings(
    deadline=timedelta(seconds=2),
    max_examples=150,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
# An example still running after this much CPU time is stuck. The deadline is
# checked only when an example returns, so it would never see one.
EXAMPLE_CPU_SECONDS = 20


def letters(text: str) -> str:
    return "".join(character for character in text if character.isalpha())


def is_subsequence(part: str, whole: str) -> bool:
    rest = iter(whole)
    return all(character in rest for character in part)


@pytest.mark.timeout(120)
class TestGeneratedHostileInput:
    def execute_example(self, run_example):
        """Run one example (Hypothesis calls this for each), stopping it if it is stuck."""

        def stop(signum, frame):
            raise TimeoutError(f"still running after {EXAMPLE_CPU_SECONDS} s of CPU time")

        previous = signal.signal(signal.SIGVTALRM, stop)
        signal.setitimer(signal.ITIMER_VIRTUAL, EXAMPLE_CPU_SECONDS)
        try:
            return run_example()
        finally:
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            signal.signal(signal.SIGVTALRM, previous)

    @hostile
    @given(hostile_lines)
    def test_is_boilerplate_answers_on_any_line(self, line):
        answer = is_boilerplate(line)
        assert isinstance(answer, bool)
        if len(line) > MAX_FURNITURE_LINE:
            assert answer is False

    @hostile
    @given(menu_lines)
    def test_short_items_between_separators_are_a_menu(self, line):
        assert is_menu_line(line)
        assert is_boilerplate(line) is (len(line) <= MAX_FURNITURE_LINE)

    @hostile
    @given(menu_lines, st.sampled_from(["!", "?", "()", "…!", "[x]"]))
    def test_a_menu_whose_last_item_ends_in_other_punctuation_is_not_a_menu(self, line, tail):
        assert not is_menu_line(line + tail)

    @hostile
    @given(st.lists(hostile_lines, max_size=6))
    def test_drop_furniture_keeps_lines_whole_and_in_order(self, lines):
        kept = drop_furniture([*lines, PROSE])
        assert kept[-1] == PROSE
        remaining = iter(lines)
        assert all(any(line == other for other in remaining) for line in kept[:-1])

    @hostile
    @given(hostile_texts.map(lambda text: text.replace("(", "").replace("`", "")))
    def test_strip_markdown_without_links_keeps_every_letter(self, text):
        assert letters(strip_markdown(text)) == letters(text)

    @hostile
    @given(hostile_texts)
    def test_strip_markdown_keeps_only_letters_it_was_given(self, text):
        stripped = strip_markdown(text)
        assert isinstance(stripped, str)
        assert is_subsequence(letters(stripped), letters(text))

    @hostile
    @given(hostile_texts)
    def test_clean_markdown_keeps_the_prose_around_hostile_lines(self, text):
        article = clean_text(f"Ferries sail again\n\n{PROSE}\n\n{text}\n\n{PROSE}", markdown=True)
        assert article.body.count(PROSE) == 2

    @pytest.mark.parametrize("input_format", ["text", "markdown"])
    @hostile
    @given(hostile_texts)
    def test_clean_keeps_the_prose_after_hostile_lines(self, input_format, text):
        article = clean(f"Ferries sail again\n\n{text}\n\n{PROSE}", input_format=input_format)
        assert isinstance(article.body, str)
        assert article.body.endswith(PROSE)

    @hostile
    @given(hostile_texts)
    def test_clean_html_returns_an_article_or_refuses_the_page(self, text):
        paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
        page = f"<html><body><article><h1>Ferries sail again</h1>{paragraphs}</article></body>"
        try:
            article = clean(page, input_format="html")
        except ValidationError as error:
            assert error.code == "no_text"
        else:
            assert isinstance(article, CleanedArticle)
            assert isinstance(article.body, str)


@pytest.mark.timeout(30)
class TestKnownHostileInput:
    def test_pipes_between_single_letters_ending_in_a_bang_are_not_furniture(self):
        assert is_boilerplate("a | " * 14 + "!") is False

    @pytest.mark.parametrize("menu", [MENU_13, MENU_17])
    def test_a_long_menu_line_is_furniture(self, menu):
        assert is_boilerplate(menu)
        assert clean_text(f"Ferries sail again\n{menu}\n\n{PROSE}").body == (
            f"Ferries sail again\n\n{PROSE}"
        )

    @pytest.mark.parametrize("menu", [MENU_13, MENU_17])
    def test_a_long_menu_line_ending_in_a_bang_is_not_furniture(self, menu):
        assert not is_boilerplate(menu.replace("More…", "More!"))

    def test_a_line_over_the_length_limit_is_never_furniture(self):
        prompt = "Subscribe to our newsletter for free"
        long_prompt = f"{prompt} {'and more ' * (MAX_FURNITURE_LINE // 9)}"
        assert is_boilerplate(prompt)
        assert not is_boilerplate(long_prompt)
        assert drop_furniture(["Most read", long_prompt]) == [long_prompt]

    @pytest.mark.parametrize("unit", ["_x ", "*x ", " _x", " *x"])
    def test_emphasis_markers_without_closers_are_kept(self, unit):
        text = unit * (300_000 // len(unit))
        assert strip_markdown(text) == text
        assert clean(text, input_format="markdown").body == " ".join(text.split())

    def test_a_100k_character_emphasised_line_is_unmarked(self):
        words = "word " * 20_000
        assert strip_markdown(f"_{words.strip()}_") == words.strip()

    @pytest.mark.parametrize("text", ["[" * 300_000, "![" * 150_000, "[a](" * 150_000])
    def test_unclosed_link_and_image_brackets_are_kept(self, text):
        assert strip_markdown(text) == text

    def test_wide_spaces_after_capitals_are_not_a_dateline(self):
        text = "Ferries sail again\n\nAB" + "\u2003" * 300_000 + "x"
        assert clean_text(text).publisher == ""

    def test_a_hard_wrapped_paragraph_of_a_million_characters_is_joined(self):
        sentence = "the ministry and the port authority said " * 25_000
        lines = textwrap.wrap(sentence, 72)
        body = clean_text("Ferries sail again\n\n" + "\n".join(lines) + ".").body
        assert body == f"Ferries sail again\n\n{' '.join(lines)}."
