"""What the dashboard's pages show, from the builder and the measures: the one place the web app
calls them (it never computes a figure itself, DESIGN.md).

- A month that is signed off is shown from its frozen snapshot (`Scorecard.from_json`), so
  later loads do not change what was signed; an open month is built now, with the analysts'
  current analysis text in place of the generated sentences.
- The trend of an indicator and the children behind a cell are computed from the extracts
  loaded now (a signed month's page says so). The trend is the row's headline series: rolling
  12 months for the rows of the first section, 6-month periods for the period rows, the
  snapshot at each month end for stocks, the value supplied for manual rows; the children
  behind a cell come from the builder's own window rule (`scorecard.build.cell_window`).
- Pages call these through the app's `cache.StoreCache`, so nothing is recomputed until the
  store changes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

import polars as pl
from markupsafe import Markup

from csc_scorecard.dates import is_month_end, month_end, months_back
from csc_scorecard.config import ScorecardConfig
from csc_scorecard.measures.annex_lists import list_spec, sheet_name
from csc_scorecard.measures.registry import MeasureSpec, get
from csc_scorecard.scorecard.build import cell_window  # the builder's window rule, for drill-through pages too
from csc_scorecard.scorecard.model import Row, Scorecard
from csc_scorecard.store import commentary, signoff
from csc_scorecard.store.db import Store
from csc_scorecard.store.extracts import extract_set, extracts_frame
from csc_scorecard.store.reference import manual_values, population_overrides
from csc_scorecard.web.chart import ReferenceLine, reference_lines, series_name, trend_chart_svg

TREND_MONTHS = 24


@dataclass(frozen=True)
class ScorecardView:
    scorecard: Scorecard
    sign_off: signoff.SignOffRecord | None  # set when the scorecard is the signed snapshot


@dataclass(frozen=True)
class IndicatorView:
    page: ScorecardView
    row: Row
    measure: MeasureSpec
    trend: pl.DataFrame  # compute_series rows of this measure, TREND_MONTHS month ends, oldest first
    trend_months: int  # the window length of the trend (12 rolling, 6 period)
    trend_window: str  # what each point is: "rolling 12 months", "snapshot at the month end", ...
    reference_lines: list[ReferenceLine]  # target and published England / SN / region, as charted
    chart: Markup  # the trend chart as inline SVG
    issues: list[dict]  # data-quality issues of the list this measure reads
    history: list[commentary.AnalysisEdit]  # every analysis edit of the row for this month


def available_months(store: Store, la_code: str) -> list[date]:
    """Month ends the LA has data for, newest first: from the month of the earliest period start
    to the latest as-at date (its month end when it is one, else the month end before it)."""
    extracts = extracts_frame(store, [la_code])
    if extracts.is_empty():
        return []
    first = month_end(extracts["period_start"].min())
    latest = extracts["as_at"].max()
    last = latest if is_month_end(latest) else months_back(month_end(latest), 1)
    months = []
    current = last
    while current >= first:
        months.append(current)
        current = months_back(current, 1)
    return months


def scorecard_view(store: Store, config: ScorecardConfig, la_code: str, as_at: date) -> ScorecardView:
    """The month as signed, or else as built now."""
    signed = signoff.current(store, la_code, as_at)
    if signed is not None:
        return ScorecardView(Scorecard.from_json(signed.snapshot), signed)
    return ScorecardView(build_now(store, config, la_code, as_at), None)


def build_now(store: Store, config: ScorecardConfig, la_code: str, as_at: date) -> Scorecard:
    """The scorecard from the extracts loaded now and the analysts' current text (the one call to the builder)."""
    from csc_scorecard.scorecard.build import build_scorecard, current_edits

    return build_scorecard(store, as_at, config=config, la_code=la_code, edits=current_edits(store, la_code, as_at))


def indicator_view(page: ScorecardView, store: Store, la_code: str, indicator_id: str) -> IndicatorView | None:
    """Everything the indicator page shows for one row of `page`; None when it has no such row."""
    scorecard = page.scorecard
    row = next((r for r in scorecard.rows if r.id == indicator_id), None)
    if row is None:
        return None
    measure = get(indicator_id)
    months, window = headline_window(row, measure)
    points = trend(store, la_code, indicator_id, scorecard.as_at, months)
    lines = reference_lines(row, scorecard.local_authority.get("region"))
    series = series_name(scorecard.local_authority.get("name") or la_code, window)
    values = list(zip(points["period_end"].to_list(), points["value"].to_list()))
    return IndicatorView(
        page=page,
        row=row,
        measure=measure,
        trend=points,
        trend_months=months,
        trend_window=window,
        reference_lines=lines,
        chart=trend_chart_svg(row.label, values, lines, row.unit, row.decimals, series),
        issues=issues_of_measure(scorecard, measure),
        history=commentary.history(store, la_code, scorecard.as_at, indicator_id),
    )


def headline_window(row: Row, measure: MeasureSpec) -> tuple[int, str]:
    """The window length of the row's headline series and what one point of it is."""
    if row.kind == "manual":
        return 12, "value supplied on or before each month end"
    months = 6 if row.kind == "period" else 12
    if measure.snapshot:
        return months, "snapshot at each month end"
    return months, "rolling 12 months" if months == 12 else "6 months to each month end"


def trend(store: Store, la_code: str, indicator_id: str, as_at: date, months: int) -> pl.DataFrame:
    """The measure's value over `months`-month windows at the TREND_MONTHS month ends to as-at."""
    from csc_scorecard.measures.series import compute_series

    ends = [months_back(as_at, k) for k in range(TREND_MONTHS - 1, -1, -1)]
    return compute_series(
        extract_set(store, [la_code]), indicator_id, ends, months, la_codes=[la_code],
        population=population_overrides(store), manual=manual_values(store, la_code),
    ).sort("period_end")


def issues_of_measure(scorecard: Scorecard, measure: MeasureSpec) -> list[dict]:
    """The scorecard's data-quality issues about the list the measure reads (by its `List N` name)."""
    if measure.kind == "manual":
        return []
    name = sheet_name(list_spec(measure.source))
    return [i for i in scorecard.data_quality if i.get("sheet") == name or f"{name} (" in (i.get("message") or "")]


def drill_rows(store: Store, la_code: str, indicator_id: str, as_at: date, column: str) -> pl.DataFrame:
    """The children counted in one cell: in the numerator and/or the denominator, with the dates
    that put them there (the measure's own rows, so the list and the figure cannot disagree)."""
    from csc_scorecard.measures.series import measure_rows

    period_end, months = cell_window(column, as_at)
    get(indicator_id)  # an unknown id is a UserError naming the known ones
    return measure_rows(extract_set(store, [la_code]), indicator_id, period_end, months, la_code)


def rows_csv(rows: pl.DataFrame) -> str:
    """The drill-through rows as CSV text (dates ISO), written by the csv module so quoting is right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows.columns)
    for values in rows.iter_rows():
        writer.writerow([_csv_value(v) for v in values])
    return out.getvalue()


def _csv_value(value: object) -> object:
    """Dates as ISO text; text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
