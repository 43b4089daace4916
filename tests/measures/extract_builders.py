"""Builds small ExtractSets by hand for the measure tests: a few dict rows per list, every other
canonical column of the list filled with a typed null (as the store would hand them over)."""

from __future__ import annotations

from datetime import date

import polars as pl

from csc_scorecard.ingest.schema import load_schema
from csc_scorecard.store.extract_set import EXTRACTS_SCHEMA, ExtractSet

TEST_LA = "999"  # a test authority: no shipped population, so tests pass their own
POPULATION_10000 = pl.DataFrame(
    {
        "new_la_code": ["E99999999"] * 3,
        "old_la_code": [TEST_LA] * 3,
        "la_name": ["Testshire"] * 3,
        "time_period": [2021, 2022, 2023],
        "population": [10_000, 10_000, 10_000],
    }
)

_TYPES = {"string": pl.String, "code": pl.String, "date": pl.Date, "integer": pl.Int64, "number": pl.Float64}


def d(text: str) -> date:
    return date.fromisoformat(text)


def list_frame(name: str, rows: list[dict]) -> pl.DataFrame:
    """Rows of list `name`; `extract_id` defaults to 1 and `source_row` to the spreadsheet row
    (2, 3, ... per extract, in the order given)."""
    columns = {c.name: _TYPES[c.type] for c in load_schema().lists[name].columns}
    schema = {"extract_id": pl.Int64, "source_row": pl.Int64, **columns}
    next_row: dict[int, int] = {}
    complete = []
    for row in rows:
        unknown = set(row) - set(schema)
        assert not unknown, f"{name} has no column {unknown}"
        extract_id = row.get("extract_id", 1)
        next_row[extract_id] = next_row.get(extract_id, 1) + 1
        complete.append({**{c: None for c in schema}, "extract_id": extract_id, "source_row": next_row[extract_id], **row})
    return pl.DataFrame(complete, schema=schema)


def extract_set(extracts: list[dict] | None = None, **lists: list[dict]) -> ExtractSet:
    """An ExtractSet; by default one extract (id 1) of LA 999 as at 2023-12-31 with period
    start 2021-01-01, so every window of the tests is covered."""
    if extracts is None:
        extracts = [{"extract_id": 1, "la_code": TEST_LA, "as_at": d("2023-12-31"), "period_start": d("2021-01-01")}]
    frame = pl.DataFrame(extracts, schema=EXTRACTS_SCHEMA)
    return ExtractSet(extracts=frame, lists={name: list_frame(name, rows) for name, rows in lists.items()})


def one_cell(es: ExtractSet, measure_id: str, period_end: str, months: int, population=POPULATION_10000, **kw) -> dict:
    """The series row of one measure, LA 999, one period end and window length."""
    from csc_scorecard.measures.series import compute_series

    series = compute_series(es, measure_id, [d(period_end)], months, la_codes=[TEST_LA], population=population, **kw)
    assert series.height == 1
    return series.row(0, named=True)


def children(rows: pl.DataFrame, role: str) -> list[str]:
    """The sorted child ids of the drill-through rows in `role` (numerator or denominator)."""
    return sorted(rows.filter(pl.col(f"in_{role}"))["child_id"].to_list())
