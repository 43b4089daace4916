"""What the dashboard's pages show, from the builder and the measures: the one place the web app
calls them (it never computes a figure itself, DESIGN.md).

- A month is shown as `scorecard.build.month_scorecard` gives it: from its frozen snapshot
  when signed off (later loads do not change what was signed), else built now with the
  analysts' current text.
- The trend of an indicator and the children behind a cell come from `scorecard.explore`
  (computed from the extracts loaded now; a signed month's page says so).
- Pages call these through the app's `cache.StoreCache`, so nothing is recomputed until the
  store changes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

import polars as pl
from markupsafe import Markup

from csc_scorecard.config import ScorecardConfig
from csc_scorecard.dates import months_with_data
from csc_scorecard.scorecard.build import cell_window, month_scorecard  # the builder's rules, for these pages too
from csc_scorecard.scorecard.breakdown_tables import BreakdownTable, breakdown_tables, compared_labels
from csc_scorecard.scorecard.explore import PERIODS, Explored, category_rows, compared_period, explore
from csc_scorecard.scorecard.model import LA_COLUMNS, Row, Scorecard
from csc_scorecard.store import commentary, month_views, signoff
from csc_scorecard.store.db import Store
from csc_scorecard.store.extracts import extracts_frame
from csc_scorecard.web.chart import ReferenceLine, reference_lines, series_name, trend_chart_svg, xmr_chart_svg


@dataclass(frozen=True)
class ScorecardView:
    scorecard: Scorecard
    sign_off: signoff.SignOffRecord | None  # set when the scorecard is the signed snapshot


@dataclass(frozen=True)
class IndicatorView:
    page: ScorecardView
    row: Row
    measure: Explored  # the measure's declared facts and its trend
    trend: pl.DataFrame  # compute_series rows of this measure, explore.TREND_MONTHS month ends, oldest first
    trend_months: int  # the window length of the trend (12 rolling, 6 period)
    trend_window: str  # what each point is: "rolling 12 months", "snapshot at the month end", ...
    reference_lines: list[ReferenceLine]  # target and published England / SN / region, as charted
    chart: Markup  # the trend chart as inline SVG
    xmr_chart: Markup | None  # the XmR chart of the row's monthly figures (None: no SPC, see row.analysis_reason)
    breakdowns: list[BreakdownTable]  # the row's drivers, one table per dimension
    compared: dict[str, str]  # the headings of the two figures they compare (current, comparison)
    issues: list[dict]  # data-quality issues of the list this measure reads
    history: list[commentary.AnalysisEdit]  # every analysis edit of the row for this month


def available_months(store: Store, la_code: str) -> list[date]:
    """Months with data, newest first (`dates.months_with_data` of the current extracts, the rule
    `scorecard build` applies too). A month between two extracts with none of its own is not
    listed: its attribute rows would be blank."""
    return months_with_data(extracts_frame(store, [la_code])["as_at"].to_list())


@dataclass(frozen=True)
class Revision:
    """A row whose figures moved since its analysis was written (issue 16)."""

    indicator_id: str
    label: str
    author: str
    written_at: datetime
    changes: list[tuple[str, str, str]]  # (column, shown then, shown now)


def row_figures(row: Row) -> dict[str, str]:
    """A row's LA figures as shown, by column: what an analysis is written against."""
    return {cell.column: cell.display for cell in row.cells if cell.column in LA_COLUMNS}


def revisions(store: Store, la_code: str, scorecard: Scorecard) -> list[Revision]:
    """For a month not signed off: each row whose current analysis edit was saved with figures
    that are no longer the ones shown (no query when no row's analysis is edited)."""
    if not any(row.analysis.edited for row in scorecard.rows):
        return []
    edits = commentary.current_texts(store, la_code, scorecard.as_at)
    out = []
    for row in scorecard.rows:
        edit = edits.get(row.id)
        if edit is None or edit.figures is None:
            continue
        now = row_figures(row)
        changes = [(column, edit.figures[column], shown) for column, shown in now.items()
                   if column in edit.figures and edit.figures[column] != shown]
        if changes:
            out.append(Revision(row.id, row.label, edit.author, edit.at, changes))
    return out


@dataclass(frozen=True)
class FigureChange:
    """One figure of a row that differs from what the user saw (issue 16)."""

    indicator_id: str
    label: str
    column: str
    seen: str  # as shown when the user last viewed the month
    now: str


@dataclass(frozen=True)
class ChangesSinceViewed:
    """The figures of a month not signed off that moved since the user last viewed it."""

    viewed_at: datetime
    changes: list[FigureChange]  # in the scorecard's row order
    extract_ids: frozenset[int]  # the extracts current at that view


def month_figures(scorecard: Scorecard) -> dict[str, dict[str, str]]:
    """Every row's LA figures as shown, by indicator and column: what a user sees of a month."""
    return {row.id: row_figures(row) for row in scorecard.rows}


def current_extract_ids(store: Store, la_code: str) -> frozenset[int]:
    return frozenset(extracts_frame(store, [la_code])["id"].to_list())


def changes_since_viewed(scorecard: Scorecard, seen: month_views.MonthView) -> ChangesSinceViewed | None:
    """The figures that differ from those `seen` (None when none does). A row or column the user
    did not see (new to the configuration) is not a change."""
    changes = [
        FigureChange(row.id, row.label, column, seen.figures[row.id][column], shown)
        for row in scorecard.rows if row.id in seen.figures
        for column, shown in row_figures(row).items()
        if column in seen.figures[row.id] and seen.figures[row.id][column] != shown
    ]
    return ChangesSinceViewed(seen.viewed_at, changes, seen.extract_ids) if changes else None


@dataclass(frozen=True)
class IssueGroup:
    """Data-quality issues of one kind: the same severity, list, column and problem."""

    severity: str
    sheet: str
    column: str
    message: str
    count: int
    rows: tuple[int, ...]  # the first FIRST_ROWS rows it was found in


FIRST_ROWS = 5


def issue_groups(issues) -> list[IssueGroup]:
    """Issues (`Issue` objects or the scorecard's dicts) grouped by kind, errors first, then the
    largest groups; each with its count and first rows, so a page lists kinds, not hundreds of rows."""
    groups: dict[tuple, list] = {}
    for issue in issues:
        get = issue.get if isinstance(issue, dict) else lambda name, i=issue: getattr(i, name)
        severity = get("severity")
        severity = getattr(severity, "value", severity)
        key = (severity, get("sheet") or "", get("column") or "", get("message"))
        groups.setdefault(key, []).append(get("row"))
    out = [
        IssueGroup(*key, len(rows), tuple(sorted(r for r in rows if r is not None)[:FIRST_ROWS]))
        for key, rows in groups.items()
    ]
    return sorted(out, key=lambda g: (g.severity != "error", -g.count, g.sheet, g.column, g.message))


def scorecard_view(store: Store, config: ScorecardConfig, la_code: str, as_at: date) -> ScorecardView:
    """The month as signed, or else as built now."""
    return ScorecardView(*month_scorecard(store, as_at, config, la_code))


def indicator_view(page: ScorecardView, store: Store, la_code: str, indicator_id: str) -> IndicatorView | None:
    """Everything the indicator page shows for one row of `page`; None when it has no such row."""
    scorecard = page.scorecard
    row = next((r for r in scorecard.rows if r.id == indicator_id), None)
    if row is None:
        return None
    measure = explore(store, la_code, indicator_id, scorecard.as_at, row_kind=row.kind)
    months, window, points = measure.trend_months, measure.trend_window, measure.trend
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
        xmr_chart=xmr_chart_svg(row.label, row.spc, row.polarity, row.target, row.unit, row.decimals) if row.spc else None,
        breakdowns=breakdown_tables(row),
        compared=compared_labels(row),
        issues=issues_of_measure(scorecard, measure),
        history=commentary.history(store, la_code, scorecard.as_at, indicator_id),
    )


def month_quality(scorecard: Scorecard) -> list[dict]:
    """The scorecard's data-quality issues from the extracts behind its figures only (those as
    at its month end or before): an extract loaded later also restates earlier months in the
    store's combination, but its problems are its own month's, not this one's (issue 16)."""
    files = {extract["file"] for extract in scorecard.extracts}
    return [i for i in scorecard.data_quality if not i.get("file") or i.get("file") in files]


def issues_of_measure(scorecard: Scorecard, measure: Explored) -> list[dict]:
    """This month's data-quality issues about the list the measure reads (by its `List N` name)."""
    if measure.sheet is None:
        return []
    name = measure.sheet
    return [i for i in month_quality(scorecard) if i.get("sheet") == name or f"{name} (" in (i.get("message") or "")]


@dataclass(frozen=True)
class MonthQuality:
    groups: list[IssueGroup]
    errors: int
    warnings: int


def month_quality_summary(scorecard: Scorecard) -> MonthQuality:
    issues = month_quality(scorecard)
    return MonthQuality(issue_groups(issues), sum(i.get("severity") == "error" for i in issues),
                        sum(i.get("severity") == "warning" for i in issues))


QUALITY_COLUMNS = ("severity", "file", "sheet", "row", "column", "message", "value", "expected")


def quality_csv(issues: list[dict]) -> str:
    """The month's data-quality issues, one a line, as CSV text (values guarded like the drill-through's)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(QUALITY_COLUMNS)
    for issue in issues:
        writer.writerow([_csv_value(issue.get(column)) for column in QUALITY_COLUMNS])
    return out.getvalue()


def drill(store: Store, la_code: str, indicator_id: str, as_at: date, column: str) -> Explored:
    """The children counted in one cell (`.rows`): in the numerator and/or the denominator, with
    the dates that put them there (the measure's own rows, so the list and the figure agree)."""
    return explore(store, la_code, indicator_id, as_at, column=column)


def drill_category(store: Store, la_code: str, row: Row, as_at: date, period: str, dimension: str,
                   category: str) -> Explored:
    """The children counted in one category of one of the two figures the row's drivers compare."""
    return category_rows(store, la_code, row.id, as_at, row.kind, period, dimension, category)


def category_period(row: Row, as_at: date, period: str) -> tuple[date, int]:
    """(period end, months) of the figure `period` (current or comparison) of the row's drivers."""
    return compared_period(row.kind, row.id, as_at, period)


def rows_csv(rows: pl.DataFrame) -> str:
    """The drill-through rows as CSV text (dates ISO), written by the csv module so quoting is right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows.columns)
    for values in rows.iter_rows():
        writer.writerow([_csv_value(v) for v in values])
    return out.getvalue()


def _csv_value(value: object) -> object:
    """Dates as ISO text, yes/no for true/false; text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
