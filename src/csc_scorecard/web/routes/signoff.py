"""Sign-off (admin): a confirmation page summarising what would be signed, then lock the month
with its scorecard as built now, or re-open it with a reason. Both are audited in the same
transaction as the change (`store/signoff.py`). Anyone signed in can download the signed
month's PDF, Excel and Word pack.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from csc_scorecard.issues import UserError
from csc_scorecard.render import render_all
from csc_scorecard.scorecard.model import Scorecard
from csc_scorecard.store import signoff
from csc_scorecard.store.users import User
from csc_scorecard.web import views
from csc_scorecard.web.forms import read_form
from csc_scorecard.web.pages import render
from csc_scorecard.web.routes.scorecard import COLUMN_LABELS
from csc_scorecard.web.audit_events import audited
from csc_scorecard.web.security import Admin, Viewer, client_address
from csc_scorecard.web.revised_figures import for_page as revised_for_page

router = APIRouter()


def _month(request: Request, as_at: str) -> date | None:
    settings = request.app.state.settings
    try:
        month = date.fromisoformat(as_at)
    except ValueError:
        return None
    return month if month in views.available_months(settings.store, settings.la_code) else None


@router.get("/signoff/{as_at}")
async def confirm_page(request: Request, as_at: str, user: User = Admin):
    """What signing would freeze: the edited analyses, the rows flagged for review and the
    extracts behind the figures, then the button that signs."""
    settings = request.app.state.settings
    month = _month(request, as_at)
    if month is None:
        return render(request, "error.html", 404, user=user, title="No such month", message=f"There is no data as at {as_at} to sign off.")
    view = await run_in_threadpool(views.scorecard_view, settings.store, settings.config, settings.la_code, month)
    if view.sign_off is not None:
        return RedirectResponse(f"/scorecard/{month.isoformat()}", status_code=303)
    rows = view.scorecard.rows
    return render(request, "signoff_confirm.html", user=user, scorecard=view.scorecard, month=month,
                  edited=[r for r in rows if r.analysis.edited], flagged=[r for r in rows if r.analysis.needs_review],
                  history=signoff.history(settings.store, settings.la_code, month),
                  column_labels=COLUMN_LABELS, revised=(await run_in_threadpool(revised_for_page, settings, user, view))[0])


@router.get("/signed/{as_at}/scorecard.{fmt}")
async def signed_output(request: Request, as_at: str, fmt: str, user: User = Viewer):
    """The signed month's pack as the command line builds it (`render_all` of the signed
    snapshot): PDF, Excel or Word; audited."""
    settings = request.app.state.settings
    month = _month(request, as_at)
    record = signoff.current(settings.store, settings.la_code, month) if month else None
    if record is None or fmt not in SIGNED_FORMATS:
        return render(request, "error.html", 404, user=user, title="No signed pack",
                      message=f"There is no signed-off scorecard as at {as_at} in that format.")
    with tempfile.TemporaryDirectory(prefix="scorecard-signed-") as folder:
        paths = await run_in_threadpool(render_all, Scorecard.from_json(record.snapshot), Path(folder), [fmt])
        content = paths[fmt].read_bytes()
    await audited(settings.store, user.name, "signed_download", signoff.month_target(settings.la_code, month),
                 f"version {record.version} {fmt}", client=client_address(request))
    name = f"scorecard_{month.isoformat()}_v{record.version}.{fmt}"
    return Response(content, media_type=SIGNED_FORMATS[fmt], headers={"content-disposition": f'attachment; filename="{name}"'})


SIGNED_FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


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
        await run_in_threadpool(  # it may wait for the store's write lock: not on the event loop
            signoff.sign, settings.store, settings.la_code, month, view.scorecard.to_json(), user.name, client=client_address(request))
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
        await run_in_threadpool(signoff.reopen, settings.store, settings.la_code, month, user.name, form.get("reason", ""),
                                client=client_address(request))
    except UserError as error:
        return render(request, "error.html", 409, user=user, title="Not re-opened", message=str(error))
    return RedirectResponse(f"/scorecard/{month.isoformat()}", status_code=303)
