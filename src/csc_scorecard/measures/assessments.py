"""Measures 3 and 4, from List 4 (assessments): completions and their timeliness."""

from __future__ import annotations

import polars as pl

from csc_scorecard.dates import working_days_between
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.registry import DATE_ORDER, measure
from csc_scorecard.measures.rows import SOURCE_COLUMNS, events_counted, share_of
from csc_scorecard.measures.windows import in_windows

ASSESSMENT_WORKING_DAYS = 45


@measure(
    id="assessments_rate",
    number=3,
    label="Assessments completed (annual rate per 10,000 of children)",
    phrase="rate of assessments completed per 10,000 children",
    unit="rate",
    polarity="neutral",
    source="assessments",
    kind="flow",
    reads=("assessment_start_date", "assessment_authorised_date"),
    dated_by="assessment_authorised_date",
)
def assessments_rate(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Flow: assessments with `Continuous Assessment Date of Authorisation` in the window (an
    authorisation dated before its start still counts: only the one date is read)."""
    return events_counted(
        data.current["assessments"], "assessment_authorised_date", ["assessment_start_date", "assessment_authorised_date"], cells
    )


@measure(
    id="assessments_45wd_pct",
    number=4,
    label="Assessments completed within 45 working days (%)",
    unit="pct",
    polarity="high",
    source="assessments",
    kind="flow",
    needs=("assessment_start_date", "assessment_authorised_date"),
    dated_by="assessment_authorised_date",
    data_errors=(DATE_ORDER,),
)
def assessments_45wd_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: assessments authorised in the window; numerator: `WD(start date,
    authorisation date) <= 45`. An authorisation before its start date is a data error:
    excluded from both (reported)."""
    return completed_within_45_working_days(
        data.current["assessments"], "assessment_start_date", "assessment_authorised_date", cells
    )


def completions_timed(rows: pl.DataFrame, start: str, completed: str, cells: pl.DataFrame) -> pl.DataFrame:
    """Completions (an assessment's authorisation, an early help assessment's completion)
    dated in the window, each with `working_days` = `WD(start, completed)`."""
    timed = working_days_between(rows.select(*SOURCE_COLUMNS, start, completed), start, completed)
    return in_windows(timed, completed, cells)


def completed_within_45_working_days(rows: pl.DataFrame, start: str, completed: str, cells: pl.DataFrame) -> pl.DataFrame:
    """A percentage of completions dated in the window: numerator `WD(start, completed) <= 45`
    (an assessment, measure 4, or an early help assessment); the drill-through shows the days."""
    return share_of(
        completions_timed(rows, start, completed, cells),
        pl.col("working_days") <= ASSESSMENT_WORKING_DAYS,
        [start, completed, "working_days"],
    )
