"""Page furniture is never proposed, and the article sentences around it still are.

Each page is a body as cleaning may leave it (pasted pages keep what the
cleaner did not foresee), read by the real spaCy pipeline.
"""

import pytest

from claims.nlp import pipeline as nlp
from claims.nlp.extract import extract_claims
from claims.nlp.furniture import (
    CAPTION,
    PROMO,
    SUMMARY,
    TEASER,
    furniture_sentences,
    sentence_furniture_kind,
)

HEADLINE = "Kazakhstan picks China over Russia for its second gas pipeline"
LEAD = (
    "Kazakhstan agreed on Tuesday to build a second gas pipeline to China, "
    "the energy ministry in Astana said."
)
SECOND = (
    "The pipeline will carry 10 billion cubic metres of gas a year to Xinjiang "
    "from 2028, according to QazaqGaz."
)
THIRD = "Russia's Gazprom had offered to supply the same route in 2023, officials said."


def proposed(body: str) -> list[str]:
    return [claim.text for claim in extract_claims(nlp.parse(body))]


def page(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


def assert_article_kept(texts: list[str]) -> None:
    for sentence in (LEAD, SECOND, THIRD):
        assert sentence in texts, sentence


def test_captions_and_photo_credits_are_not_proposed():
    body = page(
        HEADLINE,
        LEAD,
        "Image caption President Kassym-Jomart Tokayev met Chinese officials in Astana",
        "A worker walks past gas pipes near Shymkent. (Photo by Aliya Serik/AFP via Getty Images)",
        "Photograph: Dana Omar/Reuters",
        SECOND,
        "Tokayev, left, and Xi Jinping shake hands in Astana, on Sept. 14, 2022.",
        "This satellite image from Planet Labs shows the compressor station near Almaty.",
        THIRD,
    )
    texts = proposed(body)
    assert_article_kept(texts)
    joined = " ".join(texts)
    for caption in ("Image caption", "walks past gas pipes", "Photograph", "shake hands"):
        assert caption not in joined
    assert "satellite image" not in joined


def test_a_promo_line_glued_to_a_caption_is_not_proposed():
    body = page(
        HEADLINE,
        LEAD,
        "Gas workers at the QazaqGaz plant near Aktobe (Reuters/Ivan Petrov) "
        "Sign up for our Central Asia newsletter to get every story first.",
        SECOND,
        THIRD,
    )
    texts = proposed(body)
    assert_article_kept(texts)
    assert not [t for t in texts if "QazaqGaz plant" in t or "newsletter" in t]


def test_the_headline_is_proposed_once_when_a_share_widget_repeats_it():
    body = page(
        HEADLINE,
        f"Share {HEADLINE} on Facebook",
        f"Tweet {HEADLINE}",
        LEAD,
        SECOND,
        f"Email this article: {HEADLINE}",
        f"{HEADLINE} Share Tweet Email",
        f"Facebook Twitter WhatsApp {HEADLINE}",
        HEADLINE,
        THIRD,
    )
    texts = proposed(body)
    assert texts.count(HEADLINE) == 1
    assert [t for t in texts if HEADLINE in t] == [HEADLINE]
    assert texts[0] == HEADLINE
    assert_article_kept(texts)


def test_other_articles_headlines_and_teaser_lists_are_not_proposed():
    body = page(
        HEADLINE,
        LEAD,
        "See also: Uzbekistan doubles its gas exports to China",
        "READ MORE: How Turkmenistan became Beijing's biggest gas supplier",
        SECOND,
        "Russia's Gazprom Cuts Deliveries to Uzbekistan",
        "Kyrgyzstan Opens Rail Link to Kashgar",
        "Tajikistan Raises Power Prices Again",
        "* China's Xi Jinping visits Astana * Kazakhstan bans coal exports to Russia",
        "Beijing pledged a further $3 billion for roads in Kyrgyzstan as well as...",
        THIRD,
    )
    texts = proposed(body)
    assert_article_kept(texts)
    joined = " ".join(texts)
    for teaser in ("Uzbekistan doubles", "Turkmenistan", "Gazprom Cuts", "Kashgar", "Tajikistan"):
        assert teaser not in joined
    assert "visits Astana" not in joined
    assert "$3 billion" not in joined


def test_promo_lines_are_not_proposed():
    body = page(
        HEADLINE,
        LEAD,
        "Download our app for the latest news from Astana and Almaty.",
        "Follow us on Twitter for updates from Kazakhstan.",
        SECOND,
        "Sign up for our free Eurasia briefing, sent to your inbox every morning.",
        "This content is sponsored by the Astana International Financial Centre.",
        "Subscribe to the Steppe Herald today.",
        THIRD,
    )
    texts = proposed(body)
    assert_article_kept(texts)
    joined = " ".join(texts)
    for promo in ("app", "Follow us", "inbox", "sponsored", "Subscribe"):
        assert promo not in joined


def test_bullet_summaries_above_the_lead_are_not_proposed():
    body = page(
        HEADLINE,
        "Key points:",
        "- Kazakhstan will build a second gas pipeline to China.",
        "- The route will carry gas to Xinjiang from 2028, QazaqGaz says.",
        "- Russia's Gazprom had offered to supply it.",
        LEAD,
        SECOND,
        THIRD,
    )
    texts = proposed(body)
    assert_article_kept(texts)
    assert not [t for t in texts if t.startswith("-") or "Key points" in t]


def test_points_above_the_lead_without_a_heading_are_not_proposed():
    body = page(
        HEADLINE,
        "• Astana picks China over Russia for its second gas pipeline",
        "• Moscow's Gazprom loses a route it had offered in 2023",
        LEAD,
        SECOND,
        THIRD,
    )
    texts = proposed(body)
    assert texts == [HEADLINE, LEAD, SECOND, THIRD]


def test_a_summary_heading_run_into_its_points_is_not_proposed():
    body = page(
        HEADLINE,
        "Key points * Kazakhstan picks China for its second pipeline * Gazprom loses the route",
        LEAD,
        SECOND,
        THIRD,
    )
    assert proposed(body) == [HEADLINE, LEAD, SECOND, THIRD]


def test_a_sentence_written_twice_is_proposed_once_where_the_article_has_it():
    pull_quote = "China will pay for the pipeline, the energy minister in Astana said."
    body = page(HEADLINE, LEAD, pull_quote, f"{SECOND} {pull_quote} {THIRD}")
    claims = extract_claims(nlp.parse(body))
    repeated = [c for c in claims if c.text == pull_quote]
    assert len(repeated) == 1
    assert repeated[0].start == body.rindex(pull_quote)


def test_every_kind_is_named():
    body = page(
        HEADLINE,
        LEAD,
        "Photo: Reuters",
        "Read more: Uzbekistan doubles its gas exports to China",
        "Subscribe to our newsletter.",
        SECOND,
    )
    parsed = nlp.parse(body)
    kinds = {
        parsed.text[s.start : s.end]: kinds
        for i, s in enumerate(parsed.sentences)
        if (kinds := furniture_sentences(parsed).get(i))
    }
    assert kinds == {
        "Photo: Reuters": CAPTION,
        "Read more: Uzbekistan doubles its gas exports to China": TEASER,
        "Subscribe to our newsletter.": PROMO,
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "A state-sponsored hacking group attacked the ministry, Kazakh officials said.",
        "Netflix said its subscription price would rise in Kazakhstan next year.",
        "Subscribers to the treaty include Russia, China and Kazakhstan.",
        "More than 40 countries signed up for the Belt and Road Initiative by 2019.",
        "The resolution, sponsored by Senator Jane Hollis, passed on Tuesday.",
        "Photographs of the summit were released by the Kremlin on Wednesday.",
        "The European Pressphoto Agency (EPA) said its photographer was detained.",
        "Tokayev said the pipeline would follow the route of the old Soviet line.",
        "Analysts said China was the biggest winner, Reuters reported.",
        "Xi Jinping left Astana for Samarkand, where he met Vladimir Putin.",
        "Russia supplied most of the gas in 2021; by 2024 China supplied more.",
        "Apple said users will get the latest version of iOS next week.",
        "Sweden will become a member of NATO once Turkey agrees, Ulf Kristersson said.",
        "Promoted to general in 2019, Sergei Surovikin led the Russian air force.",
        "Voters want to stay informed about the referendum, the ministry in Astana said.",
        "Netflix will raise the price of your subscription in March, the company said.",
        "The troops, left without supplies, surrendered to Ukrainian forces in Kherson.",
        "The image of Russia as a reliable partner has taken a hit, analysts said.",
        "Trains reach speeds of 350 km/h (217 mph) on the line from Beijing.",
        "Putin addressed the summit in Astana (via video link).",
        "Seven of 10 Kazakhs back the plant, according to a poll by Demoscope.",
        "Sen. Ted Cruz (R) said the tariffs would hurt Texas farmers.",
        "Follow-up talks with the US ended without a deal, Kazakh officials said.",
        "Reporting by the BBC showed that Gazprom had cut deliveries to Uzbekistan.",
        "The court in Moscow quoted the Rosneft memo as it was written [sic].",
    ],
)
def test_article_prose_is_not_taken_for_furniture(sentence):
    assert sentence_furniture_kind(sentence) == ""


def test_an_agency_caption_is_not_proposed_but_a_dated_sentence_is():
    caption = "A Kazakh worker welds a pipe near Shymkent, on Sept. 14, 2022."
    dated = "Kazakhstan signed the deal in Astana, on Sept. 14, 2022."
    texts = proposed(page(HEADLINE, LEAD, caption, dated, SECOND, THIRD))
    assert caption not in texts
    assert dated in texts
    assert_article_kept(texts)


def test_the_headline_keeps_its_label():
    headline = "Opinion: Russia is losing Central Asia to China"
    assert proposed(page(headline, LEAD))[0] == headline


def test_the_lead_under_a_summary_heading_without_points_is_kept():
    body = page(HEADLINE, "Highlights", LEAD, SECOND, THIRD)
    parsed = nlp.parse(body)
    assert list(furniture_sentences(parsed).values()) == [SUMMARY]  # the heading alone
    assert proposed(body) == [HEADLINE, LEAD, SECOND, THIRD]
