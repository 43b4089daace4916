"""A figure's numerator worked out again from its drill-through rows, by a second method (a plain
sum, `statistics.median`), for the tests that check every figure against its rows."""

from __future__ import annotations

import statistics

import polars as pl


def numerator_of(spec, rows: pl.DataFrame) -> int:
    """The rows counted in the numerator; for a mean, their averaged column summed; for a
    median, the median of the denominator's values times their number."""
    if spec.unit == "median":
        values = rows.filter(pl.col("in_denominator"))[spec.averages].to_list()
        return int(statistics.median(values) * len(values)) if values else 0
    if spec.averages is not None:
        return rows.filter(pl.col("in_numerator"))[spec.averages].sum()
    return rows["in_numerator"].sum()
