"""Children aged 0-17 per LA for the rates: which mid-year estimate applies to a window.

The project ships ONS mid-year estimates (`data/population/ons_mid_year_0_17.csv`); a
population file the user loaded (same columns) takes precedence for the same LA and year.
For a window ending E the estimate used is the latest mid-year Y with 30 June Y <= E, else
the earliest available (spec/indicators.md, "population"). LAs are matched on `old_la_code`,
the DfE 3-digit code the extracts carry.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import polars as pl

from csc_scorecard.ingest.population import POPULATION_SCHEMA


@lru_cache(maxsize=1)
def shipped_population() -> pl.DataFrame:
    """The ONS estimates shipped with the project."""
    source = resources.files("csc_scorecard").joinpath("data/population/ons_mid_year_0_17.csv")
    with resources.as_file(source) as path:
        return pl.read_csv(path, schema=POPULATION_SCHEMA)


def population_table(overrides: pl.DataFrame | None = None) -> pl.DataFrame:
    """Shipped estimates with `overrides` (user-loaded rows) replacing the same LA and year."""
    shipped = shipped_population()
    if overrides is None or overrides.is_empty():
        return shipped
    loaded = overrides.select(
        [pl.col(c).cast(t) if c in overrides.columns else pl.lit(None, t).alias(c) for c, t in POPULATION_SCHEMA.items()]
    )
    kept = shipped.join(loaded.select("old_la_code", "time_period"), on=["old_la_code", "time_period"], how="anti")
    return pl.concat([loaded, kept]).sort("old_la_code", "time_period")


def population_for_cells(cells: pl.DataFrame, overrides: pl.DataFrame | None = None) -> pl.DataFrame:
    """`cells` (`la_code`, `period_end`, ...) with `population` and `population_year` (nulls
    when the LA has no estimate at all)."""
    table = population_table(overrides).select(
        pl.col("old_la_code").alias("la_code"), "time_period", "population"
    ).drop_nulls()
    keyed = cells.with_row_index("_cell")
    # Latest mid-year on or before the period end: 30 June of E's year counts once E reaches it.
    year = pl.col("period_end").dt.year()
    latest_year = year.cast(pl.Int64) - (pl.col("period_end") < pl.date(year, 6, 30)).cast(pl.Int64)
    candidates = keyed.select("_cell", "la_code", latest_year.alias("_latest")).join(table, on="la_code")
    chosen = (
        candidates.with_columns((pl.col("time_period") <= pl.col("_latest")).alias("_applies"))
        # Prefer a year that applies, the latest one; otherwise the earliest available.
        .sort(
            "_cell",
            "_applies",
            pl.when(pl.col("_applies")).then(pl.col("time_period")).otherwise(-pl.col("time_period")),
        )
        .unique(subset="_cell", keep="last")
        .select("_cell", pl.col("population"), pl.col("time_period").alias("population_year"))
    )
    return keyed.join(chosen, on="_cell", how="left").sort("_cell").drop("_cell")
