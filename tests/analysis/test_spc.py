"""The XmR chart and each Making Data Count rule on short hand-made vectors, flags written out.

Most rule tests use hand-set limits: mean 0, limits -3 / 3, near limits -2 / 2.
"""

from datetime import date

import pytest

from csc_scorecard.analysis.spc import (
    Limits, assurance, beyond_limit, limits, moving_ranges, shift, trend, two_of_three, variation, xmr,
)
from csc_scorecard.dates import month_end, months_back

T, F = True, False
HAND = Limits(mean=0.0, lower=-3.0, upper=3.0, near_lower=-2.0, near_upper=2.0)


def test_limits_from_mean_and_mean_moving_range():
    # mean 18/6 = 3; moving ranges 2, 1, 2, 1, 2: mean 8/5 = 1.6
    # limits 3 +/- 2.66 * 1.6 = 3 +/- 4.256; near 3 +/- (2/3 * 2.66) * 1.6 = 3 +/- 2.837333...
    lim = limits([1, 3, 2, 4, 3, 5])
    assert moving_ranges([1, 3, 2, 4, 3, 5]) == [2, 1, 2, 1, 2]
    assert lim.mean == pytest.approx(3)
    assert (lim.lower, lim.upper) == (pytest.approx(-1.256), pytest.approx(7.256))
    assert (lim.near_lower, lim.near_upper) == (pytest.approx(0.162667, abs=1e-6), pytest.approx(5.837333, abs=1e-6))


def test_no_clamping_limits_may_go_below_zero():
    assert limits([0, 10, 0, 10]).lower < 0  # mean 5, mean MR 10: lower 5 - 26.6


def test_null_left_out_of_mean_and_moving_ranges():
    # no range across the null: only |6 - 4| = 2; mean (1 + 4 + 6) / 3 = 11/3
    values = [1, None, 4, 6]
    assert moving_ranges(values) == [2]
    lim = limits(values)
    assert lim.mean == pytest.approx(11 / 3)
    assert lim.upper == pytest.approx(11 / 3 + 2.66 * 2)


def test_no_limits_without_two_adjacent_points():
    assert limits([1, None, 2]) is None


def test_beyond_limit_is_strictly_outside():
    assert beyond_limit([3, 3.01, -3, -3.01, None, 0], HAND) == [F, T, F, T, F, F]


def test_trend_of_seven_rising_points_flags_all_seven():
    assert trend([1, 2, 3, 4, 5, 6, 7]) == [T] * 7


def test_trend_of_six_points_is_not_enough():
    assert trend([1, 2, 3, 4, 5, 6]) == [F] * 6


def test_trend_broken_by_an_equal_step():
    assert trend([1, 2, 3, 4, 5, 6, 6, 7]) == [F] * 8


def test_falling_trend_flags_only_the_run():
    # 5 -> 10 rises, then seven points 10..4 each below the one before
    assert trend([5, 10, 9, 8, 7, 6, 5, 4]) == [F, T, T, T, T, T, T, T]


def test_trend_broken_by_a_null():
    assert trend([1, 2, 3, None, 4, 5, 6, 7, 8]) == [F] * 9


def test_trend_of_eight_points_flags_all_eight():
    assert trend([1, 2, 3, 4, 5, 6, 7, 8]) == [T] * 8


def test_shift_of_seven_points_above_the_mean():
    assert shift([1, 1, 1, 1, 1, 1, 1], 0) == [T] * 7


def test_shift_below_the_mean_after_a_point_above():
    assert shift([1, -1, -2, -1, -3, -1, -1, -1], 0) == [F, T, T, T, T, T, T, T]


def test_shift_of_six_points_is_not_enough():
    assert shift([1, 1, 1, 1, 1, 1, -1], 0) == [F] * 7


def test_point_on_the_mean_breaks_a_shift():
    assert shift([1, 1, 1, 0, 1, 1, 1, 1], 0) == [F] * 8


def test_null_breaks_a_shift():
    assert shift([1, 1, 1, None, 1, 1, 1, 1], 0) == [F] * 8


def test_two_of_three_flags_the_warning_zone_points_only():
    assert two_of_three([2.5, 1, 2.5], HAND) == [T, F, T]


def test_two_of_three_below_the_mean():
    assert two_of_three([0, -2.5, -2.9, -1], HAND) == [F, T, T, F]


def test_two_of_three_needs_the_window_on_one_side():
    assert two_of_three([2.5, -1, 2.5], HAND) == [F, F, F]


def test_two_of_three_point_on_a_near_limit_is_not_in_the_zone():
    assert two_of_three([2.5, 2, 1], HAND) == [F, F, F]


def test_two_of_three_point_on_a_limit_is_in_the_zone():
    assert two_of_three([3, 2.5, 0.5], HAND) == [T, T, F]


def test_two_of_three_point_beyond_a_limit_is_not_in_the_zone():
    # 3.5 is beyond the limit (that rule flags it); the window (3.5, 2.5, 1) has one zone point
    assert two_of_three([3.5, 2.5, 1], HAND) == [F, F, F]


def test_two_of_three_zones_on_opposite_sides_do_not_count():
    assert two_of_three([2.5, 2.5, 1, -2.5], HAND) == [T, T, F, F]
    assert two_of_three([1, -2.5, 2.5, 1], HAND) == [F, F, F, F]


def test_two_of_three_window_with_a_null():
    assert two_of_three([2.5, None, 2.5], HAND) == [F, F, F]


def test_variation_from_the_latest_point():
    flagged = [[], ["shift"]]
    assert variation([1, 2], flagged, 0, "high") == "improvement"
    assert variation([1, 2], flagged, 0, "low") == "concern"
    assert variation([1, 2], flagged, 0, "neutral") == "neither"
    assert variation([1, 2], [["shift"], []], 0, "high") == "common_cause"
    assert variation([-1, -2], flagged, 0, "high") == "concern"


def test_variation_of_a_trend_point_on_the_mean_takes_the_trend_direction():
    assert variation([-1, 0], [["trend"], ["trend"]], 0, "low") == "concern"


def test_variation_reads_the_latest_non_null_point():
    assert variation([1, 2, None], [[], ["shift"], []], 0, "high") == "improvement"


def test_assurance_against_a_target():
    assert assurance(HAND, -3.5, "high") == "pass"  # both limits above the target
    assert assurance(HAND, 3.5, "high") == "fail"
    assert assurance(HAND, 0, "high") == "hit_and_miss"
    assert assurance(HAND, 3, "high") == "hit_and_miss"  # a limit on the target
    assert assurance(HAND, 3.5, "low") == "pass"
    assert assurance(HAND, -3.5, "low") == "fail"
    assert assurance(HAND, None, "high") is None
    assert assurance(HAND, 1, "neutral") is None


def _ends(count):
    return [months_back(month_end(date(2023, 12, 1)), count - 1 - i) for i in range(count)]


def test_xmr_needs_twelve_points():
    chart = xmr(list(zip(_ends(12), [1.0] * 11 + [None])), "high", None)
    assert chart.limits is None and chart.to_json() is None
    assert chart.reason == "11 monthly figures, at least 12 needed"


def test_xmr_hand_worked_point_beyond_the_upper_limit():
    values = [10, 14] * 5 + [10, 30]
    # mean (5*10 + 5*14 + 10 + 30) / 12 = 160/12 = 13.3333; moving ranges ten of 4 and one of 20:
    # mean 60/11 = 5.4545; upper 13.3333 + 2.66 * 5.4545 = 27.8424: 30 is beyond it; lower -1.1758;
    # near upper 13.3333 + 1.7733 * 5.4545 = 23.0061 (14 is not in the warning zone); no run
    chart = xmr(list(zip(_ends(12), values)), "low", 15)
    data = chart.to_json()
    assert data["mean"] == pytest.approx(13.3333, abs=1e-4)
    assert data["upper"] == pytest.approx(27.8424, abs=1e-4)
    assert data["lower"] == pytest.approx(-1.1758, abs=1e-4)
    assert [p["special_cause"] for p in data["points"]] == [F] * 11 + [T]
    assert data["points"][-1]["rules"] == ["beyond_limit"]
    assert data["points"][-1]["period_end"] == "2023-12-31"
    assert data["variation"] == "concern"
    assert data["assurance"] == "hit_and_miss"  # lower -1.18, upper 27.84 either side of 15
