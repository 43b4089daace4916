"""Reads the regional quarterly figures CSV: the LA's and its region's values from a regional report.

Format (spec/scorecard.md): `source, period_end, period_label, area, indicator_id, value`, with
`area` either `la` (this LA) or `region`. A scorecard as at E shows the latest period with
`period_end <= E`, headed `source period_label area-name` ("RIG Q2 Sefton", "RIG Q2 NW").
"""

from __future__ import annotations

import math
from collections.abc import Collection
from pathlib import Path

import polars as pl

from csc_scorecard.ingest.small_csv import cell_error, iso_date, read_rows
from csc_scorecard.issues import UserError

REGIONAL_COLUMNS = ("source", "period_end", "period_label", "area", "indicator_id", "value")
REGIONAL_SCHEMA = {
    "source": pl.String, "period_end": pl.Date, "period_label": pl.String,
    "area": pl.String, "indicator_id": pl.String, "value": pl.Float64,
}
AREAS = ("la", "region")


def read_regional_csv(path: str | Path, known: Collection[str]) -> pl.DataFrame:
    """The file's rows with the columns of REGIONAL_SCHEMA; any bad cell is a UserError naming it.
    `known`: the indicator ids a row may name (`measures.registry.measure_ids`, from the caller:
    ingest knows nothing of measures)."""
    path = Path(path)
    rows, headers = read_rows(path, REGIONAL_COLUMNS)
    records, seen = [], {}
    for line, row in rows:
        text = {c: row[c].strip() for c in REGIONAL_COLUMNS}
        for column in ("source", "period_label"):
            if not text[column]:
                raise cell_error(path.name, line, column, text[column], "a name (e.g. RIG and Q2)")
        if text["area"].lower() not in AREAS:
            raise cell_error(path.name, line, "area", text["area"], "la or region")
        if text["indicator_id"] not in known:
            raise cell_error(path.name, line, "indicator_id", text["indicator_id"], "an indicator id such as referrals_rate")
        try:
            value = float(text["value"].removesuffix("%"))
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise cell_error(path.name, line, "value", text["value"], "a number")
        record = {
            "source": text["source"], "period_end": iso_date(path.name, line, "period_end", text["period_end"]),
            "period_label": text["period_label"], "area": text["area"].lower(), "indicator_id": text["indicator_id"], "value": value,
        }
        key = (record["source"], record["period_end"], record["area"], record["indicator_id"])
        if key in seen:
            raise UserError(f"{path.name}, row {line}: {key[3]} for {key[2]} in {key[0]} {key[1]} is given twice (also row {seen[key]})")
        seen[key] = line
        records.append(record)
    return pl.DataFrame(records, schema=REGIONAL_SCHEMA)
