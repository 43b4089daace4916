"""Library measures 62 and 65, from Lists 4, 6, 7 and 8 read together: children open to
children's social care at E with no allocated worker, and the average caseload of the workers
named.

Allocation is true only at an extract's date, so the measure is an attribute measure: every
list is read from the one extract of E's month, which must hold all four.
"""

from __future__ import annotations

import polars as pl

from csc_scorecard.measures.combine import EPISODES, CombinedExtracts
from csc_scorecard.measures.registry import measure
from csc_scorecard.measures.rows import attribute_rows, one_row_per_child, shape_rows, share_of

# Lists whose open rows make a child open at E, each with its (start, end) columns.
OPEN_ROWS = {"assessments": ("assessment_start_date", "assessment_authorised_date"), **EPISODES}
# What an export writes in Allocated Worker for no worker (besides a blank), compared lower-cased.
NO_WORKER = ("unallocated", "not allocated", "none", "n/a", "na", "no worker", "awaiting allocation")
# What measures 62 and 65 read besides List 6.
_OPEN_LISTS_READ = {
    "assessments": ("assessment_start_date", "assessment_authorised_date", "allocated_worker"),
    "child_protection": ("cpp_start_date", "cpp_end_date", "allocated_worker"),
    "children_in_care": ("cla_start_date", "cla_ceased_date", "legal_status", "allocated_worker"),
}
# Measures 62 and 65: Lists 4, 6, 7 and 8 of the one extract of E's month.
_OPEN_AT_END = {
    "source": "children_in_need",
    "kind": "attribute",
    "reads": ("cin_start_date", "cin_closure_date", "allocated_worker"),
    "also_reads": _OPEN_LISTS_READ,
    "breakdowns": (),
    "benchmark": False,
}
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
    **_OPEN_AT_END,
    edge_cases="""`Allocated Worker` blank or a word for none (Unallocated, Not allocated, None,
        N/A, NA, No worker, Awaiting allocation; any case, spaces trimmed) is no worker; one named
        worker on any open row allocates the child; a child open in several lists counts once. The
        extract must hold all four lists. The drill-through shows one row per child, with the list
        it comes from""",
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
    return share_of(per_child, pl.col("unallocated"), ["list", "worker"])


@measure(
    id="caseload_mean",
    number=65,
    label="Children allocated per social worker at the period end (average caseload)",
    phrase="average number of children allocated to each worker",
    unit="mean",
    polarity="neutral",
    **_OPEN_AT_END,
    edge_cases="""a worker is a name, trimmed, compared without regard to case or repeated spaces (a
        name spelt two ways is two workers: Annex A has no worker id); a child with two workers is
        in both caseloads; unallocated children are in none. Only workers with an open case at `E`
        count: a worker with none is not in Annex A""",
)
def caseload_mean(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Mean: numerator the allocations at E (distinct pairs of a child open at E, as in
    measure 62, and a worker named on one of the child's open rows), denominator the distinct
    workers named; so the average caseload of the workers with one. A worker is a name, trimmed,
    compared without regard to case or repeated spaces (a name spelt two ways is two workers);
    a child with two workers is in both caseloads; unallocated children are in none. The
    drill-through shows one row per allocation with the worker and the worker's caseload; the
    first of each worker's rows (by child id) is the one in the denominator."""
    rows = open_allocations(data, cells).filter(pl.col("worker").is_not_null())
    worker_key = pl.col("worker").str.to_lowercase().str.replace_all(r"\s+", " ")
    rows = rows.with_columns(worker_key.alias("_worker")).sort("child_id", "list").unique(
        subset=["cell_from", "_worker", "child_id"], keep="first", maintain_order=True
    )
    per_worker = ["cell_from", "_worker"]
    rows = rows.with_columns(
        (pl.col("child_id").rank("ordinal").over(per_worker) == 1).alias("_first_of_worker"),
        pl.len().over(per_worker).cast(pl.Int64).alias("worker_caseload"),
    )
    return shape_rows(rows, pl.lit(True), pl.col("_first_of_worker"), ["list", "worker", "worker_caseload"])
