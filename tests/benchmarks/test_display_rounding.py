"""Round half up, exactly (spec/indicators.md "unrounded"; benchmarks.md 1.3)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from csc_scorecard.display import format_half_up, format_published, round_half_up


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (Decimal("26.45"), 1, "26.5"),  # banker's rounding would give 26.4
        (Fraction(529, 2000) * 100, 1, "26.5"),  # 529 of 2000 is 26.45 exactly
        (Decimal("544.5"), 0, "545"),  # England referrals 2022-23
        (Decimal("0.5"), 0, "1"),
        (Decimal("82.5"), 0, "83"),
        (Decimal("4.5"), 0, "5"),  # North West CP plans lasting 2+ years
        (Decimal("2.5"), 0, "3"),  # round() would give 2
        (Decimal("26.44"), 1, "26.4"),
        ("16.5", 0, "17"),
        (Fraction(1, 3), 2, "0.33"),
        (Fraction(2, 3), 0, "1"),
        (12, 1, "12.0"),
        (Decimal("-2.5"), 0, "-3"),  # halves away from zero, as Decimal's ROUND_HALF_UP
    ],
)
def test_round_half_up(value, places, shown):
    assert format_half_up(value, places) == shown


def test_round_half_up_returns_a_decimal():
    assert round_half_up(Fraction(2001 * 10000, 52996), 1) == Decimal("377.6")


def test_floats_are_refused():
    with pytest.raises(TypeError, match="not a float"):
        round_half_up(26.45, 1)


def test_published_value_shown_as_published_unless_places_given():
    assert format_published(Decimal("27"), None) == "27"
    assert format_published(Decimal("822.6"), None, 0) == "823"
    with pytest.raises(TypeError):
        format_published(Fraction(1, 3), None)
