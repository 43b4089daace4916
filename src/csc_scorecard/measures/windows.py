"""Which rows fall in which window: the columnar joins every measure is built from.

A *grid* is one row per cell to compute: `la_code, period_end, months, window_start`. The two
joins below pair rows with cells without a loop and without a cross join: rows and cells are
sorted on one integer key (LA, then day), and each cell (or row) finds the range of rows (or
cells) it matches by binary search (`search_sorted`), so the work is proportional to the
number of pairs produced. That keeps 153 LAs x 36 month ends cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from csc_scorecard.calendar import window_start_expr

GRID_SCHEMA = {"la_code": pl.String, "period_end": pl.Date, "months": pl.Int64, "window_start": pl.Date}
CELL = ["la_code", "period_end", "months"]

_BLOCK = 1 << 32  # LA blocks in the sort key
_DAY_OFFSET = 1 << 31  # makes any Date's day number non-negative inside its block


def window_grid(la_codes: Sequence[str], period_ends: Sequence[date], months: Sequence[int]) -> pl.DataFrame:
    """Every (LA, period end, months) cell with its window start (spec "window of n months")."""
    for n in months:
        if n < 1:
            raise ValueError(f"a window has at least 1 month, not {n}")
    las = pl.DataFrame({"la_code": sorted(set(la_codes))}, schema={"la_code": pl.String})
    ends = pl.DataFrame({"period_end": sorted(set(period_ends))}, schema={"period_end": pl.Date})
    ns = pl.DataFrame({"months": sorted(set(months))}, schema={"months": pl.Int64})
    grid = las.join(ends, how="cross").join(ns, how="cross")
    return grid.with_columns(window_start_expr("period_end", "months").alias("window_start")).select(
        list(GRID_SCHEMA)
    )


def _la_index(*frames: pl.DataFrame) -> pl.DataFrame:
    """A dense integer per LA code seen in any of the frames."""
    codes = pl.concat([f.select("la_code") for f in frames]).unique().sort("la_code")
    return codes.with_row_index("_la").with_columns(pl.col("_la").cast(pl.Int64))


def _key(la: str, day: pl.Expr) -> pl.Expr:
    return pl.col(la) * _BLOCK + day.to_physical().cast(pl.Int64) + _DAY_OFFSET


def _pair(left: pl.DataFrame, right: pl.DataFrame, lo: str, hi: str) -> pl.DataFrame:
    """Each `left` row with the `right` rows whose positions are in `[lo, hi)`."""
    left = left.with_columns(pl.int_ranges(pl.col(lo), pl.max_horizontal(pl.col(lo), pl.col(hi))).alias("_i"))
    left = left.explode("_i").drop_nulls("_i")
    picked = right.select(pl.all().gather(left["_i"])) if left.height else right.clear()
    return pl.concat([left.drop(lo, hi, "_i"), picked], how="horizontal")


def events_in_windows(events: pl.DataFrame, date_column: str, grid: pl.DataFrame) -> pl.DataFrame:
    """Pairs of grid cell and event with `window_start <= event date <= period_end`.

    `events` must have `la_code` and `date_column`; rows with a null date match nothing. The
    result has the grid's columns followed by the events' columns (without their `la_code`).
    """
    index = _la_index(events, grid)
    ev = (
        events.filter(pl.col(date_column).is_not_null())
        .join(index, on="la_code")
        .with_columns(_key("_la", pl.col(date_column)).alias("_k"))
        .sort("_k")
    )
    keys = ev["_k"]
    cells = grid.join(index, on="la_code").with_columns(
        pl.lit(keys).search_sorted(_key("_la", pl.col("window_start")), side="left").cast(pl.Int64).alias("_lo"),
        pl.lit(keys).search_sorted(_key("_la", pl.col("period_end")), side="right").cast(pl.Int64).alias("_hi"),
    )
    return _pair(cells.drop("_la"), ev.drop("la_code", "_la", "_k"), "_lo", "_hi")


def open_at_period_ends(
    episodes: pl.DataFrame, start_column: str, end_column: str, points: pl.DataFrame
) -> pl.DataFrame:
    """Pairs of (LA, period end) and episode open then (the spec's stock rule).

    `points` has `la_code, period_end` (duplicates are ignored). Open at `E` means `start <= E`
    and (`end` null or `end > E`); a null start counts as open from the beginning of time
    (List 6 blank CIN start). Each episode is matched to the range of its LA's period ends
    inside `[start, end)`. The result has the episodes' columns, then `period_end`.
    """
    index = _la_index(episodes, points)
    points = (
        points.select("la_code", "period_end")
        .unique()
        .join(index, on="la_code")
        .with_columns(_key("_la", pl.col("period_end")).alias("_k"))
        .sort("_k")
    )
    keys = points["_k"]
    block_start = pl.col("_la") * _BLOCK
    lo_key = pl.when(pl.col(start_column).is_null()).then(block_start).otherwise(_key("_la", pl.col(start_column)))
    hi_key = pl.when(pl.col(end_column).is_null()).then(block_start + _BLOCK).otherwise(_key("_la", pl.col(end_column)))
    eps = episodes.join(index, on="la_code").with_columns(
        pl.lit(keys).search_sorted(lo_key, side="left").cast(pl.Int64).alias("_lo"),
        pl.lit(keys).search_sorted(hi_key, side="left").cast(pl.Int64).alias("_hi"),
    )
    return _pair(eps.drop("_la"), points.select("period_end"), "_lo", "_hi")
