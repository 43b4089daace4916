"""Each row says what its figure left out and why (issue 14): rows a measure could not count
(a blank column it needs, contradictory dates) are named under the analysis in HTML, PDF and
Excel, and carried in the JSON; the web indicator page lists them per figure."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta

from annex_a_builders import write_workbook

from csc_scorecard.render.excel import render_xlsx
from csc_scorecard.render.html import render_html

from .html_tree import HtmlTree, text
from .sample import sample_scorecard
from .xlsx_reading import read_scorecard_rows

LEFT_OUT = {"blank Continuous Assessment Start Date": 1, "authorised before it started": 2}


def with_left_out(excluded: dict[str, int], number: int = 4):
    """The sample scorecard with `excluded` on row `number`'s headline cell (rolling 12 months)."""
    card = sample_scorecard()
    sections = []
    for section in card.sections:
        rows = []
        for row in section.rows:
            if row.number == number:
                cells = tuple(replace(c, excluded=excluded) if c.column == row.headline_column else c for c in row.cells)
                row = replace(row, cells=cells)
            rows.append(row)
        sections.append(replace(section, rows=tuple(rows)))
    return replace(card, sections=tuple(sections))


def row_of(card, number: int):
    return next(r for s in card.sections for r in s.rows if r.number == number)


def test_the_note_counts_every_record_and_names_each_reason_in_order():
    # 1 + 2 = 3 records; reasons in alphabetical order, each with its count.
    note = row_of(with_left_out(LEFT_OUT), 4).left_out_note
    assert note == "3 records left out of this figure: authorised before it started (2); blank Continuous Assessment Start Date (1)."
    assert row_of(with_left_out({"blank Date of Birth": 1}), 4).left_out_note == "1 record left out of this figure: blank Date of Birth (1)."
    assert row_of(with_left_out({}), 4).left_out_note is None


def test_html_prints_the_note_under_the_analysis_of_that_row_only():
    tree = HtmlTree(render_html(with_left_out(LEFT_OUT)))
    notes = {}
    for tr in tree.all("tr.indicator-row"):
        number = int(text(tr.find("{*}td")))
        found = [text(p) for p in tr.iter() if p.get("class") == "left-out-note"]
        if found:
            notes[number] = found
    assert notes == {4: ["3 records left out of this figure: authorised before it started (2); blank Continuous Assessment Start Date (1)."]}


def test_excel_puts_the_note_in_the_analysis_cell(tmp_path):
    rows = read_scorecard_rows(render_xlsx(with_left_out(LEFT_OUT), tmp_path / "s.xlsx"))
    analysis = {number: row.values[row.headings.index("Analysis")] for number, row in rows.items()}
    assert analysis[4].splitlines()[1] == (
        "3 records left out of this figure: authorised before it started (2); blank Continuous Assessment Start Date (1)."
    )
    assert not any("left out of this figure" in (text or "") for number, text in analysis.items() if number != 4)


def test_json_carries_the_counts_on_the_cell():
    data = with_left_out(LEFT_OUT).to_json()
    row = next(r for s in data["sections"] for r in s["rows"] if r["number"] == 4)
    headline = next(c for c in row["cells"] if c["column"] == row["headline_column"])
    assert headline["excluded"] == LEFT_OUT
    assert all("excluded" not in c for c in row["cells"] if c is not headline)


ASSESSMENT_HEADERS = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
                      "Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation"]


def test_a_built_scorecard_names_the_assessment_it_left_out(tmp_path):
    """30 assessments authorised in 2023, one of them authorised before it started: row 4 (within
    45 working days) counts 29 and says it left 1 out; row 3 (completed) counts all 30."""
    rows = []
    for n in range(30):
        start = date(2023, 1, 2) + timedelta(days=10 * n)
        authorised = start - timedelta(days=3) if n == 7 else start + timedelta(days=20)
        rows.append([f"A{n}", "a) Male", "a) WBRI", date(2015, 1, 1), 8, start, authorised])
    path = write_workbook(tmp_path / "annex_a_2023-12-31.xlsx", {"List 4": [ASSESSMENT_HEADERS, *rows]})

    def run(*args):
        result = subprocess.run([sys.executable, "-m", "csc_scorecard", *map(str, args), "--store", tmp_path / "store"],
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    run("load", path, "--period-start", "2023-01-01", "--la", "343")
    run("build", "--as-at", "2023-12-31", "--format", "json,html,xlsx", "--out", tmp_path / "out", "--la", "343")
    data = json.loads((tmp_path / "out" / "scorecard.json").read_text())
    rows_by_id = {r["id"]: r for s in data["sections"] for r in s["rows"]}
    timely = next(c for c in rows_by_id["assessments_45wd_pct"]["cells"] if c["column"] == "rolling_12m")
    assert (timely["numerator"], timely["denominator"], timely["excluded"]) == (29, 29, {"authorised before it started": 1})
    completed = next(c for c in rows_by_id["assessments_rate"]["cells"] if c["column"] == "rolling_12m")
    assert completed["numerator"] == 30 and "excluded" not in completed
    note = "1 record left out of this figure: authorised before it started (1)."
    assert f'<p class="left-out-note">{note}</p>' in (tmp_path / "out" / "scorecard.html").read_text()
    analysis = {n: r.values[r.headings.index("Analysis")] for n, r in read_scorecard_rows(tmp_path / "out" / "scorecard.xlsx").items()}
    assert note in analysis[4].splitlines()
    assert not any(note in (a or "") for n, a in analysis.items() if n != 4)
