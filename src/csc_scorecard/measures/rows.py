"""The shape of what every measure returns: the rows it counts, each with the run of cells it counts in.

A measure row says which cells it counts in (`cell_from <= _cell < cell_to`, indices of the
indexed cells, see `windows`), which child it is, whether it is in the numerator and/or the
denominator, which extract row it came from, and then the dates that put it there. A referral
counted in 12 month ends is one row, not 12. Counts and values are derived from these rows by
one function (`series.summarise`), and the drill-through list is the same rows expanded to the
one cell asked for (`windows.expand`), so the list and the figure cannot disagree.
"""

from __future__ import annotations

import polars as pl

from csc_scorecard.measures.by_child import child_order, child_runs, max_before_in_child, may_repeat
from csc_scorecard.measures.windows import RANGE, in_own_cell, in_windows, open_in_cells

# The drill-through shape (`series.measure_rows`): one row per child (or event) per cell.
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

# What a measure returns: the run of cells, then as ROW_COLUMNS without the cell, then details.
MEASURE_ROW_SCHEMA = {
    "cell_from": pl.Int64,
    "cell_to": pl.Int64,
    "child_id": pl.String,
    "in_numerator": pl.Boolean,
    "in_denominator": pl.Boolean,
    "extract_id": pl.Int64,
    "source_row": pl.Int64,
}

# The columns that say which extract row a child came from; measures select these and the
# columns they read before finding their cells, so that wide lists stay cheap.
SOURCE_COLUMNS = ["la_code", "child_id", "extract_id", "source_row"]

SHORT_BREAK_LEGAL_STATUSES = ("V3", "V4")


def shape_rows(frame: pl.DataFrame, numerator: pl.Expr, denominator: pl.Expr, details: list[str]) -> pl.DataFrame:
    """`frame` reduced to the measure row shape: MEASURE_ROW_SCHEMA's columns, then `details`."""
    return frame.select(
        pl.col("cell_from"),
        pl.col("cell_to"),
        pl.col("child_id"),
        numerator.fill_null(False).alias("in_numerator"),
        denominator.fill_null(False).alias("in_denominator"),
        pl.col("extract_id").cast(pl.Int64),
        pl.col("source_row").cast(pl.Int64),
        *details,
    )


def share_of(rows: pl.DataFrame, numerator: pl.Expr, details: list[str]) -> pl.DataFrame:
    """A percentage of `rows`: every one in the denominator, those where
    `numerator` holds also in the numerator; the drill-through shows `details`."""
    return shape_rows(rows, numerator, pl.lit(True), details)


def averaged(rows: pl.DataFrame, details: list[str]) -> pl.DataFrame:
    """A mean or median of `rows`: every one in the numerator and the denominator (the value
    averages the column its declaration names, `averages`); the drill-through shows `details`."""
    return shape_rows(rows, pl.lit(True), pl.lit(True), details)


def every_row(rows: pl.DataFrame, details: list[str]) -> pl.DataFrame:
    """A rate or count of `rows`: every one in the numerator, none in a denominator (a rate's
    is the population); the drill-through shows `details`."""
    return shape_rows(rows, pl.lit(True), pl.lit(False), details)


def events_counted(
    rows: pl.DataFrame, dated_by: str, columns: list[str], cells: pl.DataFrame, numerator: pl.Expr | None = None
) -> pl.DataFrame:
    """The events (rows of a flow list's `rows`) with their `dated_by` date in the window: with
    `numerator`, a percentage of them (every one in the denominator, those where `numerator`
    holds also in the numerator); without, a rate or count of them. The drill-through shows
    `columns` (which include `dated_by` and what `numerator` reads)."""
    events = in_windows(rows.select(*SOURCE_COLUMNS, *columns), dated_by, cells)
    return every_row(events, columns) if numerator is None else share_of(events, numerator, columns)


def one_row_per_child(frame: pl.DataFrame, order_by: list[str]) -> pl.DataFrame:
    """Per cell and child, the row that sorts last by `order_by`, then extract and source row
    (e.g. a child's latest ceasing in the window, or latest-starting open episode).

    `frame` has the run of cells (`cell_from`, `cell_to`), `_block` and `child_id`. A row whose
    run overlaps no other row of the same child and block is the child's only row in each of its
    cells and is kept whole; only rows that overlap (rare: two ceasings within one window, two
    episodes open at once) are split into their cells and the choice made cell by cell.
    """
    tangled_rows = _overlapping(frame)
    if tangled_rows is None:
        return frame
    apart = frame.filter(~tangled_rows)
    tangled = frame.filter(tangled_rows)
    per_cell = (
        tangled.with_columns(pl.int_ranges("cell_from", "cell_to", dtype=pl.Int64).alias("_one_cell"))
        .explode("_one_cell")
        .with_columns(pl.col("_one_cell").alias("cell_from"), (pl.col("_one_cell") + 1).alias("cell_to"))
        .drop("_one_cell")
    )
    chosen = per_cell.sort(*order_by, "extract_id", "source_row", nulls_last=False).unique(
        subset=["child_id", "cell_from"], keep="last"
    )
    return pl.concat([apart, chosen])


def _overlapping(frame: pl.DataFrame) -> pl.Series | None:
    """Which rows of `frame` (runs of cells, `_block`, `child_id`) overlap another row of the
    same child and block (None: none do). The rows are put child by child in order of their
    first cell (`child_order`); a row overlaps when an earlier row of its child reaches past
    its first cell or the next one starts before its last. When `child_order` cannot, only
    the rows whose child has another row in the block (`may_repeat`) are sorted on the key."""
    import numpy as np  # (here: a build that keeps its figures never loads numpy)
    if frame.is_empty():
        return None
    cell_from, cell_to = frame["cell_from"].to_numpy(), frame["cell_to"].to_numpy()
    bits = max(int(cell_to.max()).bit_length(), 1)
    found = child_order(frame.select("_block", "child_id"), cell_from, bits) if bits <= _CELL_BITS else None
    if found is None:
        return _overlapping_sorted(frame)
    order, new_child = found
    starts, ends = cell_from[order], cell_to[order]
    child = np.cumsum(new_child) - 1
    band = child * (1 << bits)  # each child's cells in a band of their own above the previous child's
    reach = np.maximum.accumulate(ends + band) - band  # the furthest any of the child's rows so far reaches
    overlaps = np.zeros(len(order), dtype=bool)
    overlaps[1:] = ~new_child[1:] & (reach[:-1] > starts[1:])
    overlaps[:-1] |= ~new_child[1:] & (starts[1:] < ends[:-1])
    if not overlaps.any():
        return None
    tangled = np.zeros(frame.height, dtype=bool)
    tangled[order[overlaps]] = True
    return pl.Series(tangled)


_CELL_BITS = 24  # cells a run may start at to share the sort key with the hash (`_overlapping`)


def _overlapping_sorted(frame: pl.DataFrame) -> pl.Series | None:
    """`_overlapping` by sorting the rows of children with more than one on the key (`child_runs`)."""
    repeats = may_repeat(frame, ["_block", "child_id"])
    if not repeats.any():
        return None
    runs = child_runs(
        frame.select("_block", "child_id", *RANGE).with_row_index("_row").filter(repeats), ["_block", "child_id"], RANGE
    )
    reach_before = max_before_in_child(pl.col("cell_to"))
    next_from = pl.when(pl.col("_child") == pl.col("_child").shift(-1)).then(pl.col("cell_from").shift(-1))
    overlaps = (reach_before > pl.col("cell_from")).fill_null(False) | (next_from < pl.col("cell_to")).fill_null(False)
    overlapping = runs.filter(overlaps)["_row"]
    if overlapping.is_empty():
        return None
    return pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True).scatter(overlapping, True)


def children_open_at(episodes: pl.DataFrame, start_column: str, end_column: str, cells: pl.DataFrame) -> pl.DataFrame:
    """Per cell, one row per child with an episode open at the period end (the latest-starting
    one when a child has two): a stock of distinct children, the same for every window length."""
    return one_row_per_child(open_in_cells(episodes, start_column, end_column, cells), [start_column])


def stock_of_children(episodes: pl.DataFrame, start_column: str, end_column: str, cells: pl.DataFrame) -> pl.DataFrame:
    """A stock (rate) of distinct children with an episode open at E (`children_open_at`, each
    episode's `stock_end` ending it), every one counted; the drill-through shows its start and end."""
    episodes = episodes.select(*SOURCE_COLUMNS, start_column, end_column, "stock_end")
    return every_row(children_open_at(episodes, start_column, "stock_end", cells), [start_column, end_column])


def open_at_end_of_extract(
    rows: pl.DataFrame, start_column: str, end_column: str, started_by: str = "period_end"
) -> pl.DataFrame:
    """Attribute rows (`attribute_rows`: each extract row paired with the cell that reads its
    extract) of episodes open at E: started on or before the cell's `started_by` column (E by
    default; a blank start counts as started, which only List 6 lets through, see `counted`)
    and not ended by E; one per child (the latest-starting)."""
    started = pl.col(start_column).is_null() | (pl.col(start_column) <= pl.col(started_by))
    not_ended = pl.col(end_column).is_null() | (pl.col(end_column) > pl.col("period_end"))
    return one_row_per_child(rows.filter(started & not_ended), [start_column])


def calendar_days(start: str, end: str) -> pl.Expr:
    """Calendar days from `start` to `end` as the column `days` that a mean or median averages
    (adoption A1 and A2, enquiry to approval: the adoption scorecard counts calendar days)."""
    return (pl.col(end) - pl.col(start)).dt.total_days().alias("days")


def dated_within(column: str, after: str) -> pl.Expr:
    """`column` in `(after, period_end]`: e.g. a last visit within the 6 months up to E."""
    return ((pl.col(column) > pl.col(after)) & (pl.col(column) <= pl.col("period_end"))).fill_null(False)


def within_working_days_of_end(column: str, working_days: str, most: int) -> pl.Expr:
    """`column` on or before E and `WD(column, E) <= most`, given `working_days` = WD(column, E)
    (`dates.working_days_between`): e.g. seen within the last 20 working days (null: not)."""
    return ((pl.col(column) <= pl.col("period_end")) & (pl.col(working_days) <= most)).fill_null(False)


def not_short_break() -> pl.Expr:
    """List 8 rows that are not short breaks (legal status V3/V4; spec "short breaks")."""
    status = pl.col("legal_status").str.strip_chars().str.to_uppercase()
    return ~status.is_in(SHORT_BREAK_LEGAL_STATUSES).fill_null(False)


def code_is(column: str, *codes: str) -> pl.Expr:
    """The coded cell equals one of `codes`, case-insensitively (null is no match)."""
    value = pl.col(column).str.strip_chars().str.to_uppercase()
    return value.is_in([c.upper() for c in codes]).fill_null(False)


def attribute_rows(cells: pl.DataFrame, extract_rows: pl.DataFrame) -> pl.DataFrame:
    """Each cell paired with every row of the one extract chosen for it (`cells.extract_id`):
    the cell's columns (`period_end`, `window_start`, ...), the row's, and the one-cell run."""
    pairs = cells.join(extract_rows.drop("la_code", "as_at", "period_start"), on="extract_id", how="inner")
    return in_own_cell(pairs)
