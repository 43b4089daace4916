"""Write Annex A lists to an .xlsx workbook as the Ofsted template lays them out (or messily).

Clean: sheets `List 1` .. `List 11` in order, the schema's header texts in schema column order,
dates as real Excel dates shown `dd/mm/yyyy`, integers and ages as numbers, codes as the
template prints them (the code list's `format`; a value without a letter as `code: label`),
blank cells for nulls. Messy (`messy=True`): the same values in the spellings of `messy.py`,
chosen deterministically from `seed`. XlsxWriter's constant-memory mode streams rows to disk,
so a large extract writes quickly in little memory.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import polars as pl
import xlsxwriter

from csc_scorecard.synth import messy as untidy
from csc_scorecard.synth.layout import Column, Layout, load_layout

EXCEL_DAY_OFFSET = 25569  # Excel's serial number of 1970-01-01
DATE_FORMAT = "dd/mm/yyyy"
FIXED_CREATED = datetime(2000, 1, 1)


def write_workbook(frames: dict[str, pl.DataFrame], path: str | Path, messy: bool = False, seed: int = 0) -> Path:
    """Write the lists in `frames` (keyed by list name, canonical columns) to `path`."""
    path = Path(path)
    layout = load_layout()
    lists = [annex for annex in layout.lists if annex.name in frames]
    unknown = set(frames) - {annex.name for annex in layout.lists}
    if unknown:
        raise ValueError(f"not Annex A lists: {', '.join(sorted(unknown))}")
    rng = np.random.default_rng(seed)
    names = untidy.sheet_names(lists, rng) if messy else {annex.name: annex.sheet for annex in lists}
    age_list = next((annex.name for annex in lists if any(c.name == "age" for c in annex.columns)), None)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    workbook.set_properties({"created": FIXED_CREATED})  # same input, same bytes
    try:
        date_format = workbook.add_format({"num_format": DATE_FORMAT})
        for annex in lists:
            frame = frames[annex.name]
            missing = [c.name for c in annex.columns if c.name not in frame.columns]
            if missing:
                raise ValueError(f"{annex.name}: missing columns {', '.join(missing)}")
            headers = (untidy.headers(annex, rng, force_age=annex.name == age_list) if messy
                       else [c.header for c in annex.columns])
            columns = [_cells(frame, column, layout, rng if messy else None) for column in annex.columns]
            is_date = [column.type == "date" for column in annex.columns]
            _write_sheet(workbook.add_worksheet(names[annex.name]), headers, columns, is_date, date_format)
    finally:
        workbook.close()
    return path


def _cells(frame: pl.DataFrame, column: Column, layout: Layout, rng: np.random.Generator | None) -> list:
    """One column's cell values: str, float (numbers and date serials) or None (blank)."""
    series = frame[column.name]
    if column.type == "date":
        values = (series.cast(pl.Date).cast(pl.Int32) + EXCEL_DAY_OFFSET).cast(pl.Float64).to_list()
        return untidy.date_cells(values, rng) if rng is not None else values
    if column.type in ("integer", "number"):
        return series.cast(pl.Float64).to_list()
    values = series.cast(pl.String).to_list()
    if column.type == "code":
        codelist = layout.codelists[column.codelist]
        if rng is not None:
            return untidy.code_cells(values, codelist, rng)
        rendered = {code: codelist.render(code) for code in codelist.codes}
        return [None if v is None else rendered.get(v, v) for v in values]
    return untidy.text_cells(values, column, rng) if rng is not None else values


def _write_sheet(sheet, headers: list[str], columns: list[list], is_date: list[bool], date_format) -> None:
    for index, header in enumerate(headers):
        sheet.write_string(0, index, header)
    width = len(columns)
    height = len(columns[0]) if columns else 0
    for row in range(height):
        excel_row = row + 1
        for index in range(width):
            value = columns[index][row]
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(excel_row, index, value)
            elif is_date[index]:
                sheet.write_number(excel_row, index, value, date_format)
            else:
                sheet.write_number(excel_row, index, value)

