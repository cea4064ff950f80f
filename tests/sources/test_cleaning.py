"""Cleaning raw input into an article body and its metadata: pure functions, no database."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from sources.cleaning import check_text, clean, clean_html, clean_text, content_hash, decode_input

LIMIT = 1_000_000

ARTICLE_SENTENCES = [
    "Russia and Kazakhstan agreed on Friday to raise grain shipments across their border.",
    "The deal was signed in Astana by the two agriculture ministers.",
    "Kazakhstan is the largest wheat exporter in Central Asia, according to its ministry.",
]

PASTED_PAGE = f"""Home | World | Politics
Russia and Kazakhstan sign a new grain deal

By Anna Petrova
2022-01-07
Share this article

{ARTICLE_SENTENCES[0]}

Advertisement

{ARTICLE_SENTENCES[1]}

Also read: China opens a new rail link to Europe
Subscribe to our newsletter

{ARTICLE_SENTENCES[2]}

© 2022 Steppe Review. All rights reserved.
Cookie settings
Sign in
"""

FURNITURE = [
    "Home",
    "Politics",
    "Share this article",
    "Subscribe",
    "newsletter",
    "Advertisement",
    "Also read",
    "China opens a new rail link",
    "©",
    "All rights reserved",
    "Cookie",
    "Sign in",
]


def refusal(call, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        call(*args, **kwargs)
    return excinfo.value


class TestPlainText:
    def test_menu_share_subscribe_ad_and_copyright_lines_are_dropped(self):
        body = clean_text(PASTED_PAGE).body
        for leftover in FURNITURE:
            assert leftover not in body, leftover

    def test_every_article_sentence_is_kept_in_order(self):
        body = clean_text(PASTED_PAGE).body
        positions = [body.index(sentence) for sentence in ARTICLE_SENTENCES]
        assert positions == sorted(positions)

    def test_first_line_is_the_title_and_leads_the_body(self):
        article = clean_text(PASTED_PAGE)
        assert article.title == "Russia and Kazakhstan sign a new grain deal"
        assert article.body.split("\n\n")[0] == article.title

    def test_byline_becomes_the_author_and_leaves_the_body(self):
        article = clean_text(PASTED_PAGE)
        assert article.author == "Anna Petrova"
        assert "Anna Petrova" not in article.body
        assert "By " not in article.body

    def test_iso_date_line_becomes_the_publication_date_and_leaves_the_body(self):
        article = clean_text(PASTED_PAGE)
        assert article.published_on == date(2022, 1, 7)
        assert "2022-01-07" not in article.body

    @pytest.mark.parametrize(
        "line",
        ["7 January 2022", "Friday, 7 January 2022", "Published: January 7, 2022", "7 Jan 2022"],
    )
    def test_written_date_line_becomes_the_publication_date(self, line):
        article = clean_text(
            f"The CSTO ends its mission in Kazakhstan\n\n{line}\n\n{ARTICLE_SENTENCES[0]}"
        )
        assert article.published_on == date(2022, 1, 7)
        assert "2022" not in article.body

    def test_hard_wrapped_lines_are_joined_into_one_paragraph(self):
        text = (
            "The CSTO ends its mission\n"
            "\n"
            "Troops from the Collective Security Treaty Organization\n"
            "began leaving Kazakhstan after the unrest in Almaty was\n"
            "over, the alliance said on Thursday in a statement from\n"
            "its headquarters in Moscow.\n"
            "\n"
            "China said it supported the government in Astana.\n"
        )
        paragraphs = clean_text(text).body.split("\n\n")
        assert paragraphs == [
            "The CSTO ends its mission",
            "Troops from the Collective Security Treaty Organization began leaving Kazakhstan "
            "after the unrest in Almaty was over, the alliance said on Thursday in a statement "
            "from its headquarters in Moscow.",
            "China said it supported the government in Astana.",
        ]

    def test_lines_ending_sentences_stay_separate_paragraphs(self):
        text = "\n".join(ARTICLE_SENTENCES)
        assert clean_text(text).body.split("\n\n") == ARTICLE_SENTENCES

    def test_long_headline_directly_followed_by_text_stays_the_title(self):
        text = "Russia and Kazakhstan sign a new grain agreement\n" + "\n".join(ARTICLE_SENTENCES)
        article = clean_text(text)
        assert article.title == "Russia and Kazakhstan sign a new grain agreement"
        assert article.body.split("\n\n")[1] == ARTICLE_SENTENCES[0]

    def test_windows_line_endings_and_invisible_characters_are_normalised(self):
        text = "The CSTO ends its mission\r\n\r\nChina\u200b said it\u00a0supported Astana.\r\n"
        assert (
            clean_text(text).body == "The CSTO ends its mission\n\nChina said it supported Astana."
        )


class TestMarkdown:
    MARKDOWN = (
        "# China and Kazakhstan open a new border crossing\n"
        "\n"
        "*By Li Wei, 2023-05-20*\n"
        "\n"
        "China and **Kazakhstan** opened a new crossing at "
        "[Khorgos](https://example.com/khorgos) on Saturday.\n"
        "\n"
        "- The crossing is _expected_ to double freight traffic, officials said.\n"
    )

    def test_markup_is_stripped_to_the_words(self):
        assert clean(self.MARKDOWN, input_format="markdown").body.split("\n\n") == [
            "China and Kazakhstan open a new border crossing",
            "China and Kazakhstan opened a new crossing at Khorgos on Saturday.",
            "The crossing is expected to double freight traffic, officials said.",
        ]

    def test_heading_byline_and_date_become_metadata(self):
        article = clean(self.MARKDOWN, input_format="markdown")
        assert article.title == "China and Kazakhstan open a new border crossing"
        assert article.author == "Li Wei"
        assert article.published_on == date(2023, 5, 20)
        assert "Li Wei" not in article.body

    def test_link_addresses_and_images_are_dropped(self):
        text = (
            "![Map of the border](map.png)\n\n"
            "Russia shares a long border with [Kazakhstan](https://kz.example)."
        )
        body = clean(text, input_format="markdown").body
        assert body == "Russia shares a long border with Kazakhstan."

    def test_link_address_holding_parentheses_is_dropped_whole(self):
        text = "The [Caspian](https://en.wikipedia.org/wiki/Caspian_(sea)) is shrinking."
        assert clean(text, input_format="markdown").body == "The Caspian is shrinking."


HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>CSTO troops leave Kazakhstan | Steppe Review</title>
<meta property="og:title" content="CSTO troops leave Kazakhstan">
<meta name="author" content="Anna Petrova">
<meta property="og:site_name" content="Steppe Review">
<meta property="article:published_time" content="2022-01-13T09:00:00Z">
<script>alert(1)</script>
</head><body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience.
<button>Accept all cookies</button></div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li></ul></nav>
<main><article>
<h1>CSTO troops leave Kazakhstan</h1>
<p>Troops sent by the Collective Security Treaty Organization began leaving Kazakhstan on
Thursday, a week after they arrived at the request of President Tokayev.</p>
<p>Russia supplied most of the soldiers in the mission, which guarded airports and power
stations around Almaty.</p>
<h2>What the CSTO deployment means for Central Asia</h2>
<p>China said it respected the decision of the government in Astana and called for calm.</p>
<script>alert(1)</script>
</article>
<aside><h3>Also read</h3><ul><li><a href="/a">Russia raises gas prices for Belarus</a></li>
<li><a href="/b">China opens a rail link to Iran</a></li></ul></aside>
</main>
<footer><p>© 2022 Steppe Review. All rights reserved.</p><a href="/privacy">Privacy policy</a>
</footer>
</body></html>"""


@pytest.fixture(scope="module")
def article():
    return clean_html(HTML_PAGE)


class TestHtml:
    def test_body_is_the_article_alone_headline_first(self, article):
        paragraphs = article.body.split("\n\n")
        assert paragraphs[0] == "CSTO troops leave Kazakhstan"
        assert paragraphs[1].startswith("Troops sent by the Collective Security Treaty")
        assert paragraphs[-1].startswith("China said it respected")
        assert "Russia supplied most of the soldiers" in article.body

    def test_subheading_stays_its_own_paragraph(self, article):
        assert "What the CSTO deployment means for Central Asia" in article.body.split("\n\n")

    @pytest.mark.parametrize(
        "furniture",
        ["alert(1)", "cookies", "Home", "Politics", "Also read", "Belarus", "rail link", "©"],
    )
    def test_scripts_menus_asides_footer_and_cookie_banner_are_dropped(self, article, furniture):
        assert furniture not in article.body

    def test_metadata_comes_from_the_meta_tags(self, article):
        assert article.title == "CSTO troops leave Kazakhstan"
        assert article.author == "Anna Petrova"
        assert article.publisher == "Steppe Review"
        assert article.published_on == date(2022, 1, 13)

    def test_page_without_article_text_is_refused(self):
        html = "<!DOCTYPE html><html><head><title>Gallery</title></head><body></body></html>"
        assert refusal(clean_html, html).code == "no_text"

    def test_paywall_page_with_only_furniture_is_refused(self):
        html = (
            "<!DOCTYPE html><html><head><title>Russia and the CSTO</title></head><body>"
            "<article><p>Subscribe now</p><p>Sign in / Register</p></article></body></html>"
        )
        assert refusal(clean_html, html).code == "no_text"


class TestDecodeInput:
    def test_utf8_text_is_decoded(self):
        assert decode_input("Kazakhstan’s capital".encode(), max_bytes=LIMIT) == (
            "Kazakhstan’s capital"
        )

    def test_byte_order_mark_is_stripped(self):
        text = decode_input(b"\xef\xbb\xbfRussia and China", max_bytes=LIMIT)
        assert text == "Russia and China"

    @pytest.mark.parametrize(
        ("data", "kind"),
        [
            (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
            (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
            (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        ],
    )
    def test_binary_file_signatures_are_refused_naming_the_format(self, data, kind):
        error = refusal(decode_input, data, max_bytes=LIMIT)
        assert error.code == "binary"
        assert kind in error.messages[0]

    def test_nul_bytes_are_refused_as_binary(self):
        error = refusal(decode_input, b"Russia\x00\x00\x01Kazakhstan", max_bytes=LIMIT)
        assert error.code == "binary"

    def test_invalid_utf8_is_refused_with_the_byte_position(self):
        error = refusal(decode_input, b"caf\xe9 au lait", max_bytes=LIMIT)
        assert error.code == "encoding"
        assert "position 3" in error.messages[0]
        assert "0xe9" in error.messages[0]

    def test_utf16_text_is_refused_as_an_encoding_problem_not_binary(self):
        data = "Russia and Kazakhstan".encode("utf-16")
        error = refusal(decode_input, data, max_bytes=LIMIT)
        assert error.code == "encoding"
        assert "UTF-16" in error.messages[0]

    def test_input_over_the_limit_is_refused_with_both_sizes(self):
        error = refusal(decode_input, b"x" * 2001, max_bytes=2000)
        assert error.code == "too_large"
        assert "2,001" in error.messages[0]
        assert "2,000" in error.messages[0]

    def test_input_at_the_limit_is_accepted(self):
        assert decode_input(b"x" * 2000, max_bytes=2000) == "x" * 2000


class TestCheckText:
    @pytest.mark.parametrize("text", ["", "   \n\t\n  "])
    def test_empty_and_whitespace_only_text_is_refused(self, text):
        assert refusal(check_text, text, max_chars=LIMIT).code == "empty"

    def test_empty_bytes_decode_then_are_refused_as_empty(self):
        text = decode_input(b"", max_bytes=LIMIT)
        assert refusal(check_text, text, max_chars=LIMIT).code == "empty"

    def test_text_over_the_character_limit_is_refused(self):
        assert refusal(check_text, "Russia " * 100, max_chars=200).code == "too_large"

    def test_text_full_of_control_characters_is_refused_as_binary(self):
        assert refusal(check_text, "ab\x01\x02\x03\x04cd", max_chars=LIMIT).code == "binary"

    def test_ordinary_text_passes(self):
        check_text(ARTICLE_SENTENCES[0], max_chars=LIMIT)


class TestContentHash:
    def test_same_text_with_other_spacing_and_case_has_the_same_hash(self):
        a = "Russia and Kazakhstan\n\nsigned a grain deal."
        b = "  RUSSIA and   kazakhstan signed\na grain deal.  "
        assert content_hash(a) == content_hash(b)

    def test_different_text_has_a_different_hash(self):
        assert content_hash("Russia signed a grain deal.") != content_hash(
            "China signed a grain deal."
        )
