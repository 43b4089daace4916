"""Measures 22 and 23, from List 9 (care leavers): attribute measures read from the one extract
chosen for the period end."""

from __future__ import annotations

import polars as pl

from csc_scorecard.dates import age_at_expr
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.registry import Member, measure_family
from csc_scorecard.measures.rows import attribute_rows, code_is, share_of

CARE_LEAVER_AGES = (19, 20, 21)


def care_leavers_aged(data: CombinedExtracts, cells: pl.DataFrame, ages: tuple[int, ...]) -> pl.DataFrame:
    """Care leavers of one of `ages` at E, excluding `LA in Touch` = Died (a blank date of
    birth leaves the young person out; reported by combine)."""
    rows = attribute_rows(cells, data.by_extract["care_leavers"]).with_columns(
        age_at_expr("date_of_birth", "period_end").alias("age_at_period_end")
    )
    return rows.filter(pl.col("age_at_period_end").is_in(ages).fill_null(False) & ~code_is("in_touch", "Died"))


def _aged_19_to_21(data: CombinedExtracts, cells: pl.DataFrame, *, column: str, numerator: pl.Expr) -> pl.DataFrame:
    """Care leavers aged 19, 20 or 21 at E (not died), in the numerator where `numerator` holds of `column`."""
    rows = care_leavers_aged(data, cells, CARE_LEAVER_AGES)
    return share_of(rows, numerator, ["date_of_birth", "age_at_period_end", "in_touch", column])


def _activity_is_eet() -> pl.Expr:
    """`Activity Status` a code of education, employment or training: beginning `F` or `P`."""
    activity = pl.col("activity_status").str.strip_chars().str.to_uppercase()
    return activity.str.starts_with("F") | activity.str.starts_with("P")


# Measures 22 and 23: id, number, title, phrase, the column read, what the numerator asks of it, definition.
_AGED_19_TO_21 = (
    ("care_leavers_suitable_pct", 22, "Care leavers aged 19-21 in suitable accommodation (%) - Latest snapshot",
     "percentage of care leavers aged 19-21 in suitable accommodation",
     "accommodation_suitability", code_is("accommodation_suitability", "Suitable"),
     """Denominator: care leavers aged 19, 20 or 21 at E, excluding `LA in Touch` = Died;
     numerator: `Suitability of Accommodation` = Suitable."""),
    ("care_leavers_eet_pct", 23, "Care leavers aged 19-21 in education, employment, or training (%) - Latest snapshot",
     "percentage of care leavers aged 19-21 in education, employment or training",
     "activity_status", _activity_is_eet(),
     "Denominator as 22; numerator: `Activity Status` code beginning `F` or `P`."),
)

measure_family(
    _aged_19_to_21,
    [
        Member(id, number, label, phrase, definition, "", {"column": column, "numerator": numerator},
               {"reads": ("in_touch", column)})
        for id, number, label, phrase, column, numerator, definition in _AGED_19_TO_21
    ],
    unit="pct",
    polarity="high",
    source="care_leavers",
    kind="attribute",
    needs=("date_of_birth",),
)
