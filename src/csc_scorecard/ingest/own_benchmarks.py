"""Reads an LA's own benchmark values CSV: comparator figures DfE does not publish in a table the
project ships (the reference's rows 3 and 21 "add your own values").

Format: `indicator_id, year, area, value`; `year` the reporting year (2023 = year ending 31 March
2023), `area` one of `la`, `sn`, `region`, `england`, `value` a number or a published symbol
(`c`, `x`, ...) as DfE writes them. Blank lines and lines starting with `#` are skipped. Each
problem stops the load with one UserError naming the file, row and column.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polars as pl

from csc_scorecard.ingest.published import parse_published
from csc_scorecard.ingest.small_csv import cell_error, read_rows
from csc_scorecard.issues import UserError

OWN_BENCHMARK_COLUMNS = ("indicator_id", "year", "area", "value")
OWN_BENCHMARK_AREAS = ("la", "sn", "region", "england")
# `value` is the number as written (exact: "82.5" must round half up to 83), or null with a `symbol`
OWN_BENCHMARK_SCHEMA = {"indicator_id": pl.String, "year": pl.Int64, "area": pl.String, "value": pl.String,
                        "symbol": pl.String}


def read_own_benchmarks_csv(path: str | Path, units: Mapping[str, str]) -> pl.DataFrame:
    """The file's rows with the columns of OWN_BENCHMARK_SCHEMA. `units`: the indicator ids a row
    may name (those with a published counterpart) and their units, from the caller (ingest knows
    nothing of measures); a percentage must lie between 0 and 100."""
    path = Path(path)
    rows, headers = read_rows(path, OWN_BENCHMARK_COLUMNS)
    records: list[dict] = []
    seen: dict[tuple[str, int, str], int] = {}
    for line, row in rows:
        text = {c: row[c].strip() for c in OWN_BENCHMARK_COLUMNS}

        def fail(column: str, expected: str) -> UserError:
            return cell_error(path.name, line, column, text[column], expected)

        if text["indicator_id"] not in units:
            raise fail("indicator_id", f"an indicator with a published counterpart ({', '.join(units)})")
        if not (text["year"].isdigit() and len(text["year"]) == 4):
            raise fail("year", "a reporting year such as 2023 (the year ending 31 March 2023)")
        if text["area"].lower() not in OWN_BENCHMARK_AREAS:
            raise fail("area", f"one of {', '.join(OWN_BENCHMARK_AREAS)}")
        try:
            parsed = parse_published(text["value"]) if text["value"] else None
        except ValueError:
            parsed = None
        if parsed is None:
            raise fail("value", "a number or a published symbol (c, x, z, ...)")
        if parsed.value is not None and units[text["indicator_id"]] == "pct" and not 0 <= parsed.value <= 100:
            raise fail("value", "a percentage between 0 and 100")
        if parsed.value is not None and parsed.value < 0:
            raise fail("value", "a number of 0 or more")
        key = (text["indicator_id"], int(text["year"]), text["area"].lower())
        if key in seen:
            raise UserError(f"{path.name}, row {line}: the {key[2]} value of {key[0]} for {key[1]} is given twice "
                            f"(also row {seen[key]})")
        seen[key] = line
        records.append({"indicator_id": key[0], "year": key[1], "area": key[2],
                        "value": None if parsed.value is None else str(parsed.value), "symbol": parsed.symbol})
    return pl.DataFrame(records, schema=OWN_BENCHMARK_SCHEMA, orient="row")
