"""A figure revised after its analysis was written, end to end in Debian's Chromium at 1366x768
(issue 16), with axe on each page.

The analyst views December 2023 and writes the analysis of the referrals rate; then uploads
through the dashboard two extracts of another synthetic LA (seed 12): January 2024, which
restates December's referrals, and February 2024, which lists the same history again and moves
nothing of December's referrals. The scorecard page and the head of service's sign-off screen
must show the rate with the value the analysis was written against, the value now and the
January file alone as what changed it.

The rates are worked out by a second method from the synthetic workbooks' own rows (the frames
the workbooks are written from), not from the store: spec/indicators.md, measure 1, referrals
(distinct by the List 3 key: child, date of referral, source) dated in the window, per 10,000
children of Sefton's ONS mid-2023 estimate (54,154, the shipped population file), annualised.
The newest extract's rows win: after January's upload the referrals of 1 Feb - 31 Dec 2023 are
January's (its 12-month period starts 1 Feb 2023) and those of January 2023 December's.
"""

from __future__ import annotations

import time
from datetime import date
from fractions import Fraction

import polars as pl
import pytest
from browser_helpers import no_blocking_violation, sign_in, submit_upload_step

from csc_scorecard.display import format_half_up
from csc_scorecard.store import commentary, month_views

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]  # serves a copy of the synthetic SQLite store

DEC, JAN, FEB = date(2023, 12, 31), date(2024, 1, 31), date(2024, 2, 29)
DECEMBER = "/scorecard/2023-12-31"
SEFTON_0_17_MID_2023 = 54_154
MOVED_BY = "loading annex_a_2024-01-31.xlsx (as at 31 Jan 2024)"


def referrals_between(frame: pl.DataFrame, first: date, last: date) -> int:
    dated = frame.filter(pl.col("referral_date").is_between(first, last))
    return dated.unique(["child_id", "referral_date", "referral_source"]).height


def rate(count: int, months: int) -> str:
    """Per 10,000 children a year, 1 dp half up (the row's precision)."""
    return format_half_up(Fraction(count * 10_000 * 12, SEFTON_0_17_MID_2023 * months), 1)


def workbooks_and_rates(tmp_path) -> tuple[list, dict[str, tuple[str, str]]]:
    """The January and February workbooks (seed 12) and December's referrals rate, rolling 12 and
    6 months, before and after January's upload, from the rows of the December workbook the
    synthetic store was loaded with (seed 11, tests/conftest.py) and of January's."""
    from csc_scorecard.synth import generate_la
    from csc_scorecard.synth.extract import extract_at
    from csc_scorecard.synth.workbook import write_workbook

    december = extract_at(generate_la(seed=11, start=date(2021, 1, 1), end=DEC, scale=0.2), DEC, 12)["referrals"]
    other = generate_la(seed=12, start=date(2021, 1, 1), end=FEB, scale=0.2)
    frames = {as_at: extract_at(other, as_at, 12) for as_at in (JAN, FEB)}
    files = [write_workbook(frames[as_at], tmp_path / f"annex_a_{as_at.isoformat()}.xlsx") for as_at in (JAN, FEB)]
    january = frames[JAN]["referrals"]
    before = (rate(referrals_between(december, date(2023, 1, 1), DEC), 12), rate(referrals_between(december, date(2023, 7, 1), DEC), 6))
    after = (rate(referrals_between(december, date(2023, 1, 1), date(2023, 1, 31)) + referrals_between(january, date(2023, 2, 1), DEC), 12),
             rate(referrals_between(january, date(2023, 7, 1), DEC), 6))
    return files, {"before": before, "after": after}


def shown_rate(page) -> tuple[str, str]:
    """December's referrals rate as the scorecard table shows it (the cell's text before any mark)."""
    row = page.locator("#indicator-referrals_rate")
    return tuple(row.locator(f"td[data-column={column}]").evaluate("td => td.firstChild.textContent.trim()")
                 for column in ("rolling_12m", "rolling_6m"))


def upload(page, base_url: str, workbook) -> None:
    """Upload `workbook` through the dashboard (as-at date from its name), confirming what it asks."""
    page.goto(base_url + "/upload")
    page.set_input_files("#file", str(workbook))
    submit_upload_step(page, "button:has-text('Check the workbook')")
    assert page.locator("h1").inner_text() == f"Check before loading: {workbook.name}"
    for box in page.locator("input[name^=confirm_]").all():  # e.g. a fall in rows against the extract before
        box.check()
    submit_upload_step(page, "button:has-text('Load this extract')")
    assert page.locator("#result").inner_text() == "Loaded"


def revised_row(page, column: str) -> list[str]:
    """The texts of the cells of the referrals rate's `column` in the list of revised figures (opened)."""
    details = page.locator("details.revised-list")
    if details.get_attribute("open") is None:
        page.click("details.revised-list summary")
    rows = page.locator(f"table.revised-changes tbody tr[data-indicator=referrals_rate][data-column={column}]")
    assert rows.count() == 1  # listed once, whatever applies
    return [text.strip() for text in rows.first.locator("th, td").all_inner_texts()]


def test_a_figure_restated_after_its_analysis_names_the_upload_that_changed_it(live, open_page, axe, tmp_path):
    store = live.app.state.settings.store
    (january, february), rates = workbooks_and_rates(tmp_path)
    (was_12, was_6), (now_12, now_6) = rates["before"], rates["after"]
    assert (was_12, was_6) != (now_12, now_6)

    # the analyst reads December and writes the analysis of the referrals rate
    analyst = open_page()
    sign_in(analyst, live.url, "anna", DECEMBER)
    assert shown_rate(analyst) == (was_12, was_6)
    deadline = time.monotonic() + 30  # the view is kept just after the page is sent (a bound, not a measurement)
    while month_views.last_view(store, "343", DEC, "anna") is None:
        assert time.monotonic() < deadline, "the analyst's view of December was not kept"
        time.sleep(0.05)
    analyst.click("#indicator-referrals_rate th.label a")
    analyst.fill("#analysis-text", f"Referrals ran at {was_12} per 10,000 children over the year.")
    analyst.click("button:has-text('Save the analysis')")
    assert analyst.locator(".message[role=status]").inner_text() == "Saved."
    written = commentary.history(store, "343", DEC, "referrals_rate")[-1]
    assert written.figures == {"rolling_12m": was_12, "rolling_6m": was_6}
    at = f"{written.at:%d %b %Y %H:%M} UTC"

    # January restates December; February moves nothing of December's referrals
    upload(analyst, live.url, january)
    upload(analyst, live.url, february)

    # the scorecard page: the value the analysis was written against (and the analyst saw), now, and January's file
    analyst.goto(live.url + DECEMBER)
    assert shown_rate(analyst) == (now_12, now_6)
    both = "{0} in the analysis by anna, {1}\n{0} when you last viewed"
    label = "Referrals received (annual rate per 10,000 of children)*"
    assert revised_row(analyst, "rolling_12m") == [label, "rolling 12 months", both.format(was_12, at), now_12, MOVED_BY]
    assert revised_row(analyst, "rolling_6m") == [label, "rolling 6 months", both.format(was_6, at), now_6, MOVED_BY]
    marked = analyst.locator("#indicator-referrals_rate td[data-column=rolling_12m] span.was").inner_text()
    assert marked.strip() == f"(was {was_12})"
    no_blocking_violation(axe, analyst)

    # the head of service's sign-off screen (first view of December after the uploads: the analysis only)
    admin = open_page()
    sign_in(admin, live.url, "adam", DECEMBER)
    admin.click("button:has-text('Review and sign off December 2023')")
    assert admin.url.rstrip("?") == f"{live.url}/signoff/2023-12-31"
    assert revised_row(admin, "rolling_12m") == [label, "rolling 12 months", f"{was_12} in the analysis by anna, {at}", now_12, MOVED_BY]
    assert revised_row(admin, "rolling_6m") == [label, "rolling 6 months", f"{was_6} in the analysis by anna, {at}", now_6, MOVED_BY]
    no_blocking_violation(axe, admin)
