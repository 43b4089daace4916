"""Library measures 30 and 31 (List 5: section 47 enquiries and ICPCs) and 33 and 34 (List 7:
child protection plans)."""

from __future__ import annotations

import polars as pl

from csc_scorecard.dates import add_years_expr
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.event_shares import CodedShare, coded_shares
from csc_scorecard.measures.registry import DATE_ORDER, measure
from csc_scorecard.measures.rows import SOURCE_COLUMNS, children_open_at, events_counted, share_of
from csc_scorecard.measures.windows import in_windows, split_where_reached

LONG_PLAN_YEARS = 2


@measure(
    id="s47_to_icpc_pct",
    number=30,
    label="Section 47 enquiries that led to an initial child protection conference (%)",
    unit="pct",
    polarity="neutral",
    source="s47_icpc",
    kind="flow",
    reads=("icpc_date",),
    dated_by="s47_start_date",
    data_errors=(DATE_ORDER,),
    benchmark=False,
    edge_cases="""an ICPC dated after `E` (known to a later extract) is not counted at `E`, so a
        past figure does not change when a later extract is loaded; an ICPC before its s47 start is
        a data error: left out of both, counted. Enquiries started late in a window have had little
        time to reach a conference: the latest month reads low""",
)
def s47_to_icpc_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: section 47 enquiries with their start date in the window; numerator: those
    with a `Date of Initial Child Protection Conference` on or before E (an ICPC a later
    extract records after E is not counted at E). An ICPC dated before its enquiry started is
    a data error: left out of both (counted)."""
    enquiries = data.current["s47_icpc"].select(*SOURCE_COLUMNS, "s47_start_date", "icpc_date")
    rows = split_where_reached(in_windows(enquiries, "s47_start_date", cells), "icpc_date", cells, "icpc_by_period_end")
    return share_of(rows, pl.col("icpc_by_period_end"), ["s47_start_date", "icpc_date"])


coded_shares(
    "s47_icpc",
    "icpc_date",
    [
        CodedShare(
            "icpc_to_plan_pct", 31, "Initial child protection conferences that resulted in a child protection plan (%)",
            "percentage of initial child protection conferences that resulted in a plan", "icpc_resulted_in_plan", ("Yes",),
            """Denominator: ICPCs (rows) with `Date of Initial Child Protection Conference` in the
            window; numerator: `Did the Initial Child Protection Conference Result in a Child
            Protection Plan` = Yes. A blank outcome is left out (counted); an ICPC dated before its
            enquiry started still counts (only the ICPC date is read, as measure 8).""",
            """blank outcome: left out, counted; an ICPC dated before its s47 start still counts
            (only the ICPC date is read, as measure 8)""",
        ),
    ],
    polarity="neutral",
    benchmark=False,
)


@measure(
    id="cpp_started_rate",
    number=33,
    label="Child protection plans started (annual rate per 10,000 children)",
    phrase="rate of child protection plans started per 10,000 children",
    unit="rate",
    polarity="neutral",
    source="child_protection",
    kind="flow",
    dated_by="cpp_start_date",
    benchmark=False,
    edge_cases="""plans, not children: a child with two plans started in the window counts twice
        (DfE counts plan starts)""",
)
def cpp_started_rate(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Flow: plans (rows) with `Child Protection Plan Start Date` in the window: plans, not
    children (a child with two plans started in the window counts twice, as DfE counts)."""
    return events_counted(data.current["child_protection"], "cpp_start_date", ["cpp_start_date"], cells)


@measure(
    id="cpp_open_2y_pct",
    number=34,
    label="Children on a child protection plan whose plan has lasted 2 years or more (%)",
    unit="pct",
    polarity="low",
    source="child_protection",
    kind="stock",
    reads=("cpp_end_date",),
    needs=("cpp_start_date",),
    benchmark=False,
    edge_cases="""a plan that starts on `E` is open and 0 days old; DfE publishes the same share at
        31 March (`d5`)""",
)
def cpp_open_2y_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: distinct children with a plan open at E (measure 11's children, each with
    their latest-starting open plan); numerator: E on or after the plan's start + 2 calendar
    years (29 February + 2 years = 28 February, as measure 13)."""
    plans = data.current["child_protection"].select(
        *SOURCE_COLUMNS,
        "cpp_start_date",
        "cpp_end_date",
        "stock_end",
        add_years_expr("cpp_start_date", LONG_PLAN_YEARS).alias("two_years_from_start"),
    )
    open_plans = children_open_at(plans, "cpp_start_date", "stock_end", cells)
    rows = split_where_reached(open_plans, "two_years_from_start", cells, "lasted_two_years")
    return share_of(rows, pl.col("lasted_two_years"), ["cpp_start_date", "cpp_end_date", "two_years_from_start"])
