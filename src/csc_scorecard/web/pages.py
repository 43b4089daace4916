"""Rendering the dashboard's pages: one Jinja2 environment over the web templates and the report
templates (`render/templates`, so pages can include the report's partials, with the report's
helpers from `render.html.configure_environment`), HTML-escaped.

Every page gets the request, the signed-in user and the session's CSRF token (for its forms).
`fragment` renders a part that is the same for every user of a role (the scorecard's tables),
so the app can keep it between requests.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from csc_scorecard.display import format_half_up
from csc_scorecard.render.html import configure_environment
from csc_scorecard.store.users import User, role_at_least
from csc_scorecard.web.security import CSRF_FIELD, csrf_token

WEB_TEMPLATES = Path(__file__).parent / "templates"
REPORT_TEMPLATES = Path(__file__).parents[1] / "render" / "templates"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(WEB_TEMPLATES), jinja2.FileSystemLoader(REPORT_TEMPLATES)]),
        autoescape=jinja2.select_autoescape(("html", "j2")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the package: no file check on every page
    )
    env.filters["month"] = lambda d: f"{d:%B %Y}" if d else ""
    env.filters["day"] = lambda d: f"{d:%d %b %Y}" if d else ""
    env.filters["moment"] = lambda d: f"{d:%d %b %Y %H:%M} UTC" if isinstance(d, datetime) else ""
    env.filters["iso"] = lambda d: d.isoformat() if isinstance(d, date) else ""
    env.filters["count"] = lambda n: "-" if n is None else f"{n:,}"
    env.filters["figure"] = lambda v, places: "-" if v is None else format_half_up(Decimal(repr(v)), places)
    env.filters["text"] = lambda v: "" if v is None else (v.isoformat() if isinstance(v, date) else str(v))
    env.globals["CSRF_FIELD"] = CSRF_FIELD
    env.globals["role_at_least"] = role_at_least
    return configure_environment(env)


def render(request: Request, template: str, status_code: int = 200, user: User | None = None, **context) -> HTMLResponse:
    """The page `template` with `context`; the CSRF token is created for the session if it has none."""
    env: jinja2.Environment = request.app.state.settings.templates
    html = env.get_template(template).render(request=request, user=user, csrf_token=csrf_token(request), **context)
    return HTMLResponse(html, status_code=status_code)


def fragment(env: jinja2.Environment, template: str, **context) -> Markup:
    """A template rendered without the request or user, as safe markup to place in a page."""
    return Markup(env.get_template(template).render(**context))
