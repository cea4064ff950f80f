"""Server-side SVG pictures of a claim set: a timeline and a graph of its links.

Plain deterministic layouts, no JavaScript: the timeline places each claim at
its source's publication date in its side's lane; the graph puts the two sides
in two columns, with agree links solid green and conflicts dashed red. Every
text that came from a source is escaped by ``format_html``; each node links to
its claim and carries a ``<title>`` tooltip.
"""

import math
from datetime import date, timedelta

from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from common.text import shorten

from ..models import Claim, ClaimLink
from .presenters import side_label

SIDE_COLOURS = {Claim.Side.A: "#1f5fa8", Claim.Side.B: "#a3470c"}
NO_SIDE_COLOUR = "#5f6368"
AGREE_COLOUR = "#2f7d32"
CONFLICT_COLOUR = "#b42318"
TIMELINE_WIDTH = 900


def _colour(side) -> str:
    return SIDE_COLOURS.get(side, NO_SIDE_COLOUR)


def _tooltip(claim: Claim) -> str:
    source = claim.source
    when = source.published_on.isoformat() if source.published_on else "undated"
    by = source.publisher or str(source)
    return f"{claim.key} · {by}, {when}: {shorten(claim.text, 240)}"


def _ticks(first: date, last: date) -> list[tuple[date, str]]:
    """Year ticks over a long span, month ticks (every 1–6 months) over a short one."""
    if (last - first).days >= 540:
        return [(date(y, 1, 1), str(y)) for y in range(first.year + 1, last.year + 1)] or [
            (date(first.year, 1, 1), str(first.year))
        ]
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next(s for s in (1, 2, 3, 6, 12) if months / s <= 8)
    ticks, year, month = [], first.year, first.month
    while date(year, month, 1) <= last:
        if date(year, month, 1) >= first and (month - 1) % step == 0:
            ticks.append((date(year, month, 1), date(year, month, 1).strftime("%b %Y")))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ticks


def _side_name(side: int, side_names: dict | None, limit: int) -> str:
    """The lane's or column's label: the editor's name for the side, shortened, or "Side A"."""
    name = (side_names or {}).get(side) or f"Side {side_label(side)}"
    return shorten(name, limit)


def _timeline_frame(first: date, last: date, side_names: dict | None):
    """The axis, ticks and lane names every timeline shares, from ``first`` to ``last``.

    Returns (parts drawn so far, day -> x, side -> lane y, axis y).
    """
    width, left, right = TIMELINE_WIDTH, 86, 34
    lanes = {Claim.Side.A: 56, Claim.Side.B: 136}
    lanes = {side: y for side, y in lanes.items() if side_names is None or side in side_names}
    axis_y = 184
    pad = max(timedelta(days=20), (last - first) * 0.05)
    start, end = first - pad, last + pad
    span = (end - start).days or 1

    def x(day: date) -> float:
        return round(left + (day - start).days / span * (width - left - right), 1)

    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#8a8f98" stroke-width="1"/>',
            left,
            axis_y,
            width - right,
            axis_y,
        )
    ]
    for day, label in _ticks(start, end):
        parts.append(
            format_html(
                '<line x1="{0}" y1="22" x2="{0}" y2="{1}" stroke="#e3e5e8" stroke-width="1"/>'
                '<text x="{0}" y="{2}" text-anchor="middle" font-size="12" fill="#4a4f57">{3}</text>',
                x(day),
                axis_y + 5,
                axis_y + 22,
                label,
            )
        )
    for side, lane_y in lanes.items():
        parts.append(
            format_html(
                '<text x="8" y="{}" font-size="13" font-weight="600" fill="{}">{}</text>',
                lane_y + 5,
                _colour(side),
                _side_name(side, side_names, 11),
            )
        )
    return parts, x, lanes, axis_y


def _timeline(parts: list, title_id: str, axis_y: int) -> SafeString:
    return format_html(
        '<svg class="timeline" viewBox="0 0 {} {}" role="img" aria-labelledby="{}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">{}</svg>',
        TIMELINE_WIDTH,
        axis_y + 34,
        title_id,
        format_html_join("", "{}", ((p,) for p in parts)),
    )


def _lane_band(x_first: float, x_last: float, lane_y: int, side: int) -> SafeString:
    return format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-opacity="0.25" '
        'stroke-width="8" stroke-linecap="round"/>',
        x_first,
        lane_y,
        x_last,
        lane_y,
        _colour(side),
    )


def timeline_svg(
    claims: list[Claim], *, title_id: str = "timeline-title", side_names: dict | None = None
) -> SafeString:
    """Each dated claim as a dot at its source's date, in its side's lane (named by
    ``side_names``, side number -> name, when given; a side it leaves out gets no lane).

    ``claims`` carry ``key`` (see ``presenters.assign_claim_keys``) and their source.
    Returns an empty string when no claim has a date.
    """
    dated = [c for c in claims if c.source.published_on]
    if not dated:
        return SafeString("")
    first = min(c.source.published_on for c in dated)
    last = max(c.source.published_on for c in dated)
    parts, x, lanes, axis_y = _timeline_frame(first, last, side_names)
    for side, lane_y in lanes.items():
        on_side = sorted(
            (c for c in dated if c.side == side), key=lambda c: (c.source.published_on, c.key)
        )
        if on_side:
            parts.append(
                _lane_band(
                    x(on_side[0].source.published_on),
                    x(on_side[-1].source.published_on),
                    lane_y,
                    side,
                )
            )
        placed: list[tuple[float, float]] = []
        for claim in on_side:
            cx = x(claim.source.published_on)
            # A dot that would touch one already placed goes above the lane, then
            # below it; when all three rows are taken there, it moves right.
            while True:
                free = [
                    y
                    for y in (lane_y, lane_y - 24, lane_y + 24)
                    if not any(py == y and abs(px - cx) < 26 for px, py in placed)
                ]
                if free:
                    cy = free[0]
                    break
                cx += 9
            placed.append((cx, cy))
            parts.append(_node(claim, cx, cy, radius=13, font_size=10))
    return _timeline(parts, title_id, axis_y)


def timeline_counts_svg(
    buckets: list[dict], *, title_id: str = "timeline-title", side_names: dict | None = None
) -> SafeString:
    """A large set's timeline: for each period and side, one circle in the side's lane
    whose area grows with how many claims were published then, with the count.

    ``buckets``: ``presenters.timeline_buckets``' rows. Its size grows with the
    periods a set spans, never with its claims. Empty when no claim has a date.
    """
    if not buckets:
        return SafeString("")
    first = min(row["start"] for row in buckets)
    last = max(row["start"] + timedelta(days=row["days"] - 3) for row in buckets)
    parts, x, lanes, axis_y = _timeline_frame(first, last, side_names)
    largest = max(row["count"] for row in buckets)
    for side, lane_y in lanes.items():
        on_side = [row for row in buckets if row["side"] == side]
        if on_side:
            parts.append(_lane_band(x(on_side[0]["start"]), x(on_side[-1]["start"]), lane_y, side))
        for row in on_side:
            cx = x(row["start"] + timedelta(days=row["days"] // 2))
            parts.append(
                format_html(
                    '<g class="bucket"><title>{}: {} claim{} on {}</title>'
                    '<circle cx="{}" cy="{}" r="{}" fill="{}" fill-opacity="0.85" '
                    'stroke="#fff" stroke-width="2"/>'
                    '<text x="{}" y="{}" text-anchor="middle" font-size="11" font-weight="700" '
                    'fill="#fff">{}</text></g>',
                    row["label"],
                    row["count"],
                    pluralize(row["count"]),
                    _side_name(side, side_names, 40),
                    cx,
                    lane_y,
                    round(7 + 15 * math.sqrt(row["count"] / largest), 1),
                    _colour(side),
                    cx,
                    round(lane_y + 11 * 0.35, 1),
                    row["count"],
                )
            )
    return _timeline(parts, title_id, axis_y)


def _node(claim: Claim, cx: float, cy: float, *, radius: int, font_size: int) -> SafeString:
    return format_html(
        '<a href="{}" class="node"><title>{}</title>'
        '<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="#fff" stroke-width="2"/>'
        '<text x="{}" y="{}" text-anchor="middle" font-size="{}" font-weight="700" '
        'fill="#fff">{}</text></a>',
        reverse("claims:claim_detail", args=[claim.pk]),
        _tooltip(claim),
        cx,
        cy,
        radius,
        _colour(claim.side),
        cx,
        round(cy + font_size * 0.35, 1),
        font_size,
        claim.key,
    )


def claim_set_graph_svg(
    sides: list[list[Claim]],
    links: list[ClaimLink],
    *,
    cycle: list[int] | tuple = (),
    title_id: str = "graph-title",
    side_names: dict | None = None,
    more: dict | None = None,
    more_href: str = "",
) -> SafeString:
    """The set as a graph: side A's claims in the left column, side B's in the right.

    Only confirmed links are drawn (they are what holds the set together);
    links in ``cycle`` (an inconsistent set's odd conflict cycle) are drawn
    heavier. Claims carry ``key``. ``more`` (side -> how many claims ``sides``
    leaves out) ends a column with a "+ N more" line, linked to ``more_href``.
    """
    width, row, top = 560, 66, 64
    columns = {Claim.Side.A: 175, Claim.Side.B: width - 175}
    columns = {side: x for side, x in columns.items() if side_names is None or side in side_names}
    rows = max((len(s) for s in sides), default=0)
    more = {side: n for side, n in (more or {}).items() if n and side in columns}
    height = top + max(rows, 1) * row + (40 if more else 0)
    position: dict[int, tuple[float, float, int, str]] = {}
    for side, claims in zip((Claim.Side.A, Claim.Side.B), sides, strict=True):
        offset = (rows - len(claims)) * row / 2
        for index, claim in enumerate(claims):
            y = top + offset + index * row + row / 2 - 8
            position[claim.pk] = (columns[side], y, side, claim.key)

    parts = [
        format_html(
            '<text x="{}" y="28" text-anchor="middle" font-size="14" font-weight="600" '
            'fill="{}">{}</text>',
            cx,
            _colour(side),
            _side_name(side, side_names, 28),
        )
        for side, cx in columns.items()
    ]
    in_cycle = set(cycle)
    for link in links:
        if link.status != ClaimLink.Status.CONFIRMED:
            continue
        if link.claim_a_id not in position or link.claim_b_id not in position:
            continue
        ax, ay, a_side, a_key = position[link.claim_a_id]
        bx, by, _, b_key = position[link.claim_b_id]
        if ax == bx:
            # Same column: bow towards the middle so the curve clears the claims in
            # between and the captions outside.
            bow = (1 if a_side == Claim.Side.A else -1) * min(30 + abs(by - ay) * 0.2, 70)
            shape = format_html(
                'd="M {} {} C {} {}, {} {}, {} {}"',
                ax,
                ay,
                ax + bow,
                ay,
                bx + bow,
                by,
                bx,
                by,
            )
        else:
            shape = format_html('d="M {} {} L {} {}"', ax, ay, bx, by)
        is_conflict = link.relation == ClaimLink.Relation.CONFLICT
        verb = "conflicts with" if is_conflict else "agrees with"
        note = f" — {shorten(link.note, 200)}" if link.note else ""
        parts.append(
            format_html(
                '<path {} fill="none" stroke="{}" stroke-width="{}"{}>'
                "<title>{} {} {}{}</title></path>",
                shape,
                CONFLICT_COLOUR if is_conflict else AGREE_COLOUR,
                4 if link.pk in in_cycle else 2.5,
                SafeString(' stroke-dasharray="7 5"') if is_conflict else "",
                a_key,
                verb,
                b_key,
                note,
            )
        )
    for side, claims in zip((Claim.Side.A, Claim.Side.B), sides, strict=True):
        for claim in claims:
            cx, cy, _, _ = position[claim.pk]
            parts.append(_node(claim, cx, cy, radius=19, font_size=13))
            source = claim.source
            caption = shorten(source.publisher or str(source), 24)
            when = source.published_on.strftime("%b %Y") if source.published_on else "undated"
            anchor, lx = ("end", cx - 28) if side == Claim.Side.A else ("start", cx + 28)
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="{}" font-size="12" fill="#2b2f36">{}'
                    '<tspan x="{}" dy="15" fill="#5f6368">{}</tspan></text>',
                    lx,
                    cy - 3,
                    anchor,
                    caption,
                    lx,
                    when,
                )
            )
    for side, hidden in more.items():
        parts.append(
            format_html(
                '<a href="{}" class="more-node"><text x="{}" y="{}" text-anchor="middle" '
                'font-size="13" font-weight="600" fill="{}">+ {} more claim{}</text></a>',
                more_href,
                columns[side],
                height - 20,
                _colour(side),
                hidden,
                pluralize(hidden),
            )
        )
    return format_html(
        '<svg class="graph" viewBox="0 0 {} {}" role="img" aria-labelledby="{}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">{}</svg>',
        width,
        height,
        title_id,
        format_html_join("", "{}", ((p,) for p in parts)),
    )
