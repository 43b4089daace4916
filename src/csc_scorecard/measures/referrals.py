"""Measures 1 and 2, from List 3 (referrals): the referral rate and the re-referral percentage."""

from __future__ import annotations

import polars as pl

from csc_scorecard.dates import shift_months_expr
from csc_scorecard.measures.by_child import with_previous_date
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.registry import measure
from csc_scorecard.measures.rows import SOURCE_COLUMNS, events_counted, share_of
from csc_scorecard.measures.windows import in_windows


@measure(
    id="referrals_rate",
    number=1,
    label="Referrals received (annual rate per 10,000 of children)",
    phrase="rate of referrals per 10,000 children",
    unit="rate",
    polarity="neutral",
    source="referrals",
    kind="flow",
    reads=("referral_source",),
    dated_by="referral_date",
)
def referrals_rate(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Flow: referrals (rows) with `Date of referral` in the window."""
    return events_counted(data.current["referrals"], "referral_date", ["referral_date", "referral_source"], cells)


@measure(
    id="rereferrals_pct",
    number=2,
    label="Referrals to social care that were within 12 months of a previous referral (%)",
    phrase="percentage of referrals within 12 months of a previous referral",
    unit="pct",
    polarity="low",
    source="referrals",
    kind="flow",
    reads=("referrals_last_12m",),
    dated_by="referral_date",
)
def rereferrals_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: referrals in the window. Numerator: those with `Number of Referrals in
    Last 12 Months >= 1`, or with another referral of the same child dated on or after
    (referral date - 12 months) and strictly before the referral date, anywhere in the loaded
    data. "Referral date - 12 months" is the same day-of-month 12 months earlier (29 February
    gives 28 February): a referral exactly 12 months after the previous one is a re-referral,
    one a day later is not."""
    referrals = with_previous_date(
        data.current["referrals"].select(*SOURCE_COLUMNS, "referral_date", "referrals_last_12m"),
        "referral_date",
        "previous_referral_date",
    ).with_columns(shift_months_expr("referral_date", -12).alias("twelve_months_before"))
    rows = in_windows(referrals, "referral_date", cells)
    numerator = (pl.col("referrals_last_12m") >= 1).fill_null(False) | (
        pl.col("previous_referral_date") >= pl.col("twelve_months_before")
    ).fill_null(False)
    return share_of(rows, numerator, ["referral_date", "referrals_last_12m", "previous_referral_date"])
