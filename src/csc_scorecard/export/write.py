"""Write the tidy export's tables: CSV or Parquet files (polars), or one Excel workbook with a
sheet and a named table per table (XlsxWriter), which Power Query lists by name."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import xlsxwriter

EXPORT_FORMATS = ("csv", "parquet", "xlsx")
WORKBOOK_NAME = "scorecard-export.xlsx"


def write_tables(tables: dict[str, pl.DataFrame], output_format: str, out: Path) -> list[Path]:
    """Write every table into `out` in the format; the paths written, in the tables' order."""
    out.mkdir(parents=True, exist_ok=True)
    if output_format == "xlsx":
        return [write_workbook(tables, out / WORKBOOK_NAME)]
    paths = []
    for name, frame in tables.items():
        path = out / f"{name}.{output_format}"
        if output_format == "csv":
            frame.write_csv(path, date_format="%Y-%m-%d")  # floats in full: the shortest text that reads back the same
        else:
            frame.write_parquet(path)
        paths.append(path)
    return paths


def write_workbook(tables: dict[str, pl.DataFrame], path: Path) -> Path:
    """One sheet per table, each an Excel table of the same name (dates as dates, values unrounded)."""
    book = xlsxwriter.Workbook(str(path), {"default_date_format": "yyyy-mm-dd"})
    try:
        for name, frame in tables.items():
            sheet = book.add_worksheet(name)
            columns = [{"header": column} for column in frame.columns]
            data = [list(row) for row in frame.iter_rows()]
            # an Excel table needs a data row: an empty table gets one blank row under its headers
            last_row = max(len(data), 1)
            sheet.add_table(0, 0, last_row, len(columns) - 1, {"name": name, "columns": columns, "data": data, "style": "Table Style Light 9"})
            sheet.freeze_panes(1, 0)
            sheet.set_column(0, len(columns) - 1, 14)
    finally:
        book.close()
    return path
