"""A figure broken down by the dimensions its measure declares, from the rows it counts.

The rows are the measure's own (`series.rows_in_cells`: the rows the figure counts, after
`counted` left out the rows it cannot count), each given its category in every dimension
(`dimensions.category_expr`) from the extract row it came from. So every dimension's
categories add up to the figure's numerator and denominator, and the children listed behind a
category (`rows_by_category`) are exactly those counted in it.

Cheap enough to run on every build: a list's rows are put in their categories once
(`ListCategories`) for all the measures that read it, and the measure's rows are those the
series already counted (`series.CountedRows`), read at the cells asked for (the driver analysis
asks for three). Only age, which depends on the date the row is counted at, is worked out per
measure.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from csc_scorecard.dates import age_at_expr, window_start
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.dimensions import AGE_COLUMN, BREAKDOWN_COLUMNS, DIMENSIONS, age_band_expr, category_expr
from csc_scorecard.measures.registry import MEASURES, MeasureSpec, get
from csc_scorecard.measures.series import CountedRows, rows_in_cells
from csc_scorecard.measures.windows import GRID_SCHEMA

COUNTS_SCHEMA = {
    "period_end": pl.Date,
    "months": pl.Int64,
    "dimension": pl.String,
    "category": pl.String,
    "numerator": pl.Int64,
    "denominator": pl.Int64,
}
_KEY = ["extract_id", "source_row"]


class ListCategories:
    """Each list's rows with their categories, worked out once per list and kind of rows (an
    attribute measure reads each extract's own rows, the others the combined rows). Age is kept
    as the date of birth and the flows' event dates, to be banded at each measure's date."""

    def __init__(self, data: CombinedExtracts):
        self.data = data
        self._done: dict[tuple[str, bool], pl.DataFrame] = {}

    def of(self, spec: MeasureSpec) -> pl.DataFrame:
        own_extracts = spec.kind == "attribute"
        key = (spec.source, own_extracts)
        if key not in self._done:
            rows = (self.data.by_extract if own_extracts else self.data.current)[spec.source]
            # every dimension of the list, those only some measures name included (case status)
            columns = [c for c in BREAKDOWN_COLUMNS if c in rows.columns and c != AGE_COLUMN]
            # the dates age is taken at: every flow of this list is dated by one of these
            dates = sorted({m.dated_by for m in MEASURES if m.source == spec.source and m.dated_by in rows.columns})
            kept = [AGE_COLUMN] if AGE_COLUMN in rows.columns else []
            self._done[key] = rows.select(
                *_KEY,
                *[category_expr(c).alias(category_column(DIMENSIONS[c].name)) for c in columns],
                *[pl.col(c).alias(_raw(c)) for c in (*kept, *dates)],
            )
        return self._done[key]


def rows_by_category(
    data: CombinedExtracts, measure_id: str, cells: Sequence[tuple[date, int]], la_code: str,
    categories: ListCategories | None = None, counted: CountedRows | None = None,
) -> pl.DataFrame:
    """The rows counted in each cell (`period_end`, `months`): as the drill-through gives them
    (`series.measure_rows`), with one column per dimension the measure declares
    (`category_column`: "gender_category", beside a measure's own "gender" if it shows one)
    holding the row's category. Empty for a manual measure or a list not loaded. `counted`:
    the measure's rows from a series over these cells (else it is evaluated)."""
    return _categorised(data, measure_id, cells, la_code, categories, counted).collect()


def breakdown_counts(
    data: CombinedExtracts, measure_id: str, cells: Sequence[tuple[date, int]], la_code: str,
    categories: ListCategories | None = None, counted: CountedRows | None = None,
) -> pl.DataFrame:
    """Per cell, dimension and category the rows counted in the numerator and the denominator
    (COUNTS_SCHEMA; a category with no row in a cell is absent from it). Pass one
    `ListCategories` to several calls so that each list is categorised once, and the rows a
    series counted (`counted`) so that the measure is not evaluated again."""
    names = dimension_names(get(measure_id))
    if not names:
        return pl.DataFrame(schema=COUNTS_SCHEMA)
    return (
        _categorised(data, measure_id, cells, la_code, categories, counted)
        .select("period_end", "months", "in_numerator", "in_denominator",
                *[pl.col(category_column(n)).alias(n) for n in names])
        .unpivot(index=["period_end", "months", "in_numerator", "in_denominator"], on=names,
                 variable_name="dimension", value_name="category")
        .group_by("period_end", "months", "dimension", "category")
        .agg(
            pl.col("in_numerator").sum().cast(pl.Int64).alias("numerator"),
            pl.col("in_denominator").sum().cast(pl.Int64).alias("denominator"),
        )
        .select([pl.col(c).cast(t) for c, t in COUNTS_SCHEMA.items()])
        .collect()
    )


def _categorised(
    data: CombinedExtracts, measure_id: str, cells: Sequence[tuple[date, int]], la_code: str,
    categories: ListCategories | None, counted: CountedRows | None,
) -> pl.LazyFrame:
    """`rows_by_category`, as one query (a build breaks down every row: each step collected
    on its own cost as much as the work)."""
    spec = get(measure_id)
    names = dimension_names(spec)
    if spec.kind == "manual" or not data.has_list(spec.source):
        return pl.LazyFrame(schema={"period_end": pl.Date, "months": pl.Int64, "in_numerator": pl.Boolean,
                                    "in_denominator": pl.Boolean, **{category_column(n): pl.String for n in names}})
    if counted is not None:
        rows = counted.at(cells, spec.snapshot)
    else:
        grid = pl.DataFrame(
            [(la_code, end, months, window_start(end, months)) for end, months in sorted(set(cells))],
            schema=GRID_SCHEMA, orient="row",
        )
        rows = rows_in_cells(spec, data, grid).lazy()
    listed = (categories or ListCategories(data)).of(spec)
    joined = rows.join(listed.lazy(), on=_KEY, how="left", maintain_order="left")
    if AGE_COLUMN in spec.breakdowns:
        # age at the date that puts the row in the figure: a flow's event date, else the period end
        at = pl.col(_raw(spec.dated_by)) if spec.kind == "flow" else pl.col("period_end")
        age = age_band_expr(age_at_expr(pl.col(_raw(AGE_COLUMN)), at), spec.source)
        joined = joined.with_columns(age.alias(category_column(DIMENSIONS[AGE_COLUMN].name)))
    return joined.select(*rows.collect_schema().names(), *[category_column(n) for n in names])


def category_column(dimension: str) -> str:
    """The column of `rows_by_category` holding a row's category in `dimension`."""
    return f"{dimension}_category"


def dimension_names(spec: MeasureSpec) -> list[str]:
    """The dimensions of a measure's declared breakdowns, in declaration order."""
    return list(dict.fromkeys(DIMENSIONS[c].name for c in spec.breakdowns))


def _raw(column: str) -> str:
    return f"_raw_{column}"
