"""Builders for small Annex A workbooks written with xlsxwriter (the ingest tests' inputs)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import xlsxwriter

REFERRAL_HEADERS = [
    "Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
    "Date of referral", "Referral Source", "Referral NFA?",
    "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker",
]


@dataclass(frozen=True)
class FormulaError:
    """A formula cell whose cached result is an Excel error, as Excel saves `=1/0`."""

    formula: str
    value: str


@dataclass(frozen=True)
class Uncalculated:
    """A formula cell saved without its result, as a script writing .xlsx leaves it."""

    formula: str


def referral(child="C1", referred=date(2023, 5, 2), source="q) 6: Police", prior=0,
             born=date(2015, 3, 1), team="Team A") -> list:
    """One List 3 row in REFERRAL_HEADERS order."""
    return [child, "a) Male", "a) WBRI", born, 8, referred, source, "b) No", prior, team, "Worker A"]


def filled_cells(rows: list[list]):
    """(row index, column index, cell) of every cell that is not None, a date as a datetime."""
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            if isinstance(cell, date) and not isinstance(cell, datetime):
                cell = datetime.combine(cell, time())
            yield r, c, cell


def write_workbook(path: Path, sheets: dict[str, list[list]], constant_memory: bool = False) -> Path:
    """Write `sheets` (name -> rows of cells); None leaves a cell empty, dates get dd/mm/yyyy."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, c, cell in filled_cells(rows):
            if isinstance(cell, FormulaError):
                sheet.write_formula(r, c, cell.formula, None, cell.value)
            elif isinstance(cell, Uncalculated):
                sheet.write_formula(r, c, cell.formula, None, "")  # XlsxWriter writes <v></v>
            elif isinstance(cell, datetime):
                sheet.write_datetime(r, c, cell, date_format)
            elif isinstance(cell, str):
                sheet.write_string(r, c, cell)
            else:
                sheet.write_number(r, c, cell)
    book.close()
    return path
