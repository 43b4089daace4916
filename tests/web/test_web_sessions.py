"""Sessions end on the server: after logout, a password or role change, a disable or a removal,
the same cookie (or a copy of it) is refused."""

import pytest
from web_helpers import Browser

from csc_scorecard.store import audit
from csc_scorecard.store.users import get_user, remove_user, set_disabled, set_password, set_role


def copy_of(browser: Browser) -> Browser:
    """Another client holding the same session cookie, as someone who copied it would."""
    thief = Browser(browser.app)
    thief.client.cookies = browser.client.cookies
    return thief


def test_a_copied_cookie_stops_working_at_logout(as_role, store):
    analyst = as_role("analyst")
    thief = copy_of(analyst)
    assert thief.client.get("/upload").status_code == 200
    assert analyst.post_form("/logout", {}).status_code == 303
    assert thief.client.get("/upload").status_code == 303
    assert thief.client.get("/upload").headers["location"] == "/login?next=/upload"
    assert get_user(store, "anna").session_version == 1
    [logout] = audit.read(store, action="logout")
    assert (logout.user_name, logout.target, logout.client) == ("anna", "anna", "testclient")


def test_logout_ends_the_users_other_sessions_too(as_role):
    first, second = as_role("analyst"), as_role("analyst")
    first.post_form("/logout", {})
    assert second.client.get("/upload").status_code == 303


@pytest.mark.parametrize(
    "change",
    [
        lambda store: set_password(store, "anna", "kettle drum sparrow"),
        lambda store: set_role(store, "anna", "viewer"),
        lambda store: set_disabled(store, "anna", True),
        lambda store: remove_user(store, "anna"),
    ],
    ids=["password changed", "role changed", "disabled", "removed"],
)
def test_a_change_to_the_user_ends_their_sessions(as_role, store, change):
    analyst = as_role("analyst")
    thief = copy_of(analyst)
    change(store)
    assert analyst.client.get("/upload").status_code == 303
    assert thief.client.get("/upload").status_code == 303


def test_a_new_login_after_a_password_change_works_and_other_users_stay_signed_in(as_role, store):
    analyst, admin = as_role("analyst"), as_role("admin")
    set_password(store, "anna", "kettle drum sparrow")
    assert analyst.login("anna", "kettle drum sparrow").status_code == 303
    assert analyst.client.get("/upload").status_code == 200
    assert admin.client.get("/audit").status_code == 200
