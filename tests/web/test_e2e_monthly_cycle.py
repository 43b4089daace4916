"""The monthly cycle end to end in Debian's Chromium at 1366x768 (issue 16), with axe on every
page on the way (no violation of impact "serious" or "critical"):

- an analyst uploads January's workbook: a mistyped date is caught and cancelled; with the
  date from the file name the check compares it with December and nothing is stored until it
  is confirmed; the result links to the new month, whose drill-through fits the screen;
- the head of service (admin) signs January off;
- a viewer opens the dashboard on the signed month, marked in the month picker.
"""

from __future__ import annotations

from datetime import date

import pytest
from browser_helpers import no_blocking_violation, sign_in, submit_upload_step

from csc_scorecard.store.extracts import extracts_frame

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]  # serves a copy of the synthetic SQLite store

JAN = date(2024, 1, 31)


def january_workbook(tmp_path):
    """The synthetic store's LA (seed 11) a month on: its extract as at 31 Jan 2024."""
    from csc_scorecard.synth import generate_la, write_extract

    la = generate_la(seed=11, start=date(2021, 1, 1), end=JAN, scale=0.2)
    return write_extract(la, tmp_path / "annex_a_2024-01-31.xlsx", as_at=JAN, months=12)


def test_upload_check_confirm_sign_off_and_read_as_the_three_roles(live, open_page, axe, tmp_path):
    store = live.app.state.settings.store
    workbook = january_workbook(tmp_path)
    loaded_before = extracts_frame(store, ["343"]).height
    assert loaded_before == 13

    # the analyst: a mistyped date is caught before anything is stored
    page = open_page()
    sign_in(page, live.url, "anna")
    page.click("nav a:has-text('Upload an extract')")
    no_blocking_violation(axe, page)
    page.set_input_files("#file", str(workbook))
    page.fill("#as_at", "2024-01-13")
    submit_upload_step(page, "button:has-text('Check the workbook')")
    assert page.url == f"{live.url}/upload"
    assert "The file name (2024-01-31) says 31 January 2024, but you gave 13 January 2024." in page.inner_text("main")
    assert page.locator("#confirm_date").is_visible()
    no_blocking_violation(axe, page)
    page.click("button:has-text('Load this extract')")  # the box is required: the browser does not send the form
    assert page.locator("#confirm_date").is_visible()
    page.click("button:has-text('Cancel: store nothing')")
    assert page.locator(".message[role=status]").inner_text() == "The upload was cancelled: nothing was stored."
    assert extracts_frame(store, ["343"]).height == loaded_before

    # with the date from the file name: the comparison with December, then the load
    page.set_input_files("#file", str(workbook))
    submit_upload_step(page, "button:has-text('Check the workbook')")
    status = page.locator("section[aria-labelledby=result] [role=status]").inner_text()
    assert status.startswith("As at 31 Jan 2024: the data of the scorecard for January 2024 (a month with no figures yet).")
    assert "Compared with the extract before it, at 31 Dec 2023 (annex_a_2023-12-31.xlsx)." in page.inner_text("main")
    referrals = page.locator("section[aria-labelledby=lists] tbody tr", has=page.locator("td:text-is('Referrals')"))
    cells = referrals.locator("td").all_inner_texts()
    assert len(cells) == 7 and all(c.replace(",", "").isdigit() for c in cells[2:])
    assert int(cells[6].replace(",", "")) <= min(int(cells[4].replace(",", "")), int(cells[5].replace(",", "")))
    assert page.locator("section[aria-labelledby=quality] details").get_attribute("open") is None  # collapsed
    assert page.locator("#confirm_date").count() == 0
    for box in page.locator("input[name^=confirm_]").all():  # a fall in rows, if the generator's month has one
        box.check()
    assert extracts_frame(store, ["343"]).height == loaded_before  # nothing stored yet
    no_blocking_violation(axe, page)
    submit_upload_step(page, "button:has-text('Load this extract')")
    assert page.locator("#result").inner_text() == "Loaded"
    no_blocking_violation(axe, page)
    page.click("a:has-text('Open the scorecard for January 2024')")
    assert page.url == f"{live.url}/scorecard/2024-01-31"
    assert extracts_frame(store, ["343"]).height == loaded_before + 1
    # the drill-through of January's referrals fits the 1366 px screen: no sideways scrolling
    page.goto(f"{live.url}/drill/referrals_rate?as_at=2024-01-31&column=rolling_12m")
    assert page.locator("table.drill tbody tr").count() == 50
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    no_blocking_violation(axe, page)
    page.click("nav a:has-text('Extracts')")
    assert page.locator("tbody tr").first.locator("td").nth(1).inner_text() == "annex_a_2024-01-31.xlsx"
    assert page.locator("tbody tr").first.locator("td").nth(3).inner_text() == "anna"
    no_blocking_violation(axe, page)

    # the head of service signs January off
    page = open_page()
    sign_in(page, live.url, "adam")
    assert page.url == f"{live.url}/scorecard/2024-01-31"
    page.click("button:has-text('Review and sign off January 2024')")
    assert page.url.rstrip("?") == f"{live.url}/signoff/2024-01-31"  # what would be signed, first
    assert page.locator("#used").inner_text() == "Extracts behind the figures (14)"
    no_blocking_violation(axe, page)
    page.click("button:text-is('Sign off January 2024')")
    assert page.locator(".scorecard-header .status .sign-off").inner_text().startswith("Signed off by adam on ")
    no_blocking_violation(axe, page)
    with page.expect_download() as download_info:
        page.click("a:has-text('Excel')")
    assert download_info.value.suggested_filename == "scorecard_2024-01-31_v1.xlsx"

    # a viewer opens on the signed month, marked in the picker
    page = open_page()
    sign_in(page, live.url, "vera")
    assert page.url == f"{live.url}/scorecard/2024-01-31"
    picked = page.locator("#month option:checked").inner_text()
    assert picked == "January 2024 (signed off)"
    assert page.locator("#month option").count() == 14  # December 2022 to January 2024, one a month
    no_blocking_violation(axe, page)
