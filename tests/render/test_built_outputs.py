"""`scorecard build` on a store loaded with synthetic extracts: the five files agree with each other
and with `scorecard series`, and the HTML opens cleanly in Chromium."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from playwright.sync_api import sync_playwright

from csc_scorecard.measures.catalogue import catalogue
from csc_scorecard.outputs import series_output

from .docx_reading import compare_with_json, read_word_rows
from .test_excel import as_written
from .test_html_browser import CHROMIUM_ARGS
from .test_pdf import pdftotext
from .xlsx_reading import read_scorecard_rows, read_sheets

# Which series stands behind each LA column of an as-at date of December 2023.
WINDOWS = {
    "rolling_12m": (12, "2023-12"),
    "rolling_6m": (6, "2023-12"),
    "period_to_date": (6, "2023-12"),
    "period_year_ago": (6, "2022-12"),
}


@pytest.fixture(scope="module")
def built(synthetic_store, tmp_path_factory):
    out = tmp_path_factory.mktemp("built")
    result = subprocess.run(
        [sys.executable, "-m", "csc_scorecard", "build", "--as-at", "2023-12-31", "--out", str(out), "--store", str(synthetic_store)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    printed = result.stdout.splitlines()  # the output paths alone (progress goes to stderr)
    paths = {line.split(":", 1)[0].strip(): line.split(":", 1)[1].strip() for line in printed}
    assert set(paths) == {"html", "pdf", "xlsx", "docx", "json"}  # the default --format: every output
    return {kind: __import__("pathlib").Path(path) for kind, path in paths.items()}


@pytest.fixture(scope="module")
def scorecard_json(built):
    return json.loads(built["json"].read_text(encoding="utf-8"))


def test_json_cells_equal_the_series_for_the_same_measure_and_window(scorecard_json, synthetic_store):
    checked = 0
    for section in scorecard_json["sections"]:
        for row in section["rows"]:
            if row["kind"] == "manual":
                continue
            for cell in row["cells"]:
                if cell["column"] not in WINDOWS:
                    continue
                months, month = WINDOWS[cell["column"]]
                series = json.loads(series_output(row["id"], months, month, month, "json", "343", synthetic_store))[0]
                assert (cell["value"], cell["numerator"], cell["denominator"]) == (
                    series["value"], series["numerator"], series["denominator"],
                ), (row["id"], cell["column"])
                checked += 1
    assert checked == 21 * 2  # 23 rows less the two manual ones, two LA columns each


def test_json_says_the_data_is_synthetic(scorecard_json):
    assert scorecard_json["synthetic"] is True
    assert scorecard_json["as_at"] == "2023-12-31"
    assert [len(s["rows"]) for s in scorecard_json["sections"]] == [7, 11, 5]


def test_workbook_cells_hold_the_json_values(built, scorecard_json):
    sheet_rows = read_scorecard_rows(built["xlsx"])
    checked = 0
    for section in scorecard_json["sections"]:
        headings = {c["kind"]: c["heading"] for c in section["columns"]}
        for row in section["rows"]:
            sheet_row = sheet_rows[row["number"]]
            for cell in row["cells"]:
                got = sheet_row.values[sheet_row.at(headings[cell["column"]])]
                assert got == (cell["display"] if cell["value"] is None else as_written(cell["value"]))
                checked += 1
    assert checked >= 46


def test_the_definitions_sheet_shows_the_catalogues_definitions(built):
    # one source: what docs/measures.md and `scorecard measures` print is what the workbook says
    declared = {entry["id"]: entry["definition"] for entry in catalogue()}
    rows = read_sheets(built["xlsx"])["Definitions"][1:]
    assert len(rows) == 23
    assert [(row[0], row[5]) for row in rows] == [(row[0], declared[row[0]]) for row in rows]


def test_word_tables_show_the_json_display_of_every_figure(built, scorecard_json):
    """Every displayed figure of the Word tables is the JSON's (LA and regional cells, published
    figures, target, RAG, arrow, polarity, band), the analysis is the JSON's, and the page header
    says the data are synthetic."""
    from docx import Document

    word_rows = read_word_rows(built["docx"])
    assert sorted(word_rows) == list(range(1, 24))
    assert compare_with_json(word_rows, scorecard_json) == 23 * 14
    for row in (r for section in scorecard_json["sections"] for r in section["rows"]):
        assert word_rows[row["number"]].text("Analysis").split("\n")[0] == row["analysis"]["text"]
    header = [p.text for p in Document(str(built["docx"])).sections[0].header.paragraphs]
    assert header == [scorecard_json["protective_marking"], "Data as at end of December 2023",
                      "Synthetic demonstration data: every LA figure is made up"]


def test_pdf_holds_every_label_and_the_synthetic_banner(built, scorecard_json):
    text = pdftotext(built["pdf"])
    for section in scorecard_json["sections"]:
        for row in section["rows"]:
            assert " ".join(row["label"].split()) in text
    assert "Synthetic demonstration data" in text


def test_every_output_names_what_each_headline_figure_left_out(built, scorecard_json):
    """The built outputs agree with the JSON: a row whose headline cell has `excluded` counts
    shows the note (total and each reason) in the HTML, the PDF and the workbook, and a row
    without shows none. (This synthetic LA's headline figures leave nothing out; a built
    scorecard that does is in test_left_out.py.)"""
    html = built["html"].read_text(encoding="utf-8")
    pdf = " ".join(pdftotext(built["pdf"]).split())
    sheet_rows = read_scorecard_rows(built["xlsx"])
    for section in scorecard_json["sections"]:
        for row in section["rows"]:
            headline = next((c for c in row["cells"] if c["column"] == row["headline_column"]), None)
            excluded = (headline or {}).get("excluded")
            sheet_row = sheet_rows[row["number"]]
            analysis = sheet_row.values[sheet_row.at("Analysis")]
            if not excluded:
                assert "left out of this figure" not in analysis
                continue
            total = sum(excluded.values())
            reasons = "; ".join(f"{reason} ({n:,})" for reason, n in sorted(excluded.items()))
            note = f"{total:,} record{'s' if total != 1 else ''} left out of this figure: {reasons}."
            assert f'<p class="left-out-note">{note}</p>' in html
            assert note in analysis.splitlines()
            assert note.split(":")[0] in pdf


@pytest.mark.browser
def test_html_opens_in_chromium_with_23_rows_no_error_and_no_request(built):
    requests, errors = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(built["html"].as_uri(), wait_until="networkidle")
        sections = page.locator("section.scorecard-section").count()
        rows = page.locator("tr.indicator-row").count()
        browser.close()
    assert (sections, rows) == (3, 23)
    assert errors == []
    assert requests == [built["html"].as_uri()]
