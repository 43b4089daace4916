"""Library measures 35-40 and 80-87, from List 8 (children in care). Short breaks (legal status
V3/V4) are left out of every one before they compute (`counted.OUT_OF_SCOPE`).

35 and 36 are flows of starts and ceasings (distinct children); the others are attribute
measures of the children looked after at E (85 and 86: at any time in the window, as measure
15), read from the one extract of E's month (the placement, its count over the last 12 months,
the UASC flag, the latest review, visit and IRO contact, the permanence plan and the return
interview are true only at that extract's date).
"""

from __future__ import annotations

import polars as pl

from csc_scorecard.dates import age_at_expr, months_back_expr, working_days_between
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.looked_after import CEASINGS, latest_ceasing, looked_after_at_end, looked_after_in_window
from csc_scorecard.measures.registry import Member, measure, measure_family
from csc_scorecard.measures.rows import SOURCE_COLUMNS, code_is, dated_within, every_row, one_row_per_child, share_of
from csc_scorecard.measures.windows import in_windows

PLACEMENTS_THREE = 3
FOSTER_PLACEMENTS = ("U1", "U2", "U3", "U4", "U5", "U6")
# Residential settings (docs/measures.md, 81): children's homes, secure or not (K1, K2, K3), other
# residential care (R1 residential care home, R2 NHS/health trust, R3 family centre or mother and
# baby unit, R5 young offender institution or prison) and residential schools (S1). Not
# semi-independent or supported accommodation (H5, Z11, Z12), which is not care, nor P3.
RESIDENTIAL_PLACEMENTS = ("K1", "K2", "K3", "R1", "R2", "R3", "R5", "S1")
STABILITY_AGE_UNDER = 16
STABILITY_LOOKED_AFTER_MONTHS = 30  # 2.5 years
STABILITY_PLACEMENT_MONTHS = 24
FIRST_REVIEW_WORKING_DAYS = 20  # the first statutory review is due within 20 working days
REVIEW_MONTHS = 6
VISIT_DAYS = 42  # 6 weeks
PERMANENCE_PLAN_MONTHS = 4  # the plan is due at the second review, within 4 months of entering care


@measure(
    id="cla_started_rate",
    number=35,
    label="Children who started to be looked after (annual rate per 10,000 children)",
    phrase="rate of children starting to be looked after per 10,000 children",
    unit="rate",
    polarity="neutral",
    source="children_in_care",
    kind="flow",
    reads=("legal_status",),
    dated_by="cla_start_date",
    benchmark=False,
    edge_cases="a child who started twice in the window counts once (as measure 19 counts ceasings)",
)
def cla_started_rate(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Flow: distinct children with `Date Started to be Looked After` in the window (a child's
    latest start in it: a child who started twice counts once), short breaks excluded."""
    starts = data.current["children_in_care"].select(*SOURCE_COLUMNS, "cla_start_date")
    rows = one_row_per_child(in_windows(starts, "cla_start_date", cells), ["cla_start_date"])
    return every_row(rows, ["cla_start_date"])


@measure(
    id="cla_ceased_rate",
    number=36,
    label="Children who ceased to be looked after (annual rate per 10,000 children)",
    phrase="rate of children ceasing to be looked after per 10,000 children",
    unit="rate",
    polarity="neutral",
    benchmark=False,
    **CEASINGS,
    edge_cases="""a ceasing before its start still counts (one date read, as 19); an episode an
        older extract left open and a newer one no longer lists creates no ceasing""",
)
def cla_ceased_rate(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Flow: distinct children with `Date Ceased to be Looked After` in the window (measure
    19's denominator: a child's latest ceasing in it), short breaks excluded."""
    rows = latest_ceasing(data, cells, "reason_ceased")
    return every_row(rows, ["cla_ceased_date", "reason_ceased"])


def _share_looked_after_at_end(data: CombinedExtracts, cells: pl.DataFrame, *, column: str, numerator: pl.Expr) -> pl.DataFrame:
    """Children looked after at E in the extract read, one each; in the numerator where
    `numerator` holds of their `column`."""
    rows = looked_after_at_end(data, cells)
    return share_of(rows, numerator, ["cla_start_date", "cla_ceased_date", column])


_AT_END = {
    "unit": "pct",
    "source": "children_in_care",
    "kind": "attribute",
    "benchmark": False,
}


def _reads(column: str, blank: str | None = None) -> dict:
    """A measure of the children looked after at E that reads `column`: a row blank in it is
    left out (counted), or, with `blank`, counts as `blank` says ("counted as not visited")."""
    return {
        "reads": ("cla_start_date", "cla_ceased_date", "legal_status", column),
        "needs": ("cla_start_date", column) if blank is None else ("cla_start_date",),
        "blank_means": {} if blank is None else {column: blank},
    }


def _placed(id: str, number: int, label: str, phrase: str, column: str, numerator: pl.Expr, definition: str,
            edge_cases: str, polarity: str = "neutral") -> Member:
    """A share of the children looked after at E (37-40, 81): those whose `column` meets `numerator`."""
    argument = {"column": column, "numerator": numerator}
    return Member(id, number, label, phrase, definition, edge_cases, argument, {"polarity": polarity, **_reads(column)})


measure_family(
    _share_looked_after_at_end,
    [
        _placed(
            "cla_placements_3plus_pct", 37,
            "Children looked after with 3 or more placements in the last 12 months (%)",
            "percentage of children looked after with 3 or more placements in the last 12 months",
            "placements_last_12m", pl.col("placements_last_12m") >= PLACEMENTS_THREE,
            """Denominator: distinct children looked after at E (started `<= E`, ceased blank or `> E`),
            short breaks excluded, in the extract of E's month; numerator: `Number of Placements in the
            Last 12 months >= 3`. A blank count is left out (counted).""",
            """blank count: left out, counted. The count is the extract's own (its last 12 months), so
            the measure is read from one extract (DfE's placement stability measure A at 31 March)""",
            polarity="low",
        ),
        _placed(
            "cla_uasc_pct", 38,
            "Children looked after who are unaccompanied asylum-seeking children (%)",
            "percentage of children looked after who are unaccompanied asylum-seeking children",
            "uasc", code_is("uasc", "Yes"),
            """Denominator as 37; numerator: `Unaccompanied Asylum Seeking Child (UASC) within the Last
            12 Months` = Yes. A blank answer is left out (counted).""",
            """blank: left out, counted; the flag covers the last 12 months of the extract, so it is
            read from one extract""",
        ),
        _placed(
            "cla_placed_outside_pct", 39,
            "Children looked after placed outside the local authority's boundary (%)",
            "percentage of children looked after placed outside the local authority",
            "placement_location", code_is("placement_location", "Out"),
            """Denominator as 37; numerator: `Placement Location` = Out. A blank location is left out
            (counted).""",
            """blank location: left out, counted. The current placement is known only at the extract's
            date: attribute""",
        ),
        _placed(
            "cla_foster_pct", 40,
            "Children looked after in foster placements (%)",
            "percentage of children looked after in foster placements",
            "placement_type", code_is("placement_type", *FOSTER_PLACEMENTS),
            """Denominator as 37; numerator: `Placement Type` U1 to U6 (foster placements, as DfE groups
            them; placed for adoption with current foster carers, A3 and A5, is not). A blank type is
            left out (counted).""",
            """blank type: left out, counted; placed for adoption with current foster carers (`A3`,
            `A5`) is not a foster placement, as DfE groups it""",
        ),
        _placed(
            "cla_residential_pct", 81,
            "Children looked after in residential settings (%)",
            "percentage of children looked after in residential settings",
            "placement_type", code_is("placement_type", *RESIDENTIAL_PLACEMENTS),
            """Denominator as 37; numerator: `Placement Type` K1, K2, K3 (children's homes, secure or
            not), R1, R2, R3, R5 (other residential care) or S1 (residential schools).
            Semi-independent and supported accommodation (H5, Z11, Z12) is not counted. A blank type is
            left out (counted).""",
            """our grouping, written down because DfE's groups changed with the 2023-24 codes:
            semi-independent and supported accommodation (`H5`, `Z11`, `Z12`) is not counted (it is not
            care; Ofsted regulates it apart from children's homes since October 2023), nor residential
            employment (`P3`). Blank type: left out, counted""",
        ),
    ],
    **_AT_END,
)


@measure(
    id="cla_long_term_stability_pct",
    number=80,
    label="Children under 16 looked after 2.5 years or more in the same placement for 2 years or more (%)",
    phrase="percentage of children under 16 looked after for 2.5 years or more who have been in the same placement for 2 years",
    polarity="high",
    **_AT_END,
    reads=("cla_start_date", "cla_ceased_date", "legal_status", "date_of_birth", "placement_start_date"),
    needs=("cla_start_date", "date_of_birth", "placement_start_date"),
    edge_cases="""E = 2023-12-31: started on 2021-06-30 is in, 2021-07-01 is not; placement from
        2021-12-31 counts, 2022-01-01 does not. Aged 16 on `E`: out. Blank date of birth or
        placement start: left out, counted. DfE's measure B also counts a child placed for adoption
        whose adoptive placement and the placement before it with the same carers together last 2
        years: Annex A cannot tell, so such a child counts by the adoptive placement alone (the
        figure can read low for them)""",
)
def cla_long_term_stability_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: distinct children looked after at E in the extract of E's month, aged under
    16 at E, whose period of care started on or before E - 30 months (2.5 years); numerator:
    `Start Date of Most Recent Placement` on or before E - 24 months. A blank date of birth or
    placement start is left out (counted). DfE's measure B also counts a child placed for
    adoption whose adoptive placement and the placement before it with the same carers together
    last 2 years: Annex A cannot tell, so such a child counts only by the adoptive placement."""
    cells = cells.with_columns(
        months_back_expr("period_end", STABILITY_LOOKED_AFTER_MONTHS).alias("looked_after_since"),
        months_back_expr("period_end", STABILITY_PLACEMENT_MONTHS).alias("placed_since"),
    )
    rows = looked_after_at_end(data, cells, started_by="looked_after_since").filter(
        age_at_expr("date_of_birth", "period_end") < STABILITY_AGE_UNDER
    )
    return share_of(
        rows,
        pl.col("placement_start_date") <= pl.col("placed_since"),
        ["cla_start_date", "date_of_birth", "placement_start_date", "placed_since"],
    )


def _within_six_months_past_first_review(data: CombinedExtracts, cells: pl.DataFrame, column: str) -> pl.DataFrame:
    """Children looked after at E (as 37) for more than 20 working days (their first review was
    due), in the numerator where `column` is in `(E - 6 months, E]` and not before the period of
    care started (82, 84)."""
    cells = cells.with_columns(months_back_expr("period_end", REVIEW_MONTHS).alias("six_months_before"))
    rows = working_days_between(looked_after_at_end(data, cells), "cla_start_date", "period_end", "working_days_in_care")
    rows = rows.filter(pl.col("working_days_in_care") > FIRST_REVIEW_WORKING_DAYS)
    since_start = dated_within(column, "six_months_before") & (pl.col(column) >= pl.col("cla_start_date")).fill_null(False)
    return share_of(rows, since_start, ["cla_start_date", "working_days_in_care", column, "six_months_before"])


@measure(
    id="cla_review_6m_pct",
    number=82,
    label="Children looked after with a statutory review in the last 6 months (%)",
    polarity="high",
    **_AT_END,
    **_reads("latest_review_date", "counted as not reviewed"),
    edge_cases="""`WD(start, E) = 20`: not yet due, out of the denominator; 21: in. A blank review
        date counts as not reviewed. Only the latest review is listed: whether the second review
        came within 3 months of the first cannot be told""",
)
def cla_review_6m_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: children looked after at E (as 37) for more than 20 working days, WD(start,
    E) > 20 (the first review is due within 20 working days); numerator: `Date of Latest
    Statutory Review` in `(E - 6 months, E]` and not before the period of care started. A blank
    review date counts as not reviewed. Only the latest review is listed: whether the second
    review came within 3 months of the first cannot be told."""
    return _within_six_months_past_first_review(data, cells, "latest_review_date")


@measure(
    id="cla_sw_visit_6w_pct",
    number=83,
    label="Children looked after with a social work visit in the last 6 weeks (%)",
    polarity="high",
    **_AT_END,
    **_reads("last_sw_visit_date", "counted as not visited"),
    edge_cases="""E = 2023-12-31: visited 2023-11-20 counts, 2023-11-19 does not. Blank: not
        visited. Visits are due every 6 weeks in a placement's first year, then every 3 months in a
        long-term placement: a practice standard for every child, not a statutory compliance figure""",
)
def cla_sw_visit_6w_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator as 37; numerator: `Date of Last Social Work Visit` in `(E - 42 days, E]`. A
    blank visit date counts as not visited. Visits are due at least every 6 weeks in a child's
    first year in a placement, then every 3 months for a long-term placement: this is the
    6-week standard for every child, not a statutory compliance figure."""
    cells = cells.with_columns(pl.col("period_end").dt.offset_by(f"-{VISIT_DAYS}d").alias("six_weeks_before"))
    rows = looked_after_at_end(data, cells)
    return share_of(
        rows,
        dated_within("last_sw_visit_date", "six_weeks_before"),
        ["cla_start_date", "last_sw_visit_date", "six_weeks_before"],
    )


@measure(
    id="cla_iro_contact_6m_pct",
    number=84,
    label="Children looked after with contact from their IRO in the last 6 months (%)",
    polarity="high",
    **_AT_END,
    **_reads("last_iro_contact_date", "counted as no contact"),
    edge_cases="blank: no contact",
)
def cla_iro_contact_6m_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator as 82 (looked after more than 20 working days: the IRO has chaired a first
    review); numerator: `Date of Last IRO Visit / Contact to the Child` in `(E - 6 months, E]`
    and not before the period of care started. A blank date counts as no contact."""
    return _within_six_months_past_first_review(data, cells, "last_iro_contact_date")


_MISSING = {
    "unit": "pct",
    "polarity": "high",
    "source": "children_in_care",
    "kind": "attribute",
    "snapshot": False,
    "needs": ("cla_start_date", "missing_episodes_12m"),
    "benchmark": False,
}


def _went_missing(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Children looked after at any time in the window (as measure 15) with a missing episode in
    the 12 months to the extract's date, one each (their latest-starting such row)."""
    rows = looked_after_in_window(data, cells).filter(pl.col("missing_episodes_12m") >= 1)
    return one_row_per_child(rows, ["cla_start_date"])


@measure(
    id="cla_missing_ri_offered_pct",
    number=85,
    label="Children looked after who went missing and were offered a return interview (%)",
    reads=("cla_start_date", "cla_ceased_date", "legal_status", "missing_episodes_12m", "return_interview_offered"),
    blank_means={"return_interview_offered": "counted as not offered"},
    **_MISSING,
    edge_cases="""window-dependent, as 15; the answer is about the child's last missing episode in
        the 12 months to the extract's date. A blank answer counts as not offered (no offer
        recorded); a blank missing count: left out, counted""",
)
def cla_missing_ri_offered_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: measure 15's numerator: distinct children looked after at any time in the
    window with `Number of Episodes ... 'Missing' ... in the last 12 months >= 1`; numerator:
    offered a return interview after their last missing episode = Yes. A blank answer counts as
    not offered (no offer recorded). A blank missing count is left out (counted)."""
    rows = _went_missing(data, cells)
    return share_of(
        rows,
        code_is("return_interview_offered", "Yes"),
        ["cla_start_date", "cla_ceased_date", "missing_episodes_12m", "return_interview_offered"],
    )


@measure(
    id="cla_missing_ri_accepted_pct",
    number=86,
    label="Children looked after offered a return interview who accepted it (%)",
    reads=(
        "cla_start_date", "cla_ceased_date", "legal_status", "missing_episodes_12m", "return_interview_offered",
        "return_interview_accepted",
    ),
    blank_means={"return_interview_accepted": "counted as not accepted"},
    **_MISSING,
    edge_cases="a blank answer counts as not accepted; not offered: out of the denominator",
)
def cla_missing_ri_accepted_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: the children of 85's numerator (offered a return interview after their last
    missing episode); numerator: accepted it = Yes. A blank answer counts as not accepted."""
    rows = _went_missing(data, cells).filter(code_is("return_interview_offered", "Yes"))
    return share_of(
        rows,
        code_is("return_interview_accepted", "Yes"),
        ["cla_start_date", "missing_episodes_12m", "return_interview_offered", "return_interview_accepted"],
    )


@measure(
    id="cla_permanence_plan_pct",
    number=87,
    label="Children looked after for 4 months or more with a permanence plan recorded (%)",
    polarity="high",
    **_AT_END,
    **_reads("permanence_plan", "counted as no plan"),
    edge_cases="""any plan counts, "other" included: the figure says a plan is recorded, not that it
        is right. E = 2023-12-31: started 2023-08-31 is in, 2023-09-01 is not""",
)
def cla_permanence_plan_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: children looked after at E (as 37) whose period of care started on or before
    E - 4 months (the permanence plan is due at the second review); numerator: `What is the
    permanence plan for this child?` not blank (any plan, "other" included). A blank counts as no
    plan: the figure says a plan is recorded, not that it is a good one."""
    cells = cells.with_columns(months_back_expr("period_end", PERMANENCE_PLAN_MONTHS).alias("plan_due_by"))
    rows = looked_after_at_end(data, cells, started_by="plan_due_by")
    return share_of(rows, pl.col("permanence_plan").is_not_null(), ["cla_start_date", "plan_due_by", "permanence_plan"])
