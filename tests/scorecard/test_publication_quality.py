"""Publication outputs hold no child-level value: the data-quality report is counted per kind
of issue, with small counts suppressed, and never names a row or a cell value (issue 10, item 12)."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
from python_calamine import CalamineWorkbook

from csc_scorecard.config import default_config
from csc_scorecard.measures.series import SERIES_SCHEMA
from csc_scorecard.render.excel import render_xlsx
from csc_scorecard.scorecard.build import Inputs, assemble
from csc_scorecard.scorecard.quality import publication_quality

E = date(2023, 12, 31)
SERIES = pl.DataFrame(schema=SERIES_SCHEMA)  # no figures: only the data-quality part is looked at

BLANK_DOB = {"severity": "warning", "sheet": "List 8", "column": "Date of Birth",
             "message": "extract as at 2023-12-31, List 8 (Children in care): blank date of birth; left out of measure 21"}
LATE = {"severity": "warning", "sheet": "List 3", "column": "Date of referral",
        "message": "date is after the extract's as-at date; row left out of every measure"}


def issues() -> list[dict]:
    """7 blank dates of birth (rows 2-8) and 2 late referrals (rows 10, 11), each with its cell value."""
    found = [{**BLANK_DOB, "file": "annex_a_2023-12-31.xlsx", "row": r, "value": None} for r in range(2, 9)]
    found += [{**LATE, "file": "annex_a_2023-12-31.xlsx", "row": r, "value": f"2024-01-0{r - 9}"} for r in (10, 11)]
    return found


def test_issues_are_counted_per_kind_and_small_counts_are_c():
    assert publication_quality(issues()) == ({**BLANK_DOB, "count": 7}, {**LATE, "count": "c"})


def test_a_publication_scorecard_carries_no_row_file_or_value_in_json_or_xlsx(tmp_path):
    card = assemble(default_config(), E, Inputs(series=SERIES, la_code="343", data_quality=issues()), publication=True)
    data = card.to_json()
    assert data["data_quality"] == [{**BLANK_DOB, "count": 7}, {**LATE, "count": "c"}]
    text = json.dumps(data)
    assert '"row"' not in text and "2024-01-0" not in text and "annex_a_2023-12-31.xlsx" not in text
    render_xlsx(card, tmp_path / "p.xlsx")
    cells = CalamineWorkbook.from_path(str(tmp_path / "p.xlsx")).get_sheet_by_name("Data quality").to_python()
    assert cells == [
        ["severity", "sheet", "column", "message", "count"],  # no file, no row number, no value
        ["warning", "List 8", "Date of Birth", BLANK_DOB["message"], 7.0],
        ["warning", "List 3", "Date of referral", LATE["message"], "c"],
    ]


def test_the_internal_scorecard_keeps_every_place_for_the_analyst():
    card = assemble(default_config(), E, Inputs(series=SERIES, la_code="343", data_quality=issues()), publication=False)
    assert [i["row"] for i in card.to_json()["data_quality"]] == [2, 3, 4, 5, 6, 7, 8, 10, 11]
