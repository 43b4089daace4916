"""The four tables of the tidy export, from the store and a layout: a star schema a Power BI
model or an Excel Power Query takes as it is.

- `figures` (the facts): one row per LA, measure, window and month end, with the value exact
  (not rounded for display) and the integer numerator and denominator it is built on, or the
  reason it is absent. Computed by `series.compute_series` and valued by the builder's
  `exact_value`, so every figure equals the scorecard's for the same cell.
- `measures`, `las`: the dimensions (`figures.measure_id` -> `measures.id`, `figures.la_code`
  -> `las.code`).
- `benchmarks`: the published statistics of each benchmarked measure, every year of the
  release (`benchmarks.measure_id` -> `measures.id`).

Aggregates only: no child-level row reaches any table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import polars as pl

from csc_scorecard.benchmarks.shipped import load_release
from csc_scorecard.benchmarks.table import benchmark_for
from csc_scorecard.config import RowConfig, ScorecardConfig
from csc_scorecard.measures.registry import MeasureSpec, get
from csc_scorecard.measures.series import compute_series
from csc_scorecard.scorecard.build import exact_value
from csc_scorecard.store.db import Store
from csc_scorecard.store.extracts import extract_set
from csc_scorecard.store.reference import manual_values, population_overrides

FIGURES_SCHEMA = {
    "la_code": pl.String,
    "measure_id": pl.String,
    "window": pl.String,  # see WINDOWS
    "period_start": pl.Date,
    "period_end": pl.Date,
    "value": pl.Float64,
    "numerator": pl.Int64,
    "denominator": pl.Int64,
    "reason": pl.String,  # why value is null
}
MEASURES_SCHEMA = {"id": pl.String, "title": pl.String, "unit": pl.String, "polarity": pl.String, "definition": pl.String}
BENCHMARKS_SCHEMA = {
    "measure_id": pl.String, "year": pl.Int64, "release": pl.String, "la": pl.Float64, "sn": pl.Float64,
    "sn_count": pl.Int64, "region": pl.Float64, "england": pl.Float64, "q1": pl.Float64, "q3": pl.Float64,
    "band": pl.String,
}
LAS_SCHEMA = {"code": pl.String, "name": pl.String, "region": pl.String}
TABLE_SCHEMAS = {"figures": FIGURES_SCHEMA, "measures": MEASURES_SCHEMA, "benchmarks": BENCHMARKS_SCHEMA, "las": LAS_SCHEMA}

# What one figure is: its window name and length in months.
ROLLING_12M, ROLLING_6M, PERIOD_6M, SNAPSHOT, MONTHLY = "rolling_12m", "rolling_6m", "period_6m", "snapshot", "monthly"
WINDOW_MONTHS = {ROLLING_12M: 12, ROLLING_6M: 6, PERIOD_6M: 6, SNAPSHOT: 12, MONTHLY: 1}
WINDOWS = tuple(WINDOW_MONTHS)


@dataclass(frozen=True)
class ExportTables:
    figures: pl.DataFrame
    measures: pl.DataFrame
    benchmarks: pl.DataFrame
    las: pl.DataFrame

    def named(self) -> dict[str, pl.DataFrame]:
        """The tables by the names their files and sheets take."""
        return {"figures": self.figures, "measures": self.measures, "benchmarks": self.benchmarks, "las": self.las}


def row_windows(spec: MeasureSpec, columns: list[str]) -> tuple[str, ...]:
    """The windows a layout row is exported in: a snapshot (a stock, an attribute taken at the
    month end, a manual value supplied on or before it) once; otherwise the windows of its
    section (rolling 12 and 6 months where the section shows rolling figures, else the 6-month
    period) and the single month, as the scorecard's monthly figures."""
    if spec.snapshot or spec.kind == "manual":
        return (SNAPSHOT,)
    if "rolling_12m" in columns or "rolling_6m" in columns:
        return ROLLING_12M, ROLLING_6M, MONTHLY
    return PERIOD_6M, MONTHLY


def layout_rows(config: ScorecardConfig) -> list[tuple[RowConfig, list[str]]]:
    """Each row of the layout with its section's columns, in the layout's order."""
    return [(row, section.columns) for section in config.sections for row in section.rows]


def export_tables(store: Store, config: ScorecardConfig, la_code: str, month_ends: list[date],
                  on_table: Callable[[str, pl.DataFrame], None] | None = None) -> ExportTables:
    """The four tables for one LA over the month ends given (oldest first); `on_table(name,
    table)` is told as each is ready (progress)."""
    rows = layout_rows(config)
    made = {}
    for name, make in (
        ("figures", lambda: figures_table(store, rows, la_code, month_ends)),
        ("measures", lambda: measures_table(rows)),
        ("benchmarks", lambda: benchmarks_table(rows, config, la_code)),
        ("las", lambda: las_table(config, la_code)),
    ):
        made[name] = make()
        if on_table is not None:
            on_table(name, made[name])
    return ExportTables(**made)


def figures_table(store: Store, rows: list[tuple[RowConfig, list[str]]], la_code: str, month_ends: list[date]) -> pl.DataFrame:
    """One row per (measure, window, month end) of the layout's rows, as the series computes them."""
    wanted = {row.id: row_windows(get(row.id), columns) for row, columns in rows}
    months = sorted({WINDOW_MONTHS[w] for windows in wanted.values() for w in windows})
    series = compute_series(
        extract_set(store, [la_code]), list(wanted), month_ends, months, la_codes=[la_code],
        population=population_overrides(store), manual=manual_values(store, la_code),
    )
    by_cell = {(r["measure"], r["months"], r["period_end"]): r for r in series.iter_rows(named=True)}
    records = []
    for measure_id, windows in wanted.items():
        spec = get(measure_id)
        for window in windows:
            months_in_window = WINDOW_MONTHS[window]
            for end in month_ends:
                found = by_cell[(measure_id, months_in_window, end)]
                value = exact_value(spec, months_in_window, found)
                records.append({
                    "la_code": la_code,
                    "measure_id": measure_id,
                    "window": window,
                    "period_start": end if window == SNAPSHOT else found["window_start"],
                    "period_end": end,
                    "value": None if value is None else float(value),
                    "numerator": found["numerator"],
                    "denominator": found["denominator"],
                    "reason": found["reason"] if value is None else None,
                })
    return pl.DataFrame(records, schema=FIGURES_SCHEMA, orient="row")


def measures_table(rows: list[tuple[RowConfig, list[str]]]) -> pl.DataFrame:
    """The layout's measures: title and definition as declared, polarity as the layout sets it."""
    records = []
    for row, _ in rows:
        spec = get(row.id)
        records.append({"id": spec.id, "title": spec.label, "unit": spec.unit, "polarity": row.polarity or spec.polarity,
                        "definition": spec.definition})
    return pl.DataFrame(records, schema=MEASURES_SCHEMA, orient="row")


def benchmarks_table(rows: list[tuple[RowConfig, list[str]]], config: ScorecardConfig, la_code: str) -> pl.DataFrame:
    """The published benchmarks of each benchmarked row, for every year its release holds, unrounded."""
    release, sn_list = config.benchmarks.release, config.benchmarks.sn_list
    years = load_release(str(release)).years
    records = []
    for row, _ in rows:
        shown = config.row_benchmark(row)
        if shown is None:
            continue
        for year in years:
            found = benchmark_for(shown.measure, la_code, year, release, sn_list)
            if not found.has_counterpart:
                continue
            published = found.to_dict()
            records.append({"measure_id": row.id, **{k: _as(BENCHMARKS_SCHEMA[k], published[k]) for k in BENCHMARKS_SCHEMA if k != "measure_id"}})
    return pl.DataFrame(records, schema=BENCHMARKS_SCHEMA, orient="row")


def _as(dtype, value):
    """A published value as its column's type (a whole number published as 87 is 87.0 in a Float64 column)."""
    return float(value) if dtype == pl.Float64 and value is not None else value


def las_table(config: ScorecardConfig, la_code: str) -> pl.DataFrame:
    """The LA: its name and region from the layout when it is the layout's LA, else from the
    benchmark release's list of areas (blank when the release does not know it)."""
    authority = config.local_authority
    if la_code == authority.old_la_code:
        name, region = authority.name, authority.region
    else:
        areas = load_release(str(config.benchmarks.release)).areas
        area = areas.get(la_code)
        name = area.name if area else None
        parent = areas.get(area.region_code) if area and area.region_code else None
        region = parent.name if parent else None
    return pl.DataFrame([{"code": la_code, "name": name, "region": region}], schema=LAS_SCHEMA, orient="row")
