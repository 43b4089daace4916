"""Reading the small CSV inputs (population, manual indicators, regional figures) row by row.

They are hand-made files, so every problem stops the load with one UserError naming the file,
the row (as a spreadsheet shows it) and the column; blank lines and lines starting with `#`
are skipped.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from csc_scorecard.issues import UserError


def read_rows(path: Path, required: Sequence[str] = ()) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """(file line number, row by lower-cased header) for each data row, and the headers.

    A `required` column missing from the header line is a UserError naming it.
    """
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            headers: list[str] | None = None
            rows = []
            for cells in reader:
                if not cells or not "".join(cells).strip() or cells[0].lstrip().startswith("#"):
                    continue
                if headers is None:
                    headers = [c.strip().lower() for c in cells]
                    continue
                padded = cells + [""] * (len(headers) - len(cells))
                rows.append((reader.line_num, dict(zip(headers, padded, strict=False))))
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise UserError(f"{path.name}: not a UTF-8 text CSV file") from None
    headers = headers or []
    missing = [c for c in required if c not in headers]
    if missing:
        raise UserError(f"{path.name}: missing column(s) {', '.join(missing)} (expected {', '.join(required)})")
    return rows, headers


def cell_error(file_name: str, line: int, column: str, text: str, expected: str) -> UserError:
    return UserError(f"{file_name}, row {line}, column '{column}': {text!r} is not {expected}")


def iso_date(file_name: str, line: int, column: str, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise cell_error(file_name, line, column, text.strip(), "an ISO date such as 2023-04-30") from None
