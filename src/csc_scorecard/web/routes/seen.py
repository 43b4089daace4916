"""Marking a month's revised figures as seen (issue 16, `web/since_viewed.py`): the figures as
now shown become those the user has seen, so the marks go until the figures move again.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from csc_scorecard.store.users import User
from csc_scorecard.web import views
from csc_scorecard.web.forms import read_form
from csc_scorecard.web.pages import render
from csc_scorecard.web.months import cached_month
from csc_scorecard.web.security import Viewer
from csc_scorecard.web.since_viewed import keep_view

router = APIRouter()


@router.post("/seen/{as_at}")
async def mark_seen(request: Request, as_at: str, user: User = Viewer):
    """Keep the month's figures as now shown as those the user has seen."""
    settings = request.app.state.settings
    await read_form(request)
    try:
        month = date.fromisoformat(as_at)
    except ValueError:
        month = None
    if month is None or month not in views.available_months(settings.store, settings.la_code):
        return render(request, "error.html", 404, user=user, title="No such month", message=f"There is no data as at {as_at}.")
    view = await run_in_threadpool(cached_month, settings, month, settings.cache.version(), False)
    if view.sign_off is None:
        await run_in_threadpool(keep_view, settings, user.name, view)
    return RedirectResponse(f"/scorecard/{month.isoformat()}", status_code=303)
