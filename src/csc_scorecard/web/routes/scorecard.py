"""The scorecard page (any month with data, in the HTML report's layout, with a month picker),
the indicator page and the drill-through to the children behind a cell (analyst and admin
only; every view and CSV download is audited, with the number of rows but never who they are).

The scorecard and indicator pages come from `web/page_parts.py`: each request reads the store's
version once and reuses what was computed and rendered at that version, and renders only what
is the user's own. Drill-through is never cached: it is audited and lists children.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from csc_scorecard.scorecard.model import LA_COLUMNS
from csc_scorecard.store.signoff import current as current_sign_off
from csc_scorecard.store.signoff import month_target, signed_months
from csc_scorecard.store.users import User, role_at_least
from csc_scorecard.web import page_parts, views
from csc_scorecard.web.drill import PAGE_ROWS, DrillFilters, drill_table
from csc_scorecard.web.months import (
    MonthNotAvailable, cached_indicator, cached_month, cached_months, configured_ids, from_cache, parse_month,
)
from csc_scorecard.web.pages import render
from csc_scorecard.web.audit_events import audited
from csc_scorecard.web.security import Analyst, Viewer, client_address
from csc_scorecard.web.revised_figures import ANALYSIS, highlight_css
from csc_scorecard.web.since_viewed import keep_view_later

router = APIRouter()

COLUMN_LABELS = {
    "rolling_12m": "rolling 12 months",
    "rolling_6m": "rolling 6 months",
    "period_year_ago": "6-month period a year ago",
    "period_to_date": "6-month period to the as-at date",
    "regional_la": "regional quarterly figure (LA)",
    "regional_region": "regional quarterly figure (region)",
}


def _no_month(request: Request, user: User, text: str | None, months: list[date], status: int = 404):
    """The page saying there is no data (at all, or for the month asked for), with the months that have some."""
    settings = request.app.state.settings
    signed = frozenset(signed_months(settings.store, settings.la_code)) if months else frozenset()
    return render(request, "no_data.html", status, user=user, asked=text, months=months, signed_months=signed)


def _opening_month(settings, version: tuple, only_cached: bool, role: str) -> tuple[list[date], date | None]:
    """(months with data, the month the dashboard opens on): a viewer reads what was signed, so
    opens the latest signed-off month (the latest month when none is); others the latest month."""
    months = cached_months(settings, version, only_cached)
    if not months:
        return months, None
    if role_at_least(role, "analyst"):
        return months, months[0]
    signed = page_parts.signed(settings, version, only_cached)
    return months, next((m for m in months if m in signed), months[0])


async def _asked_month(settings, text: str) -> tuple[list[date], date | None]:
    """(months with data, the month asked for, or None when it has no data)."""
    months = await from_cache(settings, cached_months)
    try:
        return months, parse_month(text, months)
    except MonthNotAvailable:
        return months, None


@router.get("/")
async def home(request: Request, user: User = Viewer):
    settings = request.app.state.settings
    months, month = await from_cache(settings, _opening_month, user.role)
    if month is None:
        return _no_month(request, user, None, months, status=200)
    return RedirectResponse(f"/scorecard/{month.isoformat()}", status_code=303)


@router.get("/scorecard")
async def month_picker(request: Request, as_at: str = "", user: User = Viewer):
    """The month picker's form target: to the chosen month's page."""
    settings = request.app.state.settings
    months, month = await _asked_month(settings, as_at)
    if month is None:
        return _no_month(request, user, as_at, months)
    return RedirectResponse(f"/scorecard/{month.isoformat()}", status_code=303)


@router.get("/scorecard/{as_at}")
async def scorecard_page(request: Request, as_at: str, user: User = Viewer):
    """The month's scorecard in the report's layout; analysts also see the review flags."""
    settings = request.app.state.settings
    months, month, page = await from_cache(settings, page_parts.scorecard_page, as_at, user)
    if month is None:
        return _no_month(request, user, as_at, months)
    response = render(request, "scorecard.html", user=user, view=page.view, scorecard=page.view.scorecard, scorecard_body=page.body,
                      quality_section=page.quality, sign_off_history=page.sign_off_history, revised=page.revised,
                      highlight_css=highlight_css(page.revised), column_labels=COLUMN_LABELS)
    if page.keep_view:
        response.background = await run_in_threadpool(keep_view_later, settings, user, page.view)
    return response


@router.get("/quality/{as_at}.csv")
async def quality_csv(request: Request, as_at: str, user: User = Analyst):
    """The full list of the month's data-quality issues (they may quote a cell's value: analysts only, audited)."""
    settings = request.app.state.settings
    months, month = await _asked_month(settings, as_at)
    if month is None:
        return _no_month(request, user, as_at, months)
    view = await from_cache(settings, lambda s, v, o: cached_month(s, month, v, o))
    issues = views.month_quality(view.scorecard)
    await audited(settings.store, user.name, "quality_download", month_target(settings.la_code, month), f"{len(issues)} issues",
                 client=client_address(request))
    return Response(views.quality_csv(issues), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="data_quality_{month.isoformat()}.csv"'})


@router.get("/indicator/{indicator_id}")
async def indicator_page(request: Request, indicator_id: str, as_at: str = "", saved: str = "", restored: str = "",
                         user: User = Viewer):
    settings = request.app.state.settings
    if indicator_id not in configured_ids(settings.config):
        return render(request, "error.html", 404, user=user, title="No such indicator",
                      message=f"The scorecard has no indicator '{indicator_id}'.")
    months, month, page = await from_cache(settings, page_parts.indicator_page, as_at, indicator_id, user)
    if month is None:
        return _no_month(request, user, as_at, months)
    if page is None:  # a month signed with a config that did not show this indicator
        return render(request, "error.html", 404, user=user, title="No such indicator",
                      message=f"The scorecard as at {month:%d %B %Y} has no indicator '{indicator_id}'.")
    view = page.view
    revised_row = page.revised.of_row(view.row.id) if page.revised else {}
    return render(request, "indicator.html", user=user, view=view, row=view.row, as_at=month, months=months,
                  column_labels=COLUMN_LABELS, drillable=LA_COLUMNS, indicator_detail=page.detail,
                  saved="Restored: the generated text is shown again." if restored else ("Saved." if saved else ""),
                  revised_row=revised_row, analysis_revised=[f for f in revised_row.values() if f.before(ANALYSIS)])


@router.get("/drill/{indicator_id}")
async def drill(request: Request, indicator_id: str, as_at: str = "", column: str = "", format: str = "html",
                numerator: str = "", team: str = "", worker: str = "", date_from: str = "", date_to: str = "", page: int = 1,
                user: User = Analyst):
    settings = request.app.state.settings
    months, month = await _asked_month(settings, as_at)
    if month is None:
        return _no_month(request, user, as_at, months)
    if indicator_id not in configured_ids(settings.config) or column not in LA_COLUMNS or format not in ("html", "csv"):
        message = f"Choose an indicator of the scorecard and one of the columns {', '.join(LA_COLUMNS)}."
        return render(request, "error.html", 404, user=user, title="No such figure", message=message)
    try:
        filters = DrillFilters(numerator if numerator in ("in", "out") else "", team.strip(), worker.strip(),
                               _day(date_from), _day(date_to))
    except ValueError:
        return render(request, "error.html", 400, user=user, title="Dates not understood",
                      message="Give the dates of the range as YYYY-MM-DD, e.g. 2023-12-31.")
    drilled = await run_in_threadpool(views.drill, settings.store, settings.la_code, indicator_id, month, column)
    table = await run_in_threadpool(drill_table, settings.store, indicator_id, drilled.rows, filters, page)
    target = f"{month_target(settings.la_code, month)} {indicator_id} {column}"
    detail = f"{table.matching} rows" + (" (filtered)" if filters.active else "")
    if format == "csv":
        await audited(settings.store, user.name, "drill_download", target, detail, client=client_address(request))
        file_name = f"{indicator_id}_{column}_{month.isoformat()}.csv"
        return Response(
            views.rows_csv(table.all_rows), media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{file_name}"'},
        )
    await audited(settings.store, user.name, "drill_view", target, detail, client=client_address(request))
    period_end, months_in_window = views.cell_window(column, month)
    rows = drilled.rows
    query = {"as_at": month.isoformat(), "column": column, "numerator": filters.numerator, "team": filters.team,
             "worker": filters.worker, "date_from": date_from.strip(), "date_to": date_to.strip()}
    return render(
        request, "drill.html", user=user, indicator_id=indicator_id, label=_label(settings.config, indicator_id),
        as_at=month, column=column, column_label=COLUMN_LABELS[column], period_end=period_end,
        window_months=months_in_window, table=table, filters=filters, query=query, page_rows=PAGE_ROWS,
        page_url=lambda number, fmt="html": f"/drill/{quote(indicator_id)}?" + urlencode(
            {**{k: v for k, v in query.items() if v}, **({"page": number} if number > 1 else {}), **({"format": fmt} if fmt != "html" else {})}),
        signed=current_sign_off(settings.store, settings.la_code, month), unit=drilled.unit,
        in_numerator=int(rows["in_numerator"].sum()) if rows.height else 0,
        in_denominator=int(rows["in_denominator"].sum()) if rows.height else 0,
    )


def _day(text: str) -> date | None:
    return date.fromisoformat(text.strip()) if text.strip() else None


def _label(config, indicator_id: str) -> str:
    return next(row.label for section in config.sections for row in section.rows if row.id == indicator_id)


PERIOD_LABELS = {"current": "the latest period", "comparison": "the period compared with"}


@router.get("/drill/{indicator_id}/category")
async def drill_category(request: Request, indicator_id: str, as_at: str = "", period: str = "", dimension: str = "",
                         category: str = "", format: str = "html", user: User = Analyst):
    """The children behind one category of a row's breakdown (its drivers), in the current
    period or the comparison: the same rows the breakdown counted (audited as the drill-through)."""
    settings = request.app.state.settings
    if indicator_id not in configured_ids(settings.config):
        return _no_category(request, user)
    months, month, view = await from_cache(settings, cached_indicator, as_at, indicator_id)
    if month is None:
        return _no_month(request, user, as_at, months)
    known = view is not None and any(
        d["dimension"] == dimension and d["category"] == category and not d.get("suppressed") for d in view.row.drivers
    )
    if not known or period not in views.PERIODS or format not in ("html", "csv"):
        return _no_category(request, user)
    drilled = await run_in_threadpool(
        views.drill_category, settings.store, settings.la_code, view.row, month, period, dimension, category)
    rows = drilled.rows
    target = f"{month_target(settings.la_code, month)} {indicator_id} {period} {dimension}"
    query = urlencode({"as_at": month.isoformat(), "period": period, "dimension": dimension, "category": category})
    if format == "csv":
        await audited(settings.store, user.name, "drill_download", target, f"{rows.height} rows", client=client_address(request))
        return Response(
            views.rows_csv(rows), media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{indicator_id}_{dimension}_{period}_{month.isoformat()}.csv"'},
        )
    await audited(settings.store, user.name, "drill_view", target, f"{rows.height} rows", client=client_address(request))
    period_end, months_in_window = views.category_period(view.row, month, period)
    title = next(t.title for t in view.breakdowns if t.dimension == dimension)
    compared = (view.row.drivers_compared or {}).get(period, {})
    return render(
        request, "drill_category.html", user=user, indicator_id=indicator_id, label=_label(settings.config, indicator_id),
        as_at=month, figure_text=f"{title} '{category}', {PERIOD_LABELS[period]}", period_end=period_end,
        window_months=months_in_window, snapshot=compared.get("start") == compared.get("end"), rows=rows,
        signed=current_sign_off(settings.store, settings.la_code, month), unit=drilled.unit,
        csv_url=f"/drill/{quote(indicator_id)}/category?{query}&format=csv",
        in_numerator=int(rows["in_numerator"].sum()) if rows.height else 0,
        in_denominator=int(rows["in_denominator"].sum()) if rows.height else 0,
    )


def _no_category(request, user):
    return render(request, "error.html", 404, user=user, title="No such figure",
                  message="Choose a category of the indicator's breakdown tables, in the current or the comparison period.")
