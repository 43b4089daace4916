"""Revisions since a user last viewed a month (issue 16), through the pages.

The store holds one small real extract as at 31 Dec 2023; the scorecard builder is replaced by
the hand-made `small_scorecard` (rolling 12 months shown as 641.3, rolling 6 months as "-"). A
second extract for the same date then replaces the first and the builder is made to show 650.0:
the figure a user saw moved, and the pages must say from what, to what, and by which file.
"""

import dataclasses
from datetime import date

from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook
from web_helpers import small_scorecard

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.scorecard import build
from csc_scorecard.store import month_views, signoff
from csc_scorecard.store.extracts import extracts_frame, load_annex_a

DEC = date(2023, 12, 31)
PAGE = "/scorecard/2023-12-31"
OUTLINE = '#indicator-referrals_rate td[data-column="rolling_12m"] { outline'


def restate(store, builder, tmp_path, monkeypatch, shown="650.0"):
    """A second extract as at 31 Dec 2023 replaces the first; the builder now shows `shown`."""
    def restated(as_at):
        scorecard = small_scorecard(as_at, analysis=builder["analysis"])
        row = scorecard.sections[0].rows[0]
        cells = tuple(dataclasses.replace(c, display=shown) if c.column == "rolling_12m" else c for c in row.cells)
        section = dataclasses.replace(scorecard.sections[0], rows=(dataclasses.replace(row, cells=cells),))
        return dataclasses.replace(scorecard, sections=(section,))

    monkeypatch.setattr(build, "build_scorecard", lambda store_, as_at, *args, **kwargs: restated(as_at))
    later = write_workbook(tmp_path / "annex_a_2023-12-31_v2.xlsx", {"List 3": [REFERRAL_HEADERS, referral(), referral("C5")]})
    assert load_annex_a(store, read_annex_a(later, DEC), DEC, "343").status == "replaced"


def test_the_first_view_is_kept_with_the_figures_shown_and_the_extracts_current(as_role, store, builder):
    analyst = as_role("analyst")
    page = analyst.client.get(PAGE).text
    assert "Changed since you last viewed" not in page
    seen = month_views.last_view(store, "343", DEC, "anna")
    assert seen.figures == {"referrals_rate": {"rolling_12m": "641.3", "rolling_6m": "-"}}
    assert seen.extract_ids == frozenset(extracts_frame(store, ["343"])["id"].to_list())
    assert month_views.last_view(store, "343", DEC, "adam") is None  # per user


def test_a_figure_restated_since_the_last_view_is_marked_until_marked_as_seen(as_role, store, builder, tmp_path, monkeypatch):
    analyst = as_role("analyst")
    analyst.client.get(PAGE)
    restate(store, builder, tmp_path, monkeypatch)

    page = analyst.client.get(PAGE).text
    assert "Changed since you last viewed December 2023 (1 figure)" in page
    changed_by = ("loaded annex_a_2023-12-31_v2.xlsx (as at 31 Dec 2023); no longer counted: "
                  "annex_a_2023-12-31.xlsx (as at 31 Dec 2023, replaced)")
    assert (f'<td>rolling 12 months</td><td class="num">641.3</td><td class="num">650.0</td><td>{changed_by}</td>') in page
    assert f"Changed by: {changed_by}." in page
    assert OUTLINE in page
    # the indicator page marks the same figure
    indicator = analyst.client.get("/indicator/referrals_rate?as_at=2023-12-31").text
    assert "650.0<span class=\"seen-change\"> (was 641.3 when you last viewed the month on " in indicator
    # reading again does not make the change seen: only the button does
    assert "Changed since you last viewed December 2023 (1 figure)" in analyst.client.get(PAGE).text
    response = analyst.post_form("/seen/2023-12-31", {}, page=PAGE)
    assert response.status_code == 303 and response.headers["location"] == PAGE
    page = analyst.client.get(PAGE).text
    assert "Changed since you last viewed" not in page and OUTLINE not in page
    assert month_views.last_view(store, "343", DEC, "anna").figures["referrals_rate"]["rolling_12m"] == "650.0"


def test_a_user_who_first_views_after_the_change_sees_no_mark(as_role, store, builder, tmp_path, monkeypatch):
    as_role("analyst").client.get(PAGE)
    restate(store, builder, tmp_path, monkeypatch)
    viewer = as_role("viewer")
    assert "Changed since you last viewed" not in viewer.client.get(PAGE).text
    assert "Changed since you last viewed" not in viewer.client.get(PAGE).text


def test_the_sign_off_screen_lists_the_changes_since_the_admin_last_viewed(as_role, store, builder, tmp_path, monkeypatch):
    admin = as_role("admin")
    summary = admin.client.get("/signoff/2023-12-31").text
    assert "Figures changed since you last viewed December 2023 (0)" in summary
    admin.client.get(PAGE)
    restate(store, builder, tmp_path, monkeypatch)
    summary = admin.client.get("/signoff/2023-12-31").text
    assert "Changed since you last viewed December 2023 (1 figure)" in summary
    assert "<td>rolling 12 months</td><td class=\"num\">641.3</td><td class=\"num\">650.0</td>" in summary
    assert "Mark these changes as seen" not in summary  # signing is the decision here


def test_a_signed_month_shows_no_mark(as_role, store, builder, tmp_path, monkeypatch):
    admin = as_role("admin")
    admin.client.get(PAGE)
    signoff.sign(store, "343", DEC, small_scorecard(DEC).to_json(), "adam")
    restate(store, builder, tmp_path, monkeypatch)
    assert "Changed since you last viewed" not in admin.client.get(PAGE).text


def test_marking_seen_needs_a_month_with_data(as_role, builder):
    analyst = as_role("analyst")
    assert analyst.post_form("/seen/2021-02-28", {}, page=PAGE).status_code == 404
    assert analyst.post_form("/seen/not-a-date", {}, page=PAGE).status_code == 404


def test_reading_a_month_again_with_nothing_new_keeps_the_first_view(as_role, store, builder):
    analyst = as_role("analyst")
    analyst.client.get(PAGE)
    first = month_views.last_view(store, "343", DEC, "anna")
    analyst.client.get(PAGE)
    analyst.client.get(PAGE)
    assert month_views.last_view(store, "343", DEC, "anna") == first  # no write: same figures, extracts and files


def test_a_view_after_an_extract_that_moved_nothing_is_kept_with_the_new_extracts(as_role, store, builder, tmp_path, monkeypatch):
    analyst = as_role("analyst")
    analyst.client.get(PAGE)
    first = month_views.last_view(store, "343", DEC, "anna")
    restate(store, builder, tmp_path, monkeypatch, shown="641.3")  # a new extract, the same figure shown
    assert "Changed since you last viewed" not in analyst.client.get(PAGE).text
    kept = month_views.last_view(store, "343", DEC, "anna")
    current = frozenset(extracts_frame(store, ["343"])["id"].to_list())
    assert kept.extract_ids == current != first.extract_ids
    assert kept.viewed_at > first.viewed_at
