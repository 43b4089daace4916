"""The scorecard page (any month with data, in the HTML report's layout, with a month picker),
the indicator page and the drill-through to the children behind a cell (analyst and admin
only; every view and CSV download is audited, with the number of rows but never who they are).

The scorecard, its rendered tables and the indicator views come from the app's cache
(`web/cache.py`): each request reads the store's version once and reuses what was computed at
that version. Drill-through is never cached: it is audited and lists children.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from csc_scorecard.scorecard.model import LA_COLUMNS
from csc_scorecard.store import audit
from csc_scorecard.store.signoff import current as current_sign_off
from csc_scorecard.store.signoff import month_target
from csc_scorecard.store.users import User, role_at_least
from csc_scorecard.web import views
from csc_scorecard.web.cache import NotCached
from csc_scorecard.web.pages import fragment, render
from csc_scorecard.web.security import Analyst, Viewer, client_address

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


def _months(settings, version: tuple, only_cached: bool) -> list[date]:
    return settings.cache.get(("months", settings.la_code), lambda: views.available_months(settings.store, settings.la_code),
                              version, only_cached=only_cached)


def _scorecard(settings, month: date, version: tuple, only_cached: bool) -> views.ScorecardView:
    return settings.cache.get(
        ("scorecard", settings.la_code, month),
        lambda: views.scorecard_view(settings.store, settings.config, settings.la_code, month),
        version,
        only_cached=only_cached,
    )


def _indicator_url(month: date):
    return lambda row: f"/indicator/{quote(row.id)}?as_at={month.isoformat()}"


async def _from_cache(settings, function, *args):
    """`function(settings, version, only_cached, *args)` at one store version: on the event loop
    when all it needs is kept (the usual case: no thread hand-over), else in a worker thread,
    where it computes what is missing (a cold build takes about a second)."""
    version = settings.cache.version()
    try:
        return function(settings, version, True, *args)
    except NotCached:
        return await run_in_threadpool(function, settings, version, False, *args)


def _scorecard_page(settings, version: tuple, only_cached: bool, text: str, show_review: bool
                    ) -> tuple[list[date], date | None, views.ScorecardView | None, Markup | None]:
    """(months with data, the month, its view, the month picker and tables as HTML)."""
    months = _months(settings, version, only_cached)
    try:
        month = _parse_month(text, months)
    except MonthNotAvailable:
        return months, None, None, None
    view = _scorecard(settings, month, version, only_cached)
    body = settings.cache.get(
        ("scorecard_body", settings.la_code, month, show_review),
        lambda: fragment(settings.templates, "_scorecard_body.html", scorecard=view.scorecard, show_review=show_review,
                         indicator_url=_indicator_url(month), months=months, as_at=month),
        version,
        only_cached=only_cached,
    )
    return months, month, view, body


def _indicator_page(settings, version: tuple, only_cached: bool, text: str, indicator_id: str):
    """(months with data, the month, the indicator's view or None)."""
    months = _months(settings, version, only_cached)
    try:
        month = _parse_month(text, months)
    except MonthNotAvailable:
        return months, None, None
    view = settings.cache.get(
        ("indicator", settings.la_code, month, indicator_id),
        lambda: views.indicator_view(_scorecard(settings, month, version, only_cached), settings.store, settings.la_code, indicator_id),
        version,
        only_cached=only_cached,
    )
    return months, month, view


@router.get("/")
async def home(request: Request, user: User = Viewer):
    settings = request.app.state.settings
    months = await _from_cache(settings, _months)
    if not months:
        return _no_month(request, user, None, months, status=200)
    return RedirectResponse(f"/scorecard/{months[0].isoformat()}", status_code=303)


@router.get("/scorecard")
async def month_picker(request: Request, as_at: str = "", user: User = Viewer):
    """The month picker's form target: to the chosen month's page."""
    settings = request.app.state.settings
    months = await _from_cache(settings, _months)
    try:
        month = _parse_month(as_at, months)
    except MonthNotAvailable:
        return _no_month(request, user, as_at, months)
    return RedirectResponse(f"/scorecard/{month.isoformat()}", status_code=303)


@router.get("/scorecard/{as_at}")
async def scorecard_page(request: Request, as_at: str, user: User = Viewer):
    """The month's scorecard in the report's layout; analysts also see the review flags."""
    settings = request.app.state.settings
    show_review = role_at_least(user.role, "analyst")
    months, month, view, body = await _from_cache(settings, _scorecard_page, as_at, show_review)
    if month is None:
        return _no_month(request, user, as_at, months)
    return render(request, "scorecard.html", user=user, view=view, scorecard=view.scorecard, scorecard_body=body)


@router.get("/indicator/{indicator_id}")
async def indicator_page(request: Request, indicator_id: str, as_at: str = "", user: User = Viewer):
    settings = request.app.state.settings
    if indicator_id not in _configured_ids(settings.config):
        return render(request, "error.html", 404, user=user, title="No such indicator",
                      message=f"The scorecard has no indicator '{indicator_id}'.")
    months, month, view = await _from_cache(settings, _indicator_page, as_at, indicator_id)
    if month is None:
        return _no_month(request, user, as_at, months)
    if view is None:  # a month signed with a config that did not show this indicator
        return render(request, "error.html", 404, user=user, title="No such indicator",
                      message=f"The scorecard as at {month:%d %B %Y} has no indicator '{indicator_id}'.")
    return render(request, "indicator.html", user=user, view=view, row=view.row, as_at=month, months=months,
                  column_labels=COLUMN_LABELS, drillable=LA_COLUMNS)


@router.get("/drill/{indicator_id}")
async def drill(request: Request, indicator_id: str, as_at: str = "", column: str = "", format: str = "html", user: User = Analyst):
    settings = request.app.state.settings
    months = await _from_cache(settings, _months)
    try:
        month = _parse_month(as_at, months)
    except MonthNotAvailable:
        return _no_month(request, user, as_at, months)
    if indicator_id not in _configured_ids(settings.config) or column not in LA_COLUMNS or format not in ("html", "csv"):
        message = f"Choose an indicator of the scorecard and one of the columns {', '.join(LA_COLUMNS)}."
        return render(request, "error.html", 404, user=user, title="No such figure", message=message)
    drilled = await run_in_threadpool(views.drill, settings.store, settings.la_code, indicator_id, month, column)
    rows = drilled.rows
    target = f"{month_target(settings.la_code, month)} {indicator_id} {column}"
    detail = f"{rows.height} rows"
    if format == "csv":
        audit.append(settings.store, user.name, "drill_download", target, detail, client=client_address(request))
        file_name = f"{indicator_id}_{column}_{month.isoformat()}.csv"
        return Response(
            views.rows_csv(rows), media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{file_name}"'},
        )
    audit.append(settings.store, user.name, "drill_view", target, detail, client=client_address(request))
    period_end, months_in_window = views.cell_window(column, month)
    csv_url = f"/drill/{quote(indicator_id)}?as_at={month.isoformat()}&column={column}&format=csv"
    return _drill_page(request, settings, user, indicator_id, month, COLUMN_LABELS[column].capitalize(), period_end,
                       months_in_window, False, drilled, csv_url)


@router.get("/drill/{indicator_id}/category")
async def drill_category(request: Request, indicator_id: str, as_at: str = "", period: str = "", dimension: str = "",
                         category: str = "", format: str = "html", user: User = Analyst):
    """The children behind one category of a row's breakdown (its drivers), in the current
    period or the comparison: the same rows the breakdown counted."""
    settings = request.app.state.settings
    if indicator_id not in _configured_ids(settings.config):
        return _no_figure(request, user)
    months, month, view = await _from_cache(settings, _indicator_page, as_at, indicator_id)
    if month is None:
        return _no_month(request, user, as_at, months)
    known = view is not None and any(
        d["dimension"] == dimension and d["category"] == category and not d.get("suppressed") for d in view.row.drivers
    )
    if not known or period not in views.PERIODS or format not in ("html", "csv"):
        return _no_figure(request, user)
    drilled = await run_in_threadpool(
        views.drill_category, settings.store, settings.la_code, view.row, month, period, dimension, category)
    rows = drilled.rows
    target = f"{month_target(settings.la_code, month)} {indicator_id} {period} {dimension}"
    query = urlencode({"as_at": month.isoformat(), "period": period, "dimension": dimension, "category": category})
    if format == "csv":
        audit.append(settings.store, user.name, "drill_download", target, f"{rows.height} rows", client=client_address(request))
        file_name = f"{indicator_id}_{dimension}_{period}_{month.isoformat()}.csv"
        return Response(
            views.rows_csv(rows), media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{file_name}"'},
        )
    audit.append(settings.store, user.name, "drill_view", target, f"{rows.height} rows", client=client_address(request))
    period_end, months_in_window = views.category_period(view.row, month, period)
    title = next(t.title for t in view.breakdowns if t.dimension == dimension)
    figure_text = f"{title} '{category}', {PERIOD_LABELS[period]}"
    snapshot = view.row.drivers_compared is not None and (
        view.row.drivers_compared[period]["start"] == view.row.drivers_compared[period]["end"])
    return _drill_page(request, settings, user, indicator_id, month, figure_text, period_end, months_in_window,
                       snapshot, drilled, f"/drill/{quote(indicator_id)}/category?{query}&format=csv")


PERIOD_LABELS = {"current": "the latest period", "comparison": "the period compared with"}


def _drill_page(request, settings, user, indicator_id, month, figure_text, period_end, months_in_window, snapshot,
                drilled, csv_url):
    rows = drilled.rows
    return render(
        request, "drill.html", user=user, indicator_id=indicator_id, label=_label(settings.config, indicator_id),
        as_at=month, figure_text=figure_text, period_end=period_end, window_months=months_in_window,
        snapshot=snapshot, rows=rows, signed=current_sign_off(settings.store, settings.la_code, month),
        unit=drilled.unit, csv_url=csv_url,
        in_numerator=int(rows["in_numerator"].sum()) if rows.height else 0,
        in_denominator=int(rows["in_denominator"].sum()) if rows.height else 0,
    )


def _no_figure(request, user):
    return render(request, "error.html", 404, user=user, title="No such figure",
                  message="Choose a category of the indicator's breakdown tables, in the current or the comparison period.")


def _configured_ids(config) -> set[str]:
    return {row.id for section in config.sections for row in section.rows}


def _label(config, indicator_id: str) -> str:
    return next(row.label for section in config.sections for row in section.rows if row.id == indicator_id)
