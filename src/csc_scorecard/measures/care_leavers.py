"""Measures 22 and 23, from List 9 (care leavers): attribute measures read from the one extract
chosen for the period end."""

from __future__ import annotations

import polars as pl

from csc_scorecard.dates import age_at_expr
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.registry import measure
from csc_scorecard.measures.rows import attribute_rows, code_is, share_of

CARE_LEAVER_AGES = (19, 20, 21)


def care_leavers_aged(data: CombinedExtracts, cells: pl.DataFrame, ages: tuple[int, ...]) -> pl.DataFrame:
    """Care leavers of one of `ages` at E, excluding `LA in Touch` = Died (a blank date of
    birth leaves the young person out; reported by combine)."""
    rows = attribute_rows(cells, data.by_extract["care_leavers"]).with_columns(
        age_at_expr("date_of_birth", "period_end").alias("age_at_period_end")
    )
    return rows.filter(pl.col("age_at_period_end").is_in(ages).fill_null(False) & ~code_is("in_touch", "Died"))


def _care_leavers_19_to_21(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    return care_leavers_aged(data, cells, CARE_LEAVER_AGES)


@measure(
    id="care_leavers_suitable_pct",
    number=22,
    label="Care leavers aged 19-21 in suitable accommodation (%) - Latest snapshot",
    phrase="percentage of care leavers aged 19-21 in suitable accommodation",
    unit="pct",
    polarity="high",
    source="care_leavers",
    kind="attribute",
    reads=("date_of_birth", "in_touch", "accommodation_suitability"),
    needs=("date_of_birth",),
)
def care_leavers_suitable_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: care leavers aged 19, 20 or 21 at E, excluding `LA in Touch` = Died;
    numerator: `Suitability of Accommodation` = Suitable."""
    rows = _care_leavers_19_to_21(data, cells)
    return share_of(
        rows,
        code_is("accommodation_suitability", "Suitable"),
        ["date_of_birth", "age_at_period_end", "in_touch", "accommodation_suitability"],
    )


@measure(
    id="care_leavers_eet_pct",
    number=23,
    label="Care leavers aged 19-21 in education, employment, or training (%) - Latest snapshot",
    phrase="percentage of care leavers aged 19-21 in education, employment or training",
    unit="pct",
    polarity="high",
    source="care_leavers",
    kind="attribute",
    reads=("date_of_birth", "in_touch", "activity_status"),
    needs=("date_of_birth",),
)
def care_leavers_eet_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator as 22; numerator: `Activity Status` code beginning `F` or `P`."""
    rows = _care_leavers_19_to_21(data, cells)
    activity = pl.col("activity_status").str.strip_chars().str.to_uppercase()
    eet = activity.str.starts_with("F") | activity.str.starts_with("P")
    return share_of(rows, eet, ["date_of_birth", "age_at_period_end", "in_touch", "activity_status"])
