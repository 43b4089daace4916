"""Each sentence type of the analysis text, from given numbers; the expected sentences are written out."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

from csc_scorecard.scorecard.narrative import (
    Comparators,
    RowFacts,
    band_sentence,
    change_sentence,
    comparison_sentence,
    peak_sentence,
    recent_sentence,
    target_sentence,
    write_analysis,
)

# The reference scorecard's row 1 (Sefton, December 2023), figures as printed there.
REFERRALS = RowFacts(
    subject="rate of referrals per 10,000 children",
    unit="rate",
    polarity="neutral",
    decimals=1,
    kind="rolling",
    current=Decimal("641.3"),
    previous=Decimal("657.0"),
    recent6=Decimal("601.9"),
    history=(
        (date(2022, 10, 31), Decimal("870.4")),
        (date(2022, 11, 30), Decimal("892.0")),
        (date(2022, 12, 31), Decimal("880.2")),
        (date(2023, 11, 30), Decimal("657.0")),
        (date(2023, 12, 31), Decimal("641.3")),
    ),
    target=650.0,
    comparators=Comparators(sn=Decimal("630.2"), region=Decimal("529.6"), region_name="North West",
                            england=Decimal("544.5"), la_published=Decimal("822.6"), band="Higher"),
)

# A "low is good" percentage: re-referrals (reference row 2).
REREFERRALS = RowFacts(
    subject="percentage of referrals within 12 months of a previous referral",
    unit="pct", polarity="low", decimals=1, kind="rolling",
    current=Decimal("25.7"), previous=Decimal("26.1"), recent6=Decimal("22.8"), target=22.0,
)


def test_neutral_change_rises_or_falls_without_judgement():
    assert change_sentence(REFERRALS) == (
        "The rolling 12-month rate of referrals per 10,000 children has fallen from 657.0 to 641.3 since last month."
    )
    risen = replace(REFERRALS, current=Decimal("660.0"))
    assert change_sentence(risen) == (
        "The rolling 12-month rate of referrals per 10,000 children has risen from 657.0 to 660.0 since last month."
    )


def test_polarity_decides_improved_or_worsened():
    assert change_sentence(REREFERRALS) == (
        "The rolling 12-month percentage of referrals within 12 months of a previous referral"
        " has improved from 26.1% to 25.7% since last month."
    )
    high_is_good = replace(REREFERRALS, polarity="high")
    assert "has worsened from 26.1% to 25.7%" in change_sentence(high_is_good)


def test_unchanged_when_equal_at_display_precision():
    # 25.74 and 25.66 both display as 25.7
    same = replace(REREFERRALS, current=Fraction(2574, 100), previous=Fraction(2566, 100))
    assert change_sentence(same) == (
        "The rolling 12-month percentage of referrals within 12 months of a previous referral is unchanged at 25.7% since last month."
    )


def test_period_rows_compare_with_a_year_ago():
    period = RowFacts(subject="percentage of children looked after who had a dental check", unit="pct", polarity="high",
                      decimals=0, kind="period", current=Fraction(67), previous=Fraction(63))
    assert change_sentence(period) == (
        "The percentage of children looked after who had a dental check has improved from 63% to 67%"
        " compared with the same six months a year ago."
    )


def test_peak_and_low_point_name_their_months():
    # 641.3 is the lowest of the history: say so, and when the peak was
    assert peak_sentence(REFERRALS) == (
        "This is the lowest point of the last 24 months; the highest was 892.0, in November 2022."
    )
    middle = replace(REFERRALS, current=Decimal("700.0"))
    assert peak_sentence(middle) == "It was at its highest in the last 24 months, 892.0, in November 2022."
    # 892.04 displays as 892.0: equal to the peak at display precision
    at_top = replace(REFERRALS, current=Decimal("892.04"))
    assert peak_sentence(at_top) == "This is the highest point of the last 24 months; the lowest was 641.3, in December 2023."
    flat = replace(REFERRALS, history=tuple((d, Decimal("5.0")) for d, _ in REFERRALS.history), current=Decimal("5.0"))
    assert peak_sentence(flat) == "It has been steady over the last 24 months."


def test_recent_six_months_as_a_sign_of_progress():
    assert recent_sentence(REFERRALS) == (
        "The 6-month figure of 601.9 is below the 12-month figure: the last six months have been lower."
    )
    assert recent_sentence(REREFERRALS) == (
        "The 6-month figure of 22.8% is below the 12-month figure, a sign of recent improvement."
    )
    worse = replace(REREFERRALS, recent6=Decimal("27.0"))
    assert recent_sentence(worse) == (
        "The 6-month figure of 27.0% is above the 12-month figure, a sign that recent months have been worse."
    )


def test_target_position_and_trend():
    # 657.0 -> 641.3 against 650: the gap grew from 7.0 to 8.7
    assert target_sentence(REFERRALS) == "It is below the target of 650 and moving away from it."
    # 26.1 -> 25.7 against 22 (low is good): above it, gap 4.1 -> 3.7
    assert target_sentence(REREFERRALS) == "It is above the target of 22% and moving towards it."
    met = replace(REREFERRALS, current=Decimal("22.0"))
    assert target_sentence(met) == "It meets the target of 22%."


def test_comparison_groups_above_and_below():
    assert comparison_sentence(REFERRALS) == (
        "It is above statistical neighbours (630.2), North West (529.6) and England (544.5)."
    )
    # published at whole numbers: 25.7 rounds to 26 for the comparison with 24, 22 and 26
    mixed = replace(REREFERRALS, comparators=Comparators(sn=Decimal("24"), region=Decimal("26"),
                                                         region_name="North West", england=Decimal("27")))
    assert comparison_sentence(mixed) == (
        "It is above statistical neighbours (24%), below England (27%) and in line with North West (26%)."
    )


def test_band_sentence():
    assert band_sentence(REFERRALS) == "The latest published figure (822.6) is higher than the middle 50% of local authorities."
    in_range = replace(REFERRALS, comparators=Comparators(band="In range", la_published=Decimal("10")))
    assert band_sentence(in_range) == "The latest published figure (10) is within the middle 50% of local authorities."


def test_whole_paragraph_in_reading_order():
    analysis = write_analysis(REFERRALS)
    assert [kind for kind, _ in analysis.sentences] == ["change", "peak", "recent", "target", "comparison", "band"]
    assert analysis.needs_review == []
    assert analysis.text.startswith("The rolling 12-month rate of referrals per 10,000 children has fallen")


def test_large_jump_goes_to_an_analyst_without_a_glib_change_sentence():
    # 400 -> 641.3 is a rise of 60%, over the 25% a month that a rolling figure plausibly moves
    jump = replace(REFERRALS, previous=Decimal("400.0"))
    analysis = write_analysis(jump)
    assert analysis.needs_review == ["the figure changed by more than 25%: check the data before publishing"]
    assert "change" not in [kind for kind, _ in analysis.sentences]


def test_few_children_and_missing_figure_are_flagged():
    few = replace(REREFERRALS, denominator=7)
    assert write_analysis(few).needs_review == ["the percentage rests on fewer than 10 children"]
    none = replace(REREFERRALS, current=None)
    assert write_analysis(none).needs_review == ["no figure for this month: explain why"]


def test_publication_mode_quotes_no_numbers():
    suppressed = replace(REREFERRALS, suppressed=True)
    text = write_analysis(suppressed).text
    assert "has improved since last month" in text
    assert not any(ch.isdigit() for ch in text.replace("12-month", "").replace("6-month", "").replace("within 12 months", "").replace("target of 22%", ""))


def test_manual_rows_compare_the_two_dated_values():
    agency = RowFacts(subject="percentage of agency social workers", unit="pct", polarity="low", decimals=0,
                      kind="manual", current=Decimal("49"), previous=Decimal("50"), target=20.0,
                      previous_when="April 2023", current_when="September 2023")
    assert change_sentence(agency) == (
        "The percentage of agency social workers has improved from 50% to 49% between April 2023 and September 2023."
    )
    assert target_sentence(agency) == "It is above the target of 20% and moving towards it."
