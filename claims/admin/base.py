"""What every page of the claims admin shares: history without revert, the selector each
admin reads through, and the small HTML pieces its columns are built from.

Every write goes through a service (``claims.review``, ``claims.linking``,
``claims.entities``); every list reads through ``claims.selectors``.
Researchers (view permissions only) get the same pages read-only, without
actions or buttons.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from simple_history.admin import SimpleHistoryAdmin

from common.admin import LargeTableChangeList, SafeChangeListMixin
from common.html import Span, highlight_spans, status_badge
from common.text import paragraph_bounds
from sources.models import Source

from ..models import Claim


class HistoryAdmin(SafeChangeListMixin, SimpleHistoryAdmin):
    """History shows who changed what and when; reverting would bypass the services.

    ``selector`` is the function whose queryset (with its joins) the
    changelist and change pages read. Lists page as ``LargeTableChangeList`` does, to
    the depth their paginator allows.
    """

    selector: Callable[[], QuerySet]

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def get_changelist(self, request, **kwargs):
        return LargeTableChangeList

    def get_queryset(self, request):
        queryset = type(self).selector()
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset


def admin_link(obj, text=None) -> SafeString:
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, text if text is not None else str(obj))


def source_line(source: Source) -> SafeString:
    parts = [p for p in (source.publisher, source.published_on and str(source.published_on)) if p]
    return format_html(
        '<span class="claim-source"><bdi>{}</bdi>{}</span>',
        source,
        f" · {' · '.join(parts)}" if parts else "",
    )


def claim_block(claim: Claim) -> SafeString:
    """A claim in full with its status and source, linked to its page."""
    return format_html(
        '{} {}<span class="claim-source">{}</span>',
        status_badge(claim.status, claim.get_status_display()),
        admin_link(claim, claim.text),
        source_line(claim.source),
    )


def claim_in_paragraph(claim: Claim) -> SafeString:
    """The claim's paragraph of its source body, escaped, with the claim marked."""
    body = claim.source.body
    start, end = paragraph_bounds(body, claim.start, claim.end)
    span = Span(claim.start, claim.end, "claim claim--current", title="This claim")
    # data-body-offset: where the paragraph starts in the body, so a selection in it can
    # be read as body offsets (sources/static/sources/admin/body_selection.js).
    return format_html(
        '<p data-body-offset="{}" class="claim-context">{}</p>',
        start,
        highlight_spans(body[start:end], [span], offset=start),
    )


def claim_with_paragraph(claim: Claim) -> SafeString:
    """A claim marked in its paragraph (the mark links to its page), with its status and
    source: one side of a link in the queue."""
    body = claim.source.body
    start, end = paragraph_bounds(body, claim.start, claim.end)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    span = Span(claim.start, claim.end, "claim claim--current", title="Open this claim", href=url)
    return format_html(
        '{} <span class="claim-paragraph">{}</span>{}',
        status_badge(claim.status, claim.get_status_display()),
        highlight_spans(body[start:end], [span], offset=start),
        source_line(claim.source),
    )


def stated_dates(claim) -> list[str]:
    """The dates a claim states, as the change-over-time rule reads them: each normalised
    date once, in the order of the text; vague ones ("every few months") left out."""
    seen = []
    for stated in claim.dates or []:
        value = stated.get("value") if isinstance(stated, dict) else None
        if value and value not in seen:
            seen.append(value)
    return seen


def reason_badges(link) -> SafeString:
    """A suggestion's reasons as labels; a change over time names both dates."""
    from ..selectors.suggestions import reason_label

    badges = []
    for reason in link.reasons or []:
        if not isinstance(reason, dict) or not reason.get("type"):
            continue
        kind = str(reason["type"])
        label = reason_label(kind)
        if kind == "change_over_time":
            first = reason.get("date_a") or link.date_a or "?"
            second = reason.get("date_b") or link.date_b or "?"
            label = f"{label}: {first} → {second}"
        badges.append((kind, label, reason.get("detail", "")))
    return format_html_join(
        " ",
        '<span class="badge badge--reason badge--reason-{}" title="{}">{}</span>',
        ((kind, detail, label) for kind, label, detail in badges),
    )


def bulleted(items) -> SafeString | str:
    if not items:
        return "—"
    return format_html(
        '<div class="stack"><ul class="plain-list">{}</ul></div>',
        format_html_join("", "<li>{}</li>", items),
    )


# --- Messages shown where the click happened ------------------------------------------------
# A message added with ``message_at`` carries its place (a panel's id) and, when the click
# made or decided a link, that link's id; the page renders it inside that panel, with a
# one-click undo, instead of in the list at the top that the click scrolled away from.

PLACE_PREFIX = "at-"
UNDO_PREFIX = "undo-"


@dataclass(frozen=True)
class PlacedMessage:
    text: str
    level_tag: str
    undo_url: str | None


def message_at(request, place: str, text, level=messages.SUCCESS, *, undo=None) -> None:
    """Add a message for the panel ``place``; ``undo``: the link the click made or decided."""
    tags = f"{PLACE_PREFIX}{place}" + (f" {UNDO_PREFIX}{undo.pk}" if undo is not None else "")
    messages.add_message(request, level, text, extra_tags=tags)


def messages_by_place(request) -> tuple[list, dict[str, list[PlacedMessage]]]:
    """This request's messages: those for the top of the page, and those for each panel."""
    top, placed = [], {}
    for message in messages.get_messages(request):
        tags = (message.extra_tags or "").split()
        place = next((t[len(PLACE_PREFIX) :] for t in tags if t.startswith(PLACE_PREFIX)), None)
        if place is None:
            top.append(message)
            continue
        undo = next((t[len(UNDO_PREFIX) :] for t in tags if t.startswith(UNDO_PREFIX)), None)
        undo_url = reverse("admin:claims_claimlink_undo", args=[undo]) if undo else None
        placed.setdefault(place, []).append(
            PlacedMessage(message.message, message.level_tag, undo_url)
        )
    return top, placed
