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
from typing import TYPE_CHECKING

import polars as pl

from csc_scorecard.dates import window_start_expr

if TYPE_CHECKING:
    import numpy as np

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


class _CellTables:
    """For each block and day, the first indexed cell whose `column` is on or after the day
    (`side` "left") or after it ("right"), per (column, side) asked for: tables over the days
    the cells span, one day either side standing for every day beyond, so that finding
    millions of rows' cells is a lookup (block's row, day's column) rather than a binary search
    each. Rows come in runs of one LA (`_la_runs`), whose block is looked up once a run."""

    def __init__(self, cells: pl.DataFrame, searches: list[tuple[str, str]]):
        import numpy as np  # (here: a build that keeps its figures never loads numpy)
        self.cells = cells
        if cells.is_empty():
            self.first_day, self.span = 0, 1
            self.tables = [np.zeros(1, dtype=np.int64) for _ in searches]
            return
        dates = [c for c in ("period_end", "window_start") if c in cells.columns]
        first, last = cells.select(
            pl.min_horizontal(*(pl.col(c).min() for c in dates)).to_physical().cast(pl.Int64).alias("first"),
            pl.max_horizontal(*(pl.col(c).max() for c in dates)).to_physical().cast(pl.Int64).alias("last"),
        ).row(0)
        self.first_day, self.span = first - 1, last - first + 3
        blocks = int(cells["_block"].max()) + 1
        queries = (np.arange(blocks, dtype=np.int64)[:, None] * _BLOCK
                   + (np.arange(self.span, dtype=np.int64) + self.first_day + _DAY_OFFSET)[None, :]).ravel()
        self.tables = [
            np.searchsorted(cells.select(_key(pl.col(column))).to_series().to_numpy(), queries, side=side)
            for column, side in searches
        ]

    def days(self, rows: pl.DataFrame, column: str, null: int = 0) -> np.ndarray:
        """Each row's `column` as the tables' day column (a null as the day `null`)."""
        day = pl.col(column).to_physical().cast(pl.Int64).fill_null(null) - self.first_day
        return rows.select(day.clip(0, self.span - 1).cast(pl.Int32)).to_series().to_numpy()

    def blocks(self, rows: pl.DataFrame) -> list[tuple[np.ndarray, np.ndarray, np.ndarray | None]]:
        """Per window length of the cells: each row's `_block` (-1: its LA has none), the start
        of its block's row in the tables, and which rows have a block (None: all)."""
        import numpy as np  # (here: a build that keeps its figures never loads numpy)
        runs = rows.select(pl.col("la_code").rle()).unnest("la_code")
        lengths = runs["len"].to_numpy()
        blocks = self.cells.select("la_code", "_block", *(["months"] if "months" in self.cells.columns else [])).unique()
        parts = blocks.partition_by("months") if blocks["la_code"].is_duplicated().any() else [blocks]
        parts.sort(key=lambda part: part["_block"].min())
        out = []
        for part in parts:
            run_block = (runs["value"].replace_strict(part["la_code"], part["_block"], default=-1, return_dtype=pl.Int64)
                         .fill_null(-1).to_numpy())
            has_block = run_block >= 0
            out.append((
                np.repeat(run_block, lengths),
                np.repeat((np.maximum(run_block, 0) * self.span).astype(np.int32), lengths),
                None if has_block.all() else np.repeat(has_block, lengths),
            ))
        return out

    def __call__(self, search: int, at: np.ndarray) -> np.ndarray:
        return self.tables[search][at]


def _placed(rows: pl.DataFrame, placements: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]]
            ) -> pl.DataFrame:
    """`rows` once per window length (`placements`: `_block`, `cell_from`, `cell_to` and which
    rows may count, None: all), each with its run of cells (`cell_from, cell_to` first, `_block`
    last, without `la_code`): only rows that may count and whose run holds a cell. One filter
    per window length copies the rows' columns (several times faster than a gather); the runs
    are worked out on arrays."""
    columns = rows.select(pl.exclude(*RANGE, "la_code", "_block"))
    frames = []
    for block, cell_from, cell_to, usable in placements:
        keep = cell_to > cell_from
        if usable is not None:
            keep &= usable
        if keep.all():
            kept = columns
        else:
            kept = columns.filter(pl.Series(keep))
            block, cell_from, cell_to = block[keep], cell_from[keep], cell_to[keep]
        frames.append(pl.DataFrame([
            pl.Series("cell_from", cell_from), pl.Series("cell_to", cell_to),
            *kept.get_columns(), pl.Series("_block", block),
        ]))
    return pl.concat(frames) if len(frames) > 1 else frames[0]


def _both(first: np.ndarray | None, second: np.ndarray | None) -> np.ndarray | None:
    return second if first is None else first if second is None else first & second


def in_windows(events: pl.DataFrame, date_column: str, cells: pl.DataFrame) -> pl.DataFrame:
    """Each event (`la_code`, `date_column`, ...) with the range of indexed `cells` whose window
    holds its date (`window_start <= date <= period_end`): once per window length, with
    `cell_from, cell_to` first and `_block` for `la_code`. Events in no cell, or with a null
    date, are left out."""
    tables = _CellTables(cells, [("period_end", "left"), ("window_start", "right")])
    dated = None
    if events[date_column].null_count():
        dated = events.select(pl.col(date_column).is_not_null()).to_series().to_numpy()
    days = tables.days(events, date_column)
    placements = []
    for block, base, has_block in tables.blocks(events):
        at = base + days
        placements.append((block, tables(0, at), tables(1, at), _both(dated, has_block)))
    return _placed(events, placements)


def open_in_cells(episodes: pl.DataFrame, start_column: str, end_column: str, cells: pl.DataFrame) -> pl.DataFrame:
    """Each episode (`la_code`, start, end, ...) with the range of indexed `cells` at whose
    period end it is open (the spec's stock rule: `start <= E` and end null or `end > E`; a
    null start counts as open from the beginning of time, which only measure 10 relies on: the
    other stocks need their start, see `counted`): once per window length, with
    `cell_from, cell_to` first and `_block` for `la_code`. Episodes open at no cell are left out."""
    import numpy as np  # (here: a build that keeps its figures never loads numpy)
    tables = _CellTables(cells, [("period_end", "left")])
    starts = tables.days(episodes, start_column, null=np.iinfo(np.int32).min)  # before every cell
    ends = tables.days(episodes, end_column, null=np.iinfo(np.int32).max)  # after every cell
    placements = [
        (block, tables(0, base + starts), tables(0, base + ends), has_block)
        for block, base, has_block in tables.blocks(episodes)
    ]
    return _placed(episodes, placements)


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
