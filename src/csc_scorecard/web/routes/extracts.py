"""The extracts page (analyst and admin): every extract ever loaded, with its as-at date, file,
rows, who loaded it and when, and whether it is current, superseded or withdrawn; an admin can
withdraw one (`store/withdrawals.py`: audited, and the figures are computed without it from
then on, since the cache's store version changes).
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from csc_scorecard.dates import scorecard_month
from csc_scorecard.issues import UserError
from csc_scorecard.store import withdrawals
from csc_scorecard.store.signoff import signed_months
from csc_scorecard.store.users import User, role_at_least
from csc_scorecard.web import views
from csc_scorecard.web.forms import read_form
from csc_scorecard.web.pages import render
from csc_scorecard.web.security import Admin, Analyst, client_address

router = APIRouter()


def _page(request: Request, user: User, status: int = 200, **context):
    settings = request.app.state.settings
    extracts = withdrawals.register(settings.store, settings.la_code)
    months = set(views.available_months(settings.store, settings.la_code))
    context.setdefault("error", None)
    context.setdefault("done", None)
    return render(request, "extracts.html", status, user=user, extracts=extracts, months=months,
                  signed=set(signed_months(settings.store, settings.la_code)), scorecard_month=scorecard_month,
                  can_withdraw=role_at_least(user.role, "admin"), **context)


@router.get("/extracts")
async def extracts_page(request: Request, user: User = Analyst):
    return _page(request, user)


@router.post("/extracts/{extract_id}/withdraw")
async def withdraw(request: Request, extract_id: int, user: User = Admin):
    settings = request.app.state.settings
    form = await read_form(request)
    try:
        done = withdrawals.withdraw(settings.store, settings.la_code, extract_id, user.name, form.get("reason", ""),
                                    client=client_address(request))
    except UserError as error:
        return _page(request, user, 400, error=str(error))
    return _page(request, user, done=done)
