"""Source text as HTML: escaped, with spans marked; status badges.

Every piece of source text shown anywhere goes through ``highlight_spans`` or
``format_html``, so no template needs ``|safe`` on text a source supplied.
"""

from dataclasses import dataclass, replace

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .text import PARAGRAPH_BREAK


@dataclass(frozen=True)
class Span:
    """A stretch of text to mark: ``text[start:end]`` in the coordinates of the whole body.

    ``href`` makes the marked text a link; ``id`` is set on the mark (the first
    piece of a span split at a paragraph break); ``after`` is HTML put right
    after the mark (after its last piece).
    """

    start: int
    end: int
    css_class: str
    title: str = ""
    href: str = ""
    id: str = ""
    after: SafeString | str = ""


def _without_overlaps(spans: list[Span], length: int) -> list[Span]:
    """Spans in order of their start; one overlapping an earlier span, empty, or
    outside the text is left out."""
    kept, cursor = [], 0
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if span.start < cursor or span.end > length or span.start >= span.end:
            continue
        kept.append(span)
        cursor = span.end
    return kept


def _mark(span: Span, inner: str) -> SafeString:
    if span.href:
        inner = format_html('<a href="{}">{}</a>', span.href, inner)
    title = format_html(' title="{}"', span.title) if span.title else ""
    id_attribute = format_html(' id="{}"', span.id) if span.id else ""
    return format_html(
        '<mark class="{}"{}{}>{}</mark>{}', span.css_class, id_attribute, title, inner, span.after
    )


def highlight_spans(text: str, spans: list[Span], *, offset: int = 0) -> SafeString:
    """``text`` escaped, with each span wrapped in a <mark> (a link when it has an href).

    ``offset`` is where ``text`` starts in the body the spans point into. Spans
    are sorted; one overlapping an earlier span, or outside the text, is left out.
    """
    shifted = [replace(s, start=s.start - offset, end=s.end - offset) for s in spans]
    pieces: list[SafeString] = []
    cursor = 0
    for span in _without_overlaps(shifted, len(text)):
        pieces.append(format_html("{}", text[cursor : span.start]))
        pieces.append(_mark(span, text[span.start : span.end]))
        cursor = span.end
    pieces.append(format_html("{}", text[cursor:]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def highlight_paragraphs(text: str, spans: list[Span]) -> list[SafeString]:
    """``text`` as its paragraphs (``common.text.PARAGRAPH_BREAK``), each highlighted.

    A span that runs over a paragraph break is marked in each paragraph it
    touches: its ``id`` goes on the first piece, its ``after`` after the last.
    Overlapping spans are dropped as ``highlight_spans`` drops them.
    """
    spans = _without_overlaps(spans, len(text))
    paragraphs, begin = [], 0
    for match in [*PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        if begin < end:
            pieces = []
            for span in spans:
                if span.end <= begin or span.start >= end:
                    continue
                pieces.append(
                    replace(
                        span,
                        start=max(span.start, begin),
                        end=min(span.end, end),
                        id=span.id if span.start >= begin else "",
                        after=span.after if span.end <= end else "",
                    )
                )
            paragraphs.append(highlight_spans(text[begin:end], pieces, offset=begin))
        begin = match.end() if match else end
    return paragraphs


def status_badge(value: str, label: str) -> SafeString:
    """A small coloured label for a status, relation or side (CSS class ``badge--<value>``)."""
    return format_html('<span class="badge badge--{}">{}</span>', value, label)
