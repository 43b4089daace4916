"""The workbook writer renders rows' XML in bulk: its files are byte for byte those XlsxWriter's
own cell-by-cell API writes (the second method, written out here), clean and messy, and for
awkward values (XML specials, control characters, spaces at the ends, blank rows)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import xlsxwriter

from csc_scorecard.synth import extract_at, workbook as synth_workbook

AS_AT = date(2023, 12, 31)


def _cell_by_cell(sheet, headers, columns, is_date, date_format) -> None:
    """Every header and value through write_string / write_number, one cell at a time."""
    for index, header in enumerate(headers):
        sheet.write_string(0, index, header)
    for row in range(len(columns[0]) if columns else 0):
        for index, values in enumerate(columns):
            value = values[row]
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(row + 1, index, value)
            elif is_date[index]:
                sheet.write_number(row + 1, index, value, date_format)
            else:
                sheet.write_number(row + 1, index, value)


def _write(path, write_sheet, sheets) -> bytes:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    book.set_properties({"created": datetime(2000, 1, 1)})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, (headers, columns, is_date) in sheets.items():
        write_sheet(book.add_worksheet(name), headers, columns, is_date, date_format)
    book.close()
    return path.read_bytes()


def test_awkward_values_are_written_as_the_cell_api_writes_them(tmp_path):
    headers = ["Child ID", "Date", "Age", "Note"]
    columns = [
        ["C1", None, "a & b < c > d", None, " lead", "trail ", "tab\there", None],
        [45291.0, None, 44927.0, None, 45000.0, None, None, None],
        [3.0, None, 1 / 3, None, 1e20, 0.1, -2.5, None],
        ['say "hi"', None, "bell\x07 and _x0041_", None, "<r>rich</r>", "new\nline", "é ü ☃", None],
    ]
    is_date = [False, True, False, False]
    sheets = {"List 1": (headers, columns, is_date), "List 2": (headers, [[None] * 3 for _ in headers], is_date),
              "List 3": (headers, [[] for _ in headers], is_date)}
    fast = _write(tmp_path / "fast.xlsx", synth_workbook._write_sheet, sheets)
    slow = _write(tmp_path / "slow.xlsx", _cell_by_cell, sheets)
    assert fast == slow


@pytest.mark.parametrize("messy", [False, True])
def test_a_synthetic_extract_is_the_bytes_the_cell_api_writes(small_la, tmp_path, monkeypatch, messy):
    frames = extract_at(small_la, AS_AT)
    fast = synth_workbook.write_workbook(frames, tmp_path / "fast.xlsx", messy=messy, seed=3).read_bytes()
    monkeypatch.setattr(synth_workbook, "_write_sheet", _cell_by_cell)
    slow = synth_workbook.write_workbook(frames, tmp_path / "slow.xlsx", messy=messy, seed=3).read_bytes()
    assert fast == slow
