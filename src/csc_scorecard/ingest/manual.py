"""Reads the manual indicators CSV: values an LA supplies for measures not in Annex A.

Format (spec/scorecard.md): `indicator_id, period_end, value, label`; `period_end` an ISO date,
`label` optional text shown instead of the generated month label. Lines starting with `#` are
comments. Each problem stops the load with a UserError naming file, row and column.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import polars as pl

from csc_scorecard.ingest.small_csv import cell_error, iso_date, read_rows
from csc_scorecard.issues import UserError

MANUAL_COLUMNS = ("indicator_id", "period_end", "value", "label")


def read_manual_csv(path: str | Path, indicators: Mapping[str, str]) -> pl.DataFrame:
    """The file's rows as `indicator_id` (String), `period_end` (Date), `value` (Float64),
    `label` (String, null when blank). `indicators`: the manual indicators' ids and units
    (`pct` or `count`), given by the caller (`measures.registry.manual_units`), since the
    measures, not the reader, declare them."""
    path = Path(path)
    rows, headers = read_rows(path, MANUAL_COLUMNS[:3])
    if not headers:
        raise UserError(f"{path.name}: empty file (expected the columns {', '.join(MANUAL_COLUMNS)})")
    records: list[dict] = []
    seen: dict[tuple[str, date], int] = {}
    for line, row in rows:
        record = _record(path.name, line, row, indicators)
        key = (record["indicator_id"], record["period_end"])
        if key in seen:
            raise UserError(f"{path.name}, row {line}: {key[0]} for {key[1].isoformat()} is given twice (also row {seen[key]})")
        seen[key] = line
        records.append(record)
    return pl.DataFrame(
        records, schema={"indicator_id": pl.String, "period_end": pl.Date, "value": pl.Float64, "label": pl.String}
    )


def _record(file_name: str, line: int, row: dict[str, str], indicators: Mapping[str, str]) -> dict:
    def fail(column: str, text: str, expected: str) -> UserError:
        return cell_error(file_name, line, column, text, expected)

    indicator = row["indicator_id"].strip()
    if indicator not in indicators:
        raise fail("indicator_id", indicator, f"a manual indicator ({', '.join(indicators)})")
    period_end = iso_date(file_name, line, "period_end", row["period_end"])
    value_text = row["value"].strip()
    number_text = value_text.removesuffix("%").strip() if indicators[indicator] == "pct" else value_text
    try:
        value = float(number_text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise fail("value", value_text, "a number")
    if indicators[indicator] == "pct" and not 0 <= value <= 100:
        raise fail("value", value_text, "a percentage between 0 and 100")
    if indicators[indicator] == "count" and (value < 0 or value != int(value)):
        raise fail("value", value_text, "a whole number of children")
    label = row.get("label", "").strip() or None
    return {"indicator_id": indicator, "period_end": period_end, "value": value, "label": label}
