"""The timeline picture's layout, without the database."""

from datetime import date

from claims.web.svg import _ticks


def test_timeline_ticks_years_for_long_spans_and_months_for_short_ones():
    assert [label for _, label in _ticks(date(2020, 11, 1), date(2023, 2, 1))] == [
        "2021",
        "2022",
        "2023",
    ]
    labels = [label for _, label in _ticks(date(2022, 1, 10), date(2022, 4, 20))]
    assert labels == ["Feb 2022", "Mar 2022", "Apr 2022"]
