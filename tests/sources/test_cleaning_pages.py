"""The cleaner on whole pasted pages: bios, lists of other articles, login prompts, datelines."""

from sources.cleaning import clean_html, clean_text, missed_article, page_lead

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


# An HTML page that sets its lead paragraph apart, above the body's container,
# and repeats it as its description (the extractor takes the container alone).
LEAD = (
    "Three ferries were held in port on Tuesday after a storm damaged the harbour's "
    "northern pier, leaving hundreds of travellers waiting in the terminal."
)
FERRY_PARAGRAPHS = [
    "The harbour authority said engineers would inspect the pier overnight and that "
    "sailings could resume on Wednesday morning if the structure was found safe.",
    "Passengers bound for the islands were offered rooms in two hotels near the terminal, "
    "and the ferry company said it would refund tickets for anyone who chose not to wait.",
    "A spokesman for the coastguard said nobody had been hurt, but that two small boats "
    "moored beside the pier had sunk during the night.",
    "The storm brought gusts of more than 100 kilometres an hour to the coast and cut "
    "power to several villages along the bay for most of the day.",
]


def ferry_page(*, summary: str = LEAD, description: str = LEAD) -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in FERRY_PARAGRAPHS)
    return f"""<html><head><title>Storm damage holds ferries in port</title>
<meta name="description" content="{description}"></head><body>
<div class="layout"><div class="article">
<h1 class="article__heading">Storm damage holds ferries in port</h1>
<div class="article__summary summary">{summary}</div>
<div class="article__text text">{paragraphs}</div>
</div></div></body></html>"""


def test_a_lead_set_apart_above_the_body_opens_the_article():
    body = clean_html(ferry_page()).body
    assert body.split("\n\n") == ["Storm damage holds ferries in port", LEAD, *FERRY_PARAGRAPHS]


def test_a_description_the_page_does_not_show_stays_out_of_the_body():
    hidden = (
        "Storms, ferries and a damaged pier: everything travellers to the islands need "
        "to know about this week's delays and refunds."
    )
    body = clean_html(ferry_page(summary="Updated 18:00", description=hidden)).body
    assert "everything travellers" not in body
    assert FERRY_PARAGRAPHS[0] in body


def test_the_page_lead_is_a_sentence_of_some_length():
    page = ferry_page(summary="Ferries held in port.", description="Ferries held in port.")
    assert page_lead(page, "Ferries held in port.") == ""
    assert page_lead(ferry_page(), LEAD) == LEAD


def test_a_precise_extraction_holding_only_a_notice_gives_way_to_the_article():
    notice = "This copy is for your personal, non-commercial use only."
    article = "\n".join(FERRY_PARAGRAPHS * 3)
    assert missed_article(notice, f"{notice}\n{article}")
    # A short article found by both is kept as the precise pass found it.
    assert not missed_article(FERRY_PARAGRAPHS[0], "\n".join(FERRY_PARAGRAPHS[:2]))
    assert not missed_article(article, article * 4)


def test_reprint_notices_are_furniture():
    text = "\n\n".join(
        [
            "Storm damage holds ferries in port",
            "Order Reprints",
            "This copy is for your personal, non-commercial use only. To order copies for "
            "distribution to your colleagues, visit our reprints desk.",
            *FERRY_PARAGRAPHS,
        ]
    )
    body = clean_text(text).body
    assert "Reprints" not in body and "This copy" not in body
    assert body.endswith(FERRY_PARAGRAPHS[-1])
