"""Analysis editing, sign-off and re-open, drill-through auditing, through the pages.

The store holds one small real extract (so months, trends and drill-through rows are real);
the scorecard builder is replaced by a hand-made scorecard (`small_scorecard`, the `builder`
fixture of conftest.py) so that these tests check the dashboard's own rules, not the builder's
figures.
"""

import csv
import io
from datetime import date

from web_helpers import small_scorecard

from csc_scorecard.scorecard import build
from csc_scorecard.store import audit, commentary, signoff

DEC = date(2023, 12, 31)


def edit(browser, text, as_at="2023-12-31"):
    token = browser.token(f"/indicator/referrals_rate?as_at={as_at}")
    return browser.client.post("/analysis/referrals_rate", data={"csrf_token": token, "as_at": as_at, "text": text})


def test_viewer_reads_the_scorecard_and_indicator_without_drill_links_or_edit_form(as_role, builder):
    viewer = as_role("viewer")
    page = viewer.client.get("/scorecard/2023-12-31")
    assert page.status_code == 200
    assert "Sefton: Data as at end of December 2023" in page.text
    indicator = viewer.client.get("/indicator/referrals_rate?as_at=2023-12-31").text
    assert "Definition" in indicator and "/drill/" not in indicator and "<textarea" not in indicator


def test_analyst_edit_is_saved_with_author_and_time_and_its_history_shown(as_role, store, builder):
    analyst = as_role("analyst")
    before = audit.now()
    first = edit(analyst, "Referrals rose after the MASH change.")
    assert first.status_code == 303
    assert first.headers["location"] == "/indicator/referrals_rate?as_at=2023-12-31#analysis"
    edit(analyst, "Referrals rose after the MASH change in October.")
    history = commentary.history(store, "343", DEC, "referrals_rate")
    assert [(e.author, e.text) for e in history] == [
        ("anna", "Referrals rose after the MASH change."), ("anna", "Referrals rose after the MASH change in October.")
    ]
    assert all(before <= e.at <= audit.now() for e in history)
    page = analyst.client.get("/indicator/referrals_rate?as_at=2023-12-31").text
    assert page.index("Referrals rose after the MASH change in October.</p>") < page.index("Referrals rose after the MASH change.</p>")
    assert f"<p>anna, {history[0].at:%d %b %Y %H:%M} UTC</p>" in page


def test_an_edit_of_a_month_without_data_or_of_an_unknown_indicator_is_refused(as_role, store, builder):
    analyst = as_role("analyst")
    assert edit(analyst, "Text.", as_at="2020-01-31").status_code == 404
    response = analyst.client.post("/analysis/no_such_row", data={"csrf_token": analyst.token("/upload"), "as_at": "2023-12-31", "text": "x"})
    assert response.status_code == 404
    assert commentary.current_texts(store, "343", DEC) == {}


def test_sign_off_freezes_the_month_and_the_page_shows_who_and_when(as_role, store, builder):
    admin = as_role("admin")
    response = admin.post_form("/signoff/2023-12-31", {}, page="/scorecard/2023-12-31")
    assert response.status_code == 303
    assert response.headers["location"] == "/scorecard/2023-12-31"
    record = signoff.current(store, "343", DEC)
    assert (record.version, record.signed_by) == (1, "adam")
    assert record.snapshot == dict(small_scorecard(DEC).to_json(), sign_off={"by": "adam", "at": record.signed_at.isoformat(), "version": 1})
    # a later load changes what the builder would say: the signed month does not change
    builder["analysis"] = "Referrals fell."
    calls = builder["calls"]
    page = admin.client.get("/scorecard/2023-12-31").text
    assert f"Signed off by adam on {record.signed_at:%d %b %Y %H:%M} UTC (version 1)." in page
    assert "Referrals rose." in page and "Referrals fell." not in page
    assert builder["calls"] == calls  # shown from the snapshot, not rebuilt
    event = audit.read(store, action="sign_off")[0]
    assert (event.user_name, event.target, event.detail) == ("adam", "343 2023-12-31", "version 1")


def test_edits_and_a_second_sign_off_are_refused_on_a_signed_month(as_role, store, builder):
    admin, analyst = as_role("admin"), as_role("analyst")
    admin.post_form("/signoff/2023-12-31", {}, page="/scorecard/2023-12-31")
    refused = edit(analyst, "Too late.")
    assert refused.status_code == 409
    assert "is signed off (by adam on" in refused.text
    assert "its analysis cannot be changed unless an admin re-opens it" in refused.text
    assert commentary.history(store, "343", DEC, "referrals_rate") == []
    assert "<textarea" not in analyst.client.get("/indicator/referrals_rate?as_at=2023-12-31").text
    again = admin.post_form("/signoff/2023-12-31", {}, page="/scorecard/2023-12-31")
    assert again.status_code == 409
    assert "already signed off (version 1, by adam" in again.text


def test_reopen_is_audited_and_the_month_can_change_and_be_signed_again(as_role, store, builder):
    admin, analyst = as_role("admin"), as_role("analyst")
    admin.post_form("/signoff/2023-12-31", {}, page="/scorecard/2023-12-31")
    assert admin.post_form("/signoff/2023-12-31/reopen", {"reason": " "}, page="/scorecard/2023-12-31").status_code == 400
    response = admin.post_form("/signoff/2023-12-31/reopen", {"reason": "CIN list corrected"}, page="/scorecard/2023-12-31")
    assert response.status_code == 303
    builder["analysis"] = "Referrals fell."
    page = admin.client.get("/scorecard/2023-12-31").text
    assert "Not signed off" in page and "Referrals fell." in page
    assert edit(analyst, "Now it can change.").status_code == 303
    admin.post_form("/signoff/2023-12-31", {}, page="/scorecard/2023-12-31")
    assert signoff.current(store, "343", DEC).version == 2
    log = admin.client.get("/audit").text
    for expected in ("<td>reopen</td><td>343 2023-12-31</td><td>version 1: CIN list corrected</td>",
                     "<td>sign_off</td><td>343 2023-12-31</td><td>version 2</td>"):
        assert expected in log


def test_drill_through_lists_the_children_and_every_view_and_download_is_audited(as_role, store, builder):
    analyst = as_role("analyst")
    page = analyst.client.get("/drill/referrals_rate?as_at=2023-12-31&column=rolling_6m")
    assert page.status_code == 200
    # rolling 6 months to 31 Dec 2023 = 1 Jul - 31 Dec: C2 (3 Nov) only; C1 (2 May) is outside
    assert "<td>C2</td>" in page.text and "<td>C1</td>" not in page.text
    download = analyst.client.get("/drill/referrals_rate?as_at=2023-12-31&column=rolling_6m&format=csv")
    assert download.status_code == 200
    assert download.headers["content-disposition"] == 'attachment; filename="referrals_rate_rolling_6m_2023-12-31.csv"'
    [row] = list(csv.DictReader(io.StringIO(download.text)))
    # plain names; the referral's own row of List 3 (Excel row 3) with its team and worker
    shown = {k: row[k] for k in ("Period end", "Child", "In the numerator", "In the denominator", "Extract",
                                  "Row in the sheet", "Date of referral", "Team", "Worker")}
    assert shown == {"Period end": "2023-12-31", "Child": "C2", "In the numerator": "yes", "In the denominator": "no",
                     "Extract": "1", "Row in the sheet": "3", "Date of referral": "2023-11-03", "Team": "Team A",
                     "Worker": "Worker A"}
    events = [(e.user_name, e.action, e.target, e.detail) for e in reversed(audit.read(store)) if e.action.startswith("drill")]
    assert events == [
        ("anna", "drill_view", "343 2023-12-31 referrals_rate rolling_6m", "1 rows"),
        ("anna", "drill_download", "343 2023-12-31 referrals_rate rolling_6m", "1 rows"),
    ]


def test_drill_through_of_an_unknown_column_is_not_found(as_role, builder):
    response = as_role("analyst").client.get("/drill/referrals_rate?as_at=2023-12-31&column=band")
    assert response.status_code == 404


def test_month_picker_goes_to_a_month_with_data_and_explains_one_without(as_role, builder):
    viewer = as_role("viewer")
    assert viewer.client.get("/scorecard?as_at=2023-12-31").headers["location"] == "/scorecard/2023-12-31"
    missing = viewer.client.get("/scorecard/2020-01-31")
    assert missing.status_code == 404
    assert "There is no data as at 2020-01-31. Choose a month that has data." in missing.text
    # months from the period start (May 2023, the earliest referral's month) to the as-at date
    assert missing.text.count("<option value=") == 8


def test_an_unexpected_error_shows_a_plain_page_and_logs_no_value(as_role, builder, monkeypatch, caplog):
    def broken(*args):
        raise ValueError("child C123 has an impossible date")

    monkeypatch.setattr(build, "build_scorecard", broken)
    with caplog.at_level("INFO", logger="csc_scorecard.web"):
        response = as_role("viewer").client.get("/scorecard/2023-12-31")
    assert response.status_code == 500
    assert "Something went wrong" in response.text and "C123" not in response.text
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "unexpected ValueError in GET /scorecard/{as_at}" in logged
    assert "C123" not in logged
