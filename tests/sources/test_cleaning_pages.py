"""The cleaner on whole pasted pages: bios, lists of other articles, login prompts, datelines."""

from sources.cleaning import clean_text

PAGE = """Home | World | Europe | Business | Sport
Sign in
Subscribe to our newsletter

Brussels Sets 2027 Deadline to End Russian Gas Imports
By Maria Lopez, The Continental Post
7 May 2025

Share on Facebook

The European Commission set out a plan to stop imports of Russian gas by 2027.

Image caption: A gas tanker at the terminal in Zeebrugge
Photo: Reuters / Jane Doe

Hungary said the plan would push up prices for its households.

Maria Lopez is our Brussels correspondent. She covers EU energy policy.

Log in to comment
Forgot your password?

Most read
1. Germany's economy shrinks for a second year in a row
2. French farmers block roads near Paris over trade deal
Spain's blackout: what we know so far

Accept all cookies
Terms of use | Privacy policy | Contact us
"""


def test_a_pasted_page_keeps_only_the_article_and_its_metadata():
    article = clean_text(PAGE)
    assert article.body.split("\n\n") == [
        "Brussels Sets 2027 Deadline to End Russian Gas Imports",
        "The European Commission set out a plan to stop imports of Russian gas by 2027.",
        "Hungary said the plan would push up prices for its households.",
    ]
    assert article.title == "Brussels Sets 2027 Deadline to End Russian Gas Imports"
    assert article.author == "Maria Lopez"
    assert article.publisher == "The Continental Post"
    assert str(article.published_on) == "2025-05-07"


def test_bio_with_its_follow_up_line_is_dropped():
    text = (
        "Mbappé joins Real Madrid\n\nReal Madrid confirmed the transfer on Monday.\n\n"
        "Sam Okoro covers European football for Touchline Daily.\nHe is based in London.\n"
    )
    assert clean_text(text).body == (
        "Mbappé joins Real Madrid\n\nReal Madrid confirmed the transfer on Monday."
    )


def test_wire_dateline_names_the_publisher():
    text = (
        "COP28 deal calls on nations to move away from fossil fuels\n\n"
        "DUBAI, Dec 13 (Meridian Wire) - Nearly 200 countries agreed on Wednesday to move "
        "away from fossil fuels."
    )
    article = clean_text(text)
    assert article.publisher == "Meridian Wire"
    assert "DUBAI, Dec 13 (Meridian Wire) - Nearly 200" in article.body


def test_text_without_a_headline_has_an_unknown_title_not_its_opening_words():
    text = (
        "Russia sent about 2,000 paratroopers to Kazakhstan in January 2022, and the force "
        "left within two weeks after the unrest ended, officials in Almaty said on Friday."
    )
    article = clean_text(text)
    assert article.body == text
    assert article.title == ""
