"""Reading a source's title, author, publisher and date from HTML pages and pasted page copies.

Every page here is written for these tests. What cannot be read must stay
empty (unknown), never be filled with a guess.
"""

from datetime import date

import pytest

from sources.cleaning import clean_html, clean_text
from sources.metadata import read_byline, read_date_line

TODAY = date(2023, 1, 10)

LEAD = (
    "Kazakhstan and China agreed on Monday to double freight traffic through the Khorgos "
    "crossing by 2025, officials in Astana said."
)
SECOND = "Russian rail operators said the new route would cut their share of the transit trade."

# A whole page as a reader copies it: site name, menu, section tags and a date line
# come before the headline; share buttons and a caption before the text.
PASTED = f"""Steppe Review
Home | World | Business | Opinion
Asia
Trade
Tuesday 13 December 2022
China and Kazakhstan agree to double freight at Khorgos
By Dana Serikova and Li Wei, Steppe Review
Share on Facebook
Tweet
A freight train waiting at a border station
{LEAD}

{SECOND}

Most read
1. Kyrgyzstan opens a new airport terminal
2. Floods close roads in the Fergana valley
"""


class TestPastedText:
    def test_the_headline_is_found_below_site_name_menu_section_tags_and_date(self):
        article = clean_text(PASTED, today=TODAY)
        assert article.title == "China and Kazakhstan agree to double freight at Khorgos"
        assert article.title not in ("Steppe Review", "Asia", "Trade")

    def test_byline_names_both_authors_and_the_publisher(self):
        article = clean_text(PASTED, today=TODAY)
        assert article.author == "Dana Serikova and Li Wei"
        assert article.publisher == "Steppe Review"

    def test_weekday_date_line_is_the_publication_date(self):
        assert clean_text(PASTED, today=TODAY).published_on == date(2022, 12, 13)

    def test_the_body_keeps_the_article_without_byline_or_date(self):
        body = clean_text(PASTED, today=TODAY).body
        assert LEAD in body and SECOND in body
        assert "Dana Serikova" not in body and "13 December" not in body

    @pytest.mark.parametrize(
        "line, expected",
        [
            ("12/13/2022, 09.54", date(2022, 12, 13)),
            ("13 December 2022", date(2022, 12, 13)),
            ("Published: December 13, 2022 at 9:54 am", date(2022, 12, 13)),
            ("2022-12-13", date(2022, 12, 13)),
            ("2022-12-13T09:54:00Z", date(2022, 12, 13)),
            ("13.12.2022 09:54", date(2022, 12, 13)),
            ("Updated Dec 13", date(2022, 12, 13)),  # no year: the latest 13 December by TODAY
            ("Jan 9", date(2023, 1, 9)),
            ("Jan 20", date(2022, 1, 20)),  # in 2023 it would be after TODAY
        ],
    )
    def test_each_date_format_is_read(self, line, expected):
        text = f"Floods close roads in the Fergana valley\n{line}\n{LEAD}\n\n{SECOND}"
        article = clean_text(text, today=TODAY)
        assert article.published_on == expected
        assert line not in article.body

    def test_a_date_whose_day_and_month_could_be_swapped_stays_unknown(self):
        text = f"Floods close roads in the Fergana valley\n03/04/2022\n{LEAD}\n\n{SECOND}"
        assert clean_text(text, today=TODAY).published_on is None

    def test_the_publication_date_wins_over_the_update(self):
        text = (
            f"China and Kazakhstan agree to double freight at Khorgos\n"
            f"Updated 14 December 2022\nPublished 12 December 2022\n{LEAD}\n\n{SECOND}"
        )
        assert clean_text(text, today=TODAY).published_on == date(2022, 12, 12)

    def test_a_wire_dateline_gives_publisher_and_day(self):
        text = (
            "China and Kazakhstan agree to double freight at Khorgos\n\n"
            f"ASTANA, Dec 13 (Meridian Wire) - {LEAD}\n\n{SECOND}"
        )
        article = clean_text(text, today=TODAY)
        assert (article.publisher, article.published_on) == ("Meridian Wire", date(2022, 12, 13))

    def test_what_a_page_does_not_say_is_unknown(self):
        article = clean_text(f"{LEAD}\n\n{SECOND}", today=TODAY)
        assert (article.title, article.author, article.publisher, article.published_on) == (
            "",
            "",
            "",
            None,
        )

    def test_a_menu_of_section_names_is_never_the_title(self):
        text = f"Steppe Review\nWorld\nBusiness\nSport\n{LEAD}\n\n{SECOND}"
        assert clean_text(text, today=TODAY).title == ""


class TestBylines:
    @pytest.mark.parametrize(
        "line, author, publisher",
        [
            ("By Dana Serikova", "Dana Serikova", ""),
            ("BY Dana Serikova and Li Wei", "Dana Serikova and Li Wei", ""),
            (
                "By Dana Serikova, Li Wei and Ana de la Cruz",
                "Dana Serikova, Li Wei and Ana de la Cruz",
                "",
            ),
            ("By Dana Serikova, Steppe Review", "Dana Serikova", "Steppe Review"),
            (
                "By Dana Serikova | Steppe Review | 13 December 2022",
                "Dana Serikova",
                "Steppe Review",
            ),
            ("By Dana Serikova, Almaty correspondent", "Dana Serikova", ""),
            ("Written by Dana Serikova", "Dana Serikova", ""),
        ],
    )
    def test_author_and_publisher_are_read(self, line, author, publisher):
        byline = read_byline(line)
        assert (byline.author, byline.publisher) == (author, publisher)

    @pytest.mark.parametrize(
        "line",
        ["By the end of the year, trade had doubled.", "by train", "Bypass roads were closed"],
    )
    def test_a_sentence_starting_with_by_is_not_a_byline(self, line):
        assert read_byline(line) is None

    def test_a_sentence_holding_a_date_is_not_a_date_line(self):
        assert read_date_line("Trade doubled on 13 December 2022 after the deal") is None


PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>China and Kazakhstan agree to double freight at Khorgos | Steppe Review</title>
<meta property="og:title" content="China and Kazakhstan agree to double freight at Khorgos">
<meta property="og:site_name" content="Steppe Review">
<meta name="author" content="Dana Serikova">
<meta property="article:published_time" content="2022-12-13T09:54:00+06:00">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/asia">Asia</a></nav>
<article>
<h1>China and Kazakhstan agree to double freight at Khorgos</h1>
<p>{lead}</p>
<p>{second}</p>
<p>Kazakh officials said the customs posts at the crossing would stay open around the clock.</p>
</article>
<footer>Steppe Review, Almaty</footer>
</body></html>
"""


class TestHtml:
    def test_title_author_site_name_and_date_are_read_from_the_page(self):
        article = clean_html(PAGE.format(lead=LEAD, second=SECOND))
        assert article.title == "China and Kazakhstan agree to double freight at Khorgos"
        assert article.author == "Dana Serikova"
        assert article.publisher == "Steppe Review"
        assert article.published_on == date(2022, 12, 13)

    def test_a_page_without_author_or_date_leaves_them_unknown(self):
        page = (
            "<!DOCTYPE html><html><head>"
            "<title>China and Kazakhstan agree to double freight at Khorgos</title></head><body>"
            f"<article><h1>China and Kazakhstan agree to double freight at Khorgos</h1>"
            f"<p>{LEAD}</p><p>{SECOND}</p>"
            "<p>Kazakh officials said customs posts would stay open around the clock.</p>"
            "<p>Copyright 2021</p></article></body></html>"
        )
        article = clean_html(page, url="https://steppe-review.example/khorgos")
        assert article.title == "China and Kazakhstan agree to double freight at Khorgos"
        assert article.author == ""
        assert article.publisher == ""  # not the web address
        assert article.published_on is None  # not the copyright year
