"""Library measures 35-40, from List 8 (children in care). Short breaks (legal status V3/V4) are
left out of every one before they compute (`counted.OUT_OF_SCOPE`).

35 and 36 are flows of starts and ceasings (distinct children); 37-40 are attribute measures
of the children looked after at E, read from the one extract of E's month (the placement, its
count over the last 12 months and the UASC flag are true only at that extract's date).
"""

from __future__ import annotations

import polars as pl

from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.looked_after import CEASINGS, latest_ceasing, looked_after_at_end
from csc_scorecard.measures.registry import measure
from csc_scorecard.measures.rows import SOURCE_COLUMNS, code_is, one_row_per_child, shape_rows
from csc_scorecard.measures.windows import in_windows

PLACEMENTS_THREE = 3
FOSTER_PLACEMENTS = ("U1", "U2", "U3", "U4", "U5", "U6")


@measure(
    id="cla_started_rate",
    number=35,
    label="Children who started to be looked after (annual rate per 10,000 children)",
    phrase="rate of children starting to be looked after per 10,000 children",
    unit="rate",
    polarity="neutral",
    source="children_in_care",
    kind="flow",
    reads=("cla_start_date", "legal_status"),
    needs=("cla_start_date",),
    dated_by="cla_start_date",
    benchmark=False,
)
def cla_started_rate(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Flow: distinct children with `Date Started to be Looked After` in the window (a child's
    latest start in it: a child who started twice counts once), short breaks excluded."""
    starts = data.current["children_in_care"].select(*SOURCE_COLUMNS, "cla_start_date")
    rows = one_row_per_child(in_windows(starts, "cla_start_date", cells), ["cla_start_date"])
    return shape_rows(rows, pl.lit(True), pl.lit(False), ["cla_start_date"])


@measure(
    id="cla_ceased_rate",
    number=36,
    label="Children who ceased to be looked after (annual rate per 10,000 children)",
    phrase="rate of children ceasing to be looked after per 10,000 children",
    unit="rate",
    polarity="neutral",
    benchmark=False,
    **CEASINGS,
)
def cla_ceased_rate(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Flow: distinct children with `Date Ceased to be Looked After` in the window (measure
    19's denominator: a child's latest ceasing in it), short breaks excluded."""
    rows = latest_ceasing(data, cells, "reason_ceased")
    return shape_rows(rows, pl.lit(True), pl.lit(False), ["cla_ceased_date", "reason_ceased"])


def _share_looked_after_at_end(data: CombinedExtracts, cells: pl.DataFrame, column: str, numerator: pl.Expr) -> pl.DataFrame:
    """Children looked after at E in the extract read, one each; in the numerator where
    `numerator` holds of their `column`."""
    rows = looked_after_at_end(data, cells)
    return shape_rows(rows, numerator, pl.lit(True), ["cla_start_date", "cla_ceased_date", column])


_AT_END = {
    "unit": "pct",
    "source": "children_in_care",
    "kind": "attribute",
    "snapshot": True,
    "benchmark": False,
}


def _reads(column: str) -> dict:
    return {"reads": ("cla_start_date", "cla_ceased_date", "legal_status", column), "needs": ("cla_start_date", column)}


@measure(
    id="cla_placements_3plus_pct",
    number=37,
    label="Children looked after with 3 or more placements in the last 12 months (%)",
    phrase="percentage of children looked after with 3 or more placements in the last 12 months",
    polarity="low",
    **_AT_END,
    **_reads("placements_last_12m"),
)
def cla_placements_3plus_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: distinct children looked after at E (started `<= E`, ceased blank or `> E`),
    short breaks excluded, in the extract of E's month; numerator: `Number of Placements in the
    Last 12 months >= 3`. A blank count is left out (counted)."""
    return _share_looked_after_at_end(
        data, cells, "placements_last_12m", pl.col("placements_last_12m") >= PLACEMENTS_THREE
    )


@measure(
    id="cla_uasc_pct",
    number=38,
    label="Children looked after who are unaccompanied asylum-seeking children (%)",
    phrase="percentage of children looked after who are unaccompanied asylum-seeking children",
    polarity="neutral",
    **_AT_END,
    **_reads("uasc"),
)
def cla_uasc_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator as 37; numerator: `Unaccompanied Asylum Seeking Child (UASC) within the Last
    12 Months` = Yes. A blank answer is left out (counted)."""
    return _share_looked_after_at_end(data, cells, "uasc", code_is("uasc", "Yes"))


@measure(
    id="cla_placed_outside_pct",
    number=39,
    label="Children looked after placed outside the local authority's boundary (%)",
    phrase="percentage of children looked after placed outside the local authority",
    polarity="neutral",
    **_AT_END,
    **_reads("placement_location"),
)
def cla_placed_outside_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator as 37; numerator: `Placement Location` = Out. A blank location is left out
    (counted)."""
    return _share_looked_after_at_end(data, cells, "placement_location", code_is("placement_location", "Out"))


@measure(
    id="cla_foster_pct",
    number=40,
    label="Children looked after in foster placements (%)",
    phrase="percentage of children looked after in foster placements",
    polarity="neutral",
    **_AT_END,
    **_reads("placement_type"),
)
def cla_foster_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator as 37; numerator: `Placement Type` U1 to U6 (foster placements, as DfE
    groups them; placed for adoption with current foster carers, A3 and A5, is not). A blank
    type is left out (counted)."""
    return _share_looked_after_at_end(data, cells, "placement_type", code_is("placement_type", *FOSTER_PLACEMENTS))
