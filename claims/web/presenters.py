"""What the contradiction view shows of claims: digests of sets, quotes in context, marked articles.

Pure functions over objects the selectors loaded; they run no queries. Every
piece of source text goes through ``escape`` / ``format_html`` here, so the
templates never need ``|safe`` on anything a source supplied.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from common.html import Span, highlight_paragraphs
from common.text import paragraph_bounds, sentence_spans

from ..linking.naming import claim_set_heading
from ..models import Claim, ClaimSet

SIDE_LABELS = {Claim.Side.A: "A", Claim.Side.B: "B"}
STATUS_RANK = {Claim.Status.ACCEPTED: 0, Claim.Status.PROPOSED: 1, Claim.Status.REJECTED: 2}

# How much text around a claim a quote may show at most, on each side.
CONTEXT_CHARS = 360


def side_label(side: int | None) -> str:
    return SIDE_LABELS.get(side, "?")


def claim_entities(claim: Claim) -> list:
    """The distinct entities a claim names, in the order it names them (mentions prefetched)."""
    seen = {}
    for mention in claim.mentions.all():
        seen.setdefault(mention.entity_id, mention.entity)
    return list(seen.values())


def entity_alias_texts(entity) -> list[str]:
    """The other names of an entity as they were written (aliases prefetched), A to Z
    whatever their case, without its own name or a name that differs from another only
    in case."""
    shown = {entity.name.casefold(): entity.name}
    for alias in sorted(entity.aliases.all(), key=lambda a: (a.text.islower(), a.pk)):
        shown.setdefault(alias.text.casefold(), alias.text)  # a capitalised spelling first
    del shown[entity.name.casefold()]
    return sorted(shown.values(), key=lambda text: (text.casefold(), text))


def representative_claim(claims: list[Claim]) -> Claim | None:
    """The claim that speaks for a side: accepted before proposed, then highest score."""
    if not claims:
        return None
    return min(claims, key=lambda c: (STATUS_RANK.get(c.status, 3), -c.score, c.pk))


def shared_entities(claims: list[Claim], *, limit: int = 3) -> list:
    """The entities the claims talk about most: on both sides first, then by claim count.

    Needs ``mentions`` (with their entity) prefetched.
    """
    claim_counts: Counter = Counter()
    sides_seen: dict[int, set] = {}
    entities = {}
    for claim in claims:
        for entity_id in {m.entity_id for m in claim.mentions.all()}:
            claim_counts[entity_id] += 1
            sides_seen.setdefault(entity_id, set()).add(claim.side)
        for mention in claim.mentions.all():
            entities[mention.entity_id] = mention.entity
    ranked = sorted(
        claim_counts,
        key=lambda pk: (-len(sides_seen[pk]), -claim_counts[pk], entities[pk].name, pk),
    )
    return [entities[pk] for pk in ranked[:limit]]


def claim_set_title(claim_set: ClaimSet, claims: list[Claim]) -> tuple[str, bool]:
    """The set's question or title, or one the machine proposes from its claims.

    Returns (title, whether it was made up here).
    """
    heading = claim_set_heading(claim_set, claims)
    return heading.text, heading.is_proposed


@dataclass
class SideDigest:
    side: int
    label: str  # "A" or "B": the key letter and the colour
    name: str  # the editor's label for the side, else "Side A" / "Side B"
    claims: list[Claim]
    representative: Claim | None
    total: int | None = None  # how many the side holds, when ``claims`` are only some

    @property
    def count(self) -> int:
        return len(self.claims) if self.total is None else self.total

    @property
    def hidden(self) -> int:
        """How many of the side's claims ``claims`` leaves out."""
        return self.count - len(self.claims)


@dataclass
class ClaimSetDigest:
    claim_set: ClaimSet
    title: str
    title_is_derived: bool
    sides: list[SideDigest]
    publishers: list[str]
    first_published: date | None
    last_published: date | None
    entities: list = field(default_factory=list)


def claim_set_digest(claim_set: ClaimSet, claims: list[Claim]) -> ClaimSetDigest:
    """What a list entry shows of a set: title, both sides, publishers and date span.

    ``claims`` are the set's claims with their source and mentions loaded.
    """
    title, derived = claim_set_title(claim_set, claims)
    sides = []
    for side in (Claim.Side.A, Claim.Side.B):
        on_side = [c for c in claims if c.side == side]
        sides.append(
            SideDigest(
                side,
                side_label(side),
                claim_set.side_name(side),
                on_side,
                representative_claim(on_side),
            )
        )
    dates = [c.source.published_on for c in claims if c.source.published_on]
    return ClaimSetDigest(
        claim_set=claim_set,
        title=title,
        title_is_derived=derived,
        sides=sides,
        publishers=sorted({c.source.publisher for c in claims if c.source.publisher}),
        first_published=min(dates, default=None),
        last_published=max(dates, default=None),
        entities=shared_entities(claims, limit=6),
    )


# A timeline of counts over more months than this counts per year instead.
MONTHS_AT_MOST = 36


def timeline_buckets(months: list[dict]) -> list[dict]:
    """A large set's timeline rows: ``months`` (``claim_set_months``) as they are, or
    summed per year when they span more than ``MONTHS_AT_MOST`` months. Each row has
    ``start`` (a date), ``days`` (its length, about), ``label``, ``side`` and ``count``."""
    if not months:
        return []
    first, last = months[0]["month"], months[-1]["month"]
    if (last.year - first.year) * 12 + last.month - first.month < MONTHS_AT_MOST:
        return [
            {**row, "start": row["month"], "days": 30, "label": row["month"].strftime("%b %Y")}
            for row in months
        ]
    years: dict[tuple[int, int], int] = {}
    for row in months:
        key = (row["month"].year, row["side"])
        years[key] = years.get(key, 0) + row["count"]
    return [
        {"start": date(year, 1, 1), "days": 365, "label": str(year), "side": side, "count": n}
        for (year, side), n in sorted(years.items())
    ]


def assign_claim_keys(sides: list[list[Claim]]) -> dict[int, str]:
    """Short keys ("A1", "B2") that tie a claim's card to its place in the pictures.

    Sets ``claim.key`` on each claim and returns claim id -> key.
    """
    keys = {}
    for side, claims in zip((Claim.Side.A, Claim.Side.B), sides, strict=True):
        for number, claim in enumerate(claims, start=1):
            claim.key = f"{side_label(side)}{number}"
            keys[claim.pk] = claim.key
    return keys


def context_window(body: str, start: int, end: int) -> tuple[int, int]:
    """The span to quote around ``body[start:end]``: its sentences and one on either side.

    Never crosses a line break (paragraph), and shows at most ``CONTEXT_CHARS``
    on either side of the claim, cut at a word.
    """
    para_start, para_end = paragraph_bounds(body, start, end)
    spans = sentence_spans(body[para_start:para_end], para_start) or [(start, end)]
    first = next((i for i, (_, e) in enumerate(spans) if e > start), 0)
    last = max((i for i, (s, _) in enumerate(spans) if s < end), default=len(spans) - 1)
    window_start = min(spans[max(first - 1, 0)][0], start)
    window_end = max(spans[min(last + 1, len(spans) - 1)][1], end)
    if start - window_start > CONTEXT_CHARS:
        cut = body.find(" ", start - CONTEXT_CHARS, start)
        window_start = cut + 1 if cut != -1 else start - CONTEXT_CHARS
    if window_end - end > CONTEXT_CHARS:
        cut = body.rfind(" ", end, end + CONTEXT_CHARS)
        window_end = cut if cut != -1 else end + CONTEXT_CHARS
    return window_start, window_end


def claim_in_context(claim: Claim) -> SafeString:
    """The claim's sentence, highlighted with <mark>, inside its neighbours from the source.

    An ellipsis stands where the quote stops short of the paragraph's start or end.
    """
    body = claim.source.body
    start, end = claim.start, claim.end
    window_start, window_end = context_window(body, start, end)
    para_start, para_end = paragraph_bounds(body, start, end)
    return format_html(
        "{}{}<mark>{}</mark>{}{}",
        "… " if window_start > para_start else "",
        body[window_start:start],
        body[start:end],
        body[end:window_end],
        " …" if window_end < para_end else "",
    )


def number_claims(claims: list[Claim]) -> None:
    """Number an article's claims 1, 2, 3 in the order given (reading order), as
    ``claim.number``: the one numbering its text and its list of claims share."""
    for number, claim in enumerate(claims, start=1):
        claim.number = number


def article_paragraphs(body: str, claims: list[Claim]) -> list[SafeString]:
    """The article as paragraphs with its claims marked, each followed by its number
    (``number_claims``) linked to its page.

    Claims are taken in order of their start; one that overlaps an earlier
    marked claim is not marked again (it is still listed beside the article).
    A mark that runs over a paragraph break is split at the break.
    """
    spans = [
        Span(
            claim.start,
            claim.end,
            "claim" + (f" side-{side_label(claim.side).lower()}" if claim.side is not None else ""),
            id=f"claim-{claim.pk}",
            after=format_html(
                '<a class="claim-ref" href="{}" aria-label="Claim {} of this article">{}</a>',
                reverse("claims:claim_detail", args=[claim.pk]),
                claim.number,
                claim.number,
            ),
        )
        for claim in claims
    ]
    return highlight_paragraphs(body, spans)
