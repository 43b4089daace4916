"""A figure broken down by the dimensions its measure declares, from the rows it counts.

The rows are the measure's own (`series.rows_in_cells`: the rows the figure counts, after
`counted` left out the rows it cannot count), each given its category in every dimension
(`dimensions.category_expr`) from the extract row it came from. So every dimension's
categories add up to the figure's numerator and denominator, and the children listed behind a
category (`rows_by_category`) are exactly those counted in it.

Cheap enough to run on every build (`series_breakdowns`): the measures reading one list are broken
down in one query, each row they count put in its categories once, and the measure's rows are
those the series already counted (`series.CountedRows`), read at the cells asked for (the
driver analysis asks for three). Only age, which depends on the date the row is counted at, is
banded per measure.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from csc_scorecard.dates import age_at_expr, window_start
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.dimensions import AGE_COLUMN, DIMENSIONS, age_band_expr, category_expr, dimension_names
from csc_scorecard.measures.registry import MeasureSpec, get
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


def series_breakdowns(data: CombinedExtracts, counted: dict[str, CountedRows], cells: Sequence[tuple[date, int]]
               ) -> dict[str, pl.DataFrame]:
    """`breakdown_counts` of each measure in `counted` over `cells`, from the rows its series
    counted: the measures reading one list (its combined rows, or each extract's own for
    attribute measures) are broken down together, in one query that puts each row they count
    in its categories once."""
    found: dict[str, pl.DataFrame] = {}
    together: dict[tuple[str, bool], list[MeasureSpec]] = {}
    for spec in map(get, counted):
        if dimension_names(spec) and spec.kind != "manual" and data.has_list(spec.source):
            together.setdefault((spec.source, spec.kind == "attribute"), []).append(spec)
        else:
            found[spec.id] = pl.DataFrame(schema=COUNTS_SCHEMA)
    for specs in together.values():
        found |= _counts(data, specs, [counted[s.id].at(cells, s.snapshot) for s in specs])
    return {measure_id: found[measure_id] for measure_id in counted}


def rows_by_category(
    data: CombinedExtracts, measure_id: str, cells: Sequence[tuple[date, int]], la_code: str,
    counted: CountedRows | None = None,
) -> pl.DataFrame:
    """The rows counted in each cell (`period_end`, `months`): as the drill-through gives them
    (`series.measure_rows`), with one column per dimension the measure declares
    (`category_column`: "gender_category", beside a measure's own "gender" if it shows one)
    holding the row's category. Empty for a manual measure or a list not loaded. `counted`:
    the measure's rows from a series over these cells (else it is evaluated)."""
    spec = get(measure_id)
    names = dimension_names(spec)
    if spec.kind == "manual" or not data.has_list(spec.source):
        return pl.DataFrame(schema={"period_end": pl.Date, "months": pl.Int64, "in_numerator": pl.Boolean,
                                    "in_denominator": pl.Boolean, **{category_column(n): pl.String for n in names}})
    rows = _rows_at(data, spec, cells, la_code, counted)
    categorised = _with_categories(data, [spec], rows.with_columns(pl.lit(0, pl.Int64).alias("_measure")))
    return categorised.select(*rows.collect_schema().names(), *[category_column(n) for n in names]).collect()


def breakdown_counts(
    data: CombinedExtracts, measure_id: str, cells: Sequence[tuple[date, int]], la_code: str,
    counted: CountedRows | None = None,
) -> pl.DataFrame:
    """Per cell, dimension and category the rows counted in the numerator and the denominator
    (COUNTS_SCHEMA; a category with no row in a cell is absent from it). `counted`: the rows a
    series counted, so that the measure is not evaluated again (`series_breakdowns`: every measure
    of a series at once)."""
    spec = get(measure_id)
    if not dimension_names(spec) or spec.kind == "manual" or not data.has_list(spec.source):
        return pl.DataFrame(schema=COUNTS_SCHEMA)
    return _counts(data, [spec], [_rows_at(data, spec, cells, la_code, counted)])[measure_id]


def _rows_at(data: CombinedExtracts, spec: MeasureSpec, cells: Sequence[tuple[date, int]], la_code: str,
             counted: CountedRows | None) -> pl.LazyFrame:
    """The rows `spec` counts in `cells`: those a series counted, else evaluated for these cells."""
    if counted is not None:
        return counted.at(cells, spec.snapshot)
    grid = pl.DataFrame(
        [(la_code, end, months, window_start(end, months)) for end, months in sorted(set(cells))],
        schema=GRID_SCHEMA, orient="row",
    )
    return rows_in_cells(spec, data, grid).lazy()


def _counts(data: CombinedExtracts, specs: list[MeasureSpec], rows: list[pl.LazyFrame]) -> dict[str, pl.DataFrame]:
    """Per measure of `specs` (of one list and kind of rows, each with dimensions), the
    COUNTS_SCHEMA counts of its `rows` (as `_rows_at` gives them), worked out as one query (a
    build breaks down every row: each step collected on its own cost as much as the work)."""
    index = ["_measure", "period_end", "months", "in_numerator", "in_denominator"]
    tagged = pl.concat([
        r.select(*_KEY, *index[1:]).with_columns(pl.lit(i, pl.Int64).alias("_measure")) for i, r in enumerate(rows)
    ])
    names = list(dict.fromkeys(n for spec in specs for n in dimension_names(spec)))
    declared = pl.LazyFrame(  # the dimensions of each measure (the others' are worked out for the rows alongside)
        [(i, n) for i, spec in enumerate(specs) for n in dimension_names(spec)],
        schema={"_measure": pl.Int64, "dimension": pl.String}, orient="row",
    )
    counts = (
        _with_categories(data, specs, tagged)
        .select(*index, *[pl.col(category_column(n)).alias(n) for n in names])
        .unpivot(index=index, on=names, variable_name="dimension", value_name="category")
        .join(declared, on=["_measure", "dimension"], how="semi")
        .group_by("_measure", "period_end", "months", "dimension", "category")
        .agg(
            pl.col("in_numerator").sum().cast(pl.Int64).alias("numerator"),
            pl.col("in_denominator").sum().cast(pl.Int64).alias("denominator"),
        )
        .collect()
    )
    parts = counts.partition_by("_measure", as_dict=True)
    empty = counts.clear()
    return {
        spec.id: parts.get((i,), empty).select([pl.col(c).cast(t) for c, t in COUNTS_SCHEMA.items()])
        for i, spec in enumerate(specs)
    }


def _with_categories(data: CombinedExtracts, specs: list[MeasureSpec], rows: pl.LazyFrame) -> pl.LazyFrame:
    """`rows` (of the list `specs` read, with `extract_id`, `source_row`, `period_end` and
    `_measure`: the index in `specs` of the measure counting the row) with `category_column` of every
    dimension the specs declare. Only the list's rows among `rows` are categorised, each once;
    age is banded at the date that puts the row in its measure's figure: a flow's event date,
    else the period end."""
    first = specs[0]
    listed = (data.by_extract if first.kind == "attribute" else data.current)[first.source]
    columns = {DIMENSIONS[c].name: c for spec in specs for c in spec.breakdowns if c != AGE_COLUMN}
    aged = [i for i, spec in enumerate(specs) if AGE_COLUMN in spec.breakdowns]
    dates = sorted({specs[i].dated_by for i in aged if specs[i].kind == "flow"})
    categories = listed.lazy().join(rows.select(_KEY).unique(), on=_KEY, how="semi").select(
        *_KEY,
        *[category_expr(c).alias(category_column(n)) for n, c in columns.items()],
        *[pl.col(c).alias(_raw(c)) for c in ([AGE_COLUMN] if aged else []) + dates],
    )
    joined = rows.join(categories, on=_KEY, how="left", maintain_order="left")
    if not aged:
        return joined
    at = pl.col("period_end")
    for i in aged:  # the date each measure's age is taken at
        if specs[i].kind == "flow":
            at = pl.when(pl.col("_measure") == i).then(pl.col(_raw(specs[i].dated_by))).otherwise(at)
    age = age_band_expr(age_at_expr(pl.col(_raw(AGE_COLUMN)), at), first.source)
    return joined.with_columns(age.alias(category_column(DIMENSIONS[AGE_COLUMN].name)))


def category_column(dimension: str) -> str:
    """The column of `rows_by_category` holding a row's category in `dimension`."""
    return f"{dimension}_category"


def _raw(column: str) -> str:
    return f"_raw_{column}"
