"""Reads the manual indicators CSV: values an LA supplies for measures not in Annex A.

Format (spec/scorecard.md): `indicator_id, period_end, value, label`; `period_end` an ISO date,
`label` optional text shown instead of the generated month label. Lines starting with `#` are
comments. Each problem stops the load with a UserError naming file, row and column.
"""

from __future__ import annotations

import csv
import math
from datetime import date
from pathlib import Path

import polars as pl

from csc_scorecard.issues import UserError

# The indicators of spec/indicators.md supplied by hand (measures 6 and 7), with their unit.
MANUAL_INDICATOR_IDS = {"agency_sw_pct": "percentage", "unregulated_placements": "count"}
MANUAL_COLUMNS = ("indicator_id", "period_end", "value", "label")


def read_manual_csv(path: str | Path) -> pl.DataFrame:
    """The file's rows as `indicator_id` (String), `period_end` (Date), `value` (Float64),
    `label` (String, null when blank)."""
    path = Path(path)
    records: list[dict] = []
    seen: dict[tuple[str, date], int] = {}
    headers: list[str] | None = None
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            for cells in reader:
                if not cells or not "".join(cells).strip() or cells[0].lstrip().startswith("#"):
                    continue
                if headers is None:
                    headers = [c.strip().lower() for c in cells]
                    missing = [c for c in MANUAL_COLUMNS[:3] if c not in headers]
                    if missing:
                        raise UserError(
                            f"{path.name}: missing column(s) {', '.join(missing)} (expected {', '.join(MANUAL_COLUMNS)})"
                        )
                    continue
                row = dict(zip(headers, cells + [""] * (len(headers) - len(cells)), strict=False))
                record = _record(path.name, reader.line_num, row)
                key = (record["indicator_id"], record["period_end"])
                if key in seen:
                    raise UserError(
                        f"{path.name}, row {reader.line_num}: {key[0]} for {key[1].isoformat()} is given twice "
                        f"(also row {seen[key]})"
                    )
                seen[key] = reader.line_num
                records.append(record)
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise UserError(f"{path.name}: not a UTF-8 text CSV file") from None
    if headers is None:
        raise UserError(f"{path.name}: empty file (expected the columns {', '.join(MANUAL_COLUMNS)})")
    return pl.DataFrame(
        records, schema={"indicator_id": pl.String, "period_end": pl.Date, "value": pl.Float64, "label": pl.String}
    )


def _record(file_name: str, line: int, row: dict[str, str]) -> dict:
    def fail(column: str, text: str, expected: str) -> UserError:
        return UserError(f"{file_name}, row {line}, column '{column}': {text!r} is not {expected}")

    indicator = row["indicator_id"].strip()
    if indicator not in MANUAL_INDICATOR_IDS:
        raise fail("indicator_id", indicator, f"a manual indicator ({', '.join(MANUAL_INDICATOR_IDS)})")
    period_text = row["period_end"].strip()
    try:
        period_end = date.fromisoformat(period_text)
    except ValueError:
        raise fail("period_end", period_text, "an ISO date such as 2023-04-30") from None
    value_text = row["value"].strip()
    number_text = value_text.removesuffix("%").strip() if MANUAL_INDICATOR_IDS[indicator] == "percentage" else value_text
    try:
        value = float(number_text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise fail("value", value_text, "a number")
    if MANUAL_INDICATOR_IDS[indicator] == "percentage" and not 0 <= value <= 100:
        raise fail("value", value_text, "a percentage between 0 and 100")
    if MANUAL_INDICATOR_IDS[indicator] == "count" and (value < 0 or value != int(value)):
        raise fail("value", value_text, "a whole number of children")
    label = row.get("label", "").strip() or None
    return {"indicator_id": indicator, "period_end": period_end, "value": value, "label": label}
