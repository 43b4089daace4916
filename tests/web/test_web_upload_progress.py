"""Progress of an upload's check and load (issue 16): the steps the server reports under the
token the page's script sends, to that user only. The workbook holds one list (List 3, two
referrals), so the check reports: the file received, List 3 read with 2 rows, the comparison,
the result; of the 11 Annex A lists + 2 steps, all done once finished."""

from datetime import date

from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook
from web_helpers import Browser, confirm_upload

TOKEN = "0123456789abcdef0123456789abcdef"


def signed_in(app, name: str) -> Browser:
    browser = Browser(app)
    assert browser.login(name).status_code == 303
    return browser


def check_with_token(browser: Browser, path, token=TOKEN):
    data = {"csrf_token": browser.token("/upload"), "as_at": "2023-12-31", "progress": token}
    return browser.client.post("/upload", data=data, files={"file": (path.name, path.read_bytes())})


def workbook(tmp_path):
    return write_workbook(tmp_path / "annex_a_2023-12-31.xlsx",
                          {"List 3": [REFERRAL_HEADERS, referral(), referral("C2", date(2023, 11, 3))]})


def test_the_check_reports_each_step_under_the_token(app, tmp_path):
    analyst = signed_in(app, "anna")
    path = workbook(tmp_path)
    assert analyst.client.get(f"/upload/progress/{TOKEN}.json").status_code == 404  # nothing under way yet
    assert check_with_token(analyst, path).status_code == 200
    status = analyst.client.get(f"/upload/progress/{TOKEN}.json").json()
    size = path.stat().st_size
    received = f"Received annex_a_2023-12-31.xlsx ({size // 1024:,} KB)" if size % 1024 == 0 else \
        f"Received annex_a_2023-12-31.xlsx ({size:,} bytes)"
    assert status == {
        "title": "Checking annex_a_2023-12-31.xlsx",
        "steps": [received, "List 3 (Referrals): 2 rows read", "Comparing with the extract before it",
                  "Checked: 0 errors, 0 warnings"],
        "done": 13, "total": 13, "finished": True,
    }


def test_the_load_reports_each_step_under_its_own_token(app, tmp_path):
    analyst = signed_in(app, "anna")
    checked = check_with_token(analyst, workbook(tmp_path))
    load_token = "fedcba9876543210fedcba9876543210"
    assert confirm_upload_with(analyst, checked.text, load_token).status_code == 200
    status = analyst.client.get(f"/upload/progress/{load_token}.json").json()
    assert status == {
        "title": "Loading annex_a_2023-12-31.xlsx",
        "steps": ["List 3 (Referrals): 2 rows read", "Storing the extract", "Loaded"],
        "done": 12, "total": 12, "finished": True,
    }


def confirm_upload_with(browser: Browser, check_page: str, token: str):
    """Step 2 with the progress token the script adds to the confirm form."""
    original_post = browser.client.post

    def post(url, data=None, **kwargs):
        return original_post(url, data={**(data or {}), "progress": token}, **kwargs)

    browser.client.post = post
    try:
        return confirm_upload(browser.client, check_page)
    finally:
        browser.client.post = original_post


def test_another_user_cannot_read_the_progress(app, tmp_path):
    check_with_token(signed_in(app, "anna"), workbook(tmp_path))
    admin = signed_in(app, "adam")
    assert admin.client.get(f"/upload/progress/{TOKEN}.json").status_code == 404


def test_without_a_well_formed_token_nothing_is_kept(app, tmp_path):
    analyst = signed_in(app, "anna")
    assert check_with_token(analyst, workbook(tmp_path), token="short").status_code == 200
    assert analyst.client.get("/upload/progress/short.json").status_code == 404


def test_the_progress_needs_a_signed_in_analyst(app):
    assert Browser(app).client.get(f"/upload/progress/{TOKEN}.json").status_code == 401
    viewer = signed_in(app, "vera")
    assert viewer.client.get(f"/upload/progress/{TOKEN}.json").status_code == 403
