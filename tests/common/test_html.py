"""common/html.py: source text is always escaped, and marks follow their spans."""

from common.html import Span, highlight_paragraphs, highlight_spans, status_badge

XSS = "<script>alert(1)</script>"


def test_text_and_titles_from_sources_are_escaped():
    text = f"Before {XSS} after."
    html = str(highlight_spans(text, [Span(7, 7 + len(XSS), "claim", title=XSS)]))
    assert "<script>" not in html
    assert html.count("&lt;script&gt;") == 2


def test_spans_are_marked_in_body_coordinates_and_overlaps_are_left_out():
    body = "Intro.\n\nRussia sent troops. China objected."
    offset = body.index("Russia")
    paragraph = body[offset:]
    first = Span(offset, offset + 19, "claim", href="/claims/1/")
    overlapping = Span(offset + 5, offset + 25, "claim")
    html = str(highlight_spans(paragraph, [overlapping, first], offset=offset))
    assert html.startswith(
        '<mark class="claim"><a href="/claims/1/">Russia sent troops.</a></mark>'
    )
    assert html.count("<mark") == 1


def test_a_span_over_a_paragraph_break_is_marked_in_each_paragraph():
    body = "One sentence\nruns on. Another."
    span = Span(0, body.index(" Another"), "claim", id="claim-7", after="[7]")
    first, second = (str(p) for p in highlight_paragraphs(body, [span]))
    assert first == '<mark class="claim" id="claim-7">One sentence</mark>'
    assert second == '<mark class="claim">runs on.</mark>[7] Another.'


def test_empty_paragraphs_are_dropped():
    assert [str(p) for p in highlight_paragraphs("A.\n\n\nB.", [])] == ["A.", "B."]


def test_a_badge_carries_its_value_as_a_class():
    assert str(status_badge("conflict", "Conflict <b>")) == (
        '<span class="badge badge--conflict">Conflict &lt;b&gt;</span>'
    )
