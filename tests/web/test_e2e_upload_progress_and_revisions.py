"""Progress while uploading, and the figures revised since each user last viewed a month, end to
end in Debian's Chromium at 1366x768 (issue 16), with axe on the pages on the way.

The analyst and the head of service (admin) view December 2023. The analyst uploads a January
extract that restates December (drawn from another synthetic LA, so December's rolling figures
move): while the server checks it, and again while it loads it, the page shows a progress bar
and each step. The server's work is held once done until the page has shown its steps, so
the test sees the progress page itself, whatever the speed of the machine. Then December marks
exactly the figures that differ from those each user saw (worked out by comparing the table
as shown before and after), with both values and the file that changed them (test_e2e_revised_figures.py
has two loads in between and the figures worked out from the workbooks' rows).
"""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from browser_helpers import no_blocking_violation, sign_in

from csc_scorecard.scorecard.model import LA_COLUMNS
from csc_scorecard.store import month_views
from csc_scorecard.web.routes import upload as upload_route
from csc_scorecard.web.routes.scorecard import COLUMN_LABELS

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only]  # serves a copy of the synthetic SQLite store

DEC, JAN = date(2023, 12, 31), date(2024, 1, 31)
DECEMBER = "/scorecard/2023-12-31"
# The Annex A lists in the workbook's order (the template's titles)
LISTS = ["Contacts", "Early help", "Referrals", "Assessments", "Section 47 enquiries and ICPCs", "Children in need",
         "Child protection", "Children in care", "Care leavers", "Adoption", "Adopters"]
LIST_NAMES = ["contacts", "early_help", "referrals", "assessments", "s47_icpc", "children_in_need", "child_protection",
              "children_in_care", "care_leavers", "adoption", "adopters"]


def restating_january(tmp_path):
    """An extract as at 31 Jan 2024 of another synthetic LA (seed 12) and its rows per list."""
    from csc_scorecard.synth import generate_la
    from csc_scorecard.synth.extract import extract_at
    from csc_scorecard.synth.workbook import write_workbook

    frames = extract_at(generate_la(seed=12, start=date(2021, 1, 1), end=JAN, scale=0.2), JAN, 12)
    return write_workbook(frames, tmp_path / "annex_a_2024-01-31.xlsx"), {name: frames[name].height for name in LIST_NAMES}


def figures_shown(page) -> dict[tuple[str, str], tuple[str, str]]:
    """(indicator id, column) -> (row label, the figure as shown) for every LA figure cell of the
    scorecard tables (the cell's text before its RAG badge)."""
    cells = page.evaluate(
        """columns => [...document.querySelectorAll('tr.indicator-row td.figure')]
            .filter(td => columns.includes(td.dataset.column))
            .map(td => [td.closest('tr').dataset.indicator, td.dataset.column,
                        td.closest('tr').querySelector('th.label').innerText.trim(), td.firstChild.textContent.trim()])""",
        list(LA_COLUMNS),
    )
    return {(indicator, column): (label, shown) for indicator, column, label, shown in cells}


def outlined_cells(page) -> set[tuple[str, str]]:
    return {tuple(c) for c in page.evaluate(
        """() => [...document.querySelectorAll('tr.indicator-row td.figure')]
            .filter(td => getComputedStyle(td).outlineStyle === 'solid')
            .map(td => [td.closest('tr').dataset.indicator, td.dataset.column])""")}


def was_marks(page) -> dict[tuple[str, str], str]:
    """The "(was ...)" the page's script writes into each changed cell."""
    return {(indicator, column): text for indicator, column, text in page.evaluate(
        """() => [...document.querySelectorAll('tr.indicator-row td.figure span.was')]
            .map(span => [span.closest('tr').dataset.indicator, span.closest('td').dataset.column, span.textContent.trim()])""")}


def listed_changes(page) -> set[tuple[str, str, str, str, str]]:
    """(label, figure, then, now, changed by) of each row of the revised figures' table."""
    rows = page.locator("table.revised-changes tbody tr")
    return {tuple(t.strip() for t in rows.nth(i).locator("th, td").all_inner_texts()) for i in range(rows.count())}


def wait_for_view_kept(store, user: str) -> None:
    """The view is kept just after the page is sent: wait for it (a bound, not a measurement)."""
    deadline = time.monotonic() + 30
    while month_views.last_view(store, "343", DEC, user) is None:
        assert time.monotonic() < deadline, f"{user}'s view of December was not kept"
        time.sleep(0.05)


class Gate:
    """Holds the server's check or load, once its work is done, until `open` (the test's, in the
    same process as the served app): the page shows its progress meanwhile, whatever the
    speed of the machine. The event loop stays free: the work runs in a worker thread."""

    def __init__(self, monkeypatch, name: str) -> None:
        self.event = threading.Event()
        real = getattr(upload_route, name)

        def held(*args, **kwargs):
            result = real(*args, **kwargs)
            assert self.event.wait(120), "the test did not open the gate"
            return result

        monkeypatch.setattr(upload_route, name, held)

    def open(self, page) -> None:
        """Let the server answer, and wait until the page shows its answer."""
        before = page.evaluate_handle("document.documentElement")
        self.event.set()
        page.wait_for_function("before => !before.isConnected", arg=before)


def progress_showing(page, last_step: str) -> dict:
    """The progress panel once it shows `last_step`."""
    page.wait_for_function(
        "last => [...document.querySelectorAll('#upload-progress li')].some(li => li.textContent.startsWith(last))",
        arg=last_step)
    return page.evaluate(
        """() => {
            const panel = document.getElementById('upload-progress');
            const bar = panel.querySelector('progress');
            return {hidden: panel.hidden, value: bar.value, max: bar.max,
                    label: panel.querySelector('label').textContent,
                    steps: [...panel.querySelectorAll('li')].map(li => li.textContent)};
        }""")


def test_upload_progress_then_figures_revised_since_each_users_last_view(live, open_page, axe, tmp_path, monkeypatch):
    store = live.app.state.settings.store
    workbook, rows_per_list = restating_january(tmp_path)
    read_steps = [f"List {number} ({title}): {rows_per_list[name]:,} rows read"
                  for number, (title, name) in enumerate(zip(LISTS, LIST_NAMES), start=1)]

    # both view December before the upload
    admin = open_page()
    sign_in(admin, live.url, "adam", DECEMBER)
    analyst = open_page()
    sign_in(analyst, live.url, "anna", DECEMBER)
    before = figures_shown(analyst)
    assert len(before) > 40  # the LA figure cells of every section
    assert analyst.locator(".revised-figures").count() == 0
    wait_for_view_kept(store, "anna")
    wait_for_view_kept(store, "adam")

    # the check, with its progress
    analyst.click("nav a:has-text('Upload an extract')")
    gate = Gate(monkeypatch, "preview_in_worker")
    analyst.set_input_files("#file", str(workbook))
    analyst.click("button:has-text('Check the workbook')")
    shown = progress_showing(analyst, "Comparing with the extract before it")
    size = workbook.stat().st_size
    received = f"Received annex_a_2024-01-31.xlsx ({size // 1024:,} KB)" if size % 1024 == 0 else \
        f"Received annex_a_2024-01-31.xlsx ({size:,} bytes)"
    assert shown["hidden"] is False and shown["label"] == "Progress of the check"
    assert shown["steps"] == [received, *read_steps, "Comparing with the extract before it"]
    assert (shown["value"], shown["max"]) == (12, 13)  # of the file, 11 lists, the comparison and the result
    assert analyst.locator("button:has-text('Check the workbook')").is_disabled()  # no second submission
    no_blocking_violation(axe, analyst)
    gate.open(analyst)
    assert analyst.locator("h1").inner_text() == "Check before loading: annex_a_2024-01-31.xlsx"
    for box in analyst.locator("input[name^=confirm_]").all():  # whatever the comparison asks to confirm
        box.check()
    no_blocking_violation(axe, analyst)

    # the load, with its progress
    gate = Gate(monkeypatch, "load_in_worker")
    analyst.click("button:has-text('Load this extract')")
    shown = progress_showing(analyst, "Storing the extract")
    assert shown["label"] == "Progress of the load"
    assert shown["steps"] == [*read_steps, "Storing the extract"]
    assert (shown["value"], shown["max"]) == (11, 12)  # of 11 lists, the store and the result
    gate.open(analyst)
    assert analyst.locator("#result").inner_text() == "Loaded"

    # December again: the figures that moved, as the table shows them before and after
    analyst.goto(live.url + DECEMBER)
    after = figures_shown(analyst)
    moved = {key for key in before if key in after and before[key][1] != after[key][1]}
    assert moved  # the restating extract moved some of December's figures
    changed_by = "loading annex_a_2024-01-31.xlsx (as at 31 Jan 2024)"  # the one load in between
    expected = {(before[key][0], COLUMN_LABELS[key[1]], f"{before[key][1]} when you last viewed", after[key][1], changed_by)
                for key in moved}
    heading = f"Figures revised in December 2023 ({len(moved)} figures)"
    assert analyst.locator("#revised-figures").inner_text() == heading
    details = analyst.locator("details.revised-list")
    if len(moved) > 5:  # a long list starts collapsed: the table stays near the top of the page
        assert details.get_attribute("open") is None
        analyst.click("details.revised-list summary")
    assert details.get_attribute("open") is not None
    assert listed_changes(analyst) == expected
    assert outlined_cells(analyst) == moved
    assert was_marks(analyst) == {key: f"(was {before[key][1]})" for key in moved}
    no_blocking_violation(axe, analyst)
    # an indicator page marks its own figure
    indicator, column = sorted(moved)[0]
    analyst.click(f"table.revised-changes a[href^='/indicator/{indicator}?']")
    figure = analyst.locator("section[aria-labelledby=figures] tbody tr",
                             has=analyst.locator(f"th:text-is('{COLUMN_LABELS[column]}')")).locator("td").first
    assert figure.inner_text().startswith(f"{after[(indicator, column)][1]} (was {before[(indicator, column)][1]} when you last viewed")
    no_blocking_violation(axe, analyst)
    # seen: the marks go
    analyst.goto(live.url + DECEMBER)
    analyst.click("button:has-text('Mark the changes since my last view as seen')")
    assert analyst.url == live.url + DECEMBER
    assert analyst.locator(".revised-figures").count() == 0 and outlined_cells(analyst) == set() and was_marks(analyst) == {}

    # the head of service's sign-off screen lists the same changes (admin saw what the analyst saw)
    admin.goto(live.url + DECEMBER)
    admin.click("button:has-text('Review and sign off December 2023')")
    assert admin.locator("#revised-figures").inner_text() == heading
    assert listed_changes(admin) == expected
    no_blocking_violation(axe, admin)


def test_without_javascript_the_upload_works_as_a_plain_form(live, chromium, tmp_path):
    """The progress is the script's: with JavaScript off the form posts as before and the check
    page follows, with no progress panel shown."""
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        sign_in(page, live.url, "anna", "/upload")
        assert page.locator("#upload-progress").is_hidden()
        workbook, _ = restating_january(tmp_path)
        page.set_input_files("#file", str(workbook))
        with page.expect_navigation():
            page.click("button:has-text('Check the workbook')")
        assert page.locator("h1").inner_text() == "Check before loading: annex_a_2024-01-31.xlsx"
        assert page.locator("#upload-progress").is_hidden()
        with page.expect_navigation():
            page.click("button:has-text('Cancel: store nothing')")
        assert page.locator(".message[role=status]").inner_text() == "The upload was cancelled: nothing was stored."
    finally:
        context.close()
