"""Measures 1 and 2, from List 3 (referrals): the referral rate and the re-referral percentage."""

from __future__ import annotations

import polars as pl

from csc_scorecard.dates import shift_months_expr
from csc_scorecard.measures.by_child import child_runs, max_before_in_child
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.registry import measure
from csc_scorecard.measures.rows import SOURCE_COLUMNS, shape_rows
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
    reads=("referral_date", "referral_source"),
    needs=("referral_date",),
    dated_by="referral_date",
)
def referrals_rate(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Flow: referrals (rows) with `Date of referral` in the window."""
    referrals = data.current["referrals"].select(*SOURCE_COLUMNS, "referral_date", "referral_source")
    rows = in_windows(referrals, "referral_date", cells)
    return shape_rows(rows, pl.lit(True), pl.lit(False), ["referral_date", "referral_source"])


def with_previous_referral(referrals: pl.DataFrame) -> pl.DataFrame:
    """Each referral with `previous_referral_date`: the same child's latest referral dated
    strictly before it, anywhere in the combined data (null when none).

    With a child's referrals in date order, the first of each run of equal dates carries the
    date before it; a referral's previous date is the latest of those carried on the child's
    rows up to its own."""
    date = pl.col("referral_date")
    keys = ["la_code", "child_id", "referral_date"]
    runs = child_runs(referrals.select(keys).with_row_index("_row"), ["la_code", "child_id"], ["referral_date"])
    same_child = (pl.col("_child") == pl.col("_child").shift(1)).fill_null(False)
    first_of_its_date = ~same_child | date.ne_missing(date.shift(1))
    carried = pl.when(first_of_its_date & same_child).then(date.shift(1).to_physical())
    runs = runs.with_columns(carried.alias("_carried"))
    previous = pl.max_horizontal(max_before_in_child(pl.col("_carried")), pl.col("_carried"))
    runs = runs.select("_row", pl.when(date.is_not_null()).then(previous.cast(pl.Int32).cast(pl.Date)).alias("_previous"))
    in_row_order = pl.repeat(None, referrals.height, dtype=pl.Date, eager=True).scatter(runs["_row"], runs["_previous"])
    return referrals.with_columns(in_row_order.alias("previous_referral_date"))


@measure(
    id="rereferrals_pct",
    number=2,
    label="Referrals to social care that were within 12 months of a previous referral (%)",
    phrase="percentage of referrals within 12 months of a previous referral",
    unit="pct",
    polarity="low",
    source="referrals",
    kind="flow",
    reads=("referral_date", "referrals_last_12m"),
    needs=("referral_date",),
    dated_by="referral_date",
)
def rereferrals_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: referrals in the window. Numerator: those with `Number of Referrals in
    Last 12 Months >= 1`, or with another referral of the same child dated on or after
    (referral date - 12 months) and strictly before the referral date, anywhere in the loaded
    data. "Referral date - 12 months" is the same day-of-month 12 months earlier (29 February
    gives 28 February): a referral exactly 12 months after the previous one is a re-referral,
    one a day later is not."""
    referrals = with_previous_referral(
        data.current["referrals"].select(*SOURCE_COLUMNS, "referral_date", "referrals_last_12m")
    ).with_columns(shift_months_expr("referral_date", -12).alias("twelve_months_before"))
    rows = in_windows(referrals, "referral_date", cells)
    numerator = (pl.col("referrals_last_12m") >= 1).fill_null(False) | (
        pl.col("previous_referral_date") >= pl.col("twelve_months_before")
    ).fill_null(False)
    return shape_rows(
        rows, numerator, pl.lit(True), ["referral_date", "referrals_last_12m", "previous_referral_date"]
    )
