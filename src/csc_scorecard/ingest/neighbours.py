"""Readers for DfE's statistical-neighbour lists (April 2021 and 2025 models; CSV and xlsx).

Two layouts exist (spec/benchmarks.md section 3):
- DfE's benchmarking tool (`LA num, LA Name, LA number, GOInd, GOReg, SN1, SNP, ..., SN10, SNP`),
  in the April 2021 CSV and in LAIT's xlsx copies of both models (sheet "LA SN Groups", header on
  row 3 below two rows of column letters and numbers);
- the 2025 CSV (`old_la_code, la_name, region_ind, region_name, SN_1, SN_1P, ..., SN_10P`).

Which model a file holds is read from its content, because the xlsx copies of both share one
layout: the 2025 model gives neighbours to Cumberland (942), created in April 2023; the April 2021
model has no neighbours for it ("-" or no row).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from csc_scorecard.issues import UserError

LIST_2021, LIST_2025 = "2021", "2025"
LIST_TITLES = {LIST_2021: "April 2021 (LGR version)", LIST_2025: "2025 refresh"}
CUMBERLAND = "942"
NEIGHBOUR_COLUMN = re.compile(r"^SN_?(\d{1,2})$")
CODE_COLUMNS = ("LA num", "old_la_code")
NAME_COLUMNS = ("LA Name", "la_name")
NO_NEIGHBOUR = {"", "-", "NA"}


@dataclass
class NeighbourList:
    """One model's lists: for each LA (3-digit code) its neighbours in rank order (1 = closest)."""

    list_id: str
    neighbours: dict[str, tuple[str, ...]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


def _code(cell: object) -> str:
    """A 3-digit LA code from a cell that may hold text, an int or a float (Excel)."""
    text = "" if cell is None else str(cell).strip()
    if re.fullmatch(r"\d+(\.0+)?", text):
        return f"{int(float(text)):03d}"
    return text


def looks_like_neighbour_header(header: list[str]) -> bool:
    cells = [str(c).strip() if c is not None else "" for c in header]
    return any(c in CODE_COLUMNS for c in cells[:1]) and any(NEIGHBOUR_COLUMN.match(c) for c in cells)


def _rows_of_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as handle:
        return [row for row in csv.reader(handle)]


def _rows_of_workbook(path: Path) -> list[list[str]]:
    try:
        sheets = pl.read_excel(path, sheet_id=0, has_header=False, infer_schema_length=0)
    except Exception as error:  # fastexcel raises its own types for unreadable workbooks
        raise UserError(f"{path.name}: cannot be read as a workbook ({str(error).splitlines()[0]})") from None
    for frame in sheets.values():
        rows = [["" if v is None else str(v) for v in row] for row in frame.iter_rows()]
        if any(looks_like_neighbour_header(row) for row in rows[:10]):
            return rows
    raise UserError(f"{path.name}: no sheet with a statistical-neighbour header ('LA num' ... 'SN1' ... 'SN10')")


def read_neighbour_rows(path: Path) -> list[list[str]] | None:
    """The file's rows from its header row on, or None when it is not a neighbour list."""
    path = Path(path)
    rows = _rows_of_workbook(path) if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods") else _rows_of_csv(path)
    for index, row in enumerate(rows[:10]):
        if looks_like_neighbour_header(row):
            return rows[index:]
    return None


def read_neighbour_list(path: Path) -> NeighbourList:
    """Read one statistical-neighbour file (either layout, CSV or workbook).

    Raises UserError when the file has no neighbour header or an LA appears twice.
    """
    path = Path(path)
    rows = read_neighbour_rows(path)
    if rows is None:
        raise UserError(f"{path.name}: not a statistical-neighbour list (no 'LA num' or 'old_la_code' header with SN1..SN10 columns)")
    header = [c.strip().lstrip("\ufeff") for c in rows[0]]
    name_index = next((i for i, c in enumerate(header) if c in NAME_COLUMNS), None)
    rank_of = {i: int(m.group(1)) for i, c in enumerate(header) if (m := NEIGHBOUR_COLUMN.match(c))}
    neighbours: dict[str, tuple[str, ...]] = {}
    names: dict[str, str] = {}
    for line, row in enumerate(rows[1:], start=2):
        code = _code(row[0]) if row else ""
        if not code:
            continue
        if not code.isdigit() or len(code) != 3:
            raise UserError(f"{path.name}: row {line}: '{row[0]}' is not a 3-digit LA code")
        if code in names:
            raise UserError(f"{path.name}: LA {code} is listed twice")
        names[code] = row[name_index].strip() if name_index is not None and name_index < len(row) else ""
        ranked = sorted((rank, _code(row[i])) for i, rank in rank_of.items() if i < len(row))
        codes = tuple(c for _, c in ranked if c not in NO_NEIGHBOUR)
        if codes:
            neighbours[code] = codes
    list_id = LIST_2025 if neighbours.get(CUMBERLAND) else LIST_2021
    return NeighbourList(list_id, neighbours, names, [path.name])


def merge_neighbour_lists(lists: list[NeighbourList]) -> NeighbourList:
    """Several files of one model (e.g. its CSV and its xlsx) as one list; they must agree."""
    merged = NeighbourList(lists[0].list_id)
    for one in lists:
        for code, codes in one.neighbours.items():
            known = merged.neighbours.get(code)
            if known is not None and known != codes:
                raise UserError(
                    f"{one.files[0]}: neighbours of LA {code} differ from {merged.files[0]} "
                    f"(both are the {LIST_TITLES.get(one.list_id, one.list_id)} model)"
                )
            merged.neighbours[code] = codes
        for code, name in one.names.items():
            merged.names.setdefault(code, name)
        merged.files.extend(one.files)
    return merged
