"""Published cells: numbers, GSS symbols (kept as a missing value with its reason), LAIT quirks."""

from decimal import Decimal

import pytest

from csc_scorecard.display import format_published
from csc_scorecard.ingest.published import PublishedValue, parse_lait_value, parse_published


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("c", "suppressed (confidential) (c)"),
        ("x", "not available (x)"),
        ("z", "not applicable (z)"),
        ("k", "non-zero, rounds to 0 (below 0.5) (k)"),
        ("u", "low reliability (u)"),
        ("low", "rounds to zero (low)"),
        (":", "not available (:)"),
        ("~", "rounds to zero (~)"),
    ],
)
def test_each_symbol_is_missing_with_its_reason_never_zero(text, reason):
    parsed = parse_published(text)
    assert parsed.value is None
    assert parsed.symbol == text
    assert parsed.reason == reason


def test_symbols_are_read_whatever_their_case_and_spacing():
    assert parse_published(" C ") == PublishedValue(None, "c")
    assert parse_published("LOW") == PublishedValue(None, "low")


def test_numbers_keep_their_published_precision():
    assert parse_published("544.5") == PublishedValue(Decimal("544.5"))
    assert str(parse_published("27").value) == "27"
    assert parse_published("0") == PublishedValue(Decimal("0"))  # a real zero stays zero


def test_blank_cell_is_missing_without_a_symbol():
    assert parse_published("") == PublishedValue(None)
    assert parse_published(None).reason == "not published"


@pytest.mark.parametrize("text", ["abc", "1,234", "n/a", "NaN", "inf"])
def test_text_that_is_neither_number_nor_symbol_is_refused(text):
    with pytest.raises(ValueError, match="neither a number nor a published symbol"):
        parse_published(text)


def test_k_is_shown_as_below_half_and_other_symbols_as_published():
    assert format_published(None, "k") == "<0.5"
    assert format_published(None, "c") == "c"
    assert format_published(None, None) == "-"


def test_lait_float_noise_is_removed_without_rounding():
    # LAIT writes 74.4 as "74.400000000000006"; the float it came from is 74.4.
    assert parse_lait_value("74.400000000000006") == PublishedValue(Decimal("74.4"))
    assert parse_lait_value("4.0999999999999996") == PublishedValue(Decimal("4.1"))
    assert parse_lait_value("82.5") == PublishedValue(Decimal("82.5"))


def test_lait_missing_markers():
    assert parse_lait_value("-") == PublishedValue(None, "-")
    assert parse_lait_value("..") == PublishedValue(None, "..")
    assert parse_lait_value("NA") == PublishedValue(None, "..")
    assert parse_lait_value("c") == PublishedValue(None, "c")


def test_lait_whole_numbers_stay_whole():
    assert str(parse_lait_value("2").value) == "2"
    assert str(parse_lait_value("0").value) == "0"
