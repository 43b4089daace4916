"""The audit log page (admin): newest events first, a page at a time."""

from __future__ import annotations

from fastapi import APIRouter, Request

from csc_scorecard.store import audit
from csc_scorecard.store.users import User
from csc_scorecard.web.pages import render
from csc_scorecard.web.security import Admin

router = APIRouter()

PAGE_SIZE = 100


@router.get("/audit")
async def audit_page(request: Request, before: int | None = None, user: User = Admin):
    events = audit.read(request.app.state.settings.store, limit=PAGE_SIZE + 1, before_id=before)
    older = events[PAGE_SIZE - 1].id if len(events) > PAGE_SIZE else None
    return render(request, "audit.html", user=user, events=events[:PAGE_SIZE], older=older)
