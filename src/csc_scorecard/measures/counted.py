"""The rows a measure may count, and the rows it leaves out and why: one place for every measure.

Before a measure computes, its list is narrowed (`rows_counted`) to the rows it can count:
in scope (List 8 rows that are not short breaks, spec "short breaks"), with every column its
declaration `needs` non-blank, and without the flag of a data-error rule it applies
(`registry.DATE_ORDER`: dates that contradict each other, set by `combine`); and to the columns
it reads. So no measure function checks blanks or data errors itself, and complete data gives
the same figures as before.

The rows left out are counted by reason ("blank Continuous Assessment Start Date", "authorised
before it started"; a row blank in several needed columns under the first) in the cells where
the measure would have looked at them (`excluded_per_cell`): a flow's row in the windows that
hold its `dated_by` date (a row without that date is no event yet, and is not counted), a
stock's episode at the period ends it is open at, an attribute measure's row in every cell that
reads its extract.
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from csc_scorecard.measures.annex_lists import header, list_spec
from csc_scorecard.measures.combine import DATE_ERRORS, STOCK_STARTS, CombinedExtracts
from csc_scorecard.measures.registry import DATE_ORDER, MeasureSpec
from csc_scorecard.measures.rows import attribute_rows, not_short_break
from csc_scorecard.measures.windows import CELL, in_windows, open_in_cells

# Rows of a list that no measure of it counts, whatever it needs (spec "short breaks").
OUT_OF_SCOPE = {"children_in_care": lambda: ~not_short_break()}
SCOPE_COLUMNS = {"children_in_care": ("legal_status",)}  # the columns OUT_OF_SCOPE reads

# Columns every measure keeps: where a row comes from, and what `combine` added.
_KEPT = ("la_code", "extract_id", "as_at", "period_start", "source_row", "child_id", "date_error", "stock_end")

EXCLUDED_TYPE = pl.List(pl.Struct({"reason": pl.String, "rows": pl.Int64}))


def rows_counted(spec: MeasureSpec, data: CombinedExtracts) -> tuple[CombinedExtracts, pl.DataFrame]:
    """`data` narrowed to what `spec` may count (its list, rows and columns: the combined rows,
    or for an attribute measure each extract's own), and the rows left out, with `reason`."""
    own_extracts = spec.kind == "attribute"
    lists = data.by_extract if own_extracts else data.current
    rows, left_out = _split(spec, lists[spec.source])
    # Lists the measure also reads: in scope, its columns; a blank there is the measure's to judge.
    narrowed = {spec.source: rows} | {name: _in_scope(name, lists[name], columns) for name, columns in spec.also_reads}
    # The rest of `data` (extracts, coverage, ...) as it is: only the rows are narrowed.
    counted = replace(
        data,
        current={} if own_extracts else narrowed,
        by_extract=narrowed if own_extracts else {},
    )
    return counted, left_out


def _in_scope(name: str, rows: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    if name in OUT_OF_SCOPE:
        rows = rows.filter(~OUT_OF_SCOPE[name]())
    return rows.select([c for c in (*_KEPT, *columns) if c in rows.columns])


def excluded_per_cell(spec: MeasureSpec, rows: pl.DataFrame, indexed: pl.DataFrame) -> pl.DataFrame:
    """Per indexed cell with any, `CELL` and `excluded`: the rows left out, counted by reason."""
    if rows.is_empty() or indexed.is_empty():
        return pl.DataFrame(schema={**{c: indexed.schema[c] for c in CELL}, "excluded": EXCLUDED_TYPE})
    if spec.kind == "attribute":
        placed = attribute_rows(indexed, rows)
    elif spec.kind == "stock":
        placed = open_in_cells(rows, STOCK_STARTS[spec.source], "stock_end", indexed)
    else:
        placed = in_windows(rows, spec.dated_by, indexed)
    counts = (
        placed.select(pl.int_ranges("cell_from", "cell_to", dtype=pl.Int64).alias("_cell"), "reason")
        .explode("_cell")
        .drop_nulls("_cell")
        .group_by("_cell", "reason")
        .agg(pl.len().cast(pl.Int64).alias("rows"))
        .sort("_cell", "reason")
        .group_by("_cell", maintain_order=True)
        .agg(pl.struct("reason", "rows").alias("excluded"))
    )
    return indexed.select("_cell", *CELL).join(counts, on="_cell").drop("_cell").with_columns(
        pl.col("excluded").cast(EXCLUDED_TYPE)
    )


def excluded_counts(excluded: list[dict] | None) -> dict[str, int]:
    """A series row's `excluded` as {reason: rows} (empty when none), as outputs show it."""
    return {item["reason"]: item["rows"] for item in excluded or ()}


def _split(spec: MeasureSpec, rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(the rows `spec` may count, its columns only; the others in scope, with `reason`)."""
    rows = _in_scope(spec.source, rows, spec.reads)
    kept = rows.columns
    checks = [(pl.col(c).is_null(), f"blank {header(list_spec(spec.source), c)}") for c in spec.needs if rows[c].null_count()]
    if DATE_ORDER in spec.data_errors and rows["date_error"].any():
        checks.append((pl.col("date_error"), DATE_ERRORS[spec.source][2]))
    if not checks:
        return rows.select(kept), rows.clear().select(kept).with_columns(pl.lit(None, pl.String).alias("reason"))
    reason = pl.when(checks[0][0]).then(pl.lit(checks[0][1]))
    for condition, text in checks[1:]:
        reason = reason.when(condition).then(pl.lit(text))
    # The reason is worked out for the rows left out alone (usually few), not for every row.
    out = rows.select(pl.any_horizontal(*(condition for condition, _ in checks)).fill_null(False)).to_series()
    left_out = rows.filter(out).select(*kept, reason.otherwise(None).alias("reason"))
    return rows.filter(~out).select(kept), left_out
