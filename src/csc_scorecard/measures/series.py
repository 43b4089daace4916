"""Monthly series of the measures, and the rows behind any one figure, from one code path.

`compute_series` evaluates measures for every (LA, period end, window length) at once: it
decides which cells can be computed (the list is loaded; the window is covered by the
extracts' periods, or for attribute measures an extract exists in the period end's month),
asks each measure for its rows over all those cells (each row with the run of cells it counts
in, see `windows`), and turns rows into counts and values with `summarise`. `measure_rows`
runs exactly the same steps for one cell and returns the rows, expanded to that cell.

Values are unrounded floats; numerators and denominators are exact integers so that display
rounding (half up) can be done exactly from them. A value that cannot be computed is null
with a `reason`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar

import numpy as np
import polars as pl

import csc_scorecard.measures  # noqa: F401  (registers every measure)
from csc_scorecard.dates import shift_months_expr
from csc_scorecard.measures.annex_lists import list_spec, sheet_name
from csc_scorecard.measures.combine import (
    CombinedExtracts,
    attribute_extract_for_cells,
    combine,
    covered,
    month_index,
)
from csc_scorecard.measures.counted import EXCLUDED_TYPE, excluded_counts, excluded_per_cell, rows_counted
from csc_scorecard.measures.population import population_for_cells
from csc_scorecard.measures.registry import MEASURES, MeasureSpec, get
from csc_scorecard.measures.rows import MEASURE_ROW_SCHEMA, ROW_SCHEMA
from csc_scorecard.measures.windows import CELL, RANGE, expand, index_cells, window_grid
from csc_scorecard.store.extract_set import ExtractSet

T = TypeVar("T")

# Groups of measures (one source list each) computed at once by `compute_series`: each holds
# its lists' rows, so memory grows with it; two use this project's two cores.
GROUP_THREADS = 2

REASON_NOT_COVERED = "not covered by the loaded extracts"
REASON_NO_EXTRACT_IN_MONTH = "no extract in this month"
REASON_ZERO_DENOMINATOR = "zero denominator"
REASON_NO_POPULATION = "no population"
REASON_NO_MANUAL_VALUE = "no value supplied on or before this date"

SERIES_SCHEMA = {
    "la_code": pl.String,
    "measure": pl.String,
    "number": pl.Int64,
    "months": pl.Int64,
    "period_end": pl.Date,
    "window_start": pl.Date,  # the period end itself for snapshot measures
    "value": pl.Float64,
    "numerator": pl.Int64,  # rates: the count
    "denominator": pl.Int64,  # rates: the population
    "reason": pl.String,  # why value is null
    "value_date": pl.Date,  # manual measures: the date the value was supplied for
    "label": pl.String,  # manual measures: the label supplied with the value
    "excluded": EXCLUDED_TYPE,  # rows left out of the cell, counted by reason (null: none); see `counted`
}


def reason_list_not_loaded(source: str) -> str:
    spec = list_spec(source)
    return f"no {sheet_name(spec)} ({spec.title}) in the loaded extracts"


def compute_series(
    extract_set: ExtractSet | CombinedExtracts,
    measure_ids: str | Sequence[str] | None,
    period_ends: Sequence[date],
    months: int | Sequence[int],
    la_codes: Sequence[str] | None = None,
    population: pl.DataFrame | None = None,
    manual: pl.DataFrame | None = None,
    counted_rows: dict[str, CountedRows] | None = None,
    counted_at: Sequence[tuple[date, int]] | None = None,
) -> pl.DataFrame:
    """One row per (la_code, measure, months, period_end) with the columns of SERIES_SCHEMA.

    `measure_ids`: one id, several, or None for all 23. `months`: one window length or several
    (a snapshot measure gives the same figure for each). `la_codes`: default every LA with a
    loaded extract. `population`: user-loaded estimates overriding the shipped ones (columns of
    `population.POPULATION_SCHEMA`). `manual`: the manual indicators (`indicator_id,
    period_end, value, label`, optionally `la_code`). Pass a `CombinedExtracts` (from
    `combine`) instead of an ExtractSet to reuse one combination, e.g. to read its issues.
    `counted_rows`: a dict that receives each non-manual measure's rows (`CountedRows`), so
    that a breakdown of these cells (`measures.breakdown`) need not evaluate the measure again;
    with `counted_at`, the cells (period end, months) that breakdown reads, only the rows
    counted in them (`CountedRows.only_at`: a month's memory). Given an ExtractSet, the lists
    are combined one source list at a time (with the lists its measures also read), and each
    combination let go once its measures are computed: a national set never holds every list
    combined at once.
    """
    specs = _specs(measure_ids)
    months_list = [months] if isinstance(months, int) else list(months)
    if la_codes is None:
        la_codes = extract_set.extracts["la_code"].unique().to_list()
    grid = window_grid(la_codes, period_ends, months_list)
    def series_of(part: ExtractSet | CombinedExtracts, group: list[MeasureSpec]) -> tuple[list[pl.DataFrame], dict | None]:
        data = part if isinstance(part, CombinedExtracts) else combine(part, report=False)
        counted: dict[str, CountedRows] | None = None if counted_rows is None else {}
        return [_series_for(spec, data, grid, population, manual, counted, counted_at) for spec in group], counted

    frames = []
    for group_frames, counted in _per_group(_parts_per_list(extract_set, specs), series_of):
        frames += group_frames
        if counted is not None:
            counted_rows.update(counted)
    if not frames:
        return pl.DataFrame(schema=SERIES_SCHEMA)
    return pl.concat(frames).sort("la_code", "number", "months", "period_end")


def measure_rows(
    extract_set: ExtractSet | CombinedExtracts,
    measure_id: str,
    period_end: date,
    months: int,
    la_code: str,
) -> pl.DataFrame:
    """The rows counted in one cell (drill-through): `rows.ROW_COLUMNS` then the dates that put
    each child there. Empty when the cell cannot be computed (see its `reason` in the series)
    and for manual measures, which have no children behind them."""
    data = extract_set if isinstance(extract_set, CombinedExtracts) else combine(extract_set, report=False)
    spec = get(measure_id)
    if spec.kind == "manual":
        return pl.DataFrame(schema=ROW_SCHEMA)
    return rows_in_cells(spec, data, window_grid([la_code], [period_end], [months])).sort("child_id", "source_row")


@dataclass(frozen=True)
class CountedRows:
    """A measure's rows over the cells of a series: the computable cells as `index_cells`
    numbered them (a snapshot's: those of one window length) and the rows with their runs."""

    indexed: pl.DataFrame
    rows: pl.DataFrame

    def at(self, cells: Sequence[tuple[date, int]], snapshot: bool) -> pl.LazyFrame:
        """The rows counted in each of `cells` (period end, months) that the series computed,
        with `period_end` and `months`, as `rows_in_cells` gives them (a snapshot's cell of
        any window length is the one it read)."""
        return (
            self.rows.lazy()
            .join_where(self._indexed_at(cells, snapshot).lazy(),
                        pl.col("cell_from") <= pl.col("_cell"), pl.col("cell_to") > pl.col("_cell"))
            .drop(*RANGE, "_block", "_cell", strict=False)
        )

    def only_at(self, cells: Sequence[tuple[date, int]], snapshot: bool) -> CountedRows:
        """These rows without those counted in none of `cells`: all `at` will read of them."""
        held = pl.lit(False)
        for cell in self._indexed_at(cells, snapshot)["_cell"]:
            held = held | ((pl.col("cell_from") <= cell) & (pl.col("cell_to") > cell))
        return CountedRows(self.indexed, self.rows.filter(held))

    def _indexed_at(self, cells: Sequence[tuple[date, int]], snapshot: bool) -> pl.DataFrame:
        """`_cell` of each of `cells` the series computed, with `period_end` and `months`."""
        wanted = pl.DataFrame(sorted(set(cells)), schema={"period_end": pl.Date, "months": pl.Int64}, orient="row")
        on = ["period_end"] if snapshot else ["period_end", "months"]
        # a snapshot's cells have one window length: each cell asked for takes its own `months`
        return self.indexed.select("_cell", *on).join(wanted, on=on)


def rows_in_cells(spec: MeasureSpec, data: CombinedExtracts, grid: pl.DataFrame) -> pl.DataFrame:
    """The rows `spec` counts in each computable cell of `grid` (a few cells: one row per row
    and cell), as `measure_rows` gives them for one; a non-manual measure only."""
    indexed, rows, _ = _rows(spec, data, _with_reasons(spec, data, grid))
    return expand(rows, indexed.select("_cell", "_block", *CELL))


def summarise(
    spec: MeasureSpec,
    cells: pl.DataFrame,
    indexed: pl.DataFrame,
    rows: pl.DataFrame,
    population: pl.DataFrame | None,
    excluded: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Counts and values from the rows (the one place figures are derived).

    `cells` is the grid with `reason` (null where computable); `indexed` the computable cells
    as `windows.index_cells` numbered them, which `rows`' runs of cells refer to (for a snapshot,
    those of any one window length: the figure of every window length is theirs). Per cell, the
    numerator (denominator) is the number of rows in it with `in_numerator` (`in_denominator`).
    Rates: numerator = count, denominator = population; the value scales numerator /
    denominator by `MeasureSpec.scale` (x 10,000 x 12/n for rates, x 100 for percentages, as it
    is for means and medians: `MeasureSpec.averages`, `_medians_per_cell`); a zero denominator
    gives no value. `excluded` (`counted.excluded_per_cell`) is carried to
    each cell as it is.
    """
    if spec.unit == "median" and not rows.is_empty():
        counts = _medians_per_cell(rows, indexed, spec.averages)
    else:
        counts = _counts_per_cell(rows, indexed, spec.averages)
    if excluded is not None:
        counts = counts.join(excluded, on=CELL, how="left", maintain_order="left")
    on = CELL
    if spec.snapshot:
        on = ["la_code", "period_end"]
        counts = counts.drop("months").unique(subset=on, keep="first")
    computable = pl.col("reason").is_null()
    out = cells.join(counts, on=on, how="left", maintain_order="left").with_columns(
        pl.when(computable).then(pl.col("numerator").fill_null(0)).alias("numerator"),
        pl.when(computable).then(pl.col("denominator").fill_null(0)).alias("denominator"),
    )
    numerator = pl.col("numerator").cast(pl.Float64)
    multiplier, divisor = spec.scale(pl.col("months"))
    # One division of exact integers, so a whole-number rate comes out whole.
    value = pl.when(pl.col("denominator") > 0).then(
        numerator * float(multiplier) / (pl.col("denominator").cast(pl.Float64) * divisor)
    )
    if spec.unit == "rate":
        out = population_for_cells(out, population).with_columns(
            pl.when(computable).then(pl.col("population")).alias("denominator")
        )
        out = out.with_columns(
            pl.when(computable & ~(pl.col("denominator") > 0).fill_null(False)).then(pl.lit(REASON_NO_POPULATION))
            .otherwise(pl.col("reason")).alias("reason"),
            value.alias("value"),
        )
    elif spec.unit in ("pct", "mean", "median"):
        out = out.with_columns(
            pl.when(computable & (pl.col("denominator") == 0)).then(pl.lit(REASON_ZERO_DENOMINATOR))
            .otherwise(pl.col("reason")).alias("reason"),
            value.alias("value"),
        )
    else:
        out = out.with_columns(numerator.alias("value"))
    return _series_frame(spec, out)


def series_json(series: pl.DataFrame) -> list[dict]:
    """The `series` JSON list of spec/scorecard.md for one LA, measure and window length:
    `{"period_end", "value", "numerator", "denominator"}` in date order, plus `"reason"` when
    the value is null and `"excluded"` (rows left out, by reason) when any."""
    groups = series.select("la_code", "measure", "months").unique()
    if groups.height > 1:
        raise ValueError("series_json takes the series of one LA, one measure and one window length")
    result = []
    for row in series.sort("period_end").iter_rows(named=True):
        item = {
            "period_end": row["period_end"].isoformat(),
            "value": row["value"],
            "numerator": row["numerator"],
            "denominator": row["denominator"],
        }
        if row["value"] is None:
            item["reason"] = row["reason"]
        if row["excluded"]:
            item["excluded"] = excluded_counts(row["excluded"])
        result.append(item)
    return result


# ---- internals ----


def _specs(measure_ids: str | Sequence[str] | None) -> list[MeasureSpec]:
    if measure_ids is None:
        return list(MEASURES)
    if isinstance(measure_ids, str):
        measure_ids = [measure_ids]
    return [get(m) for m in measure_ids]


def _parts_per_list(
    extract_set: ExtractSet | CombinedExtracts, specs: list[MeasureSpec]
) -> Iterator[tuple[ExtractSet | CombinedExtracts, list[MeasureSpec]]]:
    """The measures grouped by the list they count (manual ones together, with no list), each
    group with the part of the set it reads: `extract_set` itself when it is already combined,
    else a set of those lists alone, taken when the group's turn comes (a set reading its lists
    on demand reads only those, then), to be combined by whoever computes the group."""
    if isinstance(extract_set, CombinedExtracts):
        yield extract_set, specs
        return
    groups: dict[str, list[MeasureSpec]] = {}
    for spec in specs:
        groups.setdefault("" if spec.kind == "manual" else spec.source, []).append(spec)
    for source, group in groups.items():
        lists = {name for spec in group if spec.kind != "manual" for name in spec.lists}
        yield replace(extract_set, lists={n: extract_set.lists[n] for n in extract_set.lists if n in lists}), group


def _per_group(parts: Iterator[tuple[ExtractSet | CombinedExtracts, list[MeasureSpec]]],
               compute: Callable[[ExtractSet | CombinedExtracts, list[MeasureSpec]], T]) -> list[T]:
    """`compute` of each group, in the groups' order, up to GROUP_THREADS groups at once: most of
    a group's work (reading a scan, combining, finding cells, counting) runs in polars and numpy
    outside the GIL, so a national set's lists take the machine's cores side by side. A group's
    part is taken (a list on demand read) here, in the calling thread, as soon as a thread is
    free for it, so no more than GROUP_THREADS groups' rows are held at once."""
    if GROUP_THREADS <= 1:
        return [compute(part, group) for part, group in parts]
    with ThreadPoolExecutor(GROUP_THREADS) as pool:
        futures: list[Future] = []
        while True:
            running = [f for f in futures if not f.done()]
            if len(running) >= GROUP_THREADS:
                wait(running, return_when=FIRST_COMPLETED)
            taken = next(parts, None)  # (taken only now: a list on demand is read here)
            if taken is None:
                return [f.result() for f in futures]
            futures.append(pool.submit(compute, *taken))


def _series_for(
    spec: MeasureSpec,
    data: CombinedExtracts,
    grid: pl.DataFrame,
    population: pl.DataFrame | None,
    manual: pl.DataFrame | None,
    counted_rows: dict[str, CountedRows] | None = None,
    counted_at: Sequence[tuple[date, int]] | None = None,
) -> pl.DataFrame:
    if spec.kind == "manual":
        return _manual_series(spec, grid, manual)
    cells = _with_reasons(spec, data, grid)
    # A snapshot is the same for every window length (and so is whether it can be computed):
    # its rows are found once, over the cells of one window length.
    read = cells.filter(pl.col("months") == pl.col("months").min()) if spec.snapshot else cells
    indexed, rows, excluded = _rows(spec, data, read)
    if counted_rows is not None:
        counted = CountedRows(indexed, rows)
        counted_rows[spec.id] = counted if counted_at is None else counted.only_at(counted_at, spec.snapshot)
    return summarise(spec, cells, indexed, rows, population, excluded)


def _with_reasons(spec: MeasureSpec, data: CombinedExtracts, grid: pl.DataFrame) -> pl.DataFrame:
    """The grid with `reason` (null where the cell can be computed) and, for attribute
    measures, `extract_id` (the one extract the cell reads). Only extracts that held the
    measure's lists count: one that did not cover them leaves the cell not covered, never zero.
    A measure reading several lists needs each of them: loaded, and covering the cell (for an
    attribute measure, held by the one extract it reads); one that `looks_back` needs them
    covered from that many months before the window."""
    for name in spec.lists:
        if not data.has_list(name):
            return grid.with_columns(pl.lit(reason_list_not_loaded(name)).alias("reason"))
    if spec.kind == "attribute":
        holding = data.holding[spec.source]
        for name in spec.lists[1:]:
            holding = holding.join(data.holding[name].select("extract_id"), on="extract_id", how="semi")
        cells = attribute_extract_for_cells(grid, holding)
        cells = cells.with_columns(
            pl.when(pl.col("extract_id").is_null()).then(pl.lit(REASON_NO_EXTRACT_IN_MONTH)).alias("reason")
        )
    else:
        needed = grid.with_columns(shift_months_expr("window_start", -spec.looks_back).alias("window_start"))
        is_covered = pl.Series([True] * grid.height, dtype=pl.Boolean)
        for name in spec.lists:
            is_covered = is_covered & covered(needed, data.coverage[name], snapshot=spec.snapshot)
        cells = grid.with_columns(pl.when(~is_covered).then(pl.lit(REASON_NOT_COVERED)).alias("reason"))
    for name in spec.lists:
        cells = _name_extracts_missing_the_list(cells, data, name)
    return cells


def _name_extracts_missing_the_list(cells: pl.DataFrame, data: CombinedExtracts, source: str) -> pl.DataFrame:
    """Where a cell cannot be computed and an extract of its month did not hold the list, say
    so: "not covered by the loaded extracts: the extract at 2023-12-31 has no List 8 (...)"."""
    lacking = data.extracts.join(data.holding[source].select("extract_id"), on="extract_id", how="anti")
    if lacking.is_empty():
        return cells
    newest = (
        lacking.select("la_code", month_index("as_at").alias("_month"), pl.col("as_at").alias("_lacking_as_at"))
        .group_by("la_code", "_month")
        .agg(pl.col("_lacking_as_at").max())
    )
    spec = list_spec(source)
    text = pl.concat_str(
        pl.lit(f"{REASON_NOT_COVERED}: the extract at "),
        pl.col("_lacking_as_at").dt.to_string("%Y-%m-%d"),
        pl.lit(f" has no {sheet_name(spec)} ({spec.title})"),
    )
    return (
        cells.with_columns(month_index("period_end").alias("_month"))
        .join(newest, on=["la_code", "_month"], how="left", maintain_order="left")
        .with_columns(
            pl.when(pl.col("reason").is_not_null() & pl.col("_lacking_as_at").is_not_null())
            .then(text)
            .otherwise(pl.col("reason"))
            .alias("reason")
        )
        .drop("_month", "_lacking_as_at")
    )


def _rows(
    spec: MeasureSpec, data: CombinedExtracts, cells: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame | None]:
    """The computable cells, indexed, the measure's rows over them (of the rows it may count,
    `counted.rows_counted`), and the rows it left out per cell."""
    computable = index_cells(cells.filter(pl.col("reason").is_null()).drop("reason"))
    if computable.is_empty():
        return computable, pl.DataFrame(schema=MEASURE_ROW_SCHEMA), None
    counted, left_out = rows_counted(spec, data)
    return computable, spec.compute(counted, computable), excluded_per_cell(spec, left_out, computable)


def _counts_per_cell(rows: pl.DataFrame, indexed: pl.DataFrame, sums: str | None = None) -> pl.DataFrame:
    """`indexed`'s CELL columns with `numerator` and `denominator`: the rows whose run of cells
    holds the cell and that are in the numerator (denominator); with `sums` (a mean's
    `averages`), the numerator adds up that column of the numerator's rows instead. Counted without one row per
    cell: each run adds its flags at its first cell and takes them off after its last, and a
    running sum over the cells in order gives every cell's count. The cells are numbered 0, 1,
    ... (`index_cells`), so the flags are added into one integer array per count (exact, and a
    small part of the time of grouping millions of rows)."""
    ordered = indexed.select("_cell", *CELL).sort("_cell")
    cell_from, cell_to = rows["cell_from"].to_numpy(), rows["cell_to"].to_numpy()
    size = indexed.height + 1
    counts = {}
    for name in ("numerator", "denominator"):
        held = rows[f"in_{name}"].fill_null(False).to_numpy()
        if name == "numerator" and sums is not None and sums in rows.columns:  # (no computable cell: no rows, no column)
            weights = rows[sums].cast(pl.Int64).fill_null(0).to_numpy() * held
            added = _summed_at(cell_from, weights, size) - _summed_at(cell_to, weights, size)
        else:
            added = _counted_at(cell_from, held, size) - _counted_at(cell_to, held, size)
        counts[name] = np.cumsum(added)[ordered["_cell"].to_numpy()]
    return ordered.select(*CELL).with_columns(
        pl.Series("numerator", counts["numerator"], dtype=pl.Int64),
        pl.Series("denominator", counts["denominator"], dtype=pl.Int64),
    )


def _counted_at(positions: np.ndarray, held: np.ndarray, size: int) -> np.ndarray:
    """An int64 array of `size` counting the positions of the rows `held` (numpy's `bincount`:
    a fifth of the time of `add.at`)."""
    if held.all():
        return np.bincount(positions, minlength=size).astype(np.int64, copy=False)
    if not held.any():
        return np.zeros(size, dtype=np.int64)
    return np.bincount(positions[held], minlength=size).astype(np.int64, copy=False)


def _summed_at(positions: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    """An int64 array of `size` with each weight added at its position (unbuffered `add.at`:
    exact for any integers)."""
    added = np.zeros(size, dtype=np.int64)
    np.add.at(added, positions, weights)
    return added


def _medians_per_cell(rows: pl.DataFrame, indexed: pl.DataFrame, column: str) -> pl.DataFrame:
    """`indexed`'s CELL columns with `denominator`, the number of the cell's rows in the
    denominator, and `numerator`, the median of their `column` times that number: an integer
    (an odd count has a whole median; an even count's median is half a whole number), so that
    numerator / denominator is the median exactly and display rounds it half up like any other
    figure. Medians do not add up over cells, so the rows are expanded to their cells here."""
    pairs = expand(rows.filter(pl.col("in_denominator")), indexed.select("_cell", "_block", *CELL))
    middle = pl.col(column).sort()
    n = pl.len()
    medians = pairs.group_by(CELL).agg(
        ((middle.gather((n - 1) // 2) + middle.gather(n // 2)).first() * n // 2).cast(pl.Int64).alias("numerator"),
        n.cast(pl.Int64).alias("denominator"),
    )
    return indexed.select(*CELL).join(medians, on=CELL, how="left", maintain_order="left").with_columns(
        pl.col("numerator").fill_null(0), pl.col("denominator").fill_null(0)
    )


def _manual_series(spec: MeasureSpec, grid: pl.DataFrame, manual: pl.DataFrame | None) -> pl.DataFrame:
    out = spec.compute(manual, grid).with_columns(
        pl.lit(None, pl.Int64).alias("numerator"),
        pl.lit(None, pl.Int64).alias("denominator"),
        pl.when(pl.col("value").is_null()).then(pl.lit(REASON_NO_MANUAL_VALUE)).alias("reason"),
    )
    return _series_frame(spec, out)


def _series_frame(spec: MeasureSpec, out: pl.DataFrame) -> pl.DataFrame:
    for column, dtype in (("value_date", pl.Date), ("label", pl.String), ("excluded", EXCLUDED_TYPE)):
        if column not in out.columns:
            out = out.with_columns(pl.lit(None, dtype).alias(column))
    window_start = pl.col("period_end") if spec.snapshot else pl.col("window_start")
    return out.with_columns(
        pl.lit(spec.id).alias("measure"),
        pl.lit(spec.number, pl.Int64).alias("number"),
        window_start.alias("window_start"),
    ).select([pl.col(c).cast(t) for c, t in SERIES_SCHEMA.items()])
