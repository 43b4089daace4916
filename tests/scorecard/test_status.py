"""Direction at display precision, RAG for both polarities and for neutral, small-number rule."""

from decimal import Decimal
from fractions import Fraction

import pytest

from csc_scorecard.scorecard.status import direction, is_small, rag


def test_direction_equal_when_displayed_equal():
    # 0.6% and 1.4% both display as 1 at 0 dp: same, shown as ↔
    assert direction(Fraction(14, 10), Fraction(6, 10), 0) == "same"
    # 26.45 displays as 26.5 (half up) and 26.5 as 26.5
    assert direction(Fraction(2645, 100), Decimal("26.5"), 1) == "same"
    assert direction(Fraction(2644, 100), Decimal("26.5"), 1) == "down"
    assert direction(Decimal("641.3"), Decimal("657.0"), 1) == "down"
    assert direction(Decimal("75.1"), Decimal("67.0"), 1) == "up"


def test_direction_absent_side():
    assert direction(None, Decimal(1), 0) is None
    assert direction(Decimal(1), None, 0) is None


@pytest.mark.parametrize(
    "value, expected",
    [
        # target 84, margin 5% of 84 = 4.2: amber down to 79.8 inclusive
        (Decimal("84.0"), "green"),
        (Decimal("90"), "green"),
        (Decimal("83.96"), "green"),  # displays as 84.0 at 1 dp: meets the target as printed
        (Decimal("83.9"), "amber"),
        (Decimal("79.8"), "amber"),  # boundary included
        (Decimal("79.7"), "red"),
        (Decimal("67.0"), "red"),
    ],
)
def test_rag_high_is_good(value, expected):
    assert rag(value, 84.0, "high", 1, 0.05) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        # target 22, margin 5% of 22 = 1.1: amber up to 23.1 inclusive
        (Decimal("22.0"), "green"),
        (Decimal("15"), "green"),
        (Decimal("23.1"), "amber"),
        (Decimal("23.14"), "amber"),  # displays 23.1
        (Decimal("23.15"), "red"),  # displays 23.2 (half up)
        (Decimal("25.7"), "red"),
    ],
)
def test_rag_low_is_good(value, expected):
    assert rag(value, 22.0, "low", 1, 0.05) == expected


def test_rag_neutral_and_missing():
    assert rag(Decimal("641.3"), 650.0, "neutral", 1, 0.05) is None
    assert rag(Decimal("50"), None, "low", 0, 0.05) is None
    assert rag(None, 20.0, "low", 0, 0.05) is None


def test_rag_whole_number_display():
    # agency staff 49% against 20, low is good, 0 dp: far above the 21 amber limit
    assert rag(Decimal("49"), 20.0, "low", 0, 0.05) == "red"
    # 20.4 displays as 20: meets the target of 20
    assert rag(Decimal("20.4"), 20.0, "low", 0, 0.05) == "green"


def test_small_numbers():
    assert [is_small(n, 6) for n in (None, 0, 1, 5, 6, 100)] == [False, False, True, True, False, False]
