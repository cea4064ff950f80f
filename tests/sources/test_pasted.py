"""A whole web page copied as text keeps its article and loses the page around it."""

from sources.cleaning import clean_text
from sources.pasted import best_run, select_article_lines

HEADLINE = "Harbour city votes to rebuild its flooded seafront by 2028"
ARTICLE = [
    "The city council of Port Alder voted on Tuesday to rebuild the seafront that was "
    "flooded twice last winter, approving a plan that raises the promenade by almost a metre.",
    "The plan, which the council estimates will cost about 140 million euros, moves the "
    "tram line inland and replaces the old sea wall with a stepped barrier that doubles "
    "as public seating.",
    "Residents of the lower town, where water reached the first floor of some houses in "
    "January, said they had waited too long for a decision and asked for the work to start "
    "before the next storm season.",
    "Mayor Ines Halvorsen said the first contracts would be signed in the spring and that "
    "the promenade would stay open to walkers during most of the building work.",
    "Opposition councillors voted against the plan, arguing that the cost had been "
    "underestimated and that the city should wait for a regional flood study due next year.",
    "The regional government has promised to pay a third of the cost, but the money still "
    "has to be approved by its parliament, which meets again in March.",
]
PAGE = "\n".join(
    [
        "  * Home",
        "  * News",
        "      * Local",
        "      * Region",
        "      * World",
        "  * Sport",
        "  * Culture",
        "  * Opinion",
        "  * Weather",
        "Search",
        "Subscribe",
        "",
        "Local News",
        "",
        HEADLINE,
        "By Tomas Reed",
        "",
        "  * Share on Facebook",
        "  * Share on X",
        "  * Email",
        "",
        ARTICLE[0],
        "",
        ARTICLE[1],
        "",
        "The promenade after the January storm. Photo: Port Alder Gazette",
        "",
        ARTICLE[2],
        "",
        ARTICLE[3],
        "",
        "Advertisement",
        "",
        ARTICLE[4],
        "",
        ARTICLE[5],
        "",
        "Read more",
        "  * Ferry timetable changes for the winter",
        "  * Old lighthouse to open as a museum",
        "  * Fishing quotas cut for a third year",
        "  * School roof repairs finished early",
        "",
        "We use cookies to improve your experience. Accept all",
        "",
        "About us | Contact | Advertise | Jobs",
        "© 2025 Port Alder Gazette",
        "Terms | Privacy | Cookie settings",
    ]
)


def test_a_pasted_page_keeps_its_headline_and_article_paragraphs_only():
    article = clean_text(PAGE)
    assert article.body.split("\n\n") == [HEADLINE, *ARTICLE]
    assert article.title == HEADLINE


def test_the_byline_above_the_article_still_gives_the_author():
    assert clean_text(PAGE).author == "Tomas Reed"


def test_menus_share_buttons_related_headlines_cookies_and_footer_are_gone():
    body = clean_text(PAGE).body
    for furniture in (
        "Weather",
        "Share on",
        "Photo:",
        "Ferry timetable",
        "cookies",
        "Advertise",
        "©",
        "Local News",
    ):
        assert furniture not in body


def test_a_short_article_is_left_to_the_line_cleaner():
    text = f"{HEADLINE}\n\n{ARTICLE[0]}\n\n{ARTICLE[1]}"
    assert clean_text(text).body == text


def test_a_clean_long_article_loses_nothing():
    text = "\n\n".join([HEADLINE, *ARTICLE, *ARTICLE[::-1]])
    assert clean_text(text).body == text


def test_a_page_of_headlines_without_an_article_stays_whole():
    lines = [f"Headline number {n} about the harbour" for n in range(15)]
    assert select_article_lines(lines) == lines


def test_the_article_run_is_the_one_with_the_largest_sum():
    assert best_run([-1.0, 2.0, -0.5, 2.0, -3.0, 1.0]) == (1, 4)
    assert best_run([-1.0, -2.0]) == (0, 0)
