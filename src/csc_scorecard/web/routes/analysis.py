"""Analysis editing (analyst and admin): save a new version of one row's analysis text for a
month, with its author and time, or put the generated text back; refused while the month is
signed off or when blank, and then the typed text is shown back with the reason, never lost.
A save keeps the row's figures as shown then, so a figure that moves later is marked beside it. The store keeps every
version and audits each save (`store/commentary.py`).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from csc_scorecard.issues import UserError
from csc_scorecard.store import commentary
from csc_scorecard.store.signoff import MonthSignedOff
from csc_scorecard.store.users import User
from csc_scorecard.web import views
from csc_scorecard.web.forms import read_form
from csc_scorecard.web.pages import render
from csc_scorecard.web.months import cached_month
from csc_scorecard.web.security import Analyst, client_address

router = APIRouter()


@router.post("/analysis/{indicator_id}")
async def save_analysis(request: Request, indicator_id: str, user: User = Analyst):
    settings = request.app.state.settings
    form = await read_form(request)
    configured = {row.id for section in settings.config.sections for row in section.rows}
    try:
        as_at = date.fromisoformat(form.get("as_at", ""))
    except ValueError:
        as_at = None
    if indicator_id not in configured or as_at not in views.available_months(settings.store, settings.la_code):
        return render(request, "error.html", 404, user=user, title="No such analysis",
                      message="Choose an indicator of the scorecard and a month that has data.")
    restore = form.get("restore") == "yes"
    typed = form.get("text", "")
    try:
        if restore:
            await run_in_threadpool(commentary.restore_generated, settings.store, settings.la_code, as_at, indicator_id, user.name,
                                    client=client_address(request))
        else:
            view = await run_in_threadpool(cached_month, settings, as_at, settings.cache.version(), False)
            row = next((r for r in view.scorecard.rows if r.id == indicator_id), None)
            await run_in_threadpool(  # it may wait for the store's write lock: not on the event loop
                commentary.save_edit, settings.store, settings.la_code, as_at, indicator_id, typed, user.name,
                client=client_address(request), figures=views.row_figures(row) if row is not None and view.sign_off is None else None)
    except (MonthSignedOff, UserError) as error:
        # the typed text is shown back, so nothing written is lost
        status = 409 if isinstance(error, MonthSignedOff) else 400
        return render(request, "analysis_refused.html", status, user=user, reason=str(error), text=typed, as_at=as_at,
                      indicator_id=indicator_id, signed=isinstance(error, MonthSignedOff), restore=restore)
    saved = "restored" if restore else "saved"
    return RedirectResponse(f"/indicator/{quote(indicator_id)}?as_at={as_at.isoformat()}&{saved}=1#analysis", status_code=303)
