"""Library measures from List 6 (children in need): 32, the share whose primary need is abuse or
neglect (a stock); 70, the share of open cases not seen in the last 20 working days (an
attribute measure: the last-seen date is true only at its extract's date); 71, the rate of
episodes closed (a flow)."""

from __future__ import annotations

import polars as pl

from csc_scorecard.dates import working_days_between
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.registry import default_breakdowns, measure
from csc_scorecard.measures.rows import (
    SOURCE_COLUMNS,
    attribute_rows,
    children_open_at,
    code_is,
    events_counted,
    open_at_end_of_extract,
    share_of,
    within_working_days_of_end,
)

ABUSE_OR_NEGLECT = "N1"
SEEN_WITHIN_WORKING_DAYS = 20
_BLANK_START = {"cin_start_date": "counted as open at every date up to its closure"}  # as measure 10


@measure(
    id="cin_abuse_neglect_pct",
    number=32,
    label="Children in need whose primary need is abuse or neglect (%)",
    unit="pct",
    polarity="neutral",
    source="children_in_need",
    kind="stock",
    reads=("cin_start_date", "cin_closure_date", "primary_need"),
    needs=("primary_need",),
    blank_means=_BLANK_START,
    benchmark=False,
    edge_cases="""blank primary need: left out, counted; blank CIN start: counted as open up to its
        closure (as measure 10)""",
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
    return share_of(
        rows,
        code_is("primary_need", ABUSE_OR_NEGLECT),
        ["cin_start_date", "cin_closure_date", "primary_need"],
    )


@measure(
    id="cin_not_seen_20wd_pct",
    number=70,
    label="Children in need not seen in the last 20 working days (%)",
    unit="pct",
    polarity="low",
    source="children_in_need",
    kind="attribute",
    reads=("cin_start_date", "cin_closure_date", "last_seen_date"),
    blank_means={**_BLANK_START, "last_seen_date": "counted as not seen in the last 20 working days"},
    breakdowns=(*default_breakdowns("children_in_need"), "case_status"),  # CIN plan, CP plan, looked after...
    benchmark=False,
    edge_cases="""seen on `E` itself: `WD = 0`, seen. Seen on the 20th working day before `E`: `WD =
        20`, seen; the 21st: not seen. Bank holidays are not working days (E = 2023-12-31: last seen
        2023-11-29 is `WD = 20`, seen; 2023-11-28 is `WD = 21`, not seen; 25 and 26 December do not
        count). A blank last-seen date counts as not seen (no visit recorded); a blank CIN start
        counts as open (as measure 10). The last-seen date is the extract's: read from one extract,
        so a later extract cannot say when a child was seen before an earlier `E`. The list holds
        every open case (CIN plans, CP plans, children looked after, open assessments): the measure
        can be broken down by `Case Status`""",
)
def cin_not_seen_20wd_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: distinct children with a CIN episode open at E in the extract of E's month
    (the child's latest-starting open episode; a blank start counts as open, as measure 10);
    numerator: those not seen in the last 20 working days: `Date Child Was Last Seen` blank, after
    E, or with WD(last seen, E) > 20."""
    open_cases = open_at_end_of_extract(
        attribute_rows(cells, data.by_extract["children_in_need"]), "cin_start_date", "cin_closure_date"
    )
    rows = working_days_between(open_cases, "last_seen_date", "period_end", "working_days_since_seen")
    seen = within_working_days_of_end("last_seen_date", "working_days_since_seen", SEEN_WITHIN_WORKING_DAYS)
    return share_of(rows, ~seen, ["cin_start_date", "cin_closure_date", "last_seen_date", "working_days_since_seen"])


@measure(
    id="cin_closures_rate",
    number=71,
    label="Children in need episodes closed (annual rate per 10,000 children)",
    phrase="rate of children in need episodes closed per 10,000 children",
    unit="rate",
    polarity="neutral",
    source="children_in_need",
    kind="flow",
    reads=("closure_reason",),
    dated_by="cin_closure_date",
    benchmark=False,
    edge_cases="""episodes, not children (DfE counts episodes ended); a closure before its start
        still counts (one date read, as 36); an episode an older extract left open and a newer one
        no longer lists creates no closure (the newer extract's absence closes it for stocks only)""",
)
def cin_closures_rate(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Flow: CIN episodes (rows) with `CIN Closure Date` in the window, per 10,000, annualised:
    episodes, not children (DfE counts episodes ended). A closure before its start still counts
    (only the one date is read); an episode an older extract left open and a newer one no longer
    lists creates no closure."""
    return events_counted(data.current["children_in_need"], "cin_closure_date", ["cin_closure_date", "closure_reason"], cells)
