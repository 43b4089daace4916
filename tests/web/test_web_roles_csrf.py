"""Roles (viewer < analyst < admin) and CSRF: a role too low gets 403; a form without the
session's token gets 403 and changes nothing."""

import pytest
import sqlalchemy as sa
from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook
from web_helpers import Browser

from csc_scorecard.store import tables


def counts(store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in (tables.extracts, tables.analysis_edits, tables.sign_offs)
        }


NOTHING = {"extracts": 0, "analysis_edits": 0, "sign_offs": 0}


@pytest.mark.parametrize("url", ["/drill/referrals_rate?as_at=2023-12-31&column=rolling_12m", "/drill/referrals_rate?as_at=2023-12-31&column=rolling_12m&format=csv", "/upload"])
def test_viewer_gets_403_on_drill_through_and_upload_pages(as_role, url):
    response = as_role("viewer").client.get(url)
    assert response.status_code == 403
    assert "This page needs the analyst role. You are signed in as vera, with the viewer role." in response.text


def test_viewer_gets_403_when_posting_an_upload_and_nothing_is_stored(as_role, store, tmp_path):
    viewer = as_role("viewer")
    workbook = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS, referral()]})
    response = viewer.client.post(
        "/upload",
        data={"csrf_token": viewer.token("/upload"), "as_at": "2023-12-31"},
        files={"file": (workbook.name, workbook.read_bytes())},
    )
    assert response.status_code == 403
    assert counts(store) == NOTHING


@pytest.mark.parametrize("role, url", [("viewer", "/analysis/referrals_rate"), ("viewer", "/signoff/2023-12-31"), ("analyst", "/signoff/2023-12-31"), ("analyst", "/signoff/2023-12-31/reopen")])
def test_a_role_too_low_cannot_post(as_role, store, role, url):
    user = as_role(role)
    response = user.post_form(url, {"as_at": "2023-12-31", "text": "An edit.", "reason": "A reason."})
    assert response.status_code == 403
    assert counts(store) == NOTHING


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_only_admin_reads_the_audit_log(as_role, role):
    assert as_role(role).client.get("/audit").status_code == 403
    assert as_role("admin").client.get("/audit").status_code == 200


POSTS = [
    ("/analysis/referrals_rate", {"as_at": "2023-12-31", "text": "An edit."}),
    ("/signoff/2023-12-31", {}),
    ("/signoff/2023-12-31/reopen", {"reason": "A reason."}),
    ("/logout", {}),
]


@pytest.mark.parametrize("url, data", POSTS)
@pytest.mark.parametrize("token", [None, "", "a-token-made-up-by-another-site"])
def test_a_form_without_its_csrf_token_gets_403_and_changes_nothing(as_role, store, url, data, token):
    admin = as_role("admin")
    form = dict(data) if token is None else {"csrf_token": token, **data}
    response = admin.client.post(url, data=form)
    assert response.status_code == 403
    assert "The form was not accepted: it had expired or did not come from this site." in response.text
    assert counts(store) == NOTHING
    assert admin.client.get("/audit").status_code == 200  # still signed in: the logout was refused too


def test_a_token_of_another_session_is_refused(as_role, store):
    analyst, admin = as_role("analyst"), as_role("admin")
    response = analyst.client.post("/analysis/referrals_rate", data={"csrf_token": admin.token("/audit"), "as_at": "2023-12-31", "text": "x"})
    assert response.status_code == 403
    assert counts(store) == NOTHING


def test_an_upload_without_its_csrf_token_gets_403_and_stores_nothing(as_role, store, tmp_path):
    analyst = as_role("analyst")
    workbook = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS, referral()]})
    response = analyst.client.post("/upload", data={"as_at": "2023-12-31"}, files={"file": (workbook.name, workbook.read_bytes())})
    assert response.status_code == 403
    assert counts(store) == NOTHING


def test_the_login_form_needs_its_token_too(app):
    browser = Browser(app)
    response = browser.client.post("/login", data={"name": "anna", "password": "correct horse battery"})
    assert response.status_code == 403
    assert browser.client.get("/upload").status_code == 303


@pytest.mark.parametrize(
    "before",
    ["99999999999999999999999", "9223372036854775808", "0", "-1", "abc", "1.5", "", "１２"],
)
def test_an_audit_page_number_out_of_range_or_not_a_number_is_400_with_a_message(as_role, before):
    response = as_role("admin").client.get("/audit", params={"before": before})
    assert response.status_code == 400
    assert "&#39;before&#39; must be an entry number from 1 to 9,223,372,036,854,775,807: follow the page&#39;s own Older events link" in response.text


def test_the_largest_audit_page_number_is_accepted(as_role):
    admin = as_role("admin")
    response = admin.client.get("/audit", params={"before": "9223372036854775807"})
    assert response.status_code == 200
    assert "<td>Signed in</td>" in response.text and "<td>testclient</td>" in response.text  # the From column
