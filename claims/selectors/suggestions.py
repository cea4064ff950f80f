"""Reads of the machine's link suggestions: the review queue and how often editors agree.

A suggestion is a link with ``origin = automatic``. It is *open* while its
status is ``suggested`` and *decided* once an editor confirmed or rejected it.
Live precision is confirmed ÷ decided, per model version, reason type and week
of the decision, with a 95% Wilson interval (honest for small counts, never
outside 0–1).
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q, QuerySet

from ..linking.suggestions.reasons import CLOSE_MEANING, REASON_TYPES
from ..models import ClaimLink, Mention
from .links import link_list

AUTOMATIC = Q(origin=ClaimLink.Origin.AUTOMATIC)
OPEN_SUGGESTION = AUTOMATIC & Q(status=ClaimLink.Status.SUGGESTED)
DECIDED_SUGGESTION = AUTOMATIC & Q(
    status__in=[ClaimLink.Status.CONFIRMED, ClaimLink.Status.REJECTED]
)

Z_95 = 1.959964
# Where the high band starts, unless the suggestion threshold is already close to it.
HIGH_SCORE = 0.8


@dataclass(frozen=True)
class ScoreBand:
    key: str
    label: str
    low: float | None  # the lowest score in the band
    high: float | None  # the first score above it


def score_bands() -> list[ScoreBand]:
    """The review screen's score bands, highest first, built from the suggestion threshold.

    Nothing below ``LINK_SUGGESTION_THRESHOLD`` is stored, so the bands split the scores
    above it: high from 0.8 (or the top third when the threshold is near it), and the rest
    in two halves. The lowest band is open below, for suggestions an older threshold let in.
    """
    threshold = settings.LINK_SUGGESTION_THRESHOLD
    high = HIGH_SCORE if threshold < HIGH_SCORE - 0.1 else threshold + (1 - threshold) * 2 / 3
    high = round(high, 2)
    middle = round((threshold + high) / 2, 2)
    return [
        ScoreBand("high", f"High ({high:g} and above)", high, None),
        ScoreBand("medium", f"Medium ({middle:g} to {high:g})", middle, high),
        ScoreBand("low", f"Low (below {middle:g})", None, middle),
    ]


def score_shown(score: float | None) -> str:
    """A score as the review screens show it: floored to hundredths, so that a score of
    0.7989 reads 0.79 and never contradicts the band below 0.8 it is filed under."""
    if score is None:
        return ""
    return str(Decimal(str(score)).quantize(Decimal("0.01"), rounding=ROUND_FLOOR))


def with_reason(queryset: QuerySet[ClaimLink], reason_type: str) -> QuerySet[ClaimLink]:
    """Links whose stored reasons include one of this type; for ``close_meaning``, also
    the machine's suggestions stored before every suggestion carried a reason (no rule
    had fired for them), as live precision counts them."""
    if connection.vendor == "postgresql":
        typed = Q(reasons__contains=[{"type": reason_type}])
    else:
        # SQLite has no JSON containment; the stored JSON text is matched instead
        # (reason types are plain identifiers, so the match cannot straddle keys).
        typed = Q(reasons__icontains=f'"type": "{reason_type}"')
    if reason_type == CLOSE_MEANING:
        typed |= Q(origin=ClaimLink.Origin.AUTOMATIC) & (Q(reasons=[]) | Q(reasons__isnull=True))
    return queryset.filter(typed)


def in_score_band(queryset: QuerySet[ClaimLink], band: str) -> QuerySet[ClaimLink]:
    for each in score_bands():
        if each.key == band:
            if each.low is not None:
                queryset = queryset.filter(score__gte=each.low)
            if each.high is not None:
                queryset = queryset.filter(score__lt=each.high)
            return queryset
    return queryset


def naming_entity(queryset: QuerySet[ClaimLink], entity_id: int) -> QuerySet[ClaimLink]:
    claims = Mention.objects.filter(entity_id=entity_id).values("claim_id")
    return queryset.filter(Q(claim_a__in=claims) | Q(claim_b__in=claims))


def suggestion_queue(
    *,
    reason: str = "",
    band: str = "",
    entity_id: int | None = None,
    model_version: str = "",
    skip: tuple[int, ...] | list[int] = (),
) -> QuerySet[ClaimLink]:
    """Open suggestions, best first, narrowed by the review screen's filters."""
    queryset = link_list().filter(OPEN_SUGGESTION)
    if reason:
        queryset = with_reason(queryset, reason)
    if band:
        queryset = in_score_band(queryset, band)
    if entity_id:
        queryset = naming_entity(queryset, entity_id)
    if model_version:
        queryset = queryset.filter(model_version=model_version)
    if skip:
        queryset = queryset.exclude(pk__in=skip)
    return queryset.order_by("-score", "-id")


def entities_in_suggestions(*, limit: int = 100) -> list[str]:
    """The names of the entities the open suggestions' claims name, those named by the most
    of these claims first, at most ``limit`` of them (the review screen's entity choices)."""
    open_links = ClaimLink.objects.filter(OPEN_SUGGESTION)
    rows = (
        Mention.objects.filter(
            Q(claim_id__in=open_links.values("claim_a_id"))
            | Q(claim_id__in=open_links.values("claim_b_id"))
        )
        .values("entity_id", "entity__name")
        .annotate(claims=Count("claim_id", distinct=True))
        .order_by("-claims", "entity__name")[:limit]
    )
    return list(dict.fromkeys(row["entity__name"] for row in rows))


def claim_suggestions(claim) -> list[ClaimLink]:
    """A claim's open suggestions, best first, each with ``other``: the claim at the other end."""
    links = list(
        link_list()
        .filter(OPEN_SUGGESTION)
        .filter(Q(claim_a=claim) | Q(claim_b=claim))
        .order_by("-score", "-id")
    )
    for link in links:
        link.other = link.claim_b if link.claim_a_id == claim.pk else link.claim_a
    return links


def reason_labels() -> dict[str, str]:
    """Each reason type's label, as the review screen and the API show it."""
    return dict(REASON_TYPES)


def reason_label(reason_type: str) -> str:
    """A reason type as editors read it: its label, or a type the labels do not know yet
    in words."""
    return reason_labels().get(reason_type) or reason_type.replace("_", " ").capitalize()


def model_versions() -> list[str]:
    return list(
        ClaimLink.objects.filter(AUTOMATIC)
        .exclude(model_version="")
        .order_by("model_version")
        .values_list("model_version", flat=True)
        .distinct()
    )


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion; None when nothing was decided."""
    if trials <= 0:
        return None
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class Tally:
    confirmed: int = 0
    rejected: int = 0
    # Confirmed, but with the other relation than the machine suggested.
    flipped: int = 0

    @property
    def decided(self) -> int:
        return self.confirmed + self.rejected

    @property
    def precision(self) -> float | None:
        return self.confirmed / self.decided if self.decided else None

    def as_dict(self) -> dict:
        interval = wilson_interval(self.confirmed, self.decided)
        return {
            "decided": self.decided,
            "confirmed": self.confirmed,
            "rejected": self.rejected,
            "confirmed_flipped": self.flipped,
            "precision": None if self.precision is None else round(self.precision, 4),
            "interval_low": None if interval is None else round(interval[0], 4),
            "interval_high": None if interval is None else round(interval[1], 4),
        }


@dataclass
class PrecisionReport:
    overall: Tally = field(default_factory=Tally)
    open_suggestions: int = 0
    by_model_version: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_reason: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_week: dict[date, Tally] = field(default_factory=lambda: defaultdict(Tally))
    # (model version, reason type, week) → tally: the finest grain.
    rows: dict[tuple[str, str, date], Tally] = field(default_factory=lambda: defaultdict(Tally))


def week_of(day: date) -> date:
    """The Monday that starts the ISO week of ``day``."""
    return day - timedelta(days=day.weekday())


def suggestion_precision() -> PrecisionReport:
    """How often editors confirmed what the machine suggested.

    Counted per model version, per reason type (a suggestion with two reasons
    counts once under each; one stored before every suggestion carried a reason,
    with none, under ``close_meaning``: no rule had fired for it) and per week of the
    decision. A suggestion confirmed with the other relation counts as
    confirmed (the pair was worth linking) and also as ``confirmed_flipped``.
    """
    report = PrecisionReport()
    report.open_suggestions = ClaimLink.objects.filter(OPEN_SUGGESTION).count()
    decided = (
        ClaimLink.objects.filter(DECIDED_SUGGESTION)
        .values_list(
            "model_version", "reasons", "status", "relation", "suggested_relation",
            "reviewed_at", "updated_at",
        )
        .order_by()
    )  # fmt: skip
    for version, reasons, status, relation, suggested, reviewed_at, updated_at in decided.iterator(
        chunk_size=2000
    ):
        confirmed = status == ClaimLink.Status.CONFIRMED
        flipped = confirmed and bool(suggested) and suggested != relation
        week = week_of((reviewed_at or updated_at).date())
        types = sorted({r.get("type") for r in reasons or [] if isinstance(r, dict)} - {None})
        tallies = [report.overall, report.by_model_version[version or "unknown"]]
        tallies.append(report.by_week[week])
        for reason_type in types or [CLOSE_MEANING]:
            tallies.append(report.by_reason[reason_type])
            tallies.append(report.rows[(version or "unknown", reason_type, week)])
        for tally in tallies:
            if confirmed:
                tally.confirmed += 1
                tally.flipped += flipped
            else:
                tally.rejected += 1
    return report
