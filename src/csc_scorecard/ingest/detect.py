"""Tell what kind of input a file is, from its extension and (for CSVs) its header line.

`scorecard load` takes any of the inputs of spec/scorecard.md in one command and says what it
found, so the user never has to name the kind.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from csc_scorecard.issues import UserError

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}

# kind -> the header names that identify it (all must be present)
CSV_KINDS = {
    "population": {"old_la_code", "time_period", "population"},
    "ees_population": {"time_period", "old_la_code", "age_group", "population_estimate"},
    "manual": {"indicator_id", "period_end", "value"},
    "regional": {"source", "period_end", "period_label", "area", "indicator_id", "value"},
    "own_benchmarks": {"indicator_id", "year", "area", "value"},
}

KIND_LABELS = {
    "annex_a": "Annex A workbook",
    "population": "population estimates (CSV)",
    "ees_population": "ONS population estimates (DfE EES file)",
    "manual": "manual indicator values (CSV)",
    "regional": "regional quarterly figures (CSV)",
    "own_benchmarks": "own benchmark values (CSV)",
}

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def detect_kind(path: Path) -> str:
    """`annex_a` for a workbook, else the CSV kind whose headers the file carries."""
    if not path.exists():
        raise UserError(f"{path}: no such file")
    if path.is_dir():
        raise UserError(f"{path}: is a folder; give the files inside it")
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return "annex_a"
    if suffix == ".csv":
        headers = _csv_headers(path)
        # most specific first: regional has every manual header too
        for kind in ("regional", "ees_population", "population", "manual", "own_benchmarks"):
            if CSV_KINDS[kind] <= headers:
                return kind
        expected = "; ".join(f"{KIND_LABELS[k]}: {', '.join(sorted(v))}" for k, v in CSV_KINDS.items())
        raise UserError(f"{path}: a CSV with headers {', '.join(sorted(headers)) or '(none)'} is not an input this tool reads (expected {expected})")
    raise UserError(f"{path}: unknown file type '{suffix}'; expected an Annex A workbook (.xlsx, .xls, .ods) or one of the CSV inputs")


def _csv_headers(path: Path) -> set[str]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            for row in csv.reader(handle):
                if row and not row[0].lstrip().startswith("#"):
                    return {cell.strip().lower() for cell in row}
    except UnicodeDecodeError:
        raise UserError(f"{path}: not a UTF-8 text CSV file") from None
    return set()


def date_in_file_name(path: Path) -> date | None:
    """The ISO date in a file name such as `annex_a_2023-12-31.xlsx`, if it has one valid date."""
    for match in _ISO_DATE.finditer(path.name):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    return None
