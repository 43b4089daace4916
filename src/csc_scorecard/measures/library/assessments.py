"""Library measures 28, 29, 60, 63 and 64, from List 4 (assessments): the child seen, no
further children's social care support needed, assessments open past 45 working days at E, and
the mean and median working days to authorisation."""

from __future__ import annotations

import polars as pl

from csc_scorecard.dates import working_days_between
from csc_scorecard.measures.assessments import ASSESSMENT_WORKING_DAYS, completions_timed
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.event_shares import CodedShare, coded_shares
from csc_scorecard.measures.registry import DATE_ORDER, measure
from csc_scorecard.measures.rows import attribute_rows, averaged, share_of


coded_shares(
    "assessments",
    "assessment_authorised_date",
    [
        CodedShare(
            "assessments_child_seen_pct", 28, "Assessments completed in which the child was seen (%)",
            "percentage of completed assessments in which the child was seen", "child_seen", ("Yes",),
            """Denominator: assessments with `Continuous Assessment Date of Authorisation` in the
            window; numerator: `Child Seen During Continuous Assessment` = Yes. A blank answer is
            left out (counted); Unknown is in the denominator only; an authorisation before its start
            still counts (only the one date is read, as measure 3).""",
            """blank child seen: left out, counted; `Unknown`: denominator only. An authorisation
            before its start still counts (only one date is read, as measure 3)""",
            {"polarity": "high"},
        ),
        CodedShare(
            "assessments_no_support_pct", 29,
            "Assessments completed that found no need for children's social care support (%)",
            "percentage of completed assessments that found no need for children's social care support",
            "requires_support", ("No",),
            """Denominator: assessments authorised in the window; numerator: `Was the child assessed
            as requiring LA children's social care support?` = No. A blank answer is left out
            (counted); Unknown is in the denominator only.""",
            "blank answer on a completed assessment: left out, counted; `Unknown`: denominator only",
        ),
    ],
    polarity="neutral",
    benchmark=False,
)


@measure(
    id="assessments_open_past_45wd",
    number=60,
    label="Assessments open at the period end for more than 45 working days",
    phrase="number of assessments open for more than 45 working days",
    unit="count",
    polarity="low",
    source="assessments",
    kind="attribute",
    reads=("assessment_authorised_date",),
    needs=("assessment_start_date",),
    benchmark=False,
    edge_cases="""exactly 45 is not over; an assessment authorised on `E` is not open. Read from one
        extract: only it says which assessments are still open (an older extract's open assessment a
        newer one no longer lists may be finished or withdrawn). No extract in `E`'s month: no value""",
)
def assessments_open_past_45wd(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Count, at E, from the one extract of E's month: assessments open at E (`Continuous
    Assessment Start Date <= E`, authorisation blank or after E) with `WD(start date, E) > 45`.
    Read from one extract because only that extract says which assessments are still open (an
    older extract's open assessment that a newer one no longer lists may have been finished
    or withdrawn). An authorisation before its start is not compared: only the start and
    whether it is open are read."""
    rows = attribute_rows(cells, data.by_extract["assessments"])
    open_at_end = rows.filter(
        (pl.col("assessment_start_date") <= pl.col("period_end"))
        & (pl.col("assessment_authorised_date").is_null() | (pl.col("assessment_authorised_date") > pl.col("period_end")))
    )
    open_at_end = working_days_between(open_at_end, "assessment_start_date", "period_end", "working_days_open")
    return share_of(
        open_at_end,
        pl.col("working_days_open") > ASSESSMENT_WORKING_DAYS,
        ["assessment_start_date", "assessment_authorised_date", "working_days_open"],
    )


# Measures 63 and 64: the working days of the assessments authorised in the window (as measure 4).
_DAYS_TO_AUTHORISATION = {
    "polarity": "low",
    "source": "assessments",
    "kind": "flow",
    "needs": ("assessment_start_date", "assessment_authorised_date"),
    "dated_by": "assessment_authorised_date",
    "data_errors": (DATE_ORDER,),
    "averages": "working_days",
    "benchmark": False,
}


@measure(
    id="assessments_mean_wd",
    number=63,
    label="Assessments completed: average working days from start to authorisation",
    phrase="average number of working days from the start of an assessment to its authorisation",
    unit="mean",
    **_DAYS_TO_AUTHORISATION,
    edge_cases="""same-day authorisation is 0 days; an authorisation before its start is a data
        error: left out of both, counted. Displayed half up from the exact fraction like any figure;
        suppressed in publications when the number of assessments is 1-5""",
)
def assessments_mean_wd(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Mean: numerator the sum of `WD(start date, authorisation date)` over the assessments
    authorised in the window, denominator their number (measure 4's denominator). Same-day
    authorisation is 0 days; an authorisation before its start is a data error: left out of
    both (counted)."""
    timed = completions_timed(data.current["assessments"], "assessment_start_date", "assessment_authorised_date", cells)
    return averaged(timed, ["assessment_start_date", "assessment_authorised_date", "working_days"])


@measure(
    id="assessments_median_wd",
    number=64,
    label="Assessments completed: median working days from start to authorisation",
    phrase="median number of working days from the start of an assessment to its authorisation",
    unit="median",
    **_DAYS_TO_AUTHORISATION,
    edge_cases="""as 63; medians do not add up over months, so each cell's rows are gathered for it
        (`series._medians_per_cell`)""",
)
def assessments_median_wd(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Median of `WD(start date, authorisation date)` over the assessments authorised in the
    window (measure 63's rows): the middle value, or the mean of the two middle values for an
    even number. Numerator: the median times the number of assessments (a whole number), so
    that numerator / denominator is the median exactly; denominator: the number of assessments.
    An authorisation before its start is a data error: left out (counted)."""
    return assessments_mean_wd(data, cells)
