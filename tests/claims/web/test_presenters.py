"""Quotes in context and marked articles, without the database."""

from types import SimpleNamespace

from claims.web.presenters import (
    CONTEXT_CHARS,
    article_paragraphs,
    claim_in_context,
    context_window,
    entity_alias_texts,
    number_claims,
)


def claim_in(body: str, sentence: str, pk: int = 1, side=None):
    start = body.index(sentence)
    return SimpleNamespace(
        pk=pk,
        start=start,
        end=start + len(sentence),
        text=sentence,
        side=side,
        source=SimpleNamespace(body=body),
    )


def test_a_quote_keeps_one_sentence_either_side_within_the_paragraph():
    body = "Title\n\nOne. Two is here. Three is the claim. Four follows! Five.\n\nNext paragraph."
    quote = claim_in_context(claim_in(body, "Three is the claim."))
    assert quote == "… Two is here. <mark>Three is the claim.</mark> Four follows! …"


def test_a_quote_at_the_start_of_a_paragraph_has_no_leading_ellipsis():
    body = "Title\n\nThe claim comes first. Then more.\n\nNext."
    quote = claim_in_context(claim_in(body, "The claim comes first."))
    assert quote == "<mark>The claim comes first.</mark> Then more."


def test_a_clause_is_quoted_within_its_whole_sentence():
    body = "Before it. Moscow, analysts said, is losing ground. After it."
    quote = claim_in_context(claim_in(body, "is losing ground"))
    assert quote == "Before it. Moscow, analysts said, <mark>is losing ground</mark>. After it."


def test_an_endless_sentence_is_cut_at_a_word():
    body = "word " * 400 + "CLAIM" + " word" * 400
    claim = claim_in(body, "CLAIM")
    start, end = context_window(body, claim.start, claim.end)
    assert claim.start - start <= CONTEXT_CHARS and end - claim.end <= CONTEXT_CHARS
    assert body[start - 1] == " " and body[end] == " "


def test_markup_in_a_quote_is_escaped():
    body = "Before. <script>alert(1)</script> is the claim. After."
    quote = claim_in_context(claim_in(body, "<script>alert(1)</script> is the claim."))
    assert "<script>" not in quote
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt; is the claim.</mark>" in quote


def test_article_marks_claims_skips_overlaps_and_splits_at_paragraphs():
    body = "Head\n\nFirst claim. Second <b>claim</b>.\n\nThird."
    first = claim_in(body, "First claim.", pk=1, side=0)
    overlapping = claim_in(body, "claim. Second", pk=2)
    spanning = claim_in(body, "Second <b>claim</b>.\n\nThird.", pk=3)
    number_claims([first, overlapping, spanning])
    paragraphs = article_paragraphs(body, [spanning, overlapping, first])
    assert paragraphs[0] == "Head"
    assert paragraphs[1].startswith('<mark class="claim side-a" id="claim-1">First claim.</mark>')
    assert (
        '<mark class="claim" id="claim-3">Second &lt;b&gt;claim&lt;/b&gt;.</mark>' in paragraphs[1]
    )
    assert "claim-2" not in "".join(paragraphs)
    assert paragraphs[2].startswith('<mark class="claim">Third.</mark><a class="claim-ref"')
    assert paragraphs[2].endswith('aria-label="Claim 3 of this article">3</a>')


def test_a_timeline_of_counts_goes_by_year_over_three_years_and_by_month_within():
    from datetime import date

    from claims.web.presenters import timeline_buckets

    short = [
        {"month": date(2022, 1, 1), "side": 0, "count": 2},
        {"month": date(2022, 3, 1), "side": 1, "count": 5},
    ]
    assert [(r["label"], r["side"], r["count"]) for r in timeline_buckets(short)] == [
        ("Jan 2022", 0, 2),
        ("Mar 2022", 1, 5),
    ]
    long = [
        {"month": date(2015, 1, 1), "side": 0, "count": 2},
        {"month": date(2015, 6, 1), "side": 0, "count": 3},
        {"month": date(2024, 12, 1), "side": 1, "count": 1},
    ]
    assert [(r["label"], r["side"], r["count"]) for r in timeline_buckets(long)] == [
        ("2015", 0, 5),
        ("2024", 1, 1),
    ]


class _Aliases(list):
    def all(self):
        return self


def test_aliases_are_listed_as_written_without_the_name_or_a_lower_case_twin():
    texts = ["kremlin", "Kremlin", "russia", "Russian Federation", "RF", "the Kremlin"]
    aliases = _Aliases(SimpleNamespace(pk=pk, text=text) for pk, text in enumerate(texts))
    entity = SimpleNamespace(name="Russia", aliases=aliases)
    assert entity_alias_texts(entity) == ["Kremlin", "RF", "Russian Federation", "the Kremlin"]
