"""The scorecard and indicator pages are kept between requests (web/page_parts.py): what they show
must still be right after every load, edit, sign-off and re-open, for the user who caused it and
for every other user who had the page before, and a page read again must cost only its few reads.

The store holds one small real extract as at 31 Dec 2023; the scorecard builder is replaced by
`small_scorecard` (referrals rate shown as 641.3 over 12 months) with the figure a test sets and
the analysts' current text, as the real builder takes it (`edits`).
"""

import dataclasses
import re
from datetime import date

import pytest
import sqlalchemy as sa
from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook
from web_helpers import csrf_from, small_scorecard

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.scorecard import build
from csc_scorecard.store import signoff
from csc_scorecard.store.extracts import load_annex_a

DEC = date(2023, 12, 31)
PAGE = "/scorecard/2023-12-31"
INDICATOR = "/indicator/referrals_rate?as_at=2023-12-31"
CHANGED = "Figures revised in December 2023 (1 figure)"
CHANGE_ROW = '<td>rolling 12 months</td>\n        <td class="num"><span class="then">641.3 when you last viewed</span></td>\n        <td class="num">650.0</td>'
SEEN_MARK = '650.0<span class="seen-change"> (was 641.3 when you last viewed the month on '


@pytest.fixture
def figures(store, tmp_path, monkeypatch):
    """One extract loaded; the builder shows `figures["rolling_12m"]` and the current analysis edits."""
    path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [REFERRAL_HEADERS, referral(), referral("C2", date(2023, 11, 3))]})
    assert load_annex_a(store, read_annex_a(path, DEC), DEC, "343").status == "loaded"
    state = {"rolling_12m": "641.3", "builds": 0}

    def build_scorecard(store_, as_at, config=None, la_code=None, publication=False, edits=None):
        state["builds"] += 1
        scorecard = small_scorecard(as_at)
        row = scorecard.sections[0].rows[0]
        cells = tuple(dataclasses.replace(c, display=state["rolling_12m"]) if c.column == "rolling_12m" else c for c in row.cells)
        analysis = (edits or {}).get(row.id, row.analysis)
        section = dataclasses.replace(scorecard.sections[0], rows=(dataclasses.replace(row, cells=cells, analysis=analysis),))
        return dataclasses.replace(scorecard, sections=(section,))

    monkeypatch.setattr(build, "build_scorecard", build_scorecard)
    return state


def load_restated(store, tmp_path, figures, shown: str) -> None:
    """A second extract as at 31 Dec 2023 replaces the first; the figure now shown is `shown`."""
    figures["rolling_12m"] = shown
    later = write_workbook(tmp_path / "annex_a_2023-12-31_v2.xlsx", {"List 3": [REFERRAL_HEADERS, referral(), referral("C5")]})
    assert load_annex_a(store, read_annex_a(later, DEC), DEC, "343").status == "replaced"


def cell(page: str) -> str:
    """The scorecard table's rolling 12 months cell of the referrals rate row, as shown."""
    return re.search(r'<td[^>]*data-column="rolling_12m"[^>]*>(.*?)</td>', page, re.S).group(1).strip()


def both(browser) -> tuple[str, str]:
    scorecard, indicator = browser.client.get(PAGE), browser.client.get(INDICATOR)
    assert scorecard.status_code == indicator.status_code == 200
    return scorecard.text, indicator.text


def test_no_page_is_stale_after_a_load_an_edit_a_sign_off_or_a_re_open_for_any_user(as_role, store, tmp_path, figures):
    analyst, viewer, admin = as_role("analyst"), as_role("viewer"), as_role("admin")
    for user in (analyst, viewer, admin):  # every user has both pages, kept, and a last view of the month
        scorecard, indicator = both(user)
        assert cell(scorecard) == "641.3" and CHANGED not in scorecard
    builds = figures["builds"]
    both(viewer)
    assert figures["builds"] == builds  # read again: kept

    # a load restates the figure: everyone sees the new one, marked against the one each saw
    load_restated(store, tmp_path, figures, "650.0")
    for user in (analyst, viewer):
        scorecard, indicator = both(user)
        assert cell(scorecard).startswith("650.0") and CHANGED in scorecard and CHANGE_ROW in scorecard
        assert SEEN_MARK in indicator
    # the analyst marks it as seen (with the token of her own page): only her marks go
    assert analyst.client.post(f"/seen/{DEC.isoformat()}", data={"csrf_token": csrf_from(analyst.client.get(PAGE).text)}).status_code == 303
    scorecard, indicator = both(analyst)
    assert CHANGED not in scorecard and "seen-change" not in indicator and cell(scorecard) == "650.0"
    scorecard, indicator = both(viewer)
    assert CHANGED in scorecard and SEEN_MARK in indicator

    # an analyst's edit: both pages show the new text to everyone
    assert "Referrals rose." in both(viewer)[0]
    token = csrf_from(analyst.client.get(INDICATOR).text)
    saved = analyst.client.post("/analysis/referrals_rate", data={"csrf_token": token, "as_at": "2023-12-31", "text": "Up after the MASH change."})
    assert saved.status_code == 303
    for user in (viewer, analyst, admin):
        scorecard, indicator = both(user)
        assert "Up after the MASH change." in scorecard and "Referrals rose." not in scorecard
        assert "<p>Up after the MASH change.</p>" in indicator and "Written by anna on" in indicator
    assert CHANGED in both(viewer)[0] and CHANGED not in both(analyst)[0]  # the edit moved no figure

    # sign-off: signed for everyone, with no revision marks (a signed month is as signed)
    assert admin.post_form("/signoff/2023-12-31", {}, page=PAGE).status_code == 303
    signed = signoff.current(store, "343", DEC)
    for user in (viewer, analyst, admin):
        scorecard, indicator = both(user)
        assert f"Signed off by adam on {signed.signed_at:%d %b %Y %H:%M} UTC (version 1)." in scorecard
        assert f"<li>Version 1: signed by adam on {signed.signed_at:%d %b %Y %H:%M} UTC</li>" in scorecard
        assert "Not signed off" not in scorecard and CHANGED not in scorecard and "seen-change" not in indicator
        assert "Signed off by adam on" in indicator and "<textarea" not in indicator

    # re-open: open again for everyone, the version and reason listed, the viewer's mark back
    assert admin.post_form("/signoff/2023-12-31/reopen", {"reason": "CIN list corrected"}, page=PAGE).status_code == 303
    reopened = signoff.history(store, "343", DEC)[0]
    for user in (viewer, analyst, admin):
        scorecard, indicator = both(user)
        assert "Not signed off: the figures are built from the extracts loaded now." in scorecard
        assert (f"<li>Version 1: signed by adam on {reopened.signed_at:%d %b %Y %H:%M} UTC; re-opened by adam on "
                f"{reopened.reopened_at:%d %b %Y %H:%M} UTC: CIN list corrected</li>") in scorecard
        assert "Signed off by adam on" not in indicator
    assert CHANGED in both(viewer)[0] and CHANGED not in both(analyst)[0]
    assert '<textarea id="analysis-text"' in both(analyst)[1]

    # the viewer marks hers as seen with her own page's token (not one kept from another user's page)
    viewer_token = csrf_from(viewer.client.get(PAGE).text)
    assert viewer_token != csrf_from(analyst.client.get(PAGE).text)
    assert viewer.client.post(f"/seen/{DEC.isoformat()}", data={"csrf_token": viewer_token}).status_code == 303
    scorecard, indicator = both(viewer)
    assert CHANGED not in scorecard and "seen-change" not in indicator


def test_the_parts_kept_for_a_role_are_never_shown_to_another(as_role, figures):
    analyst, viewer = as_role("analyst"), as_role("viewer")
    scorecard, indicator = both(analyst)  # the analyst's parts are kept first
    assert "/quality/2023-12-31.csv" in scorecard and "/drill/referrals_rate?" in indicator and "<textarea" in indicator
    scorecard, indicator = both(viewer)
    assert "/quality/2023-12-31.csv" not in scorecard and "/drill/" not in indicator and "<textarea" not in indicator
    assert "Signed in as vera (viewer)" in scorecard and "anna" not in scorecard
    scorecard, indicator = both(analyst)
    assert "/quality/2023-12-31.csv" in scorecard and "/drill/referrals_rate?" in indicator and "Signed in as anna (analyst)" in indicator


def test_a_page_read_again_reads_the_user_the_version_and_the_last_view_and_writes_nothing(as_role, store, figures):
    viewer = as_role("viewer")
    both(viewer)
    both(viewer)  # the first view is kept after the first response; this one finds it
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement.lstrip().split(None, 1)[0].upper())

    sa.event.listen(store.engine, "before_cursor_execute", record)
    try:
        for page in (PAGE, INDICATOR):
            statements.clear()
            assert viewer.client.get(page).status_code == 200
            # the session's user, the store version, the user's last view of the month
            assert statements == ["SELECT", "SELECT", "SELECT"], (page, statements)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", record)
