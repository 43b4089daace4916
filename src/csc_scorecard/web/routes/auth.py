"""Login and logout.

A failed login waits `failed_login_delay` seconds before answering; after `login_max_failures`
failures for one user name from one address, or `login_max_client_failures` from one address
(except for names that have signed in from it before), within `login_window`, further attempts
are refused with 429 before the password is hashed, until the window has passed (or an admin
runs `scorecard users unlock NAME`). At most `PASSWORD_HASHING_SLOTS` passwords are hashed at
once; other logins wait their turn without holding a worker thread. Logout ends every session of
the user. Logins, failures, refusals and logouts are audited with the client address.
"""
from __future__ import annotations

import asyncio
from functools import partial

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from csc_scorecard.store import login_attempts
from csc_scorecard.store.users import authenticate, end_sessions
from csc_scorecard.web.forms import read_form
from csc_scorecard.web.pages import render
from csc_scorecard.web.audit_events import audited
from csc_scorecard.web.security import client_address, end_session, safe_next, signed_in_user, start_session

router = APIRouter()


@router.get("/login")
async def login_page(request: Request, next: str = "/"):
    user = signed_in_user(request)
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", next=safe_next(next), error=None, name="")


@router.post("/login")
async def login(request: Request):
    settings = request.app.state.settings
    form = await read_form(request)
    name, password, next_url = form.get("name", "").strip(), form.get("password", ""), safe_next(form.get("next"))
    client = client_address(request)
    user, refused = None, await _throttled(settings, name, client)
    if refused is None and name and password:
        async with settings.hashing_slots:
            # again: while this login waited for a slot, those ahead of it may have reached the limit
            refused = await _throttled(settings, name, client)
            if refused is None:
                user = await run_in_threadpool(authenticate, settings.store, name, password, settings.hasher)
                # recorded before the next login looks (it may wait for a load: off the event loop)
                await run_in_threadpool(login_attempts.record, settings.store, name, client, succeeded=user is not None)
    elif refused is None:
        await run_in_threadpool(login_attempts.record, settings.store, name, client, succeeded=False)
    if refused is not None:
        await audited(settings.store, None, "login_refused", name[:200], f"too many failed logins for {refused}", client=client)
        minutes = int(settings.login_window.total_seconds() // 60)
        error = (
            f"Too many failed sign-in attempts for {refused}. "
            f"Wait {minutes} minutes and try again, or ask an admin to unlock your account."
        )
        return render(request, "login.html", 429, next=next_url, error=error, name=name)
    if user is None:
        await audited(settings.store, None, "login_failed", name[:200], client=client)
        await asyncio.sleep(settings.failed_login_delay)
        return render(request, "login.html", 401, next=next_url, error="The user name or password is not right.", name=name)
    start_session(request, user)
    await audited(settings.store, user.name, "login", client=client)
    return RedirectResponse(next_url, status_code=303)


async def _throttled(settings, name: str, client: str) -> str | None:
    """What is refused ("this user name from this computer", "this computer"), or None."""
    failures = await run_in_threadpool(login_attempts.recent_failures, settings.store, name, client, settings.login_window)
    if failures.name_from_client >= settings.login_max_failures:
        return "this user name from this computer"
    if failures.from_client >= settings.login_max_client_failures and not failures.signed_in_here_before:
        return "this computer"
    return None


@router.post("/logout")
async def logout(request: Request):
    user = signed_in_user(request)
    if user is not None:
        await read_form(request)
        await run_in_threadpool(partial(end_sessions, request.app.state.settings.store, user.name, client=client_address(request)))
    end_session(request)
    return RedirectResponse("/login", status_code=303)
