"""The audit log page (admin): newest events first, a page at a time.

`before` (the id the next page starts below) comes from the page's own link; any other value
(not a whole number, or outside 1 to the largest id the database can hold) is answered with 400
and a message, never an error page.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from csc_scorecard.issues import UserError
from csc_scorecard.store import audit
from csc_scorecard.store.users import User
from csc_scorecard.web.pages import render
from csc_scorecard.web.security import Admin

router = APIRouter()

PAGE_SIZE = 100
LARGEST_ID = 2**63 - 1  # SQLite's (and PostgreSQL's bigint) largest integer


@router.get("/audit")
async def audit_page(request: Request, before: str | None = None, user: User = Admin):
    events = audit.read(request.app.state.settings.store, limit=PAGE_SIZE + 1, before_id=_before_id(before))
    older = events[PAGE_SIZE - 1].id if len(events) > PAGE_SIZE else None
    return render(request, "audit.html", user=user, events=events[:PAGE_SIZE], older=older)


def _before_id(text: str | None) -> int | None:
    if text is None:
        return None
    if not (text.isascii() and text.isdigit() and len(text) <= 19 and 1 <= int(text) <= LARGEST_ID):
        raise UserError(f"'before' must be an entry number from 1 to {LARGEST_ID:,}: follow the page's own Older events link")
    return int(text)
