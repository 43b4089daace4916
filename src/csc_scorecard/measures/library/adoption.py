"""Library measures 89-92, from List 10 (adoption): the adoption scorecard's A1 and A2 for the
children adopted in the window, the share placed with their adoptive family within 18 months of
entering care, and the children waiting with a placement order at E.

89-91 are flows of adoptions, dated by `Date of Adoption Order`. A child "moves in with the
adoptive family" on the earlier of `Date Placed for Adoption` and the fostering-for-adoption or
concurrent placement date (that placement is with the prospective adopters), as DfE's A1 counts
it. 92 is a stock of the combined rows (`combine`: a row no newer extract lists stops counting
after the date of the extract that listed it).
"""

from __future__ import annotations

import polars as pl

from csc_scorecard.dates import shift_months_expr
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.dimensions import GENDER_AND_ETHNICITY
from csc_scorecard.measures.registry import DATE_ORDER, measure
from csc_scorecard.measures.rows import SOURCE_COLUMNS, averaged, calendar_days, children_open_at, every_row, share_of
from csc_scorecard.measures.windows import in_windows

MOVED_IN_WITHIN_MONTHS = 18


def _moved_in() -> pl.Expr:
    """The day the child moved in with the adoptive family: the earlier of the placement for
    adoption and a fostering-for-adoption placement on or after entering care (one dated before
    the child entered care cannot be a care placement and is not read)."""
    ffa = pl.when(pl.col("ffa_placement_date") >= pl.col("entered_care_date")).then(pl.col("ffa_placement_date"))
    return pl.min_horizontal(pl.col("placed_for_adoption_date"), ffa).alias("moved_in_date")


def _adopted_in_window(data: CombinedExtracts, cells: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """Children with `Date of Adoption Order` in the window, with `moved_in_date` and `columns`."""
    adoptions = data.current["adoption"].select(*SOURCE_COLUMNS, "adoption_order_date", *columns)
    if "ffa_placement_date" in columns:
        adoptions = adoptions.with_columns(_moved_in())
    return in_windows(adoptions, "adoption_order_date", cells)


_MOVING_IN = ("entered_care_date", "placed_for_adoption_date", "ffa_placement_date")
_ADOPTED = {
    "source": "adoption",
    "kind": "flow",
    "reads": ("adoption_order_date", *_MOVING_IN),
    "needs": ("entered_care_date", "placed_for_adoption_date"),
    "dated_by": "adoption_order_date",
    "data_errors": (DATE_ORDER,),
    "breakdowns": GENDER_AND_ETHNICITY,
    "benchmark": False,
}


@measure(
    id="adoption_a1_days",
    number=89,
    label="A1: average days between entering care and moving in with the adoptive family (children adopted)",
    phrase="average number of days between entering care and moving in with the adoptive family",
    unit="mean",
    averages="days",
    polarity="low",
    **_ADOPTED,
    edge_cases="""the average is displayed half up from the exact sum and count (452 + 453 days over
        2 children is 452.5, shown 453 at 0 dp). Blank entry, placement or order date: left out,
        counted. Placed for adoption before entering care: data error, left out, reported; a
        fostering-for-adoption date before entering care is not a care placement and is not read. A
        child adopted by their own foster carers moved in with them before the placement for
        adoption: DfE's A1 counts from that earlier date, Annex A does not give it, so such a
        child's days read long""",
)
def adoption_a1_days(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: children with `Date of Adoption Order` in the window; numerator: the sum of
    their days (calendar) from `Date the Child Entered Care` to moving in with the adoptive
    family (the earlier of `Date Placed for Adoption` and the fostering-for-adoption placement);
    the value is the average. A blank entry, placement or order date is left out (counted);
    placed for adoption before entering care is a data error (left out, reported)."""
    rows = _adopted_in_window(data, cells, *_MOVING_IN).with_columns(
        calendar_days("entered_care_date", "moved_in_date")
    )
    return averaged(rows, ["adoption_order_date", "entered_care_date", "moved_in_date", "days"])


@measure(
    id="adoption_a2_days",
    number=90,
    label="A2: average days between the placement order and the match to an adoptive family (children adopted)",
    phrase="average number of days between the placement order and the match to an adoptive family",
    unit="mean",
    averages="days",
    polarity="low",
    source="adoption",
    kind="flow",
    needs=("placement_order_date", "matching_date"),
    dated_by="adoption_order_date",
    breakdowns=GENDER_AND_ETHNICITY,
    benchmark=False,
    edge_cases="""a match before the order (a child placed with consent, the order made later)
        counts as 0 days. A blank placement order (adopted with consent) or match: left out, counted""",
)
def adoption_a2_days(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: children with `Date of Adoption Order` in the window who had a placement
    order; numerator: the sum of their days from `Date of Placement Order` to `Date of Matching
    Child and Prospective Adopters`; the value is the average. A match before the order (a child
    placed with consent, the order made later) counts as 0 days. A blank placement order (a
    child adopted with consent) or match is left out (counted)."""
    rows = _adopted_in_window(data, cells, "placement_order_date", "matching_date").with_columns(
        calendar_days("placement_order_date", "matching_date").clip(lower_bound=0)
    )
    return averaged(rows, ["adoption_order_date", "placement_order_date", "matching_date", "days"])


@measure(
    id="adoption_moved_in_18m_pct",
    number=91,
    label="Children adopted who moved in with their adoptive family within 18 months of entering care (%)",
    unit="pct",
    polarity="high",
    **_ADOPTED,
    edge_cases="""the same day-of-month 18 months on, clipped to the month's length (entered
        2021-08-31: within 18 months up to 2023-02-28). The published form of "adopted within 18
        months" (DfE's adoption scorecard threshold measure) counts moving in, not the adoption
        order, which follows months later in court. Data errors and blanks as 89""",
)
def adoption_moved_in_18m_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator as 89 (children adopted in the window); numerator: moved in with the adoptive
    family on or before the same day 18 calendar months after entering care (clipped to the
    month's length: 31 August + 18 months = the last day of February)."""
    rows = _adopted_in_window(data, cells, *_MOVING_IN).with_columns(
        shift_months_expr("entered_care_date", MOVED_IN_WITHIN_MONTHS).alias("eighteen_months_on")
    )
    return share_of(
        rows,
        pl.col("moved_in_date") <= pl.col("eighteen_months_on"),
        ["adoption_order_date", "entered_care_date", "moved_in_date", "eighteen_months_on"],
    )


@measure(
    id="adoption_waiting_placement_order",
    number=92,
    label="Children with a placement order not yet placed with an adoptive family",
    phrase="number of children with a placement order not yet placed with an adoptive family",
    unit="count",
    polarity="low",
    source="adoption",
    kind="stock",
    reads=("placement_order_date", "placed_for_adoption_date", "ffa_placement_date", "entered_care_date", "adoption_order_date", "adoption_reversal_date"),
    needs=("adoption_decision_date",),
    breakdowns=GENDER_AND_ETHNICITY,
    benchmark=False,
    edge_cases="""a count, not a rate. A row that no newer extract lists (Lists 10 and 11 combine
        like the flow lists: see "Lists 10 and 11" below) counts up to the date of the extract that
        listed it. A blank decision date: left out, counted""",
)
def adoption_waiting_placement_order(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Stock at E: distinct children with `Date of Placement Order <= E` who at E have not moved
    in with an adoptive family (placed for adoption or in a fostering-for-adoption placement),
    been adopted, or had the decision for adoption reversed (each blank or `> E`). A row that no
    newer extract lists counts up to the date of the extract that listed it."""
    waiting = (
        data.current["adoption"]
        .filter(pl.col("placement_order_date").is_not_null())
        .with_columns(_moved_in())
        .with_columns(
            pl.min_horizontal("moved_in_date", "adoption_order_date", "adoption_reversal_date", "stock_end")
            .alias("waiting_until")
        )
        .select(*SOURCE_COLUMNS, "placement_order_date", "moved_in_date", "adoption_reversal_date", "waiting_until")
    )
    rows = children_open_at(waiting, "placement_order_date", "waiting_until", cells)
    return every_row(rows, ["placement_order_date", "moved_in_date", "adoption_reversal_date"])
