"""Library measure 61, from List 5 (section 47 enquiries): enquiries about a child who had
another enquiry in the 12 months before (measures 30 and 31 are in `child_protection`)."""

from __future__ import annotations

import polars as pl

from csc_scorecard.dates import shift_months_expr
from csc_scorecard.measures.by_child import with_previous_date
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.registry import measure
from csc_scorecard.measures.rows import SOURCE_COLUMNS, share_of
from csc_scorecard.measures.windows import in_windows

PREVIOUS_WITHIN_MONTHS = 12


@measure(
    id="s47_repeat_12m_pct",
    number=61,
    label="Section 47 enquiries about a child with another enquiry in the previous 12 months (%)",
    unit="pct",
    polarity="low",
    source="s47_icpc",
    kind="flow",
    dated_by="s47_start_date",
    looks_back=PREVIOUS_WITHIN_MONTHS,
    benchmark=False,
    edge_cases="""exactly 12 months before counts, a day more does not; two enquiries the same day
        are not each other's previous. List 5 must cover the window **and the 12 months before it**
        (else "not covered"): a 6-month Annex A alone gives no value. `Number of Section 47
        Enquiries in the last 12 months` is not read: Annex A does not say whether it counts the
        enquiry itself""",
)
def s47_repeat_12m_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: section 47 enquiries (rows) with their start date in the window; numerator:
    those with another enquiry of the same child that started on or after (start - 12 months,
    same day of the month) and strictly before the start, in the loaded data. The window and
    the 12 months before it must be covered by the loaded List 5 (else "not covered"): a
    6-month Annex A alone gives no value. `Number of Section 47 Enquiries in the last 12
    months` is not read: Annex A does not say whether it counts the enquiry itself."""
    enquiries = with_previous_date(
        data.current["s47_icpc"].select(*SOURCE_COLUMNS, "s47_start_date"), "s47_start_date", "previous_s47_start_date"
    )
    rows = in_windows(enquiries, "s47_start_date", cells)
    previous = (pl.col("previous_s47_start_date") >= shift_months_expr("s47_start_date", -PREVIOUS_WITHIN_MONTHS)).fill_null(False)
    return share_of(rows, previous, ["s47_start_date", "previous_s47_start_date"])
