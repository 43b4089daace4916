"""Hostile cells and sheets cannot hurt the loader (issue 10, items 3 and 5).

The value parsers are fuzzed: any cell gives a value or a reason, never an exception, and a
count is always a 64-bit integer. The scan for error and formula cells reads the sheet's XML
in one pass: crafted XML that made the old pattern backtrack for hours (every cell start
followed by the rest of the file) is scanned at once, and finds exactly the cells that are
whole. (The hang guard below is a bound on waiting, not a speed figure: speed is `make bench`.)
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import date, datetime

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from csc_scorecard.ingest.schema import load_schema
from csc_scorecard.ingest.values import (
    MAX_COUNT,
    clean_text,
    normalise_child_id,
    parse_code,
    parse_date,
    parse_integer,
    parse_integer_column,
    parse_number,
)
from csc_scorecard.ingest.workbook import _MarkedCells, _mark_cells

CODELISTS = list(load_schema().codelists.values())
CELLS = st.one_of(
    st.none(), st.text(max_size=60), st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.dates(), st.datetimes(),
    st.sampled_from(["#N/A", "#DIV/0!", "1e20", "9223372036854775808", "18446744073709551616", " 3.0 ", "1,234", "TRUE"]),
)


@settings(max_examples=400, deadline=None)
@given(CELLS)
def test_any_cell_gives_a_value_or_a_reason_never_an_exception(cell):
    value, reason = parse_integer(cell)
    assert value is None or (isinstance(value, int) and 0 <= value <= MAX_COUNT)
    assert value is None or reason is None
    number, why = parse_number(cell)
    assert number is None or isinstance(number, float)
    day, why = parse_date(cell)
    assert day is None or (isinstance(day, date) and not isinstance(day, datetime))
    for codelist in CODELISTS:
        code, known = parse_code(cell, codelist)
        assert code is None or isinstance(code, str)
    normalise_child_id(cell)
    clean_text(cell)


def test_counts_too_large_for_a_64_bit_integer_are_errors_naming_why():
    for text in ("9223372036854775808", "18446744073709551616", "1e20", "1000000001"):
        assert parse_integer(text) == (None, "out of range: a count cannot be more than 1,000,000,000")
    assert parse_integer("1000000000") == (1_000_000_000, None)
    values, reasons = parse_integer_column(pl.Series(["3", "9223372036854775808", "1e20", None]))
    assert values.to_list() == [3, None, None, None]
    out_of_range = "out of range: a count cannot be more than 1,000,000,000"
    assert reasons.to_list() == [None, out_of_range, out_of_range, None]


def test_whole_error_and_formula_cells_are_found_among_damaged_ones():
    xml = (
        b'<row r="1"><c r="A1" t="e"><v>#N/A</v></c><c r="B1"><f>1+1</f></c>'
        b'<c r="C1"><f>2+2</f><v>4</v></c><c r="D1" t="str"><f>""</f><v></v></c>'
        b'<x:c r="E1" t="e"/><c r="F1" t="e"'  # F1: a start tag never closed
        b"</row>"
    )
    found = _MarkedCells()
    _mark_cells(xml, found)
    assert found.errors == {(0, 0): "#N/A", (0, 4): "#ERROR"}
    assert found.uncalculated == {(0, 1)}  # B1 has no value; C1 and D1 (an empty text result) do


SCAN = """
import sys
from csc_scorecard.ingest.workbook import _MarkedCells, _mark_cells
found = _MarkedCells()
_mark_cells(sys.stdin.buffer.read(), found)
print(len(found.errors), len(found.uncalculated))
"""


def scan_in_a_process(xml: bytes) -> str:
    result = subprocess.run([sys.executable, "-c", SCAN], input=xml, capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.decode().strip()


def test_error_cells_never_closed_are_scanned_in_one_pass():
    # 50,000 error cells with no end: the old pattern looked for each one's end through the
    # rest of the text (about 50,000 x 1.2 MB). Each is whole up to the next one's start.
    xml = b"<row>" + b'<c r="A1" t="e"><v>#REF!' * 50_000
    assert scan_in_a_process(xml) == "1 0"  # one place (A1), written 50,000 times


def test_cell_starts_without_an_end_and_formulas_never_closed_are_scanned_in_one_pass():
    assert scan_in_a_process(b"<row>" + b"<c <c " * 200_000) == "0 0"
    assert scan_in_a_process(b"<row>" + b'<c r="B2"><f>SUM(' * 50_000) == "0 1"
    assert scan_in_a_process(b'<c r="A1" ' + b't="e" ' * 300_000) == "0 0"  # a start tag too long to be real


def test_a_crafted_workbook_loads_its_other_cells_normally(tmp_path):
    """A real .xlsx whose sheet XML holds the crafted cells is read through the loader's path."""
    from csc_scorecard.ingest.workbook import _marked_cells_by_sheet

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        package.writestr("xl/workbook.xml", '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                         '<sheet name="List 3" sheetId="1" r:id="rId1"/></sheets></workbook>')
        package.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        package.writestr("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row r=\"1\">" + b'<c r="C3" t="e"><v>#VALUE!' * 20_000 + b"</row></sheetData></worksheet>")
    assert _marked_cells_by_sheet(buffer.getvalue())["List 3"].errors == {(2, 2): "#VALUE!"}


def sheet_bomb(path, rows: int, declared: int | None = None):
    """An .xlsx whose one sheet holds `rows` rows of one cell (and declares `declared` rows):
    a few hundred KB compressed, like the 8 MB file of 8.67 million rows of issue 10."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("List 3")
    sheet.write_row(0, 0, ["Child Unique ID", "Date of referral", "Referral Source", "Number of Referrals in Last 12 Months"])
    for r in range(1, rows):
        sheet.write_number(r, 0, 1)
    book.close()
    if declared is not None:  # rewrite the sheet's declared dimension, as a crafted file would
        with zipfile.ZipFile(path) as source:
            parts = {name: source.read(name) for name in source.namelist()}
        sheet_xml = parts["xl/worksheets/sheet1.xml"]
        start = sheet_xml.index(b"<dimension")
        end = sheet_xml.index(b"/>", start) + 2
        parts["xl/worksheets/sheet1.xml"] = sheet_xml[:start] + f'<dimension ref="A1:D{declared}"/>'.encode() + sheet_xml[end:]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for name, content in parts.items():
                target.writestr(name, content)
    return path


def test_a_sheet_of_more_rows_than_the_ceiling_is_refused_before_it_is_read(tmp_path):
    from csc_scorecard.ingest.annex_a import read_annex_a

    path = sheet_bomb(tmp_path / "bomb.xlsx", 2_001)
    read = read_annex_a(path, max_rows=2_000)
    assert [str(i) for i in read.issues] == [
        "error: bomb.xlsx: sheet 'List 3' has more than 2,000 rows, the most a list may have (SCORECARD_MAX_ROWS changes that): nothing was read"
    ]
    assert read.lists == {}
    within = read_annex_a(path, max_rows=2_001)  # header and 2,000 rows: read
    assert "referrals" in within.lists and not any("more than" in i.message for i in within.issues)
    # A sheet that declares 8.67 million rows is refused from its declaration alone.
    crafted = sheet_bomb(tmp_path / "crafted.xlsx", 10, declared=8_670_000)
    assert "has more than 1,000,000 rows" in str(read_annex_a(crafted).issues[0])


def test_the_ceiling_is_set_by_an_environment_variable_for_the_command(tmp_path):
    path = sheet_bomb(tmp_path / "annex_a_2023-12-31.xlsx", 1_001)
    result = subprocess.run([sys.executable, "-m", "csc_scorecard", "validate", str(path)], capture_output=True, text=True,
                            timeout=300, env={**__import__("os").environ, "SCORECARD_MAX_ROWS": "1000"})
    assert result.returncode == 1
    assert "sheet 'List 3' has more than 1,000 rows" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
