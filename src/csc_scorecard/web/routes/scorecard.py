"""The scorecard page (any month with data, with a month picker), the indicator page and the
drill-through to the children behind a cell (analyst and admin only; every view and CSV
download is audited, with the number of rows but never who they are).
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from csc_scorecard.measures.registry import get
from csc_scorecard.scorecard.model import LA_COLUMNS
from csc_scorecard.store import audit
from csc_scorecard.store.signoff import current as current_sign_off
from csc_scorecard.store.signoff import month_target
from csc_scorecard.store.users import User
from csc_scorecard.web import views
from csc_scorecard.web.pages import render
from csc_scorecard.web.security import Analyst, Viewer

router = APIRouter()

COLUMN_LABELS = {
    "rolling_12m": "rolling 12 months",
    "rolling_6m": "rolling 6 months",
    "period_year_ago": "6-month period a year ago",
    "period_to_date": "6-month period to the as-at date",
    "regional_la": "regional quarterly figure (LA)",
    "regional_region": "regional quarterly figure (region)",
}


class MonthNotAvailable(Exception):
    pass


def _parse_month(text: str | None, months: list[date]) -> date:
    """The month asked for (latest when not given); MonthNotAvailable when it has no data."""
    if not text:
        if not months:
            raise MonthNotAvailable()
        return months[0]
    try:
        asked = date.fromisoformat(text)
    except ValueError:
        raise MonthNotAvailable() from None
    if asked not in months:
        raise MonthNotAvailable()
    return asked


def _no_month(request: Request, user: User, text: str | None, months: list[date], status: int = 404):
    """The page saying there is no data (at all, or for the month asked for), with the months that have some."""
    return render(request, "no_data.html", status, user=user, asked=text, months=months)


@router.get("/")
async def home(request: Request, user: User = Viewer):
    settings = request.app.state.settings
    months = await run_in_threadpool(views.available_months, settings.store, settings.la_code)
    if not months:
        return _no_month(request, user, None, months, status=200)
    return RedirectResponse(f"/scorecard/{months[0].isoformat()}", status_code=303)


@router.get("/scorecard")
async def month_picker(request: Request, as_at: str = "", user: User = Viewer):
    """The month picker's form target: to the chosen month's page."""
    settings = request.app.state.settings
    months = await run_in_threadpool(views.available_months, settings.store, settings.la_code)
    try:
        month = _parse_month(as_at, months)
    except MonthNotAvailable:
        return _no_month(request, user, as_at, months)
    return RedirectResponse(f"/scorecard/{month.isoformat()}", status_code=303)


@router.get("/scorecard/{as_at}")
async def scorecard_page(request: Request, as_at: str, user: User = Viewer):
    settings = request.app.state.settings
    months = await run_in_threadpool(views.available_months, settings.store, settings.la_code)
    try:
        month = _parse_month(as_at, months)
    except MonthNotAvailable:
        return _no_month(request, user, as_at, months)
    view = await run_in_threadpool(views.scorecard_view, settings.store, settings.config, settings.la_code, month)
    return render(request, "scorecard.html", user=user, view=view, scorecard=view.scorecard, as_at=month, months=months)


@router.get("/indicator/{indicator_id}")
async def indicator_page(request: Request, indicator_id: str, as_at: str = "", user: User = Viewer):
    settings = request.app.state.settings
    months = await run_in_threadpool(views.available_months, settings.store, settings.la_code)
    try:
        month = _parse_month(as_at, months)
    except MonthNotAvailable:
        return _no_month(request, user, as_at, months)
    if indicator_id not in _configured_ids(settings.config):
        return render(request, "error.html", 404, user=user, title="No such indicator",
                      message=f"The scorecard has no indicator '{indicator_id}'.")
    view = await run_in_threadpool(views.indicator_view, settings.store, settings.config, settings.la_code, indicator_id, month)
    if view is None:  # a month signed with a config that did not show this indicator
        return render(request, "error.html", 404, user=user, title="No such indicator",
                      message=f"The scorecard as at {month:%d %B %Y} has no indicator '{indicator_id}'.")
    return render(request, "indicator.html", user=user, view=view, row=view.row, as_at=month, months=months,
                  column_labels=COLUMN_LABELS, drillable=LA_COLUMNS)


@router.get("/drill/{indicator_id}")
async def drill(request: Request, indicator_id: str, as_at: str = "", column: str = "", format: str = "html", user: User = Analyst):
    settings = request.app.state.settings
    months = await run_in_threadpool(views.available_months, settings.store, settings.la_code)
    try:
        month = _parse_month(as_at, months)
    except MonthNotAvailable:
        return _no_month(request, user, as_at, months)
    if indicator_id not in _configured_ids(settings.config) or column not in LA_COLUMNS or format not in ("html", "csv"):
        message = f"Choose an indicator of the scorecard and one of the columns {', '.join(LA_COLUMNS)}."
        return render(request, "error.html", 404, user=user, title="No such figure", message=message)
    rows = await run_in_threadpool(views.drill_rows, settings.store, settings.la_code, indicator_id, month, column)
    target = f"{month_target(settings.la_code, month)} {indicator_id} {column}"
    detail = f"{rows.height} rows"
    if format == "csv":
        audit.append(settings.store, user.name, "drill_download", target, detail)
        file_name = f"{indicator_id}_{column}_{month.isoformat()}.csv"
        return Response(
            views.rows_csv(rows), media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{file_name}"'},
        )
    audit.append(settings.store, user.name, "drill_view", target, detail)
    period_end, months_in_window = views.cell_window(column, month)
    return render(
        request, "drill.html", user=user, indicator_id=indicator_id, label=_label(settings.config, indicator_id),
        as_at=month, column=column, column_label=COLUMN_LABELS[column], period_end=period_end,
        window_months=months_in_window, rows=rows, signed=current_sign_off(settings.store, settings.la_code, month),
        unit=get(indicator_id).unit,
        in_numerator=int(rows["in_numerator"].sum()) if rows.height else 0,
        in_denominator=int(rows["in_denominator"].sum()) if rows.height else 0,
    )


def _configured_ids(config) -> set[str]:
    return {row.id for section in config.sections for row in section.rows}


def _label(config, indicator_id: str) -> str:
    return next(row.label for section in config.sections for row in section.rows if row.id == indicator_id)
