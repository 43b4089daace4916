"""Login for every page but the login page, failed logins slowed, session cookie flags, logs
without query strings."""

import logging
import os
import stat
from datetime import timedelta

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from csc_scorecard.store import audit, login_attempts, tables
from csc_scorecard.store.audit import now
from web_helpers import PASSWORD, Browser

PROTECTED_GETS = [
    "/",
    "/scorecard/2023-12-31",
    "/scorecard?as_at=2023-12-31",
    "/indicator/referrals_rate?as_at=2023-12-31",
    "/drill/referrals_rate?as_at=2023-12-31&column=rolling_12m",
    "/drill/referrals_rate?as_at=2023-12-31&column=rolling_12m&format=csv",
    "/upload",
    "/audit",
]
PROTECTED_POSTS = ["/upload", "/analysis/referrals_rate", "/signoff/2023-12-31", "/signoff/2023-12-31/reopen"]


@pytest.mark.parametrize("url", PROTECTED_GETS)
def test_anonymous_page_request_goes_to_login_and_comes_back_after(browser, url):
    response = browser.client.get(url)
    assert response.status_code == 303
    if url == "/":
        assert response.headers["location"] == "/login"
    else:
        path, _, query = url.partition("?")
        expected = "/login?next=" + path + ("%3F" + query.replace("=", "%3D").replace("&", "%26") if query else "")
        assert response.headers["location"] == expected


@pytest.mark.parametrize("url", PROTECTED_POSTS)
def test_anonymous_post_goes_to_login_and_changes_nothing(browser, store, url):
    response = browser.client.post(url, data={"as_at": "2023-12-31", "text": "x", "reason": "y"})
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(tables.analysis_edits)).scalar_one() == 0
        assert conn.execute(sa.select(sa.func.count()).select_from(tables.sign_offs)).scalar_one() == 0


def test_login_page_itself_is_open(browser):
    response = browser.client.get("/login")
    assert response.status_code == 200
    assert '<label for="name">User name</label>' in response.text
    assert '<label for="password">Password</label>' in response.text


def test_login_with_the_right_password_starts_a_session_and_goes_to_next(browser, store):
    response = browser.login("anna", next_url="/upload")
    assert response.status_code == 303
    assert response.headers["location"] == "/upload"
    assert browser.client.get("/upload").status_code == 200
    events = [e for e in audit.read(store) if e.action != "user_add"]
    assert [(e.user_name, e.action, e.client) for e in events] == [("anna", "login", "testclient")]


def test_user_names_are_matched_without_regard_to_case(browser):
    assert browser.login("  Anna ").status_code == 303
    assert browser.client.get("/upload").status_code == 200


@pytest.mark.parametrize("name, password", [("anna", "not the password"), ("nobody", PASSWORD), ("anna", "")])
def test_failed_login_is_refused_with_one_message_and_no_session(browser, store, name, password):
    response = browser.login(name, password)
    assert response.status_code == 401
    assert "The user name or password is not right." in response.text
    assert browser.client.get("/upload").status_code == 303
    assert [(e.action, e.client) for e in audit.read(store) if e.action != "user_add"] == [("login_failed", "testclient")]


def test_login_never_redirects_to_another_site(browser):
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        fresh = Browser(browser.app)
        response = fresh.login("anna", next_url=target)
        assert response.headers["location"] == "/"


def test_repeated_failures_for_a_name_from_one_address_are_refused_with_429_even_with_the_right_password(make_app):
    app = make_app(login_max_failures=3)
    browser = Browser(app)
    for _ in range(3):
        assert browser.login("anna", "wrong password!").status_code == 401
    refused = browser.login("anna", PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed sign-in attempts for this user name from this computer. Wait 15 minutes" in refused.text
    assert browser.client.get("/upload").status_code == 303
    actions = [e.action for e in reversed(audit.read(app.state.settings.store)) if e.action != "user_add"]
    assert actions == ["login_failed"] * 3 + ["login_refused"]


def test_failing_on_purpose_from_one_computer_does_not_lock_the_name_elsewhere_nor_other_names(make_app):
    app = make_app(login_max_failures=3)
    attacker = Browser(app, client=("10.0.0.66", 50000))
    for _ in range(5):
        attacker.login("anna", "wrong password!")
    assert attacker.login("anna").status_code == 429
    # anna at her own computer signs in at once; the attacker's address may still try other names
    assert Browser(app, client=("10.0.0.7", 50000)).login("anna").status_code == 303
    assert attacker.login("adam").status_code == 303


def test_one_address_failing_for_many_names_is_refused_before_any_password_is_hashed(make_app):
    app = make_app(login_max_client_failures=4)
    browser = Browser(app)
    assert Browser(app).login("anna").status_code == 303  # anna has signed in from here before
    for name in ("u1", "u2", "u3", "u4"):
        assert browser.login(name, "wrong password!").status_code == 401
    hashed = []

    class CountingHasher(PasswordHasher):
        def verify(self, password_hash, password):
            hashed.append(password)
            return super().verify(password_hash, password)

    app.state.settings.hasher = CountingHasher(time_cost=1, memory_cost=8, parallelism=1)
    refused = browser.login("adam")
    assert refused.status_code == 429
    assert "Too many failed sign-in attempts for this computer. Wait 15 minutes" in refused.text
    assert hashed == []
    assert [e.detail for e in audit.read(app.state.settings.store, action="login_refused")] == ["too many failed logins for this computer"]
    # a flood from a shared address does not lock out a name known there
    assert Browser(app).login("anna").status_code == 303


def test_failures_older_than_the_window_no_longer_count(make_app):
    app = make_app(login_max_failures=3, login_window=timedelta(minutes=15))
    store = app.state.settings.store
    twenty_minutes_ago = now() - timedelta(minutes=20)
    with store.engine.begin() as conn:
        conn.execute(
            tables.login_attempts.insert(),
            [{"at": twenty_minutes_ago, "user_name": "anna", "client": "testclient", "succeeded": False}] * 5,
        )
    assert Browser(app).login("anna").status_code == 303


def test_a_success_starts_the_count_again(make_app):
    app = make_app(login_max_failures=3)
    browser = Browser(app)
    for _ in range(2):
        assert browser.login("anna", "wrong password!").status_code == 401
    assert browser.login("anna").status_code == 303
    other = Browser(app)
    for _ in range(2):
        assert other.login("anna", "wrong password!").status_code == 401
    # 2 failures since the success: under the limit of 3
    assert other.login("anna").status_code == 303


def test_session_cookie_is_httponly_samesite_and_not_secure_on_plain_http(browser):
    cookie = browser.client.get("/login").headers["set-cookie"]
    assert cookie.startswith("scorecard_session=")
    flags = [part.strip().lower() for part in cookie.split(";")[1:]]
    assert flags == ["path=/", "max-age=28800", "httponly", "samesite=lax"]


def test_session_cookie_is_secure_when_configured(make_app):
    cookie = Browser(make_app(secure_cookies=True)).client.get("/login").headers["set-cookie"]
    flags = [part.strip().lower() for part in cookie.split(";")[1:]]
    assert flags == ["path=/", "max-age=28800", "httponly", "samesite=lax", "secure"]


def test_login_replaces_the_session_so_a_token_from_before_is_useless(browser):
    before = browser.token("/login")
    browser.login("anna")
    after = browser.token("/upload")
    assert before != after
    response = browser.client.post("/analysis/referrals_rate", data={"csrf_token": before, "as_at": "2023-12-31", "text": "x"})
    assert response.status_code == 403


def test_logout_ends_the_session(as_role, store):
    analyst = as_role("analyst")
    response = analyst.post_form("/logout", {})
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert analyst.client.get("/upload").status_code == 303
    assert [e.action for e in reversed(audit.read(store)) if e.action != "user_add"] == ["login", "logout"]


def test_secret_key_is_generated_once_readable_by_its_owner_only(make_app, tmp_path):
    app = make_app(secret_key=None)
    key_file = tmp_path / "store" / "web-secret.key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    key = key_file.read_text()
    browser = Browser(app)
    assert browser.login("anna").status_code == 303
    # a second app over the same store (a restart) accepts the same session
    again = Browser(make_app(secret_key=None))
    again.client.cookies = browser.client.cookies
    assert again.client.get("/upload").status_code == 200
    assert key_file.read_text() == key


def test_pages_are_never_cached_and_cannot_be_framed(browser):
    headers = browser.client.get("/login").headers
    assert headers["cache-control"] == "no-store"
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"


def test_access_log_has_the_route_template_never_the_query_string(as_role, caplog):
    analyst = as_role("analyst")
    with caplog.at_level(logging.INFO, logger="csc_scorecard.web.access"):
        analyst.client.get("/drill/referrals_rate?as_at=2023-12-31&column=rolling_12m")
        analyst.client.post("/login", data={"name": "anna", "password": "secret words"})
    messages = [r.getMessage() for r in caplog.records if r.name == "csc_scorecard.web.access"]
    # no data loaded: the drill page says there is no such month (404); the login post lacks its token (403)
    assert messages == ["GET /drill/{indicator_id} 404", "POST /login 403"]
    everything = " ".join(r.getMessage() for r in caplog.records)
    assert "2023-12-31" not in everything and "secret words" not in everything


def test_an_admin_unlock_lets_a_locked_out_name_sign_in_at_once(make_app):
    app = make_app(login_max_failures=3)
    browser = Browser(app)
    for _ in range(3):
        browser.login("anna", "wrong password!")
    assert browser.login("anna").status_code == 429
    assert login_attempts.unlock(app.state.settings.store, "anna") == 3
    assert browser.login("anna").status_code == 303
