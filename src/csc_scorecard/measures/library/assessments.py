"""Library measures 28 and 29, from List 4 (assessments): the child seen, and no further
children's social care support needed."""

from __future__ import annotations

import polars as pl

from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.registry import measure
from csc_scorecard.measures.rows import code_is, events_counted


def _completed(data: CombinedExtracts, cells: pl.DataFrame, column: str, answer: str) -> pl.DataFrame:
    """Assessments authorised in the window, in the numerator where `column` is `answer`."""
    return events_counted(
        data.current["assessments"],
        "assessment_authorised_date",
        ["assessment_authorised_date", column],
        cells,
        code_is(column, answer),
    )


@measure(
    id="assessments_child_seen_pct",
    number=28,
    label="Assessments completed in which the child was seen (%)",
    phrase="percentage of completed assessments in which the child was seen",
    unit="pct",
    polarity="high",
    source="assessments",
    kind="flow",
    reads=("assessment_authorised_date", "child_seen"),
    needs=("assessment_authorised_date", "child_seen"),
    dated_by="assessment_authorised_date",
    benchmark=False,
)
def assessments_child_seen_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: assessments with `Continuous Assessment Date of Authorisation` in the
    window; numerator: `Child Seen During Continuous Assessment` = Yes. A blank answer is left
    out (counted); Unknown is in the denominator only; an authorisation before its start still
    counts (only the one date is read, as measure 3)."""
    return _completed(data, cells, "child_seen", "Yes")


@measure(
    id="assessments_no_support_pct",
    number=29,
    label="Assessments completed that found no need for children's social care support (%)",
    phrase="percentage of completed assessments that found no need for children's social care support",
    unit="pct",
    polarity="neutral",
    source="assessments",
    kind="flow",
    reads=("assessment_authorised_date", "requires_support"),
    needs=("assessment_authorised_date", "requires_support"),
    dated_by="assessment_authorised_date",
    benchmark=False,
)
def assessments_no_support_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: assessments authorised in the window; numerator: `Was the child assessed as
    requiring LA children's social care support?` = No. A blank answer is left out (counted);
    Unknown is in the denominator only."""
    return _completed(data, cells, "requires_support", "No")
