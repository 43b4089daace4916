"""Fixtures for the dashboard tests: an app over a store in tmp_path with a user of each role."""

from __future__ import annotations

import pytest
from web_helpers import CHEAP_HASHER, PASSWORD, USERS, Browser

from csc_scorecard.store.users import add_user, get_user
from csc_scorecard.web.app import create_app


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
