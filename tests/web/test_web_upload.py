"""Upload of an Annex A workbook through the loader: size limit while streaming, errors shown
and nothing stored, a good file loaded, every upload audited."""

import os
import tempfile
import time
from datetime import date

import sqlalchemy as sa
from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook
from web_helpers import Browser

from csc_scorecard.store import audit, tables
from csc_scorecard.web.routes import upload as upload_route


def stored(store) -> tuple[int, int]:
    """(extracts, List 3 rows) in the store."""
    with store.engine.connect() as conn:
        return (
            conn.execute(sa.select(sa.func.count()).select_from(tables.extracts)).scalar_one(),
            conn.execute(sa.select(sa.func.count()).select_from(tables.list_tables["referrals"])).scalar_one(),
        )


def upload(browser: Browser, path, as_at="2023-12-31", name=None, **fields):
    data = {"csrf_token": browser.token("/upload"), "as_at": as_at, **fields}
    return browser.client.post("/upload", data=data, files={"file": (name or path.name, path.read_bytes())})


def good_workbook(tmp_path, name="annex_a_2023-12-31.xlsx"):
    return write_workbook(tmp_path / name, {"List 3": [REFERRAL_HEADERS, referral(), referral("C2", date(2023, 11, 3))]})


def analyst_of(app) -> Browser:
    browser = Browser(app)
    assert browser.login("anna").status_code == 303
    return browser


def test_upload_over_the_limit_is_refused_with_a_clear_message_and_nothing_stored(make_app, tmp_path):
    app = make_app(max_upload_bytes=1000)
    workbook = good_workbook(tmp_path)
    assert workbook.stat().st_size > 1000  # an xlsx is a zip of several parts: a few KB at least
    response = upload(analyst_of(app), workbook)
    assert response.status_code == 413
    assert "The file is larger than the 1,000 bytes limit. Nothing was loaded." in response.text
    assert stored(app.state.settings.store) == (0, 0)


def test_the_default_limit_is_20_mb_and_said_on_the_form(as_role):
    page = as_role("analyst").client.get("/upload").text
    assert "at most 20 MB" in page


def test_a_body_sent_without_a_length_is_cut_off_once_past_the_limit(make_app):
    """A chunked request declares no size: the stream is counted and refused as it passes the limit."""
    app = make_app(max_upload_bytes=1000)
    analyst = analyst_of(app)
    token = analyst.token("/upload")
    boundary = "b0undary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="as_at"\r\n\r\n2023-12-31\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.xlsx"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()

    def body():  # a generator: sent chunked, with no Content-Length
        yield head
        for _ in range(64):  # 64 x 4 KiB = 256 KiB, far past 1,000 bytes plus the 64 KiB allowance for the form
            yield b"x" * 4096
        yield f"\r\n--{boundary}--\r\n".encode()

    response = analyst.client.post("/upload", content=body(), headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 413
    assert "The file is larger than the 1,000 bytes limit" in response.text
    assert stored(app.state.settings.store) == (0, 0)


def test_a_bad_workbook_shows_its_errors_and_stores_nothing(as_role, store, tmp_path):
    headers = REFERRAL_HEADERS[:8] + REFERRAL_HEADERS[9:]  # no "Number of Referrals in Last 12 Months"
    row = referral()
    bad = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [headers, row[:8] + row[9:]]})
    response = upload(as_role("analyst"), bad)
    assert response.status_code == 400
    assert "Not loaded: nothing was stored" in response.text
    assert "1 error(s), 0 warning(s)." in response.text
    assert (
        "<tr><td>error</td><td>List 3</td><td class=\"num\">1</td><td>Number of Referrals in Last 12 Months</td>\n"
        "        <td>required column missing: the scorecard&#39;s measures read it</td>"
    ) in response.text
    assert stored(store) == (0, 0)
    event = audit.read(store, action="upload")[0]
    assert (event.user_name, event.target, event.detail) == ("anna", "annex_a_2023-12-31.xlsx", "refused as at 2023-12-31: 1 errors, 0 warnings")


def test_a_row_level_error_is_reported_and_the_workbook_loads(as_role, store, tmp_path):
    # an impossible referral date in row 2: the row is stored with the date blank
    path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS, referral(referred="31/02/2023")]})
    response = upload(as_role("analyst"), path)
    assert response.status_code == 200
    assert "1 error(s), 0 warning(s). The rows with an error were loaded with that cell blank" in response.text
    assert stored(store) == (1, 1)


def test_a_good_workbook_loads_through_the_same_loader_as_the_command_line(as_role, store, tmp_path):
    analyst = as_role("analyst")
    response = upload(analyst, good_workbook(tmp_path))
    assert response.status_code == 200
    assert "annex_a_2023-12-31.xlsx: loaded as the extract at 2023-12-31 (LA 343)" in response.text
    # the earliest referral is 2 May 2023 (referral()'s default), so the period starts 1 May 2023
    assert "Period start 01 May 2023 (inferred: month of the earliest date in List 3 (Referrals))." in response.text
    assert '<tr><td class="num">3</td><td>Referrals</td><td class="num">2</td></tr>' in response.text
    assert stored(store) == (1, 2)
    event = audit.read(store, action="upload")[0]
    assert (event.user_name, event.detail) == ("anna", "loaded as at 2023-12-31: 0 errors, 0 warnings")
    # the dashboard now opens on that month
    assert analyst.client.get("/").headers["location"] == "/scorecard/2023-12-31"


def test_the_same_file_again_changes_nothing_and_says_so(as_role, store, tmp_path):
    analyst = as_role("analyst")
    workbook = good_workbook(tmp_path)
    upload(analyst, workbook)
    again = upload(analyst, workbook)
    assert again.status_code == 200
    assert "already loaded as the extract at 2023-12-31; nothing to do" in again.text
    assert stored(store) == (1, 2)


def test_the_form_date_wins_over_the_file_name_with_a_note(as_role, store, tmp_path):
    response = upload(as_role("analyst"), good_workbook(tmp_path), as_at="2023-11-30")
    assert response.status_code == 200
    assert "loaded as the extract at 2023-11-30" in response.text
    assert "Note: the file name says 2023-12-31 but --as-at 2023-11-30 was given: using 2023-11-30" in response.text


def test_an_upload_needs_its_as_at_date(as_role, store, tmp_path):
    response = upload(as_role("analyst"), good_workbook(tmp_path), as_at="")
    assert response.status_code == 400
    assert "Give the extract&#39;s as-at date" in response.text
    assert stored(store) == (0, 0)


def test_a_file_that_is_not_a_workbook_is_refused(as_role, store, tmp_path):
    text = tmp_path / "referrals.csv"
    text.write_text("Child Unique ID,Date of referral\nC1,01/02/2023\n")
    response = upload(as_role("analyst"), text)
    assert response.status_code == 400
    assert "referrals.csv is not an Annex A workbook: upload a .ods, .xls, .xlsm, .xlsx file." in response.text
    assert stored(store) == (0, 0)


def test_a_file_name_with_folders_is_reduced_to_its_own_name(as_role, store, tmp_path):
    response = upload(as_role("analyst"), good_workbook(tmp_path), name="../../etc/annex_a_2023-12-31.xlsx")
    assert response.status_code == 200
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(tables.extracts.c.file_name)).scalar_one() == "annex_a_2023-12-31.xlsx"


CP_HEADERS = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
              "Child Protection Plan Start Date", "Child Protection Plan End Date", "Number of Previous Child Protection Plans"]


def test_a_workbook_lacking_a_list_of_the_month_it_replaces_asks_to_confirm(as_role, store, tmp_path):
    """Issue 10: refused, nothing stored, the page says how to confirm; ticked, it loads."""
    analyst = as_role("analyst")
    plan = ["P1", "b) Female", "a) WBRI", date(2015, 3, 1), 8, date(2023, 6, 1), None, 0]
    with_plans = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS, referral()], "List 7": [CP_HEADERS, plan]})
    assert upload(analyst, with_plans).status_code == 200
    (tmp_path / "again").mkdir()
    without = write_workbook(tmp_path / "again" / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS, referral(), referral("C2")]})
    refused = upload(analyst, without)
    assert refused.status_code == 400
    assert "Not loaded: nothing was stored" in refused.text
    assert "it has no List 7 (Child protection), which the extract at 2023-12-31 it would replace had" in refused.text
    assert "tick\n  \"It is partial on purpose\" and upload it" in refused.text
    assert stored(store) == (1, 1)
    confirmed = upload(analyst, without, partial="yes")
    assert confirmed.status_code == 200
    assert "replaced the extract at 2023-12-31" in confirmed.text
    assert stored(store) == (2, 3)  # both extracts kept; the first is superseded


def test_a_list_emptied_against_the_month_before_asks_to_confirm(as_role, store, tmp_path):
    analyst = as_role("analyst")
    november = write_workbook(tmp_path / "annex_a_2023-11-30.xlsx", {"List 3": [REFERRAL_HEADERS, referral(), referral("C2")]})
    assert upload(analyst, november, as_at="2023-11-30").status_code == 200
    empty = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS]})
    refused = upload(analyst, empty)
    assert refused.status_code == 400
    assert ("List 3 (Referrals): 2 rows in the extract at 2023-11-30, 0 in this workbook (periods from 2023-05-01 and "
            "2023-12-31)") in refused.text
    assert "\"The fall in rows is real\" and upload it" in refused.text
    assert upload(analyst, empty, accept_drop="yes").status_code == 200
    assert stored(store) == (2, 2)


def test_a_refused_upload_is_audited_too_413_and_500(make_app, tmp_path, monkeypatch):
    app = make_app(max_upload_bytes=1000)
    analyst = analyst_of(app)
    assert upload(analyst, good_workbook(tmp_path)).status_code == 413
    app.state.settings.max_upload_bytes = 20 * 1024 * 1024

    def broken_loader(*args, **kwargs):  # a fault of ours while the upload is handled
        raise RuntimeError("a bug")

    monkeypatch.setattr(upload_route, "load_in_worker", broken_loader)
    assert upload(analyst, good_workbook(tmp_path)).status_code == 500
    events = [(e.user_name, e.target, e.detail, e.client) for e in reversed(audit.read(app.state.settings.store, action="upload"))]
    assert events == [
        ("anna", None, "refused: larger than 1,000 bytes (413)", "testclient"),
        ("anna", None, "refused: server error: RuntimeError (500)", "testclient"),
    ]


def test_upload_folders_left_by_a_stopped_server_are_removed_at_start(make_app, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    prefix = upload_route.upload_folder_prefix(tmp_path / "store")  # the store of make_app
    assert prefix.startswith("scorecard-upload-") and len(prefix) == len("scorecard-upload-12345678-")
    stale = tmp_path / "tmp" / f"{prefix}abc123"
    stale.mkdir()
    (stale / "annex_a_2023-12-31.xlsx").write_bytes(b"half a workbook")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    kept = ["scorecard-upload-0another-abc123", "someone-else-abc"]  # another store's upload; not an upload
    for name in kept:
        (tmp_path / "tmp" / name).mkdir()
        os.utime(tmp_path / "tmp" / name, (hour_ago, hour_ago))
    if os.getuid() == 0:  # another user's upload folder is theirs to clear: kept
        foreign = tmp_path / "tmp" / f"{prefix}nobody"
        foreign.mkdir()
        os.chown(foreign, 65534, 65534)
        os.utime(foreign, (hour_ago, hour_ago))
        kept.append(foreign.name)
    make_app()
    assert sorted(p.name for p in (tmp_path / "tmp").iterdir()) == sorted(kept)


def test_an_upload_folder_newer_than_the_start_is_kept(tmp_path):
    started = time.time()
    fresh = tmp_path / "scorecard-upload-12345678-new"
    fresh.mkdir()
    os.utime(fresh, (started + 5, started + 5))
    older = tmp_path / "scorecard-upload-12345678-old"
    older.mkdir()
    os.utime(older, (started - 5, started - 5))
    assert upload_route.clear_stale_uploads(started, "scorecard-upload-12345678-", tmp_path) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["scorecard-upload-12345678-new"]
