"""The JSON twins of the dashboard's pages (Datasette style: the page's path with `.json`): the
same figures as the HTML, from the same views, for systems that read the dashboard.

What a page does not show a role, its twin does not give it: the review flags of the analysis
are for analysts (as on the scorecard page), and so are the links to the children behind a
figure. No twin carries child-level data: the data-quality issues keep their place (sheet, row,
column) and message, as the pages show them, never the cell value an issue quotes.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from csc_scorecard.scorecard.model import LA_COLUMNS
from csc_scorecard.store.signoff import SignOffRecord
from csc_scorecard.web.views import IndicatorView, ScorecardView

ISSUE_FIELDS = ("severity", "message", "file", "sheet", "row", "column", "scope")  # Issue.to_dict() less `value`


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def sign_off_json(record: SignOffRecord | None) -> dict | None:
    """Who signed the month off and when (null while a draft)."""
    if record is None:
        return None
    return {"version": record.version, "signed_by": record.signed_by, "signed_at": record.signed_at.isoformat()}


def issue_json(issue: dict) -> dict:
    return {key: issue.get(key) for key in ISSUE_FIELDS}


def row_json(row: dict, show_review: bool) -> dict:
    """A row of the scorecard JSON as the role sees it: without the review flags below analyst."""
    if show_review:
        return row
    analysis = {key: value for key, value in row["analysis"].items() if key != "needs_review"}
    return {**row, "analysis": analysis}


def scorecard_twin(view: ScorecardView, months: list[date], show_review: bool) -> dict:
    """`/scorecard/{as_at}.json`: the scorecard JSON of the month (as `scorecard build` writes
    it, signed snapshot or draft), the months with data and the sign-off."""
    card = view.scorecard.to_json()
    card["sections"] = [
        {**section, "rows": [row_json(row, show_review) for row in section["rows"]]} for section in card["sections"]
    ]
    card["data_quality"] = [issue_json(issue) for issue in card["data_quality"]]
    return {
        "as_at": view.scorecard.as_at.isoformat(),
        "months": [m.isoformat() for m in months],
        "sign_off": sign_off_json(view.sign_off),
        "scorecard": card,
    }


def trend_json(trend: pl.DataFrame) -> list[dict]:
    """The trend's points as the indicator page's table lists them, oldest first."""
    points = []
    for point in trend.sort("period_end").iter_rows(named=True):
        points.append({
            "period_end": _iso(point["period_end"]),
            "period_start": _iso(point["window_start"]),
            "value": point["value"],
            "numerator": point["numerator"],
            "denominator": point["denominator"],
            "reason": point["reason"],
            "value_date": _iso(point["value_date"]),
            "label": point["label"],
        })
    return points


def indicator_twin(view: IndicatorView, months: list[date], show_children: bool) -> dict:
    """`/indicator/{id}.json?as_at=`: the indicator page's row, definition, trend, reference
    lines, data-quality issues and analysis history; with `show_children` (analyst, admin) the
    links to the children behind each LA figure."""
    row = view.row
    as_at = view.page.scorecard.as_at
    body = {
        "as_at": as_at.isoformat(),
        "months": [m.isoformat() for m in months],
        "sign_off": sign_off_json(view.page.sign_off),
        "indicator": row.id,
        "definition": row.definition or view.measure.definition,
        "row": row_json(row.to_json(), show_children),
        "trend": {"window": view.trend_window, "months": view.trend_months, "points": trend_json(view.trend)},
        "reference_lines": [{"kind": l.kind, "name": l.name, "value": l.value, "shown": l.shown} for l in view.reference_lines],
        "issues": [issue_json(issue) for issue in view.issues],
        "analysis_history": [{"author": e.author, "at": e.at.isoformat(), "text": e.text} for e in view.history],
    }
    if show_children:
        body["children"] = {
            cell.column: f"/drill/{row.id}?as_at={as_at.isoformat()}&column={cell.column}"
            for cell in row.cells if cell.column in LA_COLUMNS
        }
    return body
