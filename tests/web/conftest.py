"""Fixtures for the dashboard tests: an app over a store in tmp_path with a user of each role,
and a store with a few referrals whose scorecard builder is replaced by a hand-made one. Every
dashboard test runs on SQLite and on PostgreSQL (tests/conftest.py, `store_database`), except
the browser tests, which serve a copy of the session's synthetic SQLite store."""

from __future__ import annotations

from datetime import date

import pytest
from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook
from web_helpers import CHEAP_HASHER, PASSWORD, USERS, Browser, small_scorecard

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.store.extracts import load_annex_a
from csc_scorecard.store.users import add_user, get_user
from csc_scorecard.scorecard import build
from csc_scorecard.web.app import create_app

DEC = date(2023, 12, 31)


@pytest.fixture(autouse=True)
def _on_each_database(store_database):
    return store_database


@pytest.fixture
def make_app(tmp_path):
    def make(**options):
        options.setdefault("password_hasher", CHEAP_HASHER)
        options.setdefault("failed_login_delay", 0)
        options.setdefault("secret_key", "a test key that is long enough to sign sessions")
        app = create_app(tmp_path / "store", **options)
        for name, role in USERS.items():
            if get_user(app.state.settings.store, name) is None:
                add_user(app.state.settings.store, name, PASSWORD, role, CHEAP_HASHER)
        return app

    return make


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def store(app):
    return app.state.settings.store


@pytest.fixture
def browser(app):
    return Browser(app)


@pytest.fixture
def as_role(app):
    """A logged-in Browser for the user of `role`."""

    def login(role: str) -> Browser:
        name = next(n for n, r in USERS.items() if r == role)
        browser = Browser(app)
        response = browser.login(name)
        assert response.status_code == 303, response.text
        return browser

    return login


@pytest.fixture
def make_builder(store, tmp_path, monkeypatch):
    """Load one extract as at 31 Dec 2023 with the given referrals (and period start), and
    replace the scorecard builder by `small_scorecard`, whose analysis text the test can change
    (as a later load would change the figures). Returns the builder's state: its text and how
    many times it was called."""

    def make(referrals: list[list], period_start: date | None = None) -> dict:
        path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS, *referrals]})
        assert load_annex_a(store, read_annex_a(path, DEC), DEC, "343", period_start).status == "loaded"
        state = {"analysis": "Referrals rose.", "calls": 0}

        def build_scorecard(store_, as_at, config=None, la_code=None, publication=False, edits=None):
            state["calls"] += 1
            return small_scorecard(as_at, analysis=state["analysis"])

        monkeypatch.setattr(build, "build_scorecard", build_scorecard)
        return state

    return make


@pytest.fixture
def builder(make_builder):
    """Referrals of C1 (2 May 2023) and C2 (3 Nov 2023): the period starts 1 May 2023 (inferred)."""
    return make_builder([referral(), referral("C2", date(2023, 11, 3))])


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium (headless) for a module's browser tests; each test opens its own context."""
    from browser_helpers import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live(synthetic_store, tmp_path):
    """The real app served on 127.0.0.1 over a copy of the synthetic store (browser_helpers.live_app)."""
    from browser_helpers import live_app

    with live_app(synthetic_store, tmp_path) as served_app:
        yield served_app


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def open_page(chromium):
    """`open_page(width=1366, height=768)`: a new page in a context of its own with that viewport."""
    contexts = []

    def make(width: int = 1366, height: int = 768):
        context = chromium.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(60_000)
        return page

    yield make
    for context in contexts:
        context.close()
