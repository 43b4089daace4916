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

import numpy as np
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


class _CellSearch:
    """For each block and day, the first indexed cell whose `column` is on or after the day
    (`side` "left") or after it ("right"): a table over the days the cells span (one day
    either side standing for every day beyond), so that finding millions of rows' cells is a
    lookup rather than a binary search each."""

    def __init__(self, cells: pl.DataFrame, column: str, side: str):
        if cells.is_empty():
            self.first_day, self.span, self.table = 0, 1, np.zeros(1, dtype=np.int64)
            return
        keys = cells.select(_key(pl.col(column))).to_series().to_numpy()
        days = cells.select(
            pl.min_horizontal(pl.col("period_end").min(), pl.col("window_start").min()).alias("first")
            if "window_start" in cells.columns else pl.col("period_end").min().alias("first"),
            pl.max_horizontal(pl.col("period_end").max(), pl.col("window_start").max()).alias("last")
            if "window_start" in cells.columns else pl.col("period_end").max().alias("last"),
        ).select(pl.all().to_physical().cast(pl.Int64)).row(0)
        self.first_day = days[0] - 1
        self.span = days[1] + 1 - self.first_day + 1
        blocks = int(cells["_block"].max()) + 1
        queries = (np.arange(blocks, dtype=np.int64)[:, None] * _BLOCK
                   + (np.arange(self.span, dtype=np.int64) + self.first_day + _DAY_OFFSET)[None, :])
        self.table = np.searchsorted(keys, queries.ravel(), side=side)

    def position(self, block: np.ndarray, days: np.ndarray) -> np.ndarray:
        """Where each (block, day) falls in the table (a block of -1 reads block 0: the caller
        leaves such rows out)."""
        return np.maximum(block, 0) * self.span + np.clip(days - self.first_day, 0, self.span - 1)

    def __getitem__(self, position: np.ndarray) -> np.ndarray:
        return self.table[position]


def _days(rows: pl.DataFrame, column: str, null: int = 0) -> np.ndarray:
    """A Date column's day numbers as int64 (a null as `null`)."""
    return rows.select(pl.col(column).to_physical().cast(pl.Int64).fill_null(null)).to_series().to_numpy()


def _blocks_per_length(rows: pl.DataFrame, cells: pl.DataFrame) -> list[np.ndarray]:
    """Each row's `_block` (-1: its LA has none) once per window length of `cells`. The LA code
    is looked up once per run of equal codes (rows come in LA order, so about once per LA),
    not once per row: matching millions of texts was most of the cost of finding cells."""
    runs = rows.select(pl.col("la_code").rle()).unnest("la_code")
    lengths = runs["len"].to_numpy()
    blocks = cells.select("la_code", "_block", *(["months"] if "months" in cells.columns else [])).unique()
    parts = blocks.partition_by("months") if blocks["la_code"].is_duplicated().any() else [blocks]
    parts.sort(key=lambda part: part["_block"].min())
    return [
        np.repeat(
            runs["value"].replace_strict(part["la_code"], part["_block"], default=-1, return_dtype=pl.Int64)
            .fill_null(-1).to_numpy(),
            lengths,
        )
        for part in parts
    ]


def _placed(rows: pl.DataFrame, usable: np.ndarray | None, placements: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> pl.DataFrame:
    """`rows` once per window length, each with its run of cells (`cell_from, cell_to` first,
    `_block` last, without `la_code`): only rows that are `usable` (None: all) and whose run
    holds a cell. One gather per window length copies the rows' columns; the runs are worked
    out on arrays."""
    columns = rows.select(pl.exclude(*RANGE, "la_code", "_block"))
    frames = []
    for block, cell_from, cell_to in placements:
        keep = cell_to > cell_from
        if usable is not None:
            keep &= usable
        if block.size and block.min() < 0:
            keep &= block >= 0
        if keep.all():
            kept = columns
        else:
            at = np.flatnonzero(keep)
            kept = columns[at]
            block, cell_from, cell_to = block[at], cell_from[at], cell_to[at]
        frames.append(pl.DataFrame([
            pl.Series("cell_from", cell_from), pl.Series("cell_to", cell_to),
            *kept.get_columns(), pl.Series("_block", block),
        ]))
    return pl.concat(frames) if len(frames) > 1 else frames[0]


def in_windows(events: pl.DataFrame, date_column: str, cells: pl.DataFrame) -> pl.DataFrame:
    """Each event (`la_code`, `date_column`, ...) with the range of indexed `cells` whose window
    holds its date (`window_start <= date <= period_end`): once per window length, with
    `cell_from, cell_to` first and `_block` for `la_code`. Events in no cell, or with a null
    date, are left out."""
    ending, starting = _CellSearch(cells, "period_end", "left"), _CellSearch(cells, "window_start", "right")
    nulls = events[date_column].null_count()
    dated = events.select(pl.col(date_column).is_not_null()).to_series().to_numpy() if nulls else None
    days = _days(events, date_column)
    placements = []
    for block in _blocks_per_length(events, cells):
        at = ending.position(block, days)
        placements.append((block, ending[at], starting[at]))
    return _placed(events, dated, placements)


def open_in_cells(episodes: pl.DataFrame, start_column: str, end_column: str, cells: pl.DataFrame) -> pl.DataFrame:
    """Each episode (`la_code`, start, end, ...) with the range of indexed `cells` at whose
    period end it is open (the spec's stock rule: `start <= E` and end null or `end > E`; a
    null start counts as open from the beginning of time, which only measure 10 relies on: the
    other stocks need their start, see `counted`): once per window length, with
    `cell_from, cell_to` first and `_block` for `la_code`. Episodes open at no cell are left out."""
    ending = _CellSearch(cells, "period_end", "left")
    starts = _days(episodes, start_column, null=np.iinfo(np.int32).min)  # before every cell
    ends = _days(episodes, end_column, null=np.iinfo(np.int32).max)  # after every cell
    placements = []
    for block in _blocks_per_length(episodes, cells):
        placements.append((block, ending[ending.position(block, starts)], ending[ending.position(block, ends)]))
    return _placed(episodes, None, placements)


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
