"""The Excel workbook: the report's layout with numbers an analyst can compute with, and its data sheets."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

import pytest

from csc_scorecard.render.excel import NO_ISSUES_NOTE, number_format, render_xlsx

from .expected import EXPECTED_RAG, REFERENCE_LA
from .sample import sample_scorecard
from .xlsx_reading import read_scorecard_rows, read_sheets, sheet_xml


def as_written(value: float) -> float:
    """XlsxWriter writes 16 significant digits (Excel keeps 15): the value read back."""
    return float(f"{value:.16g}")


@pytest.fixture(scope="module")
def scorecard():
    return sample_scorecard()


@pytest.fixture(scope="module")
def sheet_rows(outputs):
    return read_scorecard_rows(outputs["xlsx"])


@pytest.fixture(scope="module")
def sheets(outputs):
    return read_sheets(outputs["xlsx"])


@pytest.mark.parametrize(("display", "expected"), [
    ("641.3", "0.0"),
    ("25.7%", '0.0"%"'),  # the value is already a percentage: a literal sign, not Excel's x100
    ("94%", '0"%"'),
    ("50 (Apr23)", '0" (Apr23)"'),
    ("3,495", "#,##0"),
    ("12,345.67", "#,##0.00"),
    ("-", None),
    ("c", None),
    ("<0.5", None),
    ("<1%", None),
])
def test_number_format_read_off_the_display(display, expected):
    assert number_format(display) == expected


def test_the_five_sheets_in_order(sheets):
    assert list(sheets) == ["Scorecard", "Drivers", "Monthly series", "Definitions", "Data quality"]


def test_every_figure_cell_holds_the_unrounded_value_of_the_json(scorecard, sheet_rows):
    checked = 0
    for section in scorecard.to_json()["sections"]:
        headings = {c["kind"]: c["heading"] for c in section["columns"]}
        for row in section["rows"]:
            sheet_row = sheet_rows[row["number"]]
            for cell in row["cells"]:
                got = sheet_row.values[sheet_row.at(headings[cell["column"]])]
                if cell["value"] is None or cell["suppressed"]:
                    assert got == cell["display"]
                else:
                    assert got == as_written(cell["value"])
                    checked += 1
    # 23 rows x 2 LA cells, plus the regional figures of rows 1-5, 8-12 and 14 (11 rows x 2).
    assert checked == 23 * 2 + 11 * 2


def test_a_rate_is_the_count_over_the_population(sheet_rows):
    # Row 1: 3,452 referrals in 2023 / 53,832 children x 10,000 = 641.25427255164...
    row = sheet_rows[1]
    assert row.values[row.at("LA rolling 12m (Jan23 - Dec23)")] == pytest.approx(641.25427255164, abs=1e-10)


def test_number_formats_show_the_reference_figures(sheet_rows):
    row2, row6, row9 = sheet_rows[2], sheet_rows[6], sheet_rows[9]
    assert row2.formats[row2.at("LA rolling 12m (Jan23 - Dec23)")] == '0.0"%"'  # 25.7%
    assert row6.formats[row6.at("LA rolling 6m (Jul23 - Dec23)")] == '0" (Sep23)"'  # 49 (Sep23)
    assert row6.values[row6.at("LA rolling 6m (Jul23 - Dec23)")] == 49
    assert row9.formats[row9.at("LA Dec23 ChAT")] == '0"%"'  # 89%
    assert row9.formats[row9.at("RIG Q2 NW")] == '0.0"%"'  # 79.3%


def test_arrows_rag_labels_polarity_and_band(sheet_rows):
    for number, (_, _, arrow) in REFERENCE_LA.items():
        row = sheet_rows[number]
        assert row.values[row.at("Direction of travel")] == arrow
        assert row.values[row.at("RAG")] == EXPECTED_RAG.get(number, "-")
    row2 = sheet_rows[2]
    assert row2.values[row2.at("Target")] == 22
    assert row2.values[row2.at("Low/High is good")] == "Low"
    assert row2.values[row2.at("Compared to mid-50% LA")] == "Higher"


def test_published_figures_are_the_benchmark_values_or_their_symbol(sheet_rows):
    row1, row19, row20 = sheet_rows[1], sheet_rows[19], sheet_rows[20]
    heading = "Latest published statistics (2022-23)"
    # Row 1's benchmark (spec/scorecard.md example): LA 822.6, SN 630.2, NW 529.6, England 544.5.
    assert [row1.values[row1.at(heading, part)] for part in ("LA", "SN", "NW", "Eng")] == [822.6, 630.2, 529.6, 544.5]
    assert row1.formats[row1.at(heading, "LA")] == "0"  # shown as 823
    assert row19.values[row19.at(heading, "LA")] == "<1%"  # published as a symbol: text
    assert row20.values[row20.at(heading, "SN")] == "-"


def test_analysis_marks_the_edit_and_the_review(sheet_rows):
    row4, row12 = sheet_rows[4], sheet_rows[12]
    assert row4.values[row4.at("Analysis")].endswith("(Edited by A. Analyst on 8 January 2024, 10:15)")
    assert row12.values[row12.at("Analysis")].endswith(
        "Needs review: the figure changed by more than 50%: check the data before publishing")


def test_header_lines_of_the_report(sheets):
    first_column = [row[0] for row in sheets["Scorecard"][:8]]
    assert first_column[:3] == ["OFFICIAL-SENSITIVE", "Synthetic demonstration data: every LA figure is made up",
                                "Data as at end of December 2023"]
    assert "Signed off by Head of Service on 10 January 2024, 14:30 (version 1). Generated 5 January 2024, 09:30." \
        in first_column


def test_a_sparkline_per_row_pointing_at_its_monthly_series(outputs, scorecard):
    xml = sheet_xml(outputs["xlsx"], 1)
    ranges = re.findall(r"<xm:f>'Monthly series'!C(\d+):O(\d+)</xm:f>", xml)
    # 13 month ends in columns C..O; row i of the model on sheet row i + 1 (after the heading).
    assert sorted(int(first) for first, last in ranges if first == last) == list(range(2, 25))
    assert len(ranges) == 23


def test_rag_conditional_formats_and_print_header(outputs):
    xml = sheet_xml(outputs["xlsx"], 1)
    assert {f for f in re.findall(r"<formula>\"(\w+)\"</formula>", xml)} == {"Red", "Amber", "Green"}
    assert "&amp;C&amp;BOFFICIAL-SENSITIVE" in xml
    assert "Page &amp;P of &amp;N" in xml


def test_monthly_series_sheet(sheets, scorecard):
    rows = sheets["Monthly series"]
    assert rows[0][:2] == ("id", "label")
    assert rows[0][2] == datetime(2022, 12, 31) and rows[0][14] == datetime(2023, 12, 31)
    assert len(rows[0]) == 15  # id, label and 13 month ends
    for model_row, sheet_row in zip(scorecard.rows, rows[1:], strict=True):
        assert sheet_row[:2] == (model_row.id, model_row.label)
        expected = tuple(None if v is None else as_written(v) for _, v in model_row.sparkline)
        assert sheet_row[2:] == expected


def test_definitions_sheet_has_the_23_indicators(sheets):
    rows = sheets["Definitions"]
    assert rows[0] == ("id", "number", "label", "unit", "polarity", "definition")
    assert len(rows) == 1 + 23
    assert rows[1][:5] == ("referrals_rate", 1, "Referrals received (annual rate per 10,000 of children)*", "rate",
                           "neutral")
    assert [row[1] for row in rows[1:]] == list(range(1, 24))


def test_data_quality_sheet_lists_place_and_message(sheets):
    rows = sheets["Data quality"]
    assert rows[0] == ("severity", "file", "sheet", "row", "column", "message")
    assert rows[1] == ("warning", "annex_a_2023-12-31.xlsx", "List 3", 12, "Date of referral", "date could not be read")
    assert len(rows) == 3


def test_data_quality_sheet_says_so_when_there_is_nothing(tmp_path):
    path = render_xlsx(sample_scorecard(data_quality=()), tmp_path / "clean.xlsx")
    rows = read_sheets(path)["Data quality"]
    assert rows[1][0] == NO_ISSUES_NOTE


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    scorecard = sample_scorecard()
    section = scorecard.sections[0]
    row = replace(section.rows[0], label="=HYPERLINK(\"http://example.org\")")
    scorecard = replace(scorecard, sections=(replace(section, rows=(row,)),))
    path = render_xlsx(scorecard, tmp_path / "formula.xlsx")
    assert read_scorecard_rows(path)[1].values[1] == "=HYPERLINK(\"http://example.org\")"
    assert "<f>" not in sheet_xml(path, 1)
