"""Measure 10, from List 6 (children in need): the CIN snapshot rate."""

from __future__ import annotations

import polars as pl

from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.registry import measure
from csc_scorecard.measures.rows import stock_of_children


@measure(
    id="cin_rate",
    number=10,
    label="Children in need (snapshot rate per 10,000 children)",
    phrase="rate of children in need per 10,000 children",
    unit="rate",
    polarity="neutral",
    source="children_in_need",
    kind="stock",
    reads=("cin_start_date", "cin_closure_date"),
    blank_means={"cin_start_date": "counted as open at every date up to its closure"},  # spec measure 10
)
def cin_rate(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Stock at E: distinct children with a CIN episode open (`CIN Start Date <= E`, `CIN
    Closure Date` blank or `> E`); a blank start counts at every E up to its closure."""
    return stock_of_children(data.current["children_in_need"], "cin_start_date", "cin_closure_date", cells)
