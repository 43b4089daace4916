"""End to end in Debian's Chromium: the real app served by uvicorn on 127.0.0.1 over a copy of
the synthetic store (13 monthly extracts to 31 Dec 2023), used as its users use it.

- An analyst signs in, picks a month, opens an indicator, drills through to the children
  (and downloads them), edits the analysis; the PDF built afterwards has the edited text.
- An analyst uploads a workbook with a required column missing: the check shows the errors and
  nothing is stored.
- An admin signs December off; a later load for 31 Dec 2023 leaves the signed page and
  `scorecard build` unchanged; re-opening shows the new figures.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from datetime import date

import pytest
import sqlalchemy as sa
from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook
from browser_helpers import sign_in, submit_upload_step

from csc_scorecard.outputs import build_outputs
from csc_scorecard.scorecard.build import build_scorecard
from csc_scorecard.store import tables

# The browser serves a copy of the session's synthetic SQLite store: the pages are the same on
# PostgreSQL, whose dashboard is tested through the HTTP client (the other tests here).
pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]

DEC = date(2023, 12, 31)
EDITED = "Referrals fell after the new front door started in October; the team expects them to settle."


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1500, "height": 1000}, accept_downloads=True)
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    yield opened
    context.close()


def extract_count(store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(tables.extracts)).scalar_one()


def figures_row(page, column_label: str) -> list[str]:
    """The cells of one row of the indicator page's Figures table."""
    row = page.locator("section[aria-labelledby=figures] tbody tr", has=page.locator(f"th:text-is('{column_label}')"))
    return row.locator("td").all_inner_texts()


def test_analyst_reads_drills_through_and_edits_and_the_pdf_has_the_edit(live, page, tmp_path):
    sign_in(page, live.url, "anna")
    assert page.url == f"{live.url}/scorecard/2023-12-31"  # the latest month with data

    # the month picker goes to another month and back
    page.select_option("#month", "2023-11-30")
    page.click("form.month-picker button")
    assert page.url == f"{live.url}/scorecard/2023-11-30"
    assert page.locator("h1.as-at").inner_text() == "Data as at end of November 2023"
    page.select_option("#month", "2023-12-31")
    page.click("form.month-picker button")
    assert page.url == f"{live.url}/scorecard/2023-12-31"
    assert page.locator("tr.indicator-row").count() == 23

    # the indicator page: chart, figures and the link to the children
    page.click("tr#indicator-referrals_rate th.label a")
    assert page.url == f"{live.url}/indicator/referrals_rate?as_at=2023-12-31"
    chart = page.locator("figure.trend-chart svg[role=img]")
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 150
    assert page.locator("section[aria-labelledby=trend] table").last.locator("tbody tr").count() == 24
    value, numerator, denominator, period, _, _ = figures_row(page, "rolling 12 months")
    assert period == "01 Jan 2023 to 31 Dec 2023"
    counted = int(numerator.replace(",", ""))
    assert counted > 0

    # drill-through: one row per referral counted, each dated in the window
    page.locator("section[aria-labelledby=figures] tbody tr", has=page.locator("th:text-is('rolling 12 months')")).locator(
        "a:has-text('Children behind this figure')").click()
    assert page.url == f"{live.url}/drill/referrals_rate?as_at=2023-12-31&column=rolling_12m"
    headers = page.locator("table thead th").all_inner_texts()
    assert headers[:6] == ["Period end", "Child", "In the numerator", "In the denominator", "Extract", "Row in the sheet"]
    date_column = headers.index("Date of referral")
    assert page.locator("p[role=status]").inner_text().startswith(f"{counted:,} rows.")
    dates = page.eval_on_selector_all("table tbody tr", f"rows => rows.map(r => r.cells[{date_column}].textContent)")
    assert len(dates) == min(counted, 50)  # pages of 50
    assert all("2023-01-01" <= d <= "2023-12-31" for d in dates)

    with page.expect_download() as download_info:
        page.click("a:has-text('Download all rows as CSV')")
    download = download_info.value
    assert download.suggested_filename == "referrals_rate_rolling_12m_2023-12-31.csv"
    downloaded = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert downloaded[0] == headers
    assert len(downloaded) - 1 == counted  # every row, not one page
    assert all("2023-01-01" <= r[date_column] <= "2023-12-31" for r in downloaded[1:])
    assert set(dates) <= {r[date_column] for r in downloaded[1:]}

    # edit the analysis: shown on the indicator page with its history, and on the scorecard
    page.click("a:has-text('Back to the indicator')")
    page.fill("#analysis-text", EDITED)
    page.click("button:has-text('Save the analysis')")
    assert page.url == f"{live.url}/indicator/referrals_rate?as_at=2023-12-31&saved=1#analysis"
    assert page.locator("section[aria-labelledby=analysis] [role=status]").inner_text() == "Saved."
    analysis = page.locator("section[aria-labelledby=analysis]")
    assert analysis.locator("p:not(.message)").first.inner_text() == EDITED
    assert analysis.locator("ol li").count() == 1
    assert analysis.locator("ol li p").first.inner_text().startswith("anna, ")
    page.click("a:has-text('Back to the scorecard')")
    cell = page.locator("tr#indicator-referrals_rate td.analysis")
    assert cell.locator("p.analysis-text").inner_text() == EDITED
    assert cell.locator("p.edited-note").inner_text().startswith("Edited by anna on ")

    # the PDF built afterwards (`scorecard build`) has the edited text
    paths = build_outputs(DEC, None, "pdf", tmp_path / "out", False, "343", live.store_dir)
    text = subprocess.run(["pdftotext", str(paths["pdf"]), "-"], capture_output=True, text=True, check=True).stdout
    assert EDITED in " ".join(text.split())


def test_a_bad_workbook_shows_its_errors_and_stores_nothing(live, page, tmp_path):
    store = live.app.state.settings.store
    before = extract_count(store)
    assert before == 13
    headers = [h for h in REFERRAL_HEADERS if h != "Number of Referrals in Last 12 Months"]
    row = referral()
    bad = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 3": [headers, row[:8] + row[9:]]})

    sign_in(page, live.url, "anna")
    page.click("nav a:has-text('Upload an extract')")
    page.set_input_files("#file", str(bad))
    submit_upload_step(page, "button:has-text('Check the workbook')")
    assert page.locator("#result").inner_text() == "Not loaded: nothing was stored"
    quality = page.locator("section[aria-labelledby=quality]")
    assert quality.locator("summary").inner_text().startswith("1 error(s), 0 warning(s) in 1 kind(s)")
    quality.locator("summary").click()  # collapsed until asked
    error_row = quality.locator("tbody tr").first.locator("td").all_inner_texts()
    assert error_row == ["error", "List 3", "Number of Referrals in Last 12 Months",
                         "required column missing: the scorecard's measures read it", "1", "1"]
    assert extract_count(store) == before


def _later_workbook(tmp_path):
    """Another LA's history cut as at 31 Dec 2023: a later load for the month with other figures."""
    from csc_scorecard.synth import generate_la, write_extract

    la = generate_la(seed=29, start=date(2022, 1, 1), end=DEC, scale=0.2)
    return write_extract(la, tmp_path / "annex_a_2023-12-31.xlsx", as_at=DEC, months=12)


def _built_referrals_rate(store_dir, out) -> str:
    """The referrals rate (rolling 12 months) as `scorecard build --format json` writes it."""
    paths = build_outputs(DEC, None, "json", out, False, "343", store_dir)
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    row = next(r for s in data["sections"] for r in s["rows"] if r["id"] == "referrals_rate")
    return next(c["display"] for c in row["cells"] if c["column"] == "rolling_12m")


def test_a_signed_month_stays_as_signed_after_a_later_load_until_reopened(live, page, tmp_path):
    cell = "tr#indicator-referrals_rate td[data-column=rolling_12m]"
    sign_in(page, live.url, "adam", "/scorecard/2023-12-31")
    shown_before = page.locator(cell).inner_text()
    assert page.locator(".scorecard-header .status .draft").inner_text() == "Draft: not signed off."

    page.click("button:has-text('Review and sign off December 2023')")
    assert page.url.rstrip("?") == f"{live.url}/signoff/2023-12-31"  # what would be signed, first
    page.click("button:text-is('Sign off December 2023')")
    status = page.locator(".scorecard-header .status .sign-off").inner_text()
    assert re.fullmatch(r"Signed off by adam on \d{1,2} \w+ \d{4}, \d\d:\d\d \(version 1\)", status)
    assert page.locator(cell).inner_text() == shown_before
    built_before = _built_referrals_rate(live.store_dir, tmp_path / "before")
    assert shown_before.startswith(built_before)

    # a later load for the same as-at date, through the upload page
    page.click("nav a:has-text('Upload an extract')")
    page.set_input_files("#file", str(_later_workbook(tmp_path)))
    submit_upload_step(page, "button:has-text('Check the workbook')")
    assert "December 2023 is signed off: its scorecard stays as signed" in page.locator("section[aria-labelledby=result]").inner_text()
    for box in page.locator("input[name^=confirm_]").all():  # another LA's history: rows may fall
        box.check()
    submit_upload_step(page, "button:has-text('Load this extract')")
    result = page.locator("section[aria-labelledby=result]")
    assert result.locator("#result").inner_text() == "Replaced"  # it supersedes the extract as at 31 Dec 2023
    assert "is signed off: its scorecard stays as signed until an admin re-opens it" in result.inner_text()
    store = live.app.state.settings.store
    new_figure = next(c for c in build_scorecard(store, DEC).rows[0].cells if c.column == "rolling_12m").display
    assert new_figure != built_before  # the load does change the figure (else this test proves nothing)

    # the signed month: page and `scorecard build` unchanged
    page.goto(f"{live.url}/scorecard/2023-12-31")
    assert page.locator(cell).inner_text() == shown_before
    assert _built_referrals_rate(live.store_dir, tmp_path / "after") == built_before

    # re-opened: the new figures
    page.fill("#reason", "List 3 corrected after a late data entry")
    page.click("button:has-text('Re-open this month')")
    assert page.locator(".scorecard-header .status .draft").inner_text() == "Draft: not signed off."
    assert page.locator(cell).inner_text().startswith(new_figure)
    assert _built_referrals_rate(live.store_dir, tmp_path / "reopened") == new_figure
