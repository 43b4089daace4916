"""The web dashboard's application: `create_app` wires the store, sessions, security headers,
error pages and the routes (`web/routes/`).

Privacy (DESIGN.md "Offline and private"): nothing child-level reaches a log. The access log is
our own, one line per request with the method, the route's path template (`/drill/{indicator_id}`,
never the query string or a form value) and the status; an unexpected error is logged with its
type and the code's stack, never its message or any value. Every response says `no-store`, so
no browser or proxy cache keeps a page that lists children.
"""

from __future__ import annotations

import asyncio
import logging
import time
import traceback
from collections.abc import Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import jinja2
from argon2 import PasswordHasher
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from csc_scorecard.config import ScorecardConfig, default_config, read_config
from csc_scorecard.issues import UserError
from csc_scorecard.store import login_attempts
from csc_scorecard.store.db import Store, StoreBusy, open_store
from csc_scorecard.store.users import DEFAULT_HASHER
from csc_scorecard.web import pages
from csc_scorecard.web.cache import StoreCache
from csc_scorecard.web.routes import analysis, audit, auth, extracts, scorecard, seen, signoff, twins, upload
from csc_scorecard.web.forms import BadForm, BodyTooLarge, size_text
from csc_scorecard.web.security import CsrfFailed, Forbidden, LoginRequired, login_url, signed_in_user, store_secret_key
from csc_scorecard.web.upload_progress import UploadProgress

STATIC_FILES = Path(__file__).parent / "static"
SESSION_COOKIE = "scorecard_session"
SESSION_HOURS = 8
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PAGE_PARTS = 1024  # rendered parts and users' comparisons kept: a few pages of every indicator, for each role
PASSWORD_HASHING_SLOTS = 2  # argon2 at once: each takes 64 MiB and a core for about 0.1 s

access_log = logging.getLogger("csc_scorecard.web.access")
error_log = logging.getLogger("csc_scorecard.web.error")

SECURITY_HEADERS = {
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}


@dataclass
class WebSettings:
    """What every route reads from `request.app.state.settings`."""

    store: Store
    config: ScorecardConfig
    la_code: str
    max_upload_bytes: int
    hasher: PasswordHasher
    login_max_failures: int  # for one name from one address
    login_max_client_failures: int  # from one address, for any name
    login_window: timedelta
    failed_login_delay: float  # seconds a failed login waits before answering
    templates: jinja2.Environment
    cache: StoreCache  # months' scorecards and indicator views, until the store changes
    page_parts: StoreCache  # pages' rendered parts and users' comparisons with their last view (web/page_parts.py)
    hashing_slots: asyncio.Semaphore  # bounds the password hashes computed at once
    upload_progress: UploadProgress = field(default_factory=UploadProgress)  # what uploads under way have done


def create_app(
    store_path: Path | str,
    config_path: Path | str | None = None,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    secret_key: str | None = None,
    *,
    secure_cookies: bool = False,
    la_code: str | None = None,
    password_hasher: PasswordHasher | None = None,
    login_max_failures: int = 5,
    login_max_client_failures: int = 20,
    login_window: timedelta = timedelta(minutes=15),
    failed_login_delay: float = 1.0,
    trusted_proxies: Sequence[str] = (),
) -> FastAPI:
    """The dashboard over the store at `store_path` for the config's LA (or `la_code`).

    `secure_cookies` adds the Secure flag (set it whenever the server is reached over HTTPS);
    it is off by default for plain http on the loopback address. `secret_key` defaults to the
    store's own key file. After `login_max_failures` failed logins for one user name from one
    address, or `login_max_client_failures` from one address for any names, within
    `login_window`, logins are refused (429) before any password is hashed, until the window has
    passed. The client address is the connection's peer, or the X-Forwarded-For address when
    the peer is one of `trusted_proxies` (none by default). Upload folders left by a server
    that was stopped mid-upload are removed.
    """
    started = time.time()
    store = open_store(store_path)
    config = read_config(Path(config_path)) if config_path else default_config()
    login_attempts.forget_before(store)
    settings = WebSettings(
        store=store,
        config=config,
        la_code=la_code or config.local_authority.old_la_code,
        max_upload_bytes=max_upload_bytes,
        hasher=password_hasher or DEFAULT_HASHER,
        login_max_failures=login_max_failures,
        login_max_client_failures=login_max_client_failures,
        login_window=login_window,
        failed_login_delay=failed_login_delay,
        templates=pages.environment(),
        cache=StoreCache(store, files=tuple(p for p in (config.own_values_path,) if p is not None)),
        page_parts=StoreCache(store, max_entries=PAGE_PARTS),  # always asked at the version `cache` read
        hashing_slots=asyncio.Semaphore(PASSWORD_HASHING_SLOTS),
    )
    upload.clear_stale_uploads(started, upload.upload_folder_prefix(store.path))

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        store.dispose()

    app = FastAPI(title="csc-scorecard", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.settings = settings
    for module in (auth, twins, scorecard, seen, upload, extracts, analysis, signoff, audit):  # twins first: see routes/twins.py
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_FILES), name="static")  # the pages' own script; nothing from elsewhere
    _add_error_pages(app)
    # the middleware added last is the outermost: errors and the access log wrap the session
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key or store_secret_key(store.path),
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_HOURS * 3600,
        same_site="lax",
        https_only=secure_cookies,
    )
    app.add_middleware(SafeErrorsAndAccessLog)
    if trusted_proxies:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(trusted_proxies))
    return app


def is_twin(request: Request) -> bool:
    """A request for a page's JSON twin (routes/twins.py)."""
    return request.url.path.endswith(".json")


def _error_page(request: Request, status: int, title: str, message: str) -> HTMLResponse:
    return pages.render(request, "error.html", status, user=signed_in_user(request), title=title, message=message)


def _add_error_pages(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, error: LoginRequired):
        if is_twin(request):  # a program reading a JSON twin gets a status, not the login page
            return JSONResponse({"error": "sign in first (POST /login), then send the session cookie"}, status_code=401)
        return RedirectResponse(login_url(error.next_url), status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, error: Forbidden):
        message = (
            f"This page needs the {error.minimum} role. You are signed in as {error.user.name}, "
            f"with the {error.user.role} role. Ask an admin if you need more access."
        )
        if is_twin(request):
            return JSONResponse({"error": message}, status_code=403)
        return pages.render(request, "error.html", 403, user=error.user, title="Not allowed", message=message)

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, error: CsrfFailed):
        message = "The form was not accepted: it had expired or did not come from this site. Go back, reload the page and try again."
        return _error_page(request, 403, "Form not accepted", message)

    @app.exception_handler(BodyTooLarge)
    async def too_large(request: Request, error: BodyTooLarge):
        message = (
            f"The file is larger than the {size_text(error.limit)} limit. Nothing was loaded. Leave out "
            "sheets the scorecard does not need, or ask the administrator to raise the limit (scorecard serve --max-upload-mb)."
        )
        response = _error_page(request, 413, "File too large", message)
        response.headers["connection"] = "close"  # the rest of the body is not read
        return response

    @app.exception_handler(BadForm)
    async def bad_form(request: Request, error: BadForm):
        return _error_page(request, 400, "Form not understood", f"The form could not be read ({error}). Reload the page and try again.")

    @app.exception_handler(UserError)
    async def user_error(request: Request, error: UserError):
        return _error_page(request, 400, "Not possible", str(error))

    @app.exception_handler(StoreBusy)
    async def store_busy(request: Request, error: StoreBusy):  # another writer held the store too long: try again later
        return _error_page(request, 503, "Store busy", str(error))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError):
        return _error_page(request, 400, "Request not understood", "The address has a value this page does not understand.")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        titles = {404: "Page not found", 405: "Not allowed here"}
        title = titles.get(error.status_code, "Request not possible")
        message = error.detail if isinstance(error.detail, str) and error.status_code != 404 else "There is no such page."
        return _error_page(request, error.status_code, title, message)


class SafeErrorsAndAccessLog:
    """Outermost middleware: security headers on every response, one access-log line per
    request (method, route template, status) and a plain 500 page for an unexpected error,
    logged without its message (it might quote a value from an extract)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = {"code": 500, "started": False}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"], status["started"] = message["status"], True
                headers = [(k, v) for k, v in message.get("headers", []) if k.decode().lower() not in SECURITY_HEADERS]
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as error:  # noqa: BLE001  (the last line of defence: log safely, answer 500)
            frames = "".join(  # where, never the source line (a literal) or the message (a value)
                f'  File "{f.filename}", line {f.lineno}, in {f.name}\n' for f in traceback.extract_tb(error.__traceback__)
            )
            error_log.error("unexpected %s in %s %s\n%s", type(error).__name__, scope["method"], _route(scope), frames)
            if not status["started"]:
                page = (
                    "<!doctype html><html lang='en'><title>Error</title><main><h1>Something went wrong</h1>"
                    "<p>The server could not show this page. The error has been logged; try again or tell the administrator.</p>"
                    "<p><a href='/'>Back to the scorecard</a></p></main></html>"
                )
                response = HTMLResponse(page, status_code=500)
                await response(scope, receive, send_with_headers)
        finally:
            access_log.info("%s %s %s", scope["method"], _route(scope), status["code"])


def _route(scope: Scope) -> str:
    """The matched route's path template, never the concrete path or its query string."""
    route = scope.get("route")
    return getattr(route, "path", None) or "(no route)"
