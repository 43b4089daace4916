"""Library measure 32, from List 6 (children in need): the share whose primary need is abuse or neglect."""

from __future__ import annotations

import polars as pl

from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.registry import measure
from csc_scorecard.measures.rows import SOURCE_COLUMNS, children_open_at, code_is, shape_rows

ABUSE_OR_NEGLECT = "N1"


@measure(
    id="cin_abuse_neglect_pct",
    number=32,
    label="Children in need whose primary need is abuse or neglect (%)",
    phrase="percentage of children in need whose primary need is abuse or neglect",
    unit="pct",
    polarity="neutral",
    source="children_in_need",
    kind="stock",
    reads=("cin_start_date", "cin_closure_date", "primary_need"),
    needs=("primary_need",),
    blank_means={"cin_start_date": "counted as open at every date up to its closure"},  # as measure 10
    benchmark=False,
)
def cin_abuse_neglect_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: distinct children with a CIN episode open at E (as measure 10: the child's
    latest-starting open episode; a blank start counts at every E up to its closure);
    numerator: its `Primary Need Code` is N1 (abuse or neglect). A blank primary need is left
    out (counted)."""
    episodes = data.current["children_in_need"].select(
        *SOURCE_COLUMNS, "cin_start_date", "cin_closure_date", "stock_end", "primary_need"
    )
    rows = children_open_at(episodes, "cin_start_date", "stock_end", cells)
    return shape_rows(
        rows, code_is("primary_need", ABUSE_OR_NEGLECT), pl.lit(True), ["cin_start_date", "cin_closure_date", "primary_need"]
    )
