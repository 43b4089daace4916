"""Upload of an Annex A workbook in two steps (check, then confirm) through the loader: size
limit while streaming, errors shown and nothing stored, the comparison with the extract before,
the confirmations a load needs, a good file loaded, every upload audited."""

import os
import re
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook
from web_helpers import Browser, confirm_upload, csrf_from

from csc_scorecard.scorecard.build import build_scorecard
from csc_scorecard.store.reference import manual_values, own_benchmarks

from csc_scorecard.store import audit, tables
from csc_scorecard.web.routes import upload as upload_route


def stored(store) -> tuple[int, int]:
    """(extracts, List 3 rows) in the store."""
    with store.engine.connect() as conn:
        return (
            conn.execute(sa.select(sa.func.count()).select_from(tables.extracts)).scalar_one(),
            conn.execute(sa.select(sa.func.count()).select_from(tables.list_tables["referrals"])).scalar_one(),
        )


def check(browser: Browser, path, as_at="2023-12-31", name=None, **fields):
    """Step 1: the check page (nothing stored)."""
    data = {"csrf_token": browser.token("/upload"), "as_at": as_at, **fields}
    return browser.client.post("/upload", data=data, files={"file": (name or path.name, path.read_bytes())})


def upload(browser: Browser, path, as_at="2023-12-31", name=None, **fields):
    """Both steps, confirming whatever the check asks (a refused check is returned as it is)."""
    checked = check(browser, path, as_at, name, **fields)
    if 'name="upload"' not in checked.text:
        return checked
    return confirm_upload(browser.client, checked.text)


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
    response = check(as_role("analyst"), bad)
    assert response.status_code == 400
    assert "Not loaded: nothing was stored" in response.text
    assert "1 error(s), 0 warning(s) in 1 kind(s)" in response.text
    assert (
        "<tr><td>error</td><td>List 3</td><td>Number of Referrals in Last 12 Months</td><td>required column missing: "
        "the scorecard&#39;s measures read it</td>\n        <td class=\"num\">1</td><td>1</td></tr>"
    ) in response.text
    assert 'action="/upload/confirm"' not in response.text  # nothing to confirm
    assert stored(store) == (0, 0)
    event = audit.read(store, action="upload")[0]
    assert (event.user_name, event.target, event.detail) == ("anna", "annex_a_2023-12-31.xlsx", "refused as at 2023-12-31: 1 errors, 0 warnings")


def test_a_row_level_error_is_reported_and_the_workbook_loads(as_role, store, tmp_path):
    # an impossible referral date in row 2: the row is stored with the date blank
    path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS, referral(referred="31/02/2023")]})
    analyst = as_role("analyst")
    checked = check(analyst, path)
    assert checked.status_code == 200
    assert "1 error(s), 0 warning(s) in 1 kind(s)" in checked.text
    assert "The rows with an error would be loaded with that cell blank" in checked.text
    assert stored(store) == (0, 0)
    assert confirm_upload(analyst.client, checked.text).status_code == 200
    assert stored(store) == (1, 1)


def test_a_good_workbook_is_checked_then_loaded_with_a_link_to_its_month(as_role, store, tmp_path):
    analyst = as_role("analyst")
    checked = check(analyst, good_workbook(tmp_path), as_at="")  # the date comes from the file name
    assert checked.status_code == 200
    # the earliest referral is 2 May 2023 (referral()'s default), so the period starts 1 May 2023
    assert ("As at <strong>31 Dec 2023</strong>: the data of the scorecard for <strong>December 2023</strong> (a month "
            "with no figures yet). Period start 01 May 2023 (inferred: month of the earliest date in List 3 (Referrals)).") in checked.text
    assert "It is the first extract in the store." in checked.text
    assert '<tr><td class="num">3</td><td>Referrals</td>\n        <td class="num">2</td>' in checked.text
    assert 'name="confirm_' not in checked.text  # the file name's date, a month end, nothing to confirm
    assert stored(store) == (0, 0)

    done = confirm_upload(analyst.client, checked.text)
    assert done.status_code == 200
    assert "annex_a_2023-12-31.xlsx: loaded as the extract at 2023-12-31 (LA 343)" in done.text
    assert '<a href="/scorecard/2023-12-31">Open the scorecard for December 2023</a>' in done.text
    assert "--as-at" not in checked.text + done.text
    assert stored(store) == (1, 2)
    assert [(e.action, e.detail) for e in reversed(audit.read(store))][-2:] == [
        ("upload_check", "checked as at 2023-12-31: 0 errors, 0 warnings"),
        ("upload", "loaded as at 2023-12-31: 0 errors, 0 warnings"),
    ]
    assert analyst.client.get("/").headers["location"] == "/scorecard/2023-12-31"
    # the check is used up: confirming it again stores nothing more
    again = confirm_upload(analyst.client, checked.text)
    assert again.status_code == 400 and "This check is no longer open" in again.text
    assert stored(store) == (1, 2)


def test_the_same_file_again_changes_nothing_and_says_so(as_role, store, tmp_path):
    analyst = as_role("analyst")
    workbook = good_workbook(tmp_path)
    upload(analyst, workbook)
    again = check(analyst, workbook)
    assert again.status_code == 200
    assert "annex_a_2023-12-31.xlsx is already loaded as the extract at 31 December 2023: nothing to do." in again.text
    assert stored(store) == (1, 2)


def test_a_date_other_than_the_file_names_needs_its_own_confirmation(as_role, store, tmp_path):
    """Issue 16: annex_a_2024-01-31.xlsx typed as 13 Jan 2024 was loaded with a green "Loaded"."""
    analyst = as_role("analyst")
    workbook = good_workbook(tmp_path, "annex_a_2024-01-31.xlsx")
    checked = check(analyst, workbook, as_at="2024-01-13")
    assert checked.status_code == 200
    assert "The file name (2024-01-31) says 31 January 2024, but you gave 13 January 2024." in checked.text
    assert ("13 January 2024 is not a month end: the scorecard describes months, so this extract would not make a month "
            "of its own; it would count toward December 2023 and later months&#39; figures.") in checked.text
    assert 'name="confirm_date" value="yes" required' in checked.text
    refused = confirm_upload(analyst.client, checked.text, tick=())
    assert refused.status_code == 400
    assert "Nothing was stored: the check asked you to confirm the as-at date." in refused.text
    assert stored(store) == (0, 0)
    checked = check(analyst, workbook, as_at="2024-01-13")
    done = confirm_upload(analyst.client, checked.text, tick=("confirm_date",))
    assert done.status_code == 200
    assert "loaded as the extract at 2024-01-13" in done.text
    assert '<a href="/scorecard/2023-12-31">Open the scorecard for December 2023</a>' in done.text


def test_the_file_names_month_stands_for_its_last_day(as_role, store, tmp_path):
    analyst = as_role("analyst")
    checked = check(analyst, good_workbook(tmp_path, "Annex_A_2023_Dec.xlsx"), as_at="")
    assert "As at <strong>31 Dec 2023</strong>" in checked.text
    assert 'name="confirm_' not in checked.text


def test_an_upload_needs_an_as_at_date_from_the_form_or_the_name(as_role, store, tmp_path):
    response = check(as_role("analyst"), good_workbook(tmp_path, "annex_a.xlsx"), as_at="")
    assert response.status_code == 400
    assert "Give the extract&#39;s as-at date" in response.text and "The file name annex_a.xlsx has no date in it." in response.text
    assert stored(store) == (0, 0)


@pytest.mark.parametrize(("name", "text", "message"), [
    ("referrals.csv", "Child Unique ID,Date of referral\nC1,01/02/2023\n",
     "referrals.csv: a CSV with headers child unique id, date of referral is not an input this tool reads"),
    ("notes.txt", "not an input",
     "notes.txt is not an Annex A workbook or a CSV input: upload a .ods, .xls, .xlsm, .xlsx or .csv file."),
])
def test_a_file_that_is_no_input_of_the_tool_is_refused(as_role, store, tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text)
    response = check(as_role("analyst"), path)
    assert response.status_code == 400
    assert message in response.text
    assert stored(store) == (0, 0)


def test_a_file_name_with_folders_is_reduced_to_its_own_name(as_role, store, tmp_path):
    response = upload(as_role("analyst"), good_workbook(tmp_path), name="../../etc/annex_a_2023-12-31.xlsx")
    assert response.status_code == 200
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(tables.extracts.c.file_name)).scalar_one() == "annex_a_2023-12-31.xlsx"


def test_cancel_removes_the_checked_file_and_stores_nothing(as_role, store, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    analyst = as_role("analyst")
    checked = check(analyst, good_workbook(tmp_path))
    assert len(list((tmp_path / "tmp").iterdir())) == 1  # the checked file waits for the confirmation
    cancelled = analyst.client.post("/upload/cancel", data={"csrf_token": csrf_from(checked.text)})
    assert "The upload was cancelled: nothing was stored." in cancelled.text
    assert list((tmp_path / "tmp").iterdir()) == []
    assert confirm_upload(analyst.client, checked.text).status_code == 400
    assert stored(store) == (0, 0)


CP_HEADERS = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
              "Child Protection Plan Start Date", "Child Protection Plan End Date", "Number of Previous Child Protection Plans"]


def test_a_workbook_lacking_a_list_of_the_month_it_replaces_asks_to_confirm(as_role, store, tmp_path):
    """Issue 10: the check says why and asks; without the tick nothing is stored; ticked, it loads."""
    analyst = as_role("analyst")
    plan = ["P1", "b) Female", "a) WBRI", date(2015, 3, 1), 8, date(2023, 6, 1), None, 0]
    with_plans = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS, referral()], "List 7": [CP_HEADERS, plan]})
    assert upload(analyst, with_plans).status_code == 200
    (tmp_path / "again").mkdir()
    without = write_workbook(tmp_path / "again" / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS, referral(), referral("C2")]})
    checked = check(analyst, without)
    assert "it has no List 7 (Child protection), which the extract at 2023-12-31 it would replace had" in checked.text
    assert "--partial" not in checked.text
    assert "It replaces the extract at 31 Dec 2023 (annex_a_2023-12-31.xlsx), which is kept as superseded." in checked.text
    assert 'name="confirm_partial" value="yes" required' in checked.text
    assert confirm_upload(analyst.client, checked.text, tick=()).status_code == 400
    assert stored(store) == (1, 1)
    confirmed = confirm_upload(analyst.client, check(analyst, without).text)
    assert confirmed.status_code == 200
    assert "replaced the extract at 2023-12-31" in confirmed.text
    assert stored(store) == (2, 3)  # both extracts kept; the first is superseded


def test_a_list_emptied_against_the_month_before_asks_to_confirm(as_role, store, tmp_path):
    analyst = as_role("analyst")
    november = write_workbook(tmp_path / "annex_a_2023-11-30.xlsx", {"List 3": [REFERRAL_HEADERS, referral(), referral("C2")]})
    assert upload(analyst, november, as_at="2023-11-30").status_code == 200
    empty = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS]})
    checked = check(analyst, empty)
    assert ("List 3 (Referrals): 2 rows in the extract at 2023-11-30, 0 in this workbook (periods from 2023-05-01 and "
            "2023-12-31)") in checked.text
    assert 'name="confirm_accept_drop" value="yes" required' in checked.text
    assert "--accept-drop" not in checked.text
    assert confirm_upload(analyst.client, checked.text).status_code == 200
    assert stored(store) == (2, 2)


def test_the_check_compares_children_and_the_figures_that_would_move(as_role, store, tmp_path):
    """November holds C1 (2 May) and C2 (3 Nov); December's workbook C2, C3 (20 Nov) and C4 (5 Dec):
    2 and 3 children, 1 in both. C3 is a November referral November's extract did not have, so
    November's referrals figure over 6 months (June to November, covered from the period start
    of 1 May) moves; the check's before and after are what the scorecard
    builder shows before and after the load (a second method), and the move is real."""
    analyst = as_role("analyst")
    november = write_workbook(tmp_path / "annex_a_2023-11-30.xlsx",
                              {"List 3": [REFERRAL_HEADERS, referral(), referral("C2", date(2023, 11, 3))]})
    assert upload(analyst, november, as_at="").status_code == 200
    before = _shown(store, date(2023, 11, 30), "referrals_rate")
    december = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [
        REFERRAL_HEADERS, referral("C2", date(2023, 11, 3)), referral("C3", date(2023, 11, 20)), referral("C4", date(2023, 12, 5))]})
    checked = check(analyst, december, as_at="")
    assert "Compared with the extract before it, at 30 Nov 2023 (annex_a_2023-11-30.xlsx)." in checked.text
    cells = re.search(r'<tr><td class="num">3</td><td>Referrals</td>(.*?)</tr>', checked.text, re.S)[1]
    assert re.findall(r'<td class="num">([^<]*)</td>', cells) == ["2", "3", "2", "3", "1"]  # rows, rows, children x 3
    label = "Referrals received (annual rate per 10,000 of children)*"
    moved = re.search(rf"<tr><td>November 2023</td><td>{re.escape(label)}</td><td>6 months</td><td class=\"num\">([^<]*)</td>"
                      r"<td class=\"num\">([^<]*)</td><td class=\"num\">([^<]*)</td></tr>", checked.text)
    assert moved is not None
    assert confirm_upload(analyst.client, checked.text).status_code == 200
    after = _shown(store, date(2023, 11, 30), "referrals_rate")
    assert (moved[1], moved[2]) == (before, after) and before != after
    assert moved[3] == f"{Decimal(after) - Decimal(before):+}"
    assert f"<td>October 2023</td><td>{label}</td>" not in checked.text.replace("&#39;", "'")  # October is as it was


def _shown(store, month: date, indicator_id: str) -> str:
    """The rolling 6 months figure of a row as `scorecard build` shows it."""
    scorecard = build_scorecard(store, month)
    row = next(r for r in scorecard.rows if r.id == indicator_id)
    return next(c.display for c in row.cells if c.column == "rolling_6m")


def test_a_refused_upload_is_audited_too_413_and_500(make_app, tmp_path, monkeypatch):
    app = make_app(max_upload_bytes=1000)
    analyst = analyst_of(app)
    assert upload(analyst, good_workbook(tmp_path)).status_code == 413
    app.state.settings.max_upload_bytes = 20 * 1024 * 1024

    def broken_loader(*args, **kwargs):  # a fault of ours while the upload is handled
        raise RuntimeError("a bug")

    monkeypatch.setattr(upload_route, "preview_in_worker", broken_loader)
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


SAMPLES = Path(__file__).parents[1] / "data" / "annex_a_samples"


def test_real_workbooks_of_every_list_are_compared(as_role, store, tmp_path):
    """The published samples hold all eleven lists; List 11 (adopters) has no child id, so its
    children are not counted ("-"), the other lists' are."""
    analyst = as_role("analyst")
    december = tmp_path / "liia-tools_Annex_A_sample.xlsx"
    december.write_bytes((SAMPLES / december.name).read_bytes())
    checked = check(analyst, december, as_at="2023-12-31")  # no date in the name: typed
    assert checked.status_code == 200 and 'name="confirm_' not in checked.text
    assert confirm_upload(analyst.client, checked.text).status_code == 200
    january = tmp_path / "liia-tools-pipeline_Annex_A_2024_Jan_sample.xlsx"
    january.write_bytes((SAMPLES / january.name).read_bytes())
    checked = check(analyst, january, as_at="")
    assert checked.status_code == 200
    assert "As at <strong>31 Jan 2024</strong>" in checked.text  # "2024_Jan" in the name: the month's end
    listed = re.findall(r'<tr><td class="num">(\d+)</td><td>[^<]+</td>(.*?)</tr>', checked.text, re.S)
    assert [number for number, _ in listed] == [str(n) for n in range(1, 12)]
    adopters = re.findall(r'<td class="num">([^<]*)</td>', listed[-1][1])
    assert adopters[2:] == ["-", "-", "-"]
    assert all(re.findall(r'<td class="num">([^<]*)</td>', cells)[2:] != ["-", "-", "-"] for _, cells in listed[:-1])


def test_a_manual_values_csv_is_stored_like_the_command_line(as_role, store, tmp_path):
    """Issue 16: manual.csv was refused ("not an Annex A workbook")."""
    manual = tmp_path / "manual.csv"
    manual.write_text("indicator_id,period_end,value\nagency_sw_pct,2023-12-31,18\nunregulated_placements,2023-12-31,3\n")
    response = check(as_role("analyst"), manual, as_at="")
    assert response.status_code == 200
    assert "manual.csv (manual indicator values (CSV)): loaded 2 manual indicator values for LA 343." in response.text
    values = manual_values(store, "343").sort("indicator_id")
    assert values.select("indicator_id", "value").rows() == [("agency_sw_pct", 18.0), ("unregulated_placements", 3.0)]
    event = audit.read(store, action="upload")[0]
    assert (event.target, event.detail) == ("manual.csv", "manual indicator values (CSV): loaded 2 manual indicator values for LA 343")


def test_own_benchmark_values_are_stored_like_the_command_line(as_role, store, tmp_path):
    own = tmp_path / "own.csv"
    own.write_text("indicator_id,year,area,value\nassessments_rate,2023,la,919\nassessments_rate,2023,england,556.5\n"
                   "cla_ceased_16plus_to18_pct,2023,region,c\n")
    response = check(as_role("analyst"), own, as_at="")
    assert response.status_code == 200
    loaded = "loaded 3 own benchmark values for LA 343, replacing any stored for the same measure and year"
    assert f"own.csv (own benchmark values (CSV)): {loaded}." in response.text
    stored = own_benchmarks(store, "343").sort("indicator_id", "area")
    assert stored.select("indicator_id", "year", "area", "value", "symbol", "file_name").rows() == [
        ("assessments_rate", 2023, "england", "556.5", None, "own.csv"),
        ("assessments_rate", 2023, "la", "919", None, "own.csv"),
        ("cla_ceased_16plus_to18_pct", 2023, "region", None, "c", "own.csv"),
    ]
    event = audit.read(store, action="upload")[0]
    assert (event.target, event.detail) == ("own.csv", f"own benchmark values (CSV): {loaded}")


def test_a_bad_own_benchmarks_file_stores_nothing_and_names_row_and_column(as_role, store, tmp_path):
    own = tmp_path / "own.csv"
    own.write_text("indicator_id,year,area,value\nassessments_rate,2023,la,919\nassessments_rate,2023,sn,lots\n")
    response = check(as_role("analyst"), own, as_at="")
    assert response.status_code == 400
    message = "own.csv, row 3, column &#39;value&#39;: &#39;lots&#39; is not a number or a published symbol (c, x, z, ...)"
    assert message in response.text
    assert own_benchmarks(store, "343").is_empty()
    event = audit.read(store, action="upload")[0]
    assert event.detail.startswith("refused: own.csv, row 3, column 'value'")


def test_the_indicator_page_names_the_source_of_own_values(as_role, store, tmp_path):
    path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS, referral()]})
    upload(as_role("analyst"), path)
    own = tmp_path / "own.csv"
    own.write_text("indicator_id,year,area,value\nassessments_rate,2023,sn,667\nassessments_rate,2023,england,556.5\n")
    viewer = as_role("viewer")
    before = viewer.client.get("/indicator/assessments_rate?as_at=2023-12-31").text
    assert "<caption>Reference lines</caption>" in before  # DfE publishes no C2 table we ship: the target only
    assert check(as_role("analyst"), own, as_at="").status_code == 200
    page = viewer.client.get("/indicator/assessments_rate?as_at=2023-12-31").text  # the page cache sees the load
    day = own_benchmarks(store, "343")["dated"][0]
    assert f"<caption>Reference lines (the published figures are own values: own.csv, loaded {day.day} {day:%b %Y})</caption>" in page
    lines = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="num">([^<]+)</td></tr>', page)
    assert lines == [("Target", "730"), ("England 2022-23", "557"), ("Statistical neighbours 2022-23", "667")]
