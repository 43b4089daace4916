"""Helpers of the browser tests: the real app served by uvicorn on 127.0.0.1 in a background
thread, over a copy of the session's synthetic store with a user of each role, and Debian's
Chromium driven by Playwright.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from web_helpers import CHEAP_HASHER, PASSWORD, USERS

from csc_scorecard.store.users import add_user
from csc_scorecard.web.app import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
START_TIMEOUT = 20.0  # seconds: a bound on waiting for the server, never a figure tested
BLOCKING = ("serious", "critical")  # axe impacts a page must not have


@dataclass
class LiveApp:
    url: str  # http://127.0.0.1:PORT
    store_dir: Path
    app: object


@contextmanager
def served(app, **config) -> Iterator[str]:
    """Serve `app` on 127.0.0.1 at a free port until the block ends (`config`: more
    uvicorn.Config options); yields its base URL."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, server_header=False, **config))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(START_TIMEOUT)
        listener.close()


@contextmanager
def live_app(synthetic_store: Path, tmp_path: Path) -> Iterator[LiveApp]:
    """The dashboard over a copy of `synthetic_store` (tests never change the session's store)."""
    store_dir = tmp_path / "store"
    shutil.copytree(synthetic_store, store_dir)
    app = create_app(store_dir, password_hasher=CHEAP_HASHER, failed_login_delay=0,
                     secret_key="a test key that is long enough to sign sessions")
    for name, role in USERS.items():
        add_user(app.state.settings.store, name, PASSWORD, role, CHEAP_HASHER)
    with served(app) as url:
        yield LiveApp(url, store_dir, app)


def sign_in(page, base_url: str, name: str, path: str = "/") -> None:
    """Sign in through the login form, as a person does, starting from `path`."""
    page.goto(base_url + path)
    page.fill("#name", name)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state("load")


@contextmanager
def signed_in_page(chromium, base_url: str, name: str, path: str, width: int, height: int) -> Iterator:
    """A new browser page of `width` x `height` signed in as `name` and showing `path` (checked),
    closed with its context when the block ends."""
    context = chromium.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        sign_in(page, base_url, name, path)
        assert page.url == base_url + path
        yield page
    finally:
        context.close()


def no_blocking_violation(axe, page) -> None:
    """axe-core (bundled, injected: nothing fetched) finds no violation of impact serious or critical."""
    results = axe.run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert blocking == [], results.generate_report()


def submit_upload_step(page, button: str) -> None:
    """Click `button` of an upload form (sent by static/upload.js, not by a navigation) and wait
    until the server's answer has replaced the page."""
    before = page.evaluate_handle("document.documentElement")
    page.click(button)
    page.wait_for_function("before => !before.isConnected", arg=before)
