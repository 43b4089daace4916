"""Library measures 24-27 and 59, from List 3 (referrals): no further action, the share of
referrals from the police, schools and health services, and of children already open as
children in need (List 6)."""

from __future__ import annotations

import polars as pl

from csc_scorecard.measures.annex_lists import codes_in_group
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.event_shares import CodedShare, coded_shares
from csc_scorecard.measures.followed_by import open_on
from csc_scorecard.measures.registry import measure
from csc_scorecard.measures.rows import SOURCE_COLUMNS, share_of
from csc_scorecard.measures.windows import in_windows

POLICE = codes_in_group("source", "6")
SCHOOLS = ("2A",)  # DfE's "Schools"; 2B (Education services) is a source of its own
HEALTH = codes_in_group("source", "3")  # 3A GP ... 3F other health


coded_shares(
    "referrals",
    "referral_date",
    [
        CodedShare(
            "referrals_nfa_pct", 24, "Referrals that resulted in no further action (%)",
            None, "referral_nfa", ("Yes",),
            """Denominator: referrals (rows) with `Date of referral` in the window; numerator:
            `Referral NFA?` = Yes. A blank answer is left out (counted); `Unknown` is in the
            denominator only.""",
            """blank NFA: left out, counted; `Unknown`: denominator only. DfE publishes the same
            ratio (`No_Further_Action_percent`)""",
        ),
        CodedShare(
            "referrals_police_pct", 25, "Referrals from the police (%)", None,
            "referral_source", POLICE,
            """Denominator: referrals with `Date of referral` in the window; numerator: `Referral
            Source` code 6 (Police). A blank source is left out (counted); 10 (Unknown) stays in the
            denominator.""",
            "blank source: left out, counted; `10` (Unknown) stays in the denominator",
        ),
        CodedShare(
            "referrals_schools_pct", 26, "Referrals from schools (%)", None,
            "referral_source", SCHOOLS,
            "As 25; numerator: source code 2A (Schools). 2B (Education services) is not a school.",
            """`2B` (Education services) is not a school: DfE publishes it as its own source, so
            do we (not in this batch)""",
        ),
        CodedShare(
            "referrals_health_pct", 27, "Referrals from health services (%)", None,
            "referral_source", HEALTH,
            """As 25; numerator: a source of the health group, codes 3A to 3F (GP, health visitor,
            school nurse, other primary health services, A&E, other health services).""",
            "as 25",
        ),
    ],
    polarity="neutral",
    benchmark=False,
)


@measure(
    id="referrals_open_cin_pct",
    number=59,
    label="Referrals of children already open as children in need (%)",
    unit="pct",
    polarity="low",
    source="referrals",
    kind="flow",
    dated_by="referral_date",
    benchmark=False,
    also_reads={"children_in_need": ("cin_start_date", "cin_closure_date")},
    edge_cases="""the episode a referral opens starts on the referral date and does not count; an
        episode closed on the referral date does not count; an episode an older extract left open
        and a newer one no longer lists is closed from the older as-at date (as measure 10); both
        lists must cover the window""",
)
def referrals_open_cin_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: referrals (rows) with `Date of referral` in the window; numerator: those of a
    child with a CIN episode (List 6) open on the referral date: `CIN Start Date` strictly
    before it (the episode a referral opens starts on its date and does not count; a blank start
    counts as open, as measure 10) and the episode not closed on or before it (closure blank or
    after it; an episode a newer extract no longer lists is closed from the older extract's
    as-at date, as for measure 10). Both lists must cover the window."""
    referrals = data.current["referrals"].select(*SOURCE_COLUMNS, "referral_date")
    episodes = data.current["children_in_need"]
    referrals = referrals.with_columns(
        open_on(referrals, "referral_date", episodes, "cin_start_date", "stock_end").alias("already_open")
    )
    rows = in_windows(referrals, "referral_date", cells)
    return share_of(rows, pl.col("already_open"), ["referral_date", "already_open"])
