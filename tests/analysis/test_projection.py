"""Projection to target on hand-worked series (month ends July to December 2023)."""

from datetime import date

import pytest

from csc_scorecard.analysis.projection import Projection, least_squares, project

ENDS = [date(2023, 7, 31), date(2023, 8, 31), date(2023, 9, 30), date(2023, 10, 31), date(2023, 11, 30), date(2023, 12, 31)]
RISING = list(zip(ENDS, [10, 12, 14, 16, 18, 20]))  # exactly 2 a month


def test_slope_of_a_series_rising_by_two():
    assert least_squares([(i, 10 + 2 * i) for i in range(6)]) == (pytest.approx(2), pytest.approx(10))


def test_rising_towards_a_high_target():
    # fitted line 10 + 2x, x = 5 at December 2023: 20 + 2k >= 30 first at k = 5, May 2024
    assert project(RISING, 30, "high") == Projection(pytest.approx(2), "towards", date(2024, 5, 31))


def test_reaching_the_target_exactly_counts():
    # 20 + 2k >= 22 at k = 1
    assert project(RISING, 22, "high").reaches_target == date(2024, 1, 31)


def test_towards_but_beyond_24_months():
    # 20 + 2k >= 69 needs k = 25 (24 gives 68)
    assert project(RISING, 69, "high") == Projection(pytest.approx(2), "towards", None)
    assert project(RISING, 68, "high").reaches_target == date(2025, 12, 31)


def test_rising_away_from_a_low_target():
    assert project(RISING, 5, "low") == Projection(pytest.approx(2), "away", None)


def test_already_met():
    assert project(RISING, 20, "high").status == "met"  # the latest, 20, is on the target
    assert project(RISING, 25, "low").status == "met"


def test_falling_towards_a_low_target():
    falling = [(end, 30 - 2 * i) for i, (end, _) in enumerate(RISING)]  # 30 .. 20, fitted 30 - 2x
    # 20 - 2k <= 15 first at k = 3 (14), March 2024
    assert project(falling, 15, "low") == Projection(pytest.approx(-2), "towards", date(2024, 3, 31))


def test_flat():
    flat = [(end, 7.0) for end in ENDS]
    assert project(flat, 10, "high") == Projection(0.0, "flat", None)


def test_only_the_last_six_month_ends_count():
    older = [(date(2023, 6, 30), 1000)] + RISING
    assert project(older, 30, "high").slope_per_month == pytest.approx(2)


def test_a_missing_month_keeps_its_place():
    # points at x = 0, 1, 2, 4, 5 of the line 10 + 2x: the slope is still 2
    gap = RISING[:3] + [(ENDS[3], None)] + RISING[4:]
    assert project(gap, 30, "high").slope_per_month == pytest.approx(2)


def test_too_few_points():
    assert project([(end, None) for end in ENDS[:4]] + RISING[4:], 30, "high") == Projection(None, None, None)


def test_no_status_without_target_or_polarity():
    assert project(RISING, None, "high") == Projection(pytest.approx(2), None, None)
    assert project(RISING, 30, "neutral") == Projection(pytest.approx(2), None, None)


def test_json_round_trip():
    made = project(RISING, 30, "high")
    assert made.to_json() == {"slope_per_month": pytest.approx(2), "status": "towards", "reaches_target": "2024-05-31"}
    assert Projection.from_json(made.to_json()) == made
