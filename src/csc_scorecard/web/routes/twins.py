"""The JSON twins of the scorecard and indicator pages: `/scorecard/{as_at}.json` and
`/indicator/{indicator_id}.json?as_at=`, with the pages' login and role checks and their
figures from the same cached views (web/twin_json.py says what each holds). Registered before
the pages' routes, whose `{as_at}` would otherwise take "2023-12-31.json" as a month."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from csc_scorecard.render.json_out import iso_default

from csc_scorecard.store.users import User, role_at_least
from csc_scorecard.web.months import (
    MonthNotAvailable,
    cached_indicator,
    cached_month,
    cached_months,
    configured_ids,
    from_cache,
    parse_month,
)
from csc_scorecard.web.security import Viewer
from csc_scorecard.web.twin_json import indicator_twin, scorecard_twin

router = APIRouter()


class TwinResponse(JSONResponse):
    """JSON as `scorecard build` writes it: UTF-8 as it is, dates in free-form fields as ISO text."""

    def render(self, content) -> bytes:
        return json.dumps(content, ensure_ascii=False, default=iso_default).encode("utf-8")


def _not_found(message: str, months) -> JSONResponse:
    return JSONResponse({"error": message, "months": [m.isoformat() for m in months]}, status_code=404)


def _month_view(settings, version: tuple, only_cached: bool, text: str):
    """(months with data, the month, its view), as the scorecard page finds them."""
    months = cached_months(settings, version, only_cached)
    try:
        month = parse_month(text, months)
    except MonthNotAvailable:
        return months, None, None
    return months, month, cached_month(settings, month, version, only_cached)


@router.get("/scorecard/{as_at}.json")
async def scorecard_twin_json(request: Request, as_at: str, user: User = Viewer):
    settings = request.app.state.settings
    months, month, view = await from_cache(settings, _month_view, as_at)
    if month is None:
        return _not_found(f"no scorecard as at {as_at!r}: choose one of the months with data", months)
    return TwinResponse(scorecard_twin(view, months, role_at_least(user.role, "analyst")))


@router.get("/indicator/{indicator_id}.json")
async def indicator_twin_json(request: Request, indicator_id: str, as_at: str = "", user: User = Viewer):
    settings = request.app.state.settings
    if indicator_id not in configured_ids(settings.config):
        return JSONResponse({"error": f"the scorecard has no indicator {indicator_id!r}"}, status_code=404)
    months, month, view = await from_cache(settings, cached_indicator, as_at, indicator_id)
    if month is None:
        return _not_found(f"no scorecard as at {as_at!r}: choose one of the months with data", months)
    if view is None:
        return JSONResponse({"error": f"the scorecard as at {month.isoformat()} has no indicator {indicator_id!r}"}, status_code=404)
    return TwinResponse(indicator_twin(view, months, role_at_least(user.role, "analyst")))
