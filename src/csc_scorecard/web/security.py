"""Who is asking, and may they: the session's user, role checks, CSRF tokens and the secret key.

- The session is a signed cookie (Starlette's SessionMiddleware: itsdangerous, HttpOnly,
  SameSite=Lax, Secure when configured, expiring 8 hours after login). It holds only the user
  name, the user's session version and the CSRF token; the user is read from the store on
  every request, and a session whose version is no longer the user's is over. Logout, a
  password or role change and a disable move the version on (store/users.py), so they end
  every session of that user at once, a copied cookie included.
- Anonymous requests are sent to the login page (303); a role too low gets a 403 page.
- Every form carries the session's CSRF token in a hidden field; a POST without it, or with
  another one, gets 403. The token is replaced at login, so one set before login is useless.
- The cookie-signing key is generated once into `web-secret.key` in the store directory
  (permissions 0600) unless the app is given one.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import quote

from fastapi import Depends, Request

from csc_scorecard.store.users import User, get_user, role_at_least

SECRET_FILE = "web-secret.key"
CSRF_FIELD = "csrf_token"
SESSION_USER = "user"
SESSION_CSRF = "csrf"
SESSION_VERSION = "version"


class LoginRequired(Exception):
    """No signed-in user: the app answers with a redirect to the login page."""

    def __init__(self, next_url: str | None) -> None:
        super().__init__("login required")
        self.next_url = next_url


class Forbidden(Exception):
    """Signed in, but the role is too low for the page."""

    def __init__(self, user: User, minimum: str) -> None:
        super().__init__(f"{minimum} role required")
        self.user = user
        self.minimum = minimum


class CsrfFailed(Exception):
    """A POST without the session's CSRF token."""


def store_secret_key(store_dir: Path) -> str:
    """The store's cookie-signing key, created on first use (readable by its owner only)."""
    path = store_dir / SECRET_FILE
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created when the session has none."""
    token = request.session.get(SESSION_CSRF)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_CSRF] = token
    return token


def check_csrf(request: Request, submitted: str | None) -> None:
    expected = request.session.get(SESSION_CSRF)
    if not expected or not submitted or not secrets.compare_digest(expected.encode(), submitted.encode()):
        raise CsrfFailed()


def start_session(request: Request, user: User) -> None:
    """A fresh session for a user who has just logged in (no earlier value survives)."""
    request.session.clear()
    request.session[SESSION_USER] = user.name
    request.session[SESSION_VERSION] = user.session_version
    request.session[SESSION_CSRF] = secrets.token_urlsafe(32)


def end_session(request: Request) -> None:
    request.session.clear()


def signed_in_user(request: Request) -> User | None:
    """The session's user when they still exist, are not disabled and the session's version is
    still theirs; else None (and the session is cleared)."""
    name = request.session.get(SESSION_USER)
    if not name:
        return None
    user = get_user(request.app.state.settings.store, name)
    if user is None or user.disabled or request.session.get(SESSION_VERSION) != user.session_version:
        request.session.clear()
        return None
    return user


def client_address(request: Request) -> str:
    """The client's address: the connection's peer, or the address a trusted proxy forwarded
    (`scorecard serve --trusted-proxy`; app.py)."""
    return request.client.host if request.client else "unknown"


def safe_next(url: str | None) -> str:
    """A redirect target after login: only a path of this site, never another host."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return "/"
    return url


def login_url(next_url: str | None) -> str:
    return "/login" if not next_url or next_url == "/" else f"/login?next={quote(next_url, safe='/')}"


def require_role(minimum: str):
    """A dependency: the signed-in user with at least `minimum` role (viewer < analyst < admin).

    It runs on the event loop (one indexed read of the users table, well under a millisecond),
    not in a worker thread: handing every request to a thread and back cost more than the read."""

    async def dependency(request: Request) -> User:
        user = signed_in_user(request)
        if user is None:
            next_url = None
            if request.method == "GET":
                next_url = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise LoginRequired(next_url)
        if not role_at_least(user.role, minimum):
            raise Forbidden(user, minimum)
        return user

    dependency.__name__ = f"require_{minimum}"
    return dependency


Viewer = Depends(require_role("viewer"))
Analyst = Depends(require_role("analyst"))
Admin = Depends(require_role("admin"))
