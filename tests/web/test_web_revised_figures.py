"""Revised figures (issue 16): which load moved a figure (`scorecard/revision_cause.py`), and the
list of figures changed since their analysis was written or since the user last viewed the month
(`web/revised_figures.py`) on the scorecard page, the indicator page and the sign-off screen.
Real builds of the small real extracts of `restated_extracts.py` (figures worked out by hand
there), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import math
import time
from datetime import date, datetime

import pytest
from annex_a_builders import referral
from restated_extracts import (
    DEC, FIRST, MOVED_BY, RATE_LABEL, REREFERRALS_LABEL, WITH_FIRST, WITH_SECOND, listed, load, load_first, load_second,
)

from csc_scorecard.config import default_config
from csc_scorecard.ingest.manual import read_manual_csv
from csc_scorecard.measures.registry import manual_units
from csc_scorecard.scorecard import revision_cause
from csc_scorecard.scorecard.revision_cause import Cause, Change, causes
from csc_scorecard.store import audit, commentary, month_views, withdrawals
from csc_scorecard.store.extracts import extracts_frame
from csc_scorecard.store.reference import save_manual_values
from csc_scorecard.web.revised_figures import ANALYSIS, VIEW, Before, RevisedFigure

PAGE = "/scorecard/2023-12-31"
COLUMNS = {"rolling_12m": "rolling 12 months", "rolling_6m": "rolling 6 months"}


def no_reference_files(since):
    return []


def rereferrals(before: tuple[str, str], now: tuple[str, str], since, start_ids=None) -> list[Change]:
    return [Change("rereferrals_pct", column, then, shown, since, start_ids)
            for column, then, shown in zip(("rolling_12m", "rolling_6m"), before, now)]


def test_the_load_after_which_the_figure_took_its_value_is_named_not_every_load_since(store, tmp_path):
    load_first(store, tmp_path)
    written = audit.now()
    november = load(store, tmp_path, "annex_a_2023-11-30.xlsx", date(2023, 11, 30), FIRST[:3])  # moves nothing
    load_second(store, tmp_path)
    withdrawals.withdraw(store, "343", november, "adam", "a test of a withdrawal that moves nothing")
    changes = rereferrals(("25.0%", "33.3%"), ("40.0%", "50.0%"), written)
    found = causes(store, default_config(), "343", DEC, changes, no_reference_files)
    assert found == {change: Cause(MOVED_BY, "annex_a_2023-12-31_v2.xlsx") for change in changes}


@pytest.mark.parametrize("next_second", [False, True])
def test_a_withdrawal_that_moved_the_figure_is_named(store, tmp_path, next_second):
    """A withdrawal's time is kept to the second: in the second of the view it reads as before
    it (what counts now decides); a second later, as after it."""
    load_first(store, tmp_path)
    second = load_second(store, tmp_path)
    seen_ids = frozenset(extracts_frame(store, ["343"])["id"].to_list())
    viewed = audit.now()
    if next_second:
        time.sleep(1 - viewed.microsecond / 1e6 + 0.01)  # waits for the clock: not a measurement
    withdrawals.withdraw(store, "343", second, "adam", "wrong export")  # the first counts again
    changes = rereferrals(("40.0%", "50.0%"), ("25.0%", "33.3%"), viewed, seen_ids)
    found = causes(store, default_config(), "343", DEC, changes, no_reference_files)
    cause = Cause("withdrawing annex_a_2023-12-31_v2.xlsx (as at 31 Dec 2023)", "annex_a_2023-12-31_v2.xlsx")
    assert found == {change: cause for change in changes}


def test_a_figure_no_extract_moved_is_put_down_to_the_reference_file_loaded(store, tmp_path):
    """Manual values (spec: the second column is the latest value dated <= E, the first the
    latest dated <= E - 12 months, else the earliest on record), none before the load."""
    load_first(store, tmp_path)
    viewed = audit.now()
    manual = tmp_path / "manual.csv"
    manual.write_text("indicator_id,period_end,value,label\nagency_sw_pct,2023-04-30,50,\nagency_sw_pct,2023-09-30,49,\n")
    save_manual_values(store, read_manual_csv(manual, manual_units()), "343", manual.name)
    load_second(store, tmp_path)  # an extract loaded too, moving other rows
    changes = [Change("agency_sw_pct", "rolling_12m", "-", "50 (Apr23)", viewed),
               Change("agency_sw_pct", "rolling_6m", "-", "49 (Sep23)", viewed)]
    found = causes(store, default_config(), "343", DEC, changes,
                   lambda since: month_views.reference_files_loaded_since(store, "343", since))
    assert found == {change: Cause("loading manual.csv", None) for change in changes}


def test_with_many_loads_in_between_halving_finds_the_load_in_few_computations(store, tmp_path, monkeypatch):
    load_first(store, tmp_path)
    written = audit.now()
    for month in (date(2023, 6, 30), date(2023, 7, 31), date(2023, 8, 31), date(2023, 9, 30), date(2023, 10, 31)):
        team = f"Team {month:%b}"  # a file of its own each month; the December extract's rows win: they move nothing
        load(store, tmp_path, f"annex_a_{month}.xlsx", month, [referral("C1", date(2023, 2, 1), team=team)])
    load_second(store, tmp_path)
    computed = []
    real = revision_cause.la_figures
    monkeypatch.setattr(revision_cause, "la_figures", lambda *args: computed.append(args[-1]) or real(*args))
    changes = rereferrals(("25.0%", "33.3%"), ("40.0%", "50.0%"), written)
    found = causes(store, default_config(), "343", DEC, changes, no_reference_files)
    halved = Cause(f"{MOVED_BY} (found by halving the 6 loads and withdrawals in between)", "annex_a_2023-12-31_v2.xlsx")
    assert found == {change: halved for change in changes}
    assert len(computed) == len(set(computed)) <= 2 + math.ceil(math.log2(6))  # each set once: before, now, the halvings


def test_a_figure_with_two_values_then_shows_each_with_what_changed_it_since():
    """Written against 25.0% (then January moved it), viewed at 30.0% (then a manual file did)."""
    written = Before(ANALYSIS, "25.0%", datetime(2024, 2, 1, 9, 0), "anna", Cause(MOVED_BY, "annex_a_2023-12-31_v2.xlsx"))
    viewed = Before(VIEW, "30.0%", datetime(2024, 2, 2, 9, 0), None, Cause("loading manual.csv", None))
    figure = RevisedFigure("rereferrals_pct", REREFERRALS_LABEL, "rolling_12m", "40.0%", (written, viewed))
    assert figure.was == "was 25.0% in the analysis, 30.0% when you last viewed"
    assert figure.changed_by == [f"since the analysis: {MOVED_BY}", "since your last view: loading manual.csv"]
    same = RevisedFigure("rereferrals_pct", REREFERRALS_LABEL, "rolling_12m", "40.0%",
                         (written, Before(VIEW, "25.0%", datetime(2024, 2, 2, 9, 0), None, written.cause)))
    assert (same.was, same.changed_by) == ("was 25.0%", [MOVED_BY])


# --- the pages --------------------------------------------------------------------------


def write_analysis(browser, indicator: str, text: str):
    token = browser.token(f"/indicator/{indicator}?as_at=2023-12-31")
    response = browser.client.post(f"/analysis/{indicator}", data={"csrf_token": token, "as_at": "2023-12-31", "text": text})
    assert response.status_code == 303, response.text


def test_the_scorecard_lists_figures_changed_since_their_analysis_and_since_the_last_view_once_each(as_role, store, tmp_path):
    load_first(store, tmp_path)
    analyst, admin = as_role("analyst"), as_role("admin")
    assert "Figures revised in" not in analyst.client.get(PAGE).text  # the first view is kept: 25.0% and 33.3% seen
    write_analysis(analyst, "rereferrals_pct", "A quarter of referrals were re-referrals.")
    written = commentary.history(store, "343", DEC, "rereferrals_pct")[0]
    assert written.figures == {"rolling_12m": "25.0%", "rolling_6m": "33.3%"}
    load(store, tmp_path, "annex_a_2023-11-30.xlsx", date(2023, 11, 30), FIRST[:3])
    load_second(store, tmp_path)

    page = analyst.client.get(PAGE).text
    assert "Figures revised in December 2023 (4 figures)" in page
    at = f"{written.at:%d %b %Y %H:%M} UTC"
    both = lambda then: f"{then} in the analysis by anna, {at} {then} when you last viewed"  # noqa: E731
    rate = lambda column: [RATE_LABEL, COLUMNS[column], f"{WITH_FIRST['referrals_rate', column]} when you last viewed",  # noqa: E731
                           WITH_SECOND["referrals_rate", column], MOVED_BY]
    assert listed(page) == {  # the re-referrals once each, with both values then (here the same)
        ("rereferrals_pct", "rolling_12m"): [REREFERRALS_LABEL, "rolling 12 months", both("25.0%"), "40.0%", MOVED_BY],
        ("rereferrals_pct", "rolling_6m"): [REREFERRALS_LABEL, "rolling 6 months", both("33.3%"), "50.0%", MOVED_BY],
        ("referrals_rate", "rolling_12m"): rate("rolling_12m"),  # no analysis written: since the view only
        ("referrals_rate", "rolling_6m"): rate("rolling_6m"),
    }
    assert '#indicator-rereferrals_pct td[data-column="rolling_12m"]' in page  # outlined

    # the indicator page says it beside the analysis
    indicator = analyst.client.get("/indicator/rereferrals_pct?as_at=2023-12-31").text
    assert (f"The figures changed since this analysis was written by anna on {at}:\nrolling 12 months 25.0% then, "
            f"40.0% now (changed by {MOVED_BY}); rolling 6 months 33.3% then, 50.0% now (changed by {MOVED_BY}).") in indicator

    # marked as seen: what changed since the analysis stays, until the analysis is saved again
    assert analyst.post_form("/seen/2023-12-31", {}, page=PAGE).status_code == 303
    found = listed(analyst.client.get(PAGE).text)
    assert set(found) == {("rereferrals_pct", "rolling_12m"), ("rereferrals_pct", "rolling_6m")}
    assert found[("rereferrals_pct", "rolling_12m")][2] == f"25.0% in the analysis by anna, {at}"

    # the head of service never viewed the month: the sign-off screen lists what moved since the analysis
    summary = admin.client.get("/signoff/2023-12-31").text
    assert "Figures revised in December 2023 (2 figures)" in summary
    assert listed(summary) == {
        ("rereferrals_pct", "rolling_12m"): [REREFERRALS_LABEL, "rolling 12 months", f"25.0% in the analysis by anna, {at}", "40.0%", MOVED_BY],
        ("rereferrals_pct", "rolling_6m"): [REREFERRALS_LABEL, "rolling 6 months", f"33.3% in the analysis by anna, {at}", "50.0%", MOVED_BY],
    }

    write_analysis(analyst, "rereferrals_pct", "Two in five referrals were re-referrals.")
    assert "Figures revised in" not in analyst.client.get(PAGE).text
    assert "Figures revised in December 2023 (0 figures)" in admin.client.get("/signoff/2023-12-31").text
