"""Reads a population file into the rows the rates use: children aged 0-17 per LA and mid-year.

Two formats (spec/scorecard.md, "Inputs"): the project's own CSV (`new_la_code, old_la_code,
la_name, time_period, population`; `time_period` is the mid-year, 2023 = mid-2023) and DfE's
EES file of ONS estimates (`ons_mid-year_population_estimates_...csv`), of which the "Local
authority" rows for "Children aged 0 to 17 years" are read; rows published as a symbol (`x`,
`z`, `c`, ...) are an LA that did not exist that year and are left out, as the shipped file does.
Anything else that cannot be read stops the load with a UserError naming file, row and column.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from csc_scorecard.ingest.small_csv import read_rows
from csc_scorecard.issues import UserError

POPULATION_SCHEMA = {
    "new_la_code": pl.String,
    "old_la_code": pl.String,
    "la_name": pl.String,
    "time_period": pl.Int64,
    "population": pl.Int64,
}
POPULATION_COLUMNS = tuple(POPULATION_SCHEMA)
EES_COLUMNS = (
    "time_period", "geographic_level", "old_la_code", "new_la_code", "la_name", "age_group", "population_estimate",
)
EES_AGE_GROUP = "children aged 0 to 17 years"
EES_SYMBOLS = {"c", "x", "z", "k", "u", "low", ":", "~"}

_WHOLE_NUMBER = re.compile(r"^\d+$")


def read_population_csv(path: str | Path) -> pl.DataFrame:
    """The file's rows as `new_la_code, old_la_code, la_name, time_period, population`."""
    path = Path(path)
    rows, headers = read_rows(path)
    is_ees = "population_estimate" in headers and "geographic_level" in headers
    required = EES_COLUMNS if is_ees else POPULATION_COLUMNS
    missing = [c for c in required if c not in headers]
    if missing:
        raise UserError(f"{path.name}: missing column(s) {', '.join(missing)} (expected {', '.join(required)})")
    value_column = "population_estimate" if is_ees else "population"
    records: list[dict] = []
    seen: dict[tuple[str, int], int] = {}
    for line, row in rows:
        if is_ees and (
            row["geographic_level"].strip().lower() != "local authority"
            or row["age_group"].strip().lower() != EES_AGE_GROUP
        ):
            continue
        value = row[value_column].strip()
        if is_ees and value.lower() in EES_SYMBOLS:
            continue
        code = row["old_la_code"].strip()
        if not code:
            raise UserError(f"{path.name}, row {line}, column 'old_la_code': blank (expected the DfE 3-digit LA code)")
        year_text = row["time_period"].strip()
        if not re.fullmatch(r"\d{4}", year_text):
            raise UserError(f"{path.name}, row {line}, column 'time_period': {year_text!r} is not a year such as 2023")
        if not _WHOLE_NUMBER.fullmatch(value):
            raise UserError(f"{path.name}, row {line}, column '{value_column}': {value!r} is not a whole number of children")
        year = int(year_text)
        if (code, year) in seen:
            raise UserError(
                f"{path.name}, row {line}: LA {code} mid-{year} is given twice (also row {seen[(code, year)]})"
            )
        seen[(code, year)] = line
        records.append(
            {
                "new_la_code": row["new_la_code"].strip() or None,
                "old_la_code": code,
                "la_name": row["la_name"].strip() or None,
                "time_period": year,
                "population": int(value),
            }
        )
    if not records:
        raise UserError(f"{path.name}: no local authority population rows")
    return pl.DataFrame(records, schema=POPULATION_SCHEMA)
