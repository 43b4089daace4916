"""Reading the workbook back in tests, read-only (it is never modified and re-saved)."""

from __future__ import annotations

import warnings
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook


@dataclass
class ScorecardSheetRow:
    values: tuple  # the row's cell values
    formats: tuple  # the row's number formats
    headings: tuple  # its section's first heading row
    subheadings: tuple  # its section's second heading row

    def at(self, heading: str, subheading: str | None = None) -> int:
        """The column index under `heading` (and `subheading` for a grouped heading)."""
        first = self.headings.index(heading)
        if subheading is None:
            return first
        return self.subheadings.index(subheading, first)


@contextmanager
def opened(path: Path):
    """The workbook read-only. openpyxl warns that it cannot read sparklines: they are checked in the XML."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Sparkline Group extension is not supported")
        workbook = load_workbook(path, read_only=True)
        try:
            yield workbook
        finally:
            workbook.close()


def read_sheets(path: Path) -> dict[str, list[tuple]]:
    with opened(path) as workbook:
        return {name: [tuple(row) for row in workbook[name].iter_rows(values_only=True)] for name in workbook.sheetnames}


def read_scorecard_rows(path: Path) -> dict[int, ScorecardSheetRow]:
    """The Scorecard sheet's indicator rows by their number, with the headings above them."""
    with opened(path) as workbook:
        rows = [tuple(row) for row in workbook["Scorecard"].iter_rows()]
    found: dict[int, ScorecardSheetRow] = {}
    headings = subheadings = ()
    for index, cells in enumerate(rows):
        values = tuple(getattr(c, "value", None) for c in cells)
        if values and values[0] == "No":
            headings, subheadings = values, tuple(getattr(c, "value", None) for c in rows[index + 1])
        elif values and isinstance(values[0], int) and headings:
            formats = tuple(getattr(c, "number_format", None) for c in cells)
            found[values[0]] = ScorecardSheetRow(values, formats, headings, subheadings)
    return found


def sheet_xml(path: Path, sheet_number: int) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(f"xl/worksheets/sheet{sheet_number}.xml").decode("utf-8")
