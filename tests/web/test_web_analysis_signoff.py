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
    assert first.headers["location"] == "/indicator/referrals_rate?as_at=2023-12-31&saved=1#analysis"
    assert '<p class="message ok" role="status">Saved.</p>' in analyst.client.get(first.headers["location"]).text
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
    # the typed text is shown back, so it is not lost
    assert '<textarea id="analysis-text" rows="8" readonly>Too late.</textarea>' in refused.text
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
    for expected in ("<td>Month re-opened</td><td>343 2023-12-31</td><td>version 1: CIN list corrected</td>",
                     "<td>Month signed off</td><td>343 2023-12-31</td><td>version 2</td>"):
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
    # the months with an extract of their own: December only (not May to November, which its
    # referrals go back to)
    assert missing.text.count("<option value=") == 1


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


def test_a_blank_save_says_why_and_keeps_the_form(as_role, store, builder):
    analyst = as_role("analyst")
    refused = edit(analyst, "   \n ")
    assert refused.status_code == 400
    assert "The analysis text is empty: write the analysis, or leave the generated text unchanged." in refused.text
    assert 'name="text" rows="6" maxlength="4000" required>' in refused.text  # the form again
    assert commentary.history(store, "343", DEC, "referrals_rate") == []


def test_the_generated_text_can_be_restored_and_the_history_keeps_both(as_role, store, builder):
    analyst = as_role("analyst")
    edit(analyst, "Referrals rose after the MASH change.")
    assert set(commentary.current_texts(store, "343", DEC)) == {"referrals_rate"}
    restored = analyst.post_form("/analysis/referrals_rate", {"as_at": "2023-12-31", "restore": "yes"},
                                 page="/indicator/referrals_rate?as_at=2023-12-31")
    assert restored.headers["location"] == "/indicator/referrals_rate?as_at=2023-12-31&restored=1#analysis"
    assert commentary.current_texts(store, "343", DEC) == {}  # the builder writes the text again
    history = commentary.history(store, "343", DEC, "referrals_rate")
    assert [e.text for e in history] == ["Referrals rose after the MASH change.", ""]
    page = analyst.client.get(restored.headers["location"]).text
    assert "Restored: the generated text is shown again." in page
    assert "<p>(put the generated text back)</p>" in page
    event = audit.read(store, action="analysis_restore")[0]
    assert (event.user_name, event.target, event.detail) == ("anna", "343 2023-12-31 referrals_rate", "generated text restored")


def test_sign_off_first_shows_what_would_be_signed(as_role, store, builder):
    """small_scorecard: one row, its analysis flagged for review ("peak"); the builder's extract."""
    admin = as_role("admin")
    page = admin.client.get("/scorecard/2023-12-31").text
    assert '<form method="get" action="/signoff/2023-12-31">' in page  # the button opens the summary, it does not sign
    summary = admin.client.get("/signoff/2023-12-31")
    assert summary.status_code == 200
    assert "<h1>Sign off December 2023?</h1>" in summary.text
    assert "None: every analysis is the generated text." in summary.text
    assert "<li>Referrals received (annual rate per 10,000 of children)*: peak</li>" in summary.text
    assert "<li>annex_a_2023-12-31.xlsx, as at 2023-12-31</li>" in summary.text
    assert signoff.current(store, "343", DEC) is None  # nothing signed by looking
    assert as_role("analyst").client.get("/signoff/2023-12-31").status_code == 403


def test_versions_and_reopen_reasons_are_shown_and_the_signed_pack_downloads(as_role, store, builder):
    admin, viewer = as_role("admin"), as_role("viewer")
    admin.post_form("/signoff/2023-12-31", {}, page="/scorecard/2023-12-31")
    admin.post_form("/signoff/2023-12-31/reopen", {"reason": "CIN list corrected"}, page="/scorecard/2023-12-31")
    admin.post_form("/signoff/2023-12-31", {}, page="/scorecard/2023-12-31")
    first, second = signoff.history(store, "343", DEC)
    page = viewer.client.get("/scorecard/2023-12-31").text
    assert (f"<li>Version 1: signed by adam on {first.signed_at:%d %b %Y %H:%M} UTC; re-opened by adam on "
            f"{first.reopened_at:%d %b %Y %H:%M} UTC: CIN list corrected</li>") in page
    assert f"<li>Version 2: signed by adam on {second.signed_at:%d %b %Y %H:%M} UTC</li>" in page
    for fmt, media in (("xlsx", "spreadsheetml.sheet"), ("docx", "wordprocessingml.document")):
        assert f'<a href="/signed/2023-12-31/scorecard.{fmt}" download>' in page
        response = viewer.client.get(f"/signed/2023-12-31/scorecard.{fmt}")
        assert response.status_code == 200 and response.headers["content-type"].endswith(media)
        assert response.headers["content-disposition"] == f'attachment; filename="scorecard_2023-12-31_v2.{fmt}"'
        assert response.content[:2] == b"PK"  # an Office file is a zip
    assert viewer.client.get("/signed/2023-12-31/scorecard.html").status_code == 404
    assert [e.detail for e in reversed(audit.read(store, action="signed_download"))] == ["version 2 xlsx", "version 2 docx"]


def test_an_open_month_has_no_signed_pack(as_role, builder):
    assert as_role("viewer").client.get("/signed/2023-12-31/scorecard.xlsx").status_code == 404
