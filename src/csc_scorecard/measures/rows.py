"""The shape of what every measure returns: the rows it counts, one per child (or event) per cell.

A row says which cell it belongs to (`la_code, period_end, months`), which child it is, whether
it is in the numerator and/or the denominator, which extract row it came from, and then the
dates that put it there. Counts and values are derived from these rows by one function
(`series.summarise`), so the drill-through list and the figure cannot disagree.
"""

from __future__ import annotations

import polars as pl

from csc_scorecard.measures.windows import open_at_period_ends

ROW_COLUMNS = [
    "la_code",
    "period_end",
    "months",
    "child_id",
    "in_numerator",
    "in_denominator",
    "extract_id",
    "source_row",
]

ROW_SCHEMA = {
    "la_code": pl.String,
    "period_end": pl.Date,
    "months": pl.Int64,
    "child_id": pl.String,
    "in_numerator": pl.Boolean,
    "in_denominator": pl.Boolean,
    "extract_id": pl.Int64,
    "source_row": pl.Int64,
}

# The columns that say which extract row a child came from; measures select these and the
# columns they read before pairing rows with cells, so that wide lists stay cheap.
SOURCE_COLUMNS = ["la_code", "child_id", "extract_id", "source_row"]

SHORT_BREAK_LEGAL_STATUSES = ("V3", "V4")


def shape_rows(frame: pl.DataFrame, numerator: pl.Expr, denominator: pl.Expr, details: list[str]) -> pl.DataFrame:
    """`frame` reduced to the row shape: ROW_COLUMNS, then the `details` columns."""
    return frame.select(
        pl.col("la_code"),
        pl.col("period_end"),
        pl.col("months"),
        pl.col("child_id"),
        numerator.fill_null(False).alias("in_numerator"),
        denominator.fill_null(False).alias("in_denominator"),
        pl.col("extract_id").cast(pl.Int64),
        pl.col("source_row").cast(pl.Int64),
        *details,
    )


def one_row_per_child(frame: pl.DataFrame, order_by: list[str]) -> pl.DataFrame:
    """Per cell and child, the row that sorts last by `order_by` (e.g. the latest ceasing)."""
    keys = ["la_code", "period_end", "months", "child_id"]
    ordered = frame.sort(*order_by, "extract_id", "source_row", nulls_last=False)
    return ordered.unique(subset=keys, keep="last")


def children_open_at(episodes: pl.DataFrame, start_column: str, end_column: str, cells: pl.DataFrame) -> pl.DataFrame:
    """Per cell, one row per child with an episode open at the period end (the latest-starting
    one when a child has two): a stock of distinct children, the same for every window length."""
    points = cells.select("la_code", "period_end").unique()
    pairs = open_at_period_ends(episodes, start_column, end_column, points)
    ordered = pairs.sort(start_column, "extract_id", "source_row", nulls_last=False)
    per_child = ordered.unique(subset=["la_code", "period_end", "child_id"], keep="last")
    return cells.join(per_child, on=["la_code", "period_end"])


def not_short_break() -> pl.Expr:
    """List 8 rows that are not short breaks (legal status V3/V4; spec "short breaks")."""
    status = pl.col("legal_status").str.strip_chars().str.to_uppercase()
    return ~status.is_in(SHORT_BREAK_LEGAL_STATUSES).fill_null(False)


def code_is(column: str, *codes: str) -> pl.Expr:
    """The coded cell equals one of `codes`, case-insensitively (null is no match)."""
    value = pl.col(column).str.strip_chars().str.to_uppercase()
    return value.is_in([c.upper() for c in codes]).fill_null(False)


def attribute_rows(cells: pl.DataFrame, extract_rows: pl.DataFrame) -> pl.DataFrame:
    """Each cell paired with every row of the one extract chosen for it (`cells.extract_id`)."""
    return cells.join(extract_rows.drop("la_code", "as_at", "period_start"), on="extract_id", how="inner")
