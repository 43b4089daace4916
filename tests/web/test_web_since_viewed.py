"""Revisions since a user last viewed a month (issue 16), through the pages.

The store holds one small real extract as at 31 Dec 2023; the scorecard builder is replaced by
the hand-made `small_scorecard` (rolling 12 months shown as 641.3, rolling 6 months as "-"). A
second extract for the same date then replaces the first and the builder is made to show 650.0:
the figure a user saw moved. The tests of what the pages then say (from what, to what, and by
which file) use real builds of the small extracts of `restated_extracts.py`.
"""

import dataclasses
from datetime import date

from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook
from restated_extracts import (
    MOVED_BY, RATE_LABEL, REREFERRALS_LABEL, WITH_FIRST, WITH_SECOND, listed, load_first, load_second,
)
from web_helpers import small_scorecard

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.scorecard import build
from csc_scorecard.store import month_views, signoff
from csc_scorecard.store.extracts import extracts_frame, load_annex_a

DEC = date(2023, 12, 31)
PAGE = "/scorecard/2023-12-31"


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
    assert "Figures revised in" not in page
    seen = month_views.last_view(store, "343", DEC, "anna")
    assert seen.figures == {"referrals_rate": {"rolling_12m": "641.3", "rolling_6m": "-"}}
    assert seen.extract_ids == frozenset(extracts_frame(store, ["343"])["id"].to_list())
    assert month_views.last_view(store, "343", DEC, "adam") is None  # per user


def expected_since_view() -> dict[tuple[str, str], list[str]]:
    """The four figures the second extract moves (worked out in restated_extracts.py)."""
    labels = {"referrals_rate": RATE_LABEL, "rereferrals_pct": REREFERRALS_LABEL}
    columns = {"rolling_12m": "rolling 12 months", "rolling_6m": "rolling 6 months"}
    return {key: [labels[key[0]], columns[key[1]], f"{WITH_FIRST[key]} when you last viewed", WITH_SECOND[key], MOVED_BY]
            for key in WITH_FIRST}


def test_a_figure_restated_since_the_last_view_is_marked_until_marked_as_seen(as_role, store, tmp_path):
    load_first(store, tmp_path)
    analyst = as_role("analyst")
    assert "Figures revised in" not in analyst.client.get(PAGE).text
    load_second(store, tmp_path)

    page = analyst.client.get(PAGE).text
    assert "Figures revised in December 2023 (4 figures)" in page
    assert listed(page) == expected_since_view()
    assert '#indicator-rereferrals_pct td[data-column="rolling_12m"]' in page and "Mark the changes since my last view as seen" in page
    # the indicator page marks the same figures
    indicator = analyst.client.get("/indicator/rereferrals_pct?as_at=2023-12-31").text
    viewed = month_views.last_view(store, "343", DEC, "anna").viewed_at
    assert (f'40.0%<span class="seen-change"> (was 25.0% when you last viewed the month on {viewed:%d %b %Y %H:%M} UTC; '
            f"changed by {MOVED_BY})</span>") in indicator
    # reading again does not make the change seen: only the button does
    assert "Figures revised in December 2023 (4 figures)" in analyst.client.get(PAGE).text
    response = analyst.post_form("/seen/2023-12-31", {}, page=PAGE)
    assert response.status_code == 303 and response.headers["location"] == PAGE
    page = analyst.client.get(PAGE).text
    assert "Figures revised in" not in page and "#indicator-rereferrals_pct" not in page
    assert month_views.last_view(store, "343", DEC, "anna").figures["rereferrals_pct"]["rolling_12m"] == "40.0%"


def test_a_user_who_first_views_after_the_change_sees_no_mark(as_role, store, builder, tmp_path, monkeypatch):
    as_role("analyst").client.get(PAGE)
    restate(store, builder, tmp_path, monkeypatch)
    viewer = as_role("viewer")
    assert "Figures revised in" not in viewer.client.get(PAGE).text
    assert "Figures revised in" not in viewer.client.get(PAGE).text


def test_the_sign_off_screen_lists_the_changes_since_the_admin_last_viewed(as_role, store, tmp_path):
    load_first(store, tmp_path)
    admin = as_role("admin")
    summary = admin.client.get("/signoff/2023-12-31").text
    assert "Figures revised in December 2023 (0 figures)" in summary
    admin.client.get(PAGE)
    load_second(store, tmp_path)
    summary = admin.client.get("/signoff/2023-12-31").text
    assert "Figures revised in December 2023 (4 figures)" in summary
    assert listed(summary) == expected_since_view()
    assert "Mark the changes since my last view as seen" not in summary  # signing is the decision here


def test_a_signed_month_shows_no_mark(as_role, store, builder, tmp_path, monkeypatch):
    admin = as_role("admin")
    admin.client.get(PAGE)
    signoff.sign(store, "343", DEC, small_scorecard(DEC).to_json(), "adam")
    restate(store, builder, tmp_path, monkeypatch)
    assert "Figures revised in" not in admin.client.get(PAGE).text


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
    assert "Figures revised in" not in analyst.client.get(PAGE).text
    kept = month_views.last_view(store, "343", DEC, "anna")
    current = frozenset(extracts_frame(store, ["343"])["id"].to_list())
    assert kept.extract_ids == current != first.extract_ids
    assert kept.viewed_at > first.viewed_at
