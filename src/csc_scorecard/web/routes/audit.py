"""The audit log page (admin): newest events first, a page at a time, filtered by user, action
and a date range; actions in words and times in Europe/London (issue 16).

`before` (the id the next page starts below) comes from the page's own link; any other value
(not a whole number, or outside 1 to the largest id the database can hold) is answered with 400
and a message, never an error page. The date range is of London days, turned into UTC instants
for the query (the store keeps UTC).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from fastapi import APIRouter, Request

from csc_scorecard.issues import UserError
from csc_scorecard.store import audit, tables
from csc_scorecard.store.users import User
from csc_scorecard.web.pages import render
from csc_scorecard.web.security import Admin

router = APIRouter()

PAGE_SIZE = 100
LARGEST_ID = 2**63 - 1  # SQLite's (and PostgreSQL's bigint) largest integer
LONDON = ZoneInfo("Europe/London")

ACTION_LABELS = {
    "login": "Signed in",
    "login_failed": "Sign-in failed",
    "login_refused": "Sign-in refused (too many failures)",
    "upload_check": "Upload checked",
    "upload": "Upload",
    "withdraw_extract": "Extract withdrawn",
    "drill_view": "Children viewed (drill-through)",
    "drill_download": "Children downloaded (drill-through CSV)",
    "quality_download": "Data-quality list downloaded",
    "analysis_edit": "Analysis edited",
    "analysis_restore": "Generated analysis restored",
    "sign_off": "Month signed off",
    "reopen": "Month re-opened",
    "signed_download": "Signed pack downloaded",
    "user_add": "User added",
    "user_disable": "User disabled",
    "user_enable": "User enabled",
    "user_set_role": "User's role changed",
    "user_set_password": "User's password changed",
    "user_remove": "User removed",
    "user_unlock": "User unlocked",
    "backup": "Store backed up",
    "restore": "Store restored from a backup",
    "purge": "Child-level rows purged",
}


@router.get("/audit")
async def audit_page(request: Request, before: str | None = None, user_name: str = "", action: str = "",
                     date_from: str = "", date_to: str = "", user: User = Admin):
    store = request.app.state.settings.store
    since, until = _london_day(date_from, "from"), _london_day(date_to, "to")
    if until is not None:
        until += timedelta(days=1)  # the whole last day
    events = audit.read(store, limit=PAGE_SIZE + 1, before_id=_before_id(before), action=action or None,
                        user_name=user_name or None, since=_utc(since), until=_utc(until))
    older = events[PAGE_SIZE - 1].id if len(events) > PAGE_SIZE else None
    filters = {"user_name": user_name, "action": action, "date_from": date_from, "date_to": date_to}
    older_url = "/audit?" + urlencode({**{k: v for k, v in filters.items() if v}, "before": older}) if older else None
    names, actions = _choices(store)
    return render(request, "audit.html", user=user, events=events[:PAGE_SIZE], older_url=older_url, filters=filters,
                  names=names, actions=actions, label=lambda code: ACTION_LABELS.get(code, code.replace("_", " ").capitalize()),
                  london=lambda at: at.replace(tzinfo=timezone.utc).astimezone(LONDON))


def _choices(store) -> tuple[list[str], list[str]]:
    """The user names and actions the log holds, for the filters' lists."""
    log = tables.audit_log
    with store.engine.connect() as conn:
        names = conn.execute(sa.select(log.c.user_name).where(log.c.user_name.is_not(None)).distinct().order_by(log.c.user_name)).scalars()
        actions = conn.execute(sa.select(log.c.action).distinct().order_by(log.c.action)).scalars()
        return list(names), list(actions)


def _london_day(text: str, which: str) -> datetime | None:
    """The start of a London day given as YYYY-MM-DD, as an aware time; None when not given."""
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise UserError(f"the '{which}' date '{text}' is not a date: expected YYYY-MM-DD, e.g. 2024-01-31") from None
    return datetime.combine(day, time(), LONDON)


def _utc(moment: datetime | None) -> datetime | None:
    """An aware time as the store keeps times: UTC without tzinfo."""
    return None if moment is None else moment.astimezone(timezone.utc).replace(tzinfo=None)


def _before_id(text: str | None) -> int | None:
    if text is None:
        return None
    if not (text.isascii() and text.isdigit() and len(text) <= 19 and 1 <= int(text) <= LARGEST_ID):
        raise UserError(f"'before' must be an entry number from 1 to {LARGEST_ID:,}: follow the page's own Older events link")
    return int(text)
