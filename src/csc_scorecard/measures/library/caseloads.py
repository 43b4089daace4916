"""Library measure 62, from Lists 4, 6, 7 and 8 read together: children open to children's
social care at E with no allocated worker.

Allocation is true only at an extract's date, so the measure is an attribute measure: every
list is read from the one extract of E's month, which must hold all four.
"""

from __future__ import annotations

import polars as pl

from csc_scorecard.measures.combine import EPISODES, CombinedExtracts
from csc_scorecard.measures.registry import measure
from csc_scorecard.measures.rows import attribute_rows, one_row_per_child, shape_rows

# Lists whose open rows make a child open at E, each with its (start, end) columns.
OPEN_ROWS = {"assessments": ("assessment_start_date", "assessment_authorised_date"), **EPISODES}
# What an export writes in Allocated Worker for no worker (besides a blank), compared lower-cased.
NO_WORKER = ("unallocated", "not allocated", "none", "n/a", "na", "no worker", "awaiting allocation")
_LIST_NUMBERS = {"assessments": 4, "children_in_need": 6, "child_protection": 7, "children_in_care": 8}


def open_allocations(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Per cell, every row of Lists 4, 6, 7, 8 of the cell's extract open at E (start `<= E`,
    end blank or `> E`; short breaks are out of List 8 already), with `list` (its number) and
    `worker` (the trimmed `Allocated Worker`, null when blank or a word for no worker)."""
    frames = []
    for name, (start, end) in OPEN_ROWS.items():
        rows = attribute_rows(cells, data.by_extract[name]).filter(
            (pl.col(start) <= pl.col("period_end")) & (pl.col(end).is_null() | (pl.col(end) > pl.col("period_end")))
        )
        worker = pl.col("allocated_worker").str.strip_chars()
        frames.append(
            rows.select(
                "cell_from", "cell_to", "_block", "child_id", "extract_id", "source_row",
                pl.lit(_LIST_NUMBERS[name], pl.Int64).alias("list"),
                pl.when(worker.str.to_lowercase().is_in(NO_WORKER) | (worker == "")).then(None).otherwise(worker).alias("worker"),
            )
        )
    return pl.concat(frames)


@measure(
    id="open_children_unallocated_pct",
    number=62,
    label="Children open to social care at the period end with no allocated worker (%)",
    phrase="percentage of children open to social care with no allocated worker",
    unit="pct",
    polarity="low",
    source="children_in_need",
    kind="attribute",
    snapshot=True,
    reads=("cin_start_date", "cin_closure_date", "allocated_worker"),
    also_reads={
        "assessments": ("assessment_start_date", "assessment_authorised_date", "allocated_worker"),
        "child_protection": ("cpp_start_date", "cpp_end_date", "allocated_worker"),
        "children_in_care": ("cla_start_date", "cla_ceased_date", "legal_status", "allocated_worker"),
    },
    breakdowns=(),
    benchmark=False,
)
def open_children_unallocated_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: distinct children open at E in the one extract of E's month: an assessment
    (List 4) started `<= E` and not authorised by E, or a CIN episode, child protection plan or
    period of care (Lists 6, 7, 8; short breaks excluded) started `<= E` and not ended by E.
    Numerator: those none of whose open rows names an allocated worker (`Allocated Worker`
    blank, or a word for none: Unallocated, Not allocated, None, N/A, NA, No worker, Awaiting
    allocation, any case). A child open in several lists counts once; one named worker on any
    open row makes the child allocated. The drill-through shows one row per child (one naming
    a worker when there is one) and the list it comes from."""
    rows = open_allocations(data, cells).with_columns(
        pl.col("worker").is_not_null().alias("_named"), pl.col("worker").is_null().alias("unallocated")
    )
    per_child = one_row_per_child(rows, ["_named", "list"])
    return shape_rows(per_child, pl.col("unallocated"), pl.lit(True), ["list", "worker"])
