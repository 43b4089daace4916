"""A figure broken down by the dimensions its measure declares, from the rows it counts.

The rows are the measure's own (`series.rows_in_cells`: the rows the figure counts, after
`counted` left out the rows it cannot count), each given its category in every dimension
(`dimensions.category_expr`) from the extract row it came from. So every dimension's
categories add up to the figure's numerator and denominator, and the children listed behind a
category (`rows_by_category`) are exactly those counted in it.

One pass per measure for all the cells asked for (the driver analysis asks for two), reading
its list's rows once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.dimensions import DIMENSIONS, category_expr
from csc_scorecard.measures.registry import MeasureSpec, get
from csc_scorecard.measures.series import rows_in_cells
from csc_scorecard.measures.windows import GRID_SCHEMA
from csc_scorecard.dates import window_start

COUNTS_SCHEMA = {
    "period_end": pl.Date,
    "months": pl.Int64,
    "dimension": pl.String,
    "category": pl.String,
    "numerator": pl.Int64,
    "denominator": pl.Int64,
}


def rows_by_category(
    data: CombinedExtracts, measure_id: str, cells: Sequence[tuple[date, int]], la_code: str
) -> pl.DataFrame:
    """The rows counted in each cell (`period_end`, `months`) with one column per dimension the
    measure declares (named by `Dimension.name`), holding the row's category. Empty (with
    those columns) for a manual measure or a list not loaded."""
    spec = get(measure_id)
    names = [DIMENSIONS[c].name for c in spec.breakdowns]
    if spec.kind == "manual" or not data.has_list(spec.source):
        return pl.DataFrame(schema={"period_end": pl.Date, "months": pl.Int64, "in_numerator": pl.Boolean,
                                    "in_denominator": pl.Boolean, **{n: pl.String for n in names}})
    grid = pl.DataFrame(
        [(la_code, end, months, window_start(end, months)) for end, months in sorted(set(cells))],
        schema=GRID_SCHEMA, orient="row",
    )
    rows = rows_in_cells(spec, data, grid)
    extra = _extra_columns(spec)
    read = {column: f"_source_{column}" for column in extra}
    source = _source_rows(spec, data).select("extract_id", "source_row", *[pl.col(c).alias(read[c]) for c in extra])
    age_date = pl.col(read[spec.dated_by]) if spec.kind == "flow" else pl.col("period_end")
    return rows.join(source, on=["extract_id", "source_row"], how="left", maintain_order="left").with_columns(
        category_expr(column, spec.source, age_date, read[column]).alias(DIMENSIONS[column].name)
        for column in spec.breakdowns
    ).drop(*read.values())


def breakdown_counts(
    data: CombinedExtracts, measure_id: str, cells: Sequence[tuple[date, int]], la_code: str
) -> pl.DataFrame:
    """Per cell, dimension and category the rows counted in the numerator and the denominator
    (COUNTS_SCHEMA; a category with no row in a cell is absent from it)."""
    spec = get(measure_id)
    rows = rows_by_category(data, measure_id, cells, la_code)
    frames = [
        rows.group_by("period_end", "months", pl.col(DIMENSIONS[column].name).alias("category")).agg(
            pl.col("in_numerator").sum().cast(pl.Int64).alias("numerator"),
            pl.col("in_denominator").sum().cast(pl.Int64).alias("denominator"),
        ).with_columns(pl.lit(DIMENSIONS[column].name).alias("dimension"))
        for column in spec.breakdowns
    ]
    if not frames:
        return pl.DataFrame(schema=COUNTS_SCHEMA)
    return pl.concat(frames).select([pl.col(c).cast(t) for c, t in COUNTS_SCHEMA.items()])


def _source_rows(spec: MeasureSpec, data: CombinedExtracts) -> pl.DataFrame:
    """The rows the measure read (an attribute measure each extract's own, the others the
    combined rows), whose columns the categories come from."""
    return (data.by_extract if spec.kind == "attribute" else data.current)[spec.source]


def _extra_columns(spec: MeasureSpec) -> list[str]:
    """The breakdown columns, and a flow's event date (age is taken at the date that puts the
    row in the figure: a flow's event date, else the period end)."""
    columns = list(spec.breakdowns)
    if spec.kind == "flow" and spec.dated_by not in columns:
        columns.append(spec.dated_by)
    return columns
