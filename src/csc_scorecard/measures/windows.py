"""Which rows count in which cells: the range arithmetic every measure is built from.

A *grid* is one row per cell to compute: `la_code, period_end, months, window_start`. Before
the measures see them, cells are *indexed* (`index_cells`): sorted by LA, window length and
period end, numbered `_cell` = 0, 1, 2, ... and grouped into blocks (`_block`: one LA and one
window length). Within a block both the period end and the window start increase with
`_cell`, so the cells any one row counts in are a single run of consecutive cells, written
on the row as the half-open range `cell_from <= _cell < cell_to`:

- an event dated `d` counts in the cells with `window_start <= d <= period_end`;
- an episode counts in the cells with `start <= period_end < end` (it is open then).

Each row finds its range by binary search (`search_sorted`) over the cells' keys (block, then
day), so the work is proportional to the number of rows, whatever the number of cells: one
referral is one row whether it counts in 1 month end or 12, and 153 LAs x 60 month ends stay
cheap. A row becomes one row per cell only when someone asks for the cells (`expand`: the
drill-through), and is counted per cell without that (`series.summarise`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from csc_scorecard.dates import window_start_expr

GRID_SCHEMA = {"la_code": pl.String, "period_end": pl.Date, "months": pl.Int64, "window_start": pl.Date}
CELL = ["la_code", "period_end", "months"]
RANGE = ["cell_from", "cell_to"]

_BLOCK = 1 << 32  # blocks in the sort key
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


def index_cells(cells: pl.DataFrame) -> pl.DataFrame:
    """`cells` (distinct `la_code, period_end`, usually `months` and `window_start` too) sorted
    by LA, months and period end, with `_cell` (0, 1, ...) and `_block` (one per LA and months)."""
    by = ["la_code", "months"] if "months" in cells.columns else ["la_code"]
    ordered = cells.sort(*by, "period_end").with_row_index("_cell").with_columns(pl.col("_cell").cast(pl.Int64))
    new_block = pl.any_horizontal([pl.col(c).ne_missing(pl.col(c).shift(1)) for c in by])
    return ordered.with_columns((new_block.cast(pl.Int64).cum_sum() - 1).alias("_block"))


def _key(day: pl.Expr) -> pl.Expr:
    return pl.col("_block") * _BLOCK + day.to_physical().cast(pl.Int64) + _DAY_OFFSET


def _with_blocks(rows: pl.DataFrame, cells: pl.DataFrame) -> pl.DataFrame:
    """`rows` once per block of their LA (once per window length), with `_block`; rows of an
    LA without cells are left out."""
    blocks = cells.select("la_code", "_block", *(["months"] if "months" in cells.columns else [])).unique()
    if not blocks["la_code"].is_duplicated().any():
        return _with_block(rows, blocks)
    # Several window lengths: the rows once per length, each looking its LA's block up (much
    # cheaper than joining millions of rows on the LA's code).
    return pl.concat([_with_block(rows, part) for part in blocks.partition_by("months", maintain_order=False)])


def _with_block(rows: pl.DataFrame, blocks: pl.DataFrame) -> pl.DataFrame:
    """`rows` with `_block` looked up by `la_code` in `blocks` (one block per LA), no column
    copied; rows of an LA without one are left out."""
    block = pl.col("la_code").replace_strict(blocks["la_code"], blocks["_block"], default=None)
    rows = rows.with_columns(block.alias("_block"))
    return rows.filter(pl.col("_block").is_not_null()) if rows["_block"].null_count() else rows


def in_windows(events: pl.DataFrame, date_column: str, cells: pl.DataFrame) -> pl.DataFrame:
    """Each event (`la_code`, `date_column`, ...) with the range of indexed `cells` whose window
    holds its date (`window_start <= date <= period_end`): once per window length, with
    `cell_from, cell_to` first and `_block` for `la_code`. Events in no cell, or with a null
    date, are left out."""
    period_end_keys = cells.select(_key(pl.col("period_end"))).to_series()
    window_start_keys = cells.select(_key(pl.col("window_start"))).to_series()
    # Undated events, and those outside every window, are left out before each is copied per window length.
    dated = pl.col(date_column).is_between(cells["window_start"].min(), cells["period_end"].max())
    rows = _with_blocks(_where(events, dated), cells)
    day = _key(pl.col(date_column))
    rows = rows.with_columns(
        pl.lit(period_end_keys).search_sorted(day, side="left").cast(pl.Int64).alias("cell_from"),
        pl.lit(window_start_keys).search_sorted(day, side="right").cast(pl.Int64).alias("cell_to"),
    )
    return _in_some_cell(rows)


def open_in_cells(episodes: pl.DataFrame, start_column: str, end_column: str, cells: pl.DataFrame) -> pl.DataFrame:
    """Each episode (`la_code`, start, end, ...) with the range of indexed `cells` at whose
    period end it is open (the spec's stock rule: `start <= E` and end null or `end > E`; a
    null start counts as open from the beginning of time, which only measure 10 relies on: the
    other stocks need their start, see `counted`): once per window length, with
    `cell_from, cell_to` first and `_block` for `la_code`. Episodes open at no cell are left out."""
    period_end_keys = cells.select(_key(pl.col("period_end"))).to_series()
    block_start = pl.col("_block") * _BLOCK
    lo = pl.when(pl.col(start_column).is_null()).then(block_start).otherwise(_key(pl.col(start_column)))
    hi = pl.when(pl.col(end_column).is_null()).then(block_start + _BLOCK).otherwise(_key(pl.col(end_column)))
    first, last = cells["period_end"].min(), cells["period_end"].max()
    started = pl.col(start_column).is_null() | (pl.col(start_column) <= last)
    not_ended = pl.col(end_column).is_null() | (pl.col(end_column) > first)
    # Episodes open at no period end at all are left out before each is copied per window length.
    rows = _with_blocks(_where(episodes, started & not_ended), cells).with_columns(
        pl.lit(period_end_keys).search_sorted(lo, side="left").cast(pl.Int64).alias("cell_from"),
        pl.lit(period_end_keys).search_sorted(hi, side="left").cast(pl.Int64).alias("cell_to"),
    )
    return _in_some_cell(rows)


def split_where_reached(rows: pl.DataFrame, date_column: str, cells: pl.DataFrame, flag: str) -> pl.DataFrame:
    """Rows with a run of indexed `cells` (and `_block`, as `in_windows` and `open_in_cells`
    return them) with `flag`: False in the cells whose period end is before the row's
    `date_column`, True in those whose period end is on or after it (a null date: False
    throughout). A run with cells on both sides becomes two rows, one each side; so a figure
    that depends on `E` (an ICPC held by E, a plan 2 years old at E) stays one run per side."""
    period_end_keys = cells.select(_key(pl.col("period_end"))).to_series()
    reached_from = (
        pl.when(pl.col(date_column).is_null())
        .then(pl.col("cell_to"))
        .otherwise(
            pl.lit(period_end_keys).search_sorted(_key(pl.col(date_column)), side="left").cast(pl.Int64)
            .clip(pl.col("cell_from"), pl.col("cell_to"))
        )
    )
    rows = rows.with_columns(reached_from.alias("_reached_from"))
    before = rows.filter(pl.col("_reached_from") > pl.col("cell_from")).with_columns(
        pl.col("_reached_from").alias("cell_to"), pl.lit(False).alias(flag)
    )
    after = rows.filter(pl.col("_reached_from") < pl.col("cell_to")).with_columns(
        pl.col("_reached_from").alias("cell_from"), pl.lit(True).alias(flag)
    )
    return pl.concat([before, after]).drop("_reached_from")


def _where(rows: pl.DataFrame, condition: pl.Expr) -> pl.DataFrame:
    """`rows` where `condition` holds (null: not), filtered only when some row fails it."""
    condition = condition.fill_null(False)
    return rows if rows.select(condition.all()).item() else rows.filter(condition)


def _in_some_cell(rows: pl.DataFrame) -> pl.DataFrame:
    """Rows whose run holds at least one cell, the run first, without `la_code` (filtered only
    when some row has none, so that usually no column is copied: the frame is rebuilt from
    its columns, which keeps the chunks of each window length's copy where a `select` would
    join them into one)."""
    empty = pl.col("cell_to") <= pl.col("cell_from")
    if rows.select(empty.any()).item():
        rows = rows.filter(~empty)
    return pl.DataFrame([rows[c] for c in (*RANGE, *(c for c in rows.columns if c not in (*RANGE, "la_code")))])


def in_own_cell(rows: pl.DataFrame) -> pl.DataFrame:
    """Rows that each belong to one cell (`_cell`, e.g. an extract's rows joined to the cells
    that read it) given the range of that one cell."""
    return rows.with_columns(pl.col("_cell").alias("cell_from"), (pl.col("_cell") + 1).alias("cell_to"))


def expand(rows: pl.DataFrame, cells: pl.DataFrame) -> pl.DataFrame:
    """One row per (row, cell in its range): the indexed cells' columns (without `_cell`,
    `_block`), then the rows' columns without the range and `_block`."""
    if rows.is_empty():
        pairs = rows.with_columns(pl.lit(None, pl.Int64).alias("_cell"))
    else:
        pairs = rows.with_columns(pl.int_ranges("cell_from", "cell_to", dtype=pl.Int64).alias("_cell")).explode("_cell")
    cell_columns = cells.select(pl.exclude("_cell", "_block"))
    picked = cell_columns.select(pl.all().gather(pairs["_cell"])) if pairs.height else cell_columns.clear()
    return pl.concat([picked, pairs.drop(*RANGE, "_cell", "_block", strict=False)], how="horizontal")


def events_in_windows(events: pl.DataFrame, date_column: str, grid: pl.DataFrame) -> pl.DataFrame:
    """Pairs of grid cell and event with `window_start <= event date <= period_end`.

    `events` must have `la_code` and `date_column`; rows with a null date match nothing. The
    result has the grid's columns followed by the events' columns (without their `la_code`).
    """
    cells = index_cells(grid)
    return expand(in_windows(events, date_column, cells), cells)


def open_at_period_ends(
    episodes: pl.DataFrame, start_column: str, end_column: str, points: pl.DataFrame
) -> pl.DataFrame:
    """Pairs of (LA, period end) and episode open then (the spec's stock rule; see
    `open_in_cells`). `points` has `la_code, period_end` (duplicates are ignored). The result
    has the episodes' columns, then `la_code` and `period_end`."""
    cells = index_cells(points.select("la_code", "period_end").unique())
    pairs = expand(open_in_cells(episodes, start_column, end_column, cells), cells)
    return pairs.select(pl.exclude("la_code", "period_end"), "la_code", "period_end")
