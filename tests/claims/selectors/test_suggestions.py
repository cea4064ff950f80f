"""Live precision: the figures editors see are the decisions in the database."""

from datetime import UTC, datetime, timedelta

import pytest

from claims.models import ClaimLink
from claims.selectors.suggestions import suggestion_precision, wilson_interval
from tests.factories import ClaimLinkFactory, suggestion

pytestmark = pytest.mark.django_db

CONFIRMED, REJECTED = ClaimLink.Status.CONFIRMED, ClaimLink.Status.REJECTED
MONDAY = datetime(2026, 11, 23, 10, tzinfo=UTC)


def decided(status, *, when=MONDAY, **fields):
    link = suggestion(**fields)
    ClaimLink.objects.filter(pk=link.pk).update(status=status, reviewed_at=when)
    return link


def test_wilson_interval_is_the_textbook_one():
    low, high = wilson_interval(8, 10)
    assert (round(low, 3), round(high, 3)) == (0.490, 0.943)
    assert wilson_interval(0, 0) is None
    assert wilson_interval(5, 5)[1] == 1.0 and wilson_interval(0, 5)[0] == 0.0


def test_precision_counts_each_decision_per_version_reason_and_week():
    for _ in range(3):
        decided(CONFIRMED, reasons=["negation_flip"], relation="conflict")
    decided(REJECTED, reasons=["negation_flip", "entity_swap"], relation="conflict")
    decided(CONFIRMED, reasons=["same_proposition"], model_version="links-2")
    # Confirmed with the other relation: still confirmed, and counted as flipped.
    flipped = decided(CONFIRMED, reasons=["same_proposition"], model_version="links-2")
    ClaimLink.objects.filter(pk=flipped.pk).update(relation="conflict")
    decided(REJECTED, reasons=["change_over_time"], when=MONDAY + timedelta(days=8))
    suggestion()  # open: not decided
    ClaimLinkFactory(status=CONFIRMED)  # an editor's own link: not the machine's

    report = suggestion_precision()

    assert report.open_suggestions == 1
    overall = report.overall.as_dict()
    assert (overall["confirmed"], overall["decided"], overall["confirmed_flipped"]) == (5, 7, 1)
    assert overall["precision"] == round(5 / 7, 4)
    assert report.by_model_version["links-1"].as_dict()["decided"] == 5
    assert report.by_model_version["links-2"].as_dict()["precision"] == 1.0
    negation = report.by_reason["negation_flip"].as_dict()
    assert (negation["confirmed"], negation["decided"]) == (3, 4)
    assert report.by_reason["entity_swap"].as_dict()["precision"] == 0.0
    weeks = {week.isoformat(): tally.decided for week, tally in report.by_week.items()}
    assert weeks == {"2026-11-23": 6, "2026-11-30": 1}
    assert report.rows[("links-1", "negation_flip", MONDAY.date())].decided == 4


def test_a_decided_suggestion_stored_without_a_reason_counts_as_close_in_meaning():
    decided(CONFIRMED, reasons=[])
    decided(REJECTED, reasons=["close_meaning"])

    report = suggestion_precision()

    assert set(report.by_reason) == {"close_meaning"}
    assert report.by_reason["close_meaning"].as_dict()["decided"] == 2
