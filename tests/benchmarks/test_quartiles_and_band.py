"""SN mean, English region, quartiles by linear interpolation and the mid-50% band."""

from fractions import Fraction

import pytest

from csc_scorecard.benchmarks.compute import band, english_region, neighbour_mean, quantile, quartiles, sorted_exactly


def test_quartiles_of_one_to_eight():
    # h = (8 - 1) x 0.25 = 1.75: x[1] + 0.75 (x[2] - x[1]) = 2 + 0.75 = 2.75;
    # h = 7 x 0.75 = 5.25: 6 + 0.25 x (7 - 6) = 6.25.
    assert quartiles(range(1, 9)) == (Fraction(11, 4), Fraction(25, 4))


def test_quartiles_ignore_missing_values_and_order():
    # 10, 20, 30, 40, 50: h = 1 -> 20; h = 3 -> 40.
    assert quartiles([50, None, 10, 40, None, 20, 30]) == (20, 40)


def test_quartiles_of_one_value_and_of_none():
    assert quartiles([7]) == (7, 7)
    assert quartiles([None, None]) is None
    with pytest.raises(ValueError):
        quantile([], Fraction(1, 4))


def test_quartile_with_exact_fractions():
    # 0, 1/3, 1: h = 0.5 -> 0 + 0.5 x 1/3 = 1/6.
    assert quantile([Fraction(0), Fraction(1, 3), Fraction(1)], Fraction(1, 4)) == Fraction(1, 6)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Fraction(41, 4), "Higher"), (10, "In range"), (5, "In range"), (2, "In range"), (Fraction(19, 10), "Lower")],
)
def test_band_ties_are_in_range(value, expected):
    assert band(value, 2, 10) == expected


def test_no_band_without_a_value_or_quartiles():
    assert band(None, 2, 10) is None
    assert band(5, None, None) is None


def test_away_without_authorisation_case():
    # Q1 = 0 when many LAs publish 0%: 1% is not below it, so "In range" (benchmarks.md).
    assert band(1, 0, 4) == "In range"
    assert band(0, 0, 4) == "In range"


def test_neighbour_mean_over_those_with_a_value():
    # (10 + 20 + 33) / 3 = 21
    assert neighbour_mean([10, None, 20, 33, None]) == (21, 3)
    assert neighbour_mean([None, None]) == (None, 0)
    assert neighbour_mean([]) == (None, 0)


def test_london_codes_map_to_london():
    assert english_region("E13000001") == "E12000007"
    assert english_region("E13000002") == "E12000007"
    assert english_region("E12000002") == "E12000002"
    assert english_region("") is None


def test_sorted_exactly_orders_values_that_floats_cannot_tell_apart():
    # 1/3 + 1/(3 x 10^20) and 1/3 are the same float (they differ in the 21st digit), yet the
    # first is larger: the order is the exact one whatever order the values come in.
    above, third = Fraction(10**20 + 1, 3 * 10**20), Fraction(1, 3)
    assert float(above) == float(third)
    assert sorted_exactly([above, Fraction(1, 2), third, Fraction(-7, 2)]) == [Fraction(-7, 2), third, above, Fraction(1, 2)]
    assert sorted_exactly([third, above]) == [third, above]
    # type-7 quartiles of 1/3, 1/3 + e, 1/2: Q1 (h = 0.5) halfway between the two smallest,
    # Q3 (h = 1.5) halfway between the two largest
    assert quartiles([Fraction(1, 2), above, third]) == (third + (above - third) / 2, above + (Fraction(1, 2) - above) / 2)
    assert sorted_exactly([]) == []
