"""Sign-off (admin): lock a month with its scorecard as built now, or re-open it with a reason.
Both are audited in the same transaction as the change (`store/signoff.py`).
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from csc_scorecard.issues import UserError
from csc_scorecard.store import signoff
from csc_scorecard.store.users import User
from csc_scorecard.web import views
from csc_scorecard.web.forms import read_form
from csc_scorecard.web.pages import render
from csc_scorecard.web.security import Admin, client_address

router = APIRouter()


def _month(request: Request, as_at: str) -> date | None:
    settings = request.app.state.settings
    try:
        month = date.fromisoformat(as_at)
    except ValueError:
        return None
    return month if month in views.available_months(settings.store, settings.la_code) else None


@router.post("/signoff/{as_at}")
async def sign_off(request: Request, as_at: str, user: User = Admin):
    settings = request.app.state.settings
    await read_form(request)
    month = _month(request, as_at)
    if month is None:
        return render(request, "error.html", 404, user=user, title="No such month", message=f"There is no data as at {as_at} to sign off.")
    try:
        signoff.refuse_if_signed(settings.store, settings.la_code, month)
        view = await run_in_threadpool(views.scorecard_view, settings.store, settings.config, settings.la_code, month)
        signoff.sign(settings.store, settings.la_code, month, view.scorecard.to_json(), user.name, client=client_address(request))
    except signoff.MonthSignedOff as error:
        return render(request, "error.html", 409, user=user, title="Already signed off", message=str(error))
    return RedirectResponse(f"/scorecard/{month.isoformat()}", status_code=303)


@router.post("/signoff/{as_at}/reopen")
async def reopen(request: Request, as_at: str, user: User = Admin):
    settings = request.app.state.settings
    form = await read_form(request)
    month = _month(request, as_at)
    if month is None:
        return render(request, "error.html", 404, user=user, title="No such month", message=f"There is no data as at {as_at}.")
    if not form.get("reason", "").strip():
        return render(request, "error.html", 400, user=user, title="Not re-opened",
                      message="Give a reason for re-opening the month: it is kept in the audit log.")
    try:
        signoff.reopen(settings.store, settings.la_code, month, user.name, form.get("reason", ""), client=client_address(request))
    except UserError as error:
        return render(request, "error.html", 409, user=user, title="Not re-opened", message=str(error))
    return RedirectResponse(f"/scorecard/{month.isoformat()}", status_code=303)
