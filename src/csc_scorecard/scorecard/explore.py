"""One indicator beyond its scorecard row: its trend and the children behind one of its figures.

The web app's one way to the measures (DESIGN.md: it never computes a measure, and its routes
do not read the measure registry): `explore` answers from the measure's declaration and the
same series and rows the builder counts. The trend is the row's headline series: rolling 12
months for the rows of the first section, 6-month periods for the period rows, the snapshot at
each month end for stocks, the value supplied for manual rows; the children behind a cell come
from the builder's own window rule (`build.cell_window`), so the list and the figure agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from csc_scorecard.analysis.drivers import compared_cells
from csc_scorecard.dates import months_back
from csc_scorecard.measures.annex_lists import list_spec, sheet_name
from csc_scorecard.measures.breakdown import category_column, dimension_names, rows_by_category
from csc_scorecard.measures.combine import combine
from csc_scorecard.measures.registry import MeasureSpec, get
from csc_scorecard.measures.series import compute_series, measure_rows
from csc_scorecard.scorecard.build import cell_window
from csc_scorecard.scorecard.figures_cache import kept
from csc_scorecard.store.db import Store
from csc_scorecard.store.extracts import extract_set
from csc_scorecard.store.reference import manual_values, population_overrides

TREND_MONTHS = 24


@dataclass(frozen=True)
class Explored:
    measure_id: str
    unit: str  # rate, pct, count
    definition: str  # the declaration's
    sheet: str | None  # the list it reads as issues name it ("List 3"); None for manual measures
    trend: pl.DataFrame | None = None  # compute_series rows, TREND_MONTHS month ends, oldest first
    trend_months: int | None = None  # the window length of the trend (12 rolling, 6 period)
    trend_window: str | None = None  # what each point is: "rolling 12 months", ...
    rows: pl.DataFrame | None = None  # the drill-through rows of one cell (series.measure_rows)


def headline_window(row_kind: str, snapshot: bool) -> tuple[int, str]:
    """The window length of a row's headline series (`row_kind`: rolling, period or manual) and
    what one point of it is."""
    if row_kind == "manual":
        return 12, "value supplied on or before each month end"
    months = 6 if row_kind == "period" else 12
    if snapshot:
        return months, "snapshot at each month end"
    return months, "rolling 12 months" if months == 12 else "6 months to each month end"


def explore(
    store: Store, la_code: str, indicator_id: str, as_at: date, *, row_kind: str | None = None, column: str | None = None
) -> Explored:
    """The indicator's declared facts; with `row_kind`, the trend of a row of that kind to
    `as_at`; with `column` (an LA column of the scorecard), the rows counted in that cell. An
    unknown id is a UserError naming the known ones. Kept while the store's figures are
    unchanged (`figures_cache`): a page asks again after each analysis save."""
    spec = get(indicator_id)
    if row_kind is None and column is None:
        return _explored(store, la_code, spec, as_at, None, None)
    return kept(store, la_code, ("explore", spec.id, as_at, row_kind, column),
                lambda: _explored(store, la_code, spec, as_at, row_kind, column))


def _explored(store: Store, la_code: str, spec: MeasureSpec, as_at: date, row_kind: str | None, column: str | None) -> Explored:
    trend = months = window = rows = None
    if row_kind is not None or column is not None:
        data = extract_set(store, [la_code], spec.lists if spec.kind != "manual" else ())
    if row_kind is not None:
        months, window = headline_window(row_kind, spec.snapshot)
        ends = [months_back(as_at, k) for k in range(TREND_MONTHS - 1, -1, -1)]
        trend = compute_series(
            data, spec.id, ends, months, la_codes=[la_code],
            population=population_overrides(store), manual=manual_values(store, la_code),
        ).sort("period_end")
    if column is not None:
        period_end, window_months = cell_window(column, as_at)
        rows = measure_rows(data, spec.id, period_end, window_months, la_code)
    return Explored(
        measure_id=spec.id,
        unit=spec.unit,
        definition=spec.definition,
        sheet=None if spec.kind == "manual" else sheet_name(list_spec(spec.source)),
        trend=trend,
        trend_months=months,
        trend_window=window,
        rows=rows,
    )


PERIODS = ("current", "comparison")  # the two figures a row's drivers compare


def category_rows(store: Store, la_code: str, indicator_id: str, as_at: date, row_kind: str, period: str,
                  dimension: str, category: str) -> Explored:
    """The rows counted in one category of one of the two figures a row's drivers compare
    (`period`: current or comparison): `rows.ROW_COLUMNS`, the dates, and the category."""
    spec = get(indicator_id)
    names = dimension_names(spec)
    if dimension not in names:
        raise ValueError(f"{indicator_id} is not broken down by {dimension}")
    cell = compared_period(row_kind, indicator_id, as_at, period)
    found = rows_by_category(combine(extract_set(store, [la_code])), spec.id, [cell], la_code)
    rows = (
        found.filter(pl.col(category_column(dimension)) == category)
        .drop(*[category_column(n) for n in names if n != dimension])
        .sort("child_id", "source_row")
    )
    return Explored(
        measure_id=spec.id, unit=spec.unit, definition=spec.definition,
        sheet=sheet_name(list_spec(spec.source)), rows=rows, trend_months=cell[1],
    )


def compared_period(row_kind: str, indicator_id: str, as_at: date, period: str) -> tuple[date, int]:
    """(period end, months) of the `period` (current or comparison) a row's drivers compare."""
    cells = compared_cells(row_kind, get(indicator_id).snapshot, as_at)
    if cells is None or period not in PERIODS:
        raise ValueError(f"no {period} period to break down for a {row_kind} row")
    return cells[PERIODS.index(period)]
