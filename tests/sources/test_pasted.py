"""A whole web page copied as text keeps its article and loses the page around it."""

from sources.cleaning import clean_text
from sources.pasted import (
    STOPWORDS_LOW,
    best_run,
    ends_prose,
    measure_line,
    select_article_lines,
    stoplist,
)

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


JAPANESE_ARTICLE = [
    "港町の市議会は火曜日、昨年の冬に二度浸水した海岸通りを作り直す計画を賛成多数で可決した。",
    "計画では遊歩道をおよそ一メートル高くし、古い防波堤を階段状の護岸に置き換えることになっている。",
    "市の試算によると総工費は約百四十億円にのぼり、その三分の一を県が負担する見通しだという。",
    "一月の高潮で床上まで水が入った下町の住民は、次の台風の季節までに工事を始めてほしいと話している。",
    "市長は記者会見で、最初の契約を春までに結び、工事中も遊歩道の大部分は歩けるようにすると述べた。",
    "一方、反対した議員らは費用が低く見積もられているとして、県の調査結果を待つべきだと主張した。",
]
JAPANESE_PAGE = "\n".join(
    [
        "  * ホーム",
        "  * ニュース",
        "  * 地域",
        "  * 天気",
        "  * スポーツ",
        "ログイン",
        "",
        "港町、浸水した海岸通りの再建を決定",
        "",
        *[line for paragraph in JAPANESE_ARTICLE for line in (paragraph, "")],
        "関連記事",
        "  * 市営フェリーの冬ダイヤが変更に",
        "  * 旧灯台が博物館として公開へ",
        "  * 漁獲枠、三年連続で削減",
        "  * 小学校の屋根の修理が予定より早く完了",
        "",
        "利用規約 | プライバシー | お問い合わせ",
    ]
)


def test_a_pasted_japanese_page_keeps_its_article_and_loses_the_page_around_it():
    body = clean_text(JAPANESE_PAGE).body
    for paragraph in JAPANESE_ARTICLE:
        assert paragraph in body
    for furniture in ("ホーム", "スポーツ", "旧灯台", "フェリー", "利用規約"):
        assert furniture not in body


def test_japanese_words_are_counted_from_characters_and_particles_are_stop_words():
    measure = measure_line(JAPANESE_ARTICLE[0], stoplist("ja"))
    assert 15 <= measure.words <= 30
    assert measure.stop_words / measure.words >= STOPWORDS_LOW
    assert ends_prose(JAPANESE_ARTICLE[0])
    assert not ends_prose("港町、浸水した海岸通りの再建を決定")


def test_a_news_item_of_one_long_paragraph_is_an_article():
    paragraph = " ".join([ARTICLE[0], ARTICLE[1], ARTICLE[2]])
    lines = PAGE.split("\n")[:18] + ["", paragraph, ""] + PAGE.split("\n")[-9:]
    body = clean_text("\n".join(lines)).body
    assert paragraph in body
    for furniture in ("Weather", "Ferry timetable", "Advertise"):
        assert furniture not in body


def test_readers_comments_below_the_article_are_left_out():
    comments = []
    for n, (name, remark) in enumerate(
        [
            (
                "harbourwatcher",
                "About time the council did something, the promenade has been "
                "a mess for two winters and nobody listened to us.",
            ),
            (
                "jlinde",
                "The cost will double before they finish, it always does with these "
                "projects and the taxpayers will pay for it again.",
            ),
            (
                "seafront_sam",
                "I walk there every morning and I am glad the promenade stays open "
                "during the building work, that was my main worry.",
            ),
            (
                "old_tram_fan",
                "Moving the tram line inland is a mistake, the view from the tram "
                "was the best thing about the whole seafront.",
            ),
        ],
        start=1,
    ):
        comments += [f"{n}. {name} says:", f"November {n + 10}, 2025 at 9:{n}5 am", remark, ""]
    page = PAGE.replace("Read more", "\n".join(["Share this:", "", *comments, "Read more"]))
    body = clean_text(page).body
    assert body.split("\n\n") == [HEADLINE, *ARTICLE]
