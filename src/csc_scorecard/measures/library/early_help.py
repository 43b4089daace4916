"""Library measures 56-58, from List 2 (early help): assessments started, completed within 45
working days, and followed by a referral to children's social care within 12 months."""

from __future__ import annotations

import polars as pl

from csc_scorecard.dates import shift_months_expr
from csc_scorecard.measures.assessments import completed_within_45_working_days
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.dimensions import GENDER_AND_ETHNICITY
from csc_scorecard.measures.followed_by import followed_within
from csc_scorecard.measures.registry import DATE_ORDER, measure
from csc_scorecard.measures.rows import SOURCE_COLUMNS, events_counted

REFERRAL_WITHIN_MONTHS = 12

_EARLY_HELP = {
    "polarity": "neutral",
    "source": "early_help",
    "kind": "flow",
    "breakdowns": GENDER_AND_ETHNICITY,
    "benchmark": False,
}


@measure(
    id="eh_assessments_rate",
    number=56,
    label="Early help assessments started (annual rate per 10,000 children)",
    phrase="rate of early help assessments started per 10,000 children",
    unit="rate",
    dated_by="eh_assessment_start_date",
    **_EARLY_HELP,
    edge_cases="""assessments, not children; a completion before the start still counts (only the
        start is read)""",
)
def eh_assessments_rate(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Flow: early help assessments (rows) with `Assessment start date` in the window, per
    10,000 children, annualised. Assessments, not children."""
    return events_counted(data.current["early_help"], "eh_assessment_start_date", ["eh_assessment_start_date"], cells)


@measure(
    id="eh_assessments_45wd_pct",
    number=57,
    label="Early help assessments completed within 45 working days (%)",
    unit="pct",
    needs=("eh_assessment_start_date", "eh_assessment_completion_date"),
    dated_by="eh_assessment_completion_date",
    data_errors=(DATE_ORDER,),
    **{**_EARLY_HELP, "polarity": "high"},
    edge_cases="""same-day completion is 0 working days; exactly 45 is within; a completion before
        the start is a data error: left out of both, counted ("completed before it started")""",
)
def eh_assessments_45wd_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: early help assessments with `Assessment completion date` in the window;
    numerator: `WD(start date, completion date) <= 45` (as measure 4). A completion before its
    start is a data error: left out of both (counted)."""
    return completed_within_45_working_days(
        data.current["early_help"], "eh_assessment_start_date", "eh_assessment_completion_date", cells
    )


@measure(
    id="eh_to_referral_12m_pct",
    number=58,
    label="Early help assessments followed by a referral to children's social care within 12 months (%)",
    unit="pct",
    dated_by="eh_assessment_start_date",
    also_reads={"referrals": ("referral_date",)},
    **_EARLY_HELP,
    edge_cases="""assessments, not children (the issue's "children with an assessment": a child with
        two assessments in the window counts twice, as every flow here counts rows); a referral the
        same day counts; a referral a day after the 12 months does not; one dated after `E` does not
        count at `E`. An assessment started in the window has had only the months to `E` to lead to
        a referral: the figure is "referred so far" and reads low for recent windows; both lists
        must cover the window""",
)
def eh_to_referral_12m_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: early help assessments (rows) with `Assessment start date` in the window;
    numerator: those with a referral (List 3) of the same child dated on or after the start and
    on or before the start + 12 months (same day of the month; 29 February + 12 months = 28
    February), and on or before E. Both lists must cover the window. An assessment started in
    the window has had at most the months to E to lead to a referral: read the figure as
    "referred so far"; it does not change for a past E when later extracts are loaded."""
    rows = data.current["early_help"].select(*SOURCE_COLUMNS, "eh_assessment_start_date")
    deadline = shift_months_expr("eh_assessment_start_date", REFERRAL_WITHIN_MONTHS)
    return followed_within(
        rows, "eh_assessment_start_date", data.current["referrals"], "referral_date", deadline,
        "referral_within_12_months", cells,
    )
