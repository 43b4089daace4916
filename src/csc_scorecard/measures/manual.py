"""Measures 6 and 7: values supplied by the LA in the manual indicators file, not computed.

The value at a period end E is the latest one dated on or before E (with its own date, shown
as its label: `50 (Apr23)`). Rows of the manual frame may carry an `la_code`; without one a
value applies to every LA.
"""

from __future__ import annotations

import polars as pl

from csc_scorecard.measures.registry import Member, measure_family

MANUAL_SCHEMA = {"indicator_id": pl.String, "period_end": pl.Date, "value": pl.Float64, "label": pl.String}


def latest_manual_values(
    manual: pl.DataFrame | None, indicator_id: str, cells: pl.DataFrame, *, earliest_when_none: bool = False
) -> pl.DataFrame:
    """`cells` with `value`, `value_date` and `label`: the latest value of `indicator_id` dated
    `<= period_end`; when there is none, nulls, or with `earliest_when_none` the earliest value
    on record (the scorecard's "a year ago" column, spec "Manual rows 6 and 7")."""
    if manual is None:
        manual = pl.DataFrame(schema=MANUAL_SCHEMA)
    values = manual.filter(pl.col("indicator_id") == indicator_id).select(
        *(["la_code"] if "la_code" in manual.columns else []),
        pl.col("period_end").alias("value_date"),
        pl.col("value").cast(pl.Float64),
        pl.col("label").cast(pl.String),
    )
    keyed = cells.with_row_index("_cell")
    candidates = (
        keyed.join(values, on="la_code") if "la_code" in values.columns else keyed.join(values, how="cross")
    )
    on_or_before = pl.col("value_date") <= pl.col("period_end")
    days = pl.col("value_date").to_physical().cast(pl.Int64)
    if not earliest_when_none:
        candidates = candidates.filter(on_or_before)
    # Values on or before the period end sort last, latest last; then the earliest of the rest.
    chosen = (
        candidates.sort(
            "_cell", on_or_before, pl.when(on_or_before).then(days).otherwise(-days)
        )
        .unique(subset="_cell", keep="last")
        .select("_cell", "value", "value_date", "label")
    )
    return keyed.join(chosen, on="_cell", how="left").sort("_cell").drop("_cell")


def _supplied(manual: pl.DataFrame | None, cells: pl.DataFrame, *, indicator_id: str) -> pl.DataFrame:
    """Each cell's latest value of `indicator_id` (a manual measure's id) on or before its period end."""
    return latest_manual_values(manual, indicator_id, cells)


_SUPPLIED = "Value supplied for a date (manual indicators file); shown with its date label."
# id (as the manual indicators file names it), number, unit, title, phrase
_MANUAL = (
    ("agency_sw_pct", 6, "pct", "Percentage of agency social workers (%) in workforce", "percentage of agency social workers"),
    ("unregulated_placements", 7, "count", "Number of children cared for in unregulated and unregistered placements",
     "number of children in unregulated and unregistered placements"),
)

measure_family(
    _supplied,
    [Member(id, number, label, phrase, _SUPPLIED, "", {"indicator_id": id}, {"unit": unit}) for id, number, unit, label, phrase in _MANUAL],
    polarity="low",
    source="manual",
    kind="manual",
    benchmark=False,
)
