"""Measures 5, 8 and 9 (List 5: section 47 enquiries and ICPCs) and 11-13 (List 7: plans)."""

from __future__ import annotations

import polars as pl

from csc_scorecard.dates import add_years_expr, working_days_between
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.registry import DATE_ORDER, measure
from csc_scorecard.measures.rows import SOURCE_COLUMNS, events_counted, share_of, stock_of_children
from csc_scorecard.measures.windows import in_windows

ICPC_WORKING_DAYS = 15
LONG_PLAN_YEARS = 2


@measure(
    id="s47_rate",
    number=5,
    label="Children subject to section 47 enquiries (annual rate per 10,000 of children)",
    phrase="rate of section 47 enquiries per 10,000 children",
    unit="rate",
    polarity="neutral",
    source="s47_icpc",
    kind="flow",
    dated_by="s47_start_date",
)
def s47_rate(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Flow: section 47 enquiries (rows) with `Strategy discussion initiating Section 47
    Enquiry Start Date` in the window."""
    return events_counted(data.current["s47_icpc"], "s47_start_date", ["s47_start_date"], cells)


@measure(
    id="icpc_rate",
    number=8,
    label="Children subject of an initial child protection conference (annual rate per 10,000 of children)",
    phrase="rate of initial child protection conferences per 10,000 children",
    unit="rate",
    polarity="neutral",
    source="s47_icpc",
    kind="flow",
    reads=("s47_start_date", "icpc_date"),
    dated_by="icpc_date",
)
def icpc_rate(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Flow: rows with `Date of Initial Child Protection Conference` in the window (conferences,
    not distinct children; an ICPC dated before its s47 start still counts)."""
    return events_counted(data.current["s47_icpc"], "icpc_date", ["s47_start_date", "icpc_date"], cells)


@measure(
    id="icpc_15wd_pct",
    number=9,
    label="Initial Child Protection Conferences held within 15 working days of the start of the section 47 enquiry (%)",
    phrase="percentage of initial child protection conferences held within 15 working days",
    unit="pct",
    polarity="high",
    source="s47_icpc",
    kind="flow",
    needs=("s47_start_date", "icpc_date"),
    dated_by="icpc_date",
    data_errors=(DATE_ORDER,),
)
def icpc_15wd_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: ICPCs in the window dated on or after their s47 start; numerator:
    `WD(s47 start, ICPC date) <= 15`. ICPCs dated before their s47 start are excluded."""
    icpcs = data.current["s47_icpc"].select(*SOURCE_COLUMNS, "s47_start_date", "icpc_date")
    icpcs = working_days_between(icpcs, "s47_start_date", "icpc_date")
    rows = in_windows(icpcs, "icpc_date", cells)
    return share_of(rows, pl.col("working_days") <= ICPC_WORKING_DAYS, ["s47_start_date", "icpc_date", "working_days"])


@measure(
    id="cpp_rate",
    number=11,
    label="Children who are the subject of a child protection plan (snapshot rate per 10,000 children)",
    phrase="rate of children on a child protection plan per 10,000 children",
    unit="rate",
    polarity="neutral",
    source="child_protection",
    kind="stock",
    reads=("cpp_end_date",),
    needs=("cpp_start_date",),
)
def cpp_rate(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Stock at E: distinct children with a plan open (`Child Protection Plan Start Date <= E`,
    end blank or `> E`)."""
    return stock_of_children(data.current["child_protection"], "cpp_start_date", "cpp_end_date", cells)


@measure(
    id="cpp_repeat_pct",
    number=12,
    label="Children who became the subject of a CP plan for a second or subsequent time (%)",
    phrase="percentage of child protection plans that are a second or subsequent plan",
    unit="pct",
    polarity="low",
    source="child_protection",
    kind="flow",
    reads=("previous_cpps",),
    dated_by="cpp_start_date",
)
def cpp_repeat_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: plans with start date in the window; numerator: `Number of Previous Child
    Protection Plans >= 1`, or the same child has a plan with an earlier start date in the
    loaded data."""
    plans = data.current["child_protection"].select(
        *SOURCE_COLUMNS,
        "cpp_start_date",
        "previous_cpps",
        pl.col("cpp_start_date").min().over("la_code", "child_id").alias("first_plan_start"),
    )
    rows = in_windows(plans, "cpp_start_date", cells)
    numerator = (pl.col("previous_cpps") >= 1).fill_null(False) | (
        pl.col("first_plan_start") < pl.col("cpp_start_date")
    ).fill_null(False)
    return share_of(rows, numerator, ["cpp_start_date", "previous_cpps", "first_plan_start"])


@measure(
    id="cpp_ended_2y_pct",
    number=13,
    label="Children who ceased to be on a CP plan whose plan lasted 2 years or more (%)",
    phrase="percentage of ended child protection plans that lasted 2 years or more",
    unit="pct",
    polarity="low",
    source="child_protection",
    kind="flow",
    needs=("cpp_start_date", "cpp_end_date"),
    dated_by="cpp_end_date",
    data_errors=(DATE_ORDER,),
)
def cpp_ended_2y_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: plans with end date in the window; numerator: end date `>=` start date + 2
    calendar years (29 February + 2 years = 28 February). A plan ended before it started is
    excluded (reported)."""
    plans = data.current["child_protection"].select(
        *SOURCE_COLUMNS,
        "cpp_start_date",
        "cpp_end_date",
        add_years_expr("cpp_start_date", LONG_PLAN_YEARS).alias("two_years_from_start"),
    )
    rows = in_windows(plans, "cpp_end_date", cells)
    return share_of(
        rows,
        pl.col("cpp_end_date") >= pl.col("two_years_from_start"),
        ["cpp_start_date", "cpp_end_date", "two_years_from_start"],
    )
