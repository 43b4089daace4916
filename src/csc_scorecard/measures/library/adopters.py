"""Library measures 93-95, from List 11 (adopters): households approved in the window, the
average days from enquiry to approval, and the share of approved households waiting more than
3 months for a match at E.

List 11 lists individuals; DfE's adoption statistics count households (a couple approved
together is one approval). A household is its `Family identifier`, or the adopter alone where
that is blank; each figure takes one row per household (in the flows the member approved last
in the window, in the stock the one approved last). `combine` carries `Individual adopter
identifier` in `child_id`; here it is replaced by the household.
"""

from __future__ import annotations

import polars as pl

from csc_scorecard.dates import shift_months_expr
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.dimensions import GENDER_AND_ETHNICITY
from csc_scorecard.measures.registry import DATE_ORDER, measure
from csc_scorecard.measures.rows import (
    SOURCE_COLUMNS,
    averaged,
    calendar_days,
    children_open_at,
    every_row,
    one_row_per_child,
    share_of,
)
from csc_scorecard.measures.windows import in_windows, split_where_reached

WAITING_OVER_MONTHS = 3


def _households(rows: pl.DataFrame) -> pl.DataFrame:
    """`rows` with `child_id` replaced by the household: `Family identifier`, else the adopter."""
    household = pl.coalesce(pl.col("family_id").str.strip_chars().str.to_uppercase().replace("", None), "child_id")
    return rows.with_columns(household.alias("child_id"))


def _approved_in_window(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Households with `Date application approved` in the window, one each (the latest approval)."""
    approvals = _households(
        data.current["adopters"].select(*SOURCE_COLUMNS, "family_id", "enquiry_date", "application_approved_date")
    )
    return one_row_per_child(in_windows(approvals, "application_approved_date", cells), ["application_approved_date"])


_APPROVED = {
    "source": "adopters",
    "kind": "flow",
    "reads": ("family_id", "enquiry_date", "application_approved_date"),
    "needs": ("enquiry_date", "application_approved_date"),
    "dated_by": "application_approved_date",
    "data_errors": (DATE_ORDER,),
    "breakdowns": GENDER_AND_ETHNICITY,
    "benchmark": False,
}


@measure(
    id="adopters_approved",
    number=93,
    label="Adopter households approved",
    phrase="number of adopter households approved",
    unit="count",
    polarity="high",
    **_APPROVED,
    edge_cases="""a count, not annualised: a 6-month column shows 6 months' approvals. List 11 lists
        individuals; DfE counts households (a couple approved together is one approval). Approved
        before the enquiry: data error, left out, reported""",
)
def adopters_approved(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Flow: distinct households with `Date application approved` in the window (a count, not
    annualised). Approved before the enquiry was received is a data error (left out, reported)."""
    rows = _approved_in_window(data, cells)
    return every_row(rows, ["family_id", "enquiry_date", "application_approved_date"])


@measure(
    id="adopters_enquiry_to_approval_days",
    number=94,
    label="Average days from enquiry to approval (adopter households approved)",
    phrase="average number of days from enquiry to approval for adopter households",
    unit="mean",
    averages="days",
    polarity="low",
    **_APPROVED,
    edge_cases="as 89 for display; data errors as 93",
)
def adopters_enquiry_to_approval_days(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: households approved in the window (as 93); numerator: the sum of their days
    (calendar) from `Date enquiry received` to `Date application approved`, of the member
    approved last; the value is the average."""
    rows = _approved_in_window(data, cells).with_columns(
        calendar_days("enquiry_date", "application_approved_date")
    )
    return averaged(rows, ["family_id", "enquiry_date", "application_approved_date", "days"])


@measure(
    id="adopters_waiting_3m_pct",
    number=95,
    label="Approved adopter households waiting more than 3 months for a match (%)",
    unit="pct",
    polarity="low",
    source="adopters",
    kind="stock",
    reads=("family_id", "enquiry_date", "application_approved_date", "matched_date", "left_process_date"),
    needs=("enquiry_date",),
    breakdowns=GENDER_AND_ETHNICITY,
    benchmark=False,
    edge_cases="""approved 2023-09-30: waiting over 3 months on 2023-12-31, not on 2023-12-30 (30
        September + 3 months = 30 December). A household on hold or withdrawn has left the process
        (its leaving date). A row no newer extract lists counts up to its extract's date, as 92""",
)
def adopters_waiting_3m_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: distinct households approved and waiting for a match at E: `Date application
    approved <= E`, and `Date adopter matched with child(ren)` and `Date of leaving adoption
    process` each blank or `> E` (a row no newer extract lists counts up to the date of the
    extract that listed it); numerator: approved more than 3 months before E (E after the same
    day 3 calendar months after approval: approved 30 September, waiting over 3 months on
    31 December, not on 30 December)."""
    waiting = (
        _households(data.current["adopters"])
        .filter(pl.col("application_approved_date").is_not_null())
        .with_columns(
            pl.min_horizontal("matched_date", "left_process_date", "stock_end").alias("waiting_until"),
            shift_months_expr("application_approved_date", WAITING_OVER_MONTHS).dt.offset_by("1d").alias("over_3_months_from"),
        )
        .select(*SOURCE_COLUMNS, "application_approved_date", "matched_date", "left_process_date", "waiting_until",
                "over_3_months_from")
    )
    rows = children_open_at(waiting, "application_approved_date", "waiting_until", cells)
    rows = split_where_reached(rows, "over_3_months_from", cells, "over_3_months")
    return share_of(rows, pl.col("over_3_months"), ["application_approved_date", "matched_date", "left_process_date"])
