"""Library measures 41, 42 and 88, from List 9 (care leavers): in touch at 17-18 and at 19-21,
and pathway plans reviewed in the last 6 months; attribute measures read from the one extract
of E's month."""

from __future__ import annotations

import polars as pl

from csc_scorecard.dates import months_back_expr
from csc_scorecard.measures.care_leavers import CARE_LEAVER_AGES, care_leavers_aged
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.registry import Member, measure, measure_family
from csc_scorecard.measures.rows import attribute_rows, code_is, dated_within, share_of

YOUNGER_CARE_LEAVER_AGES = (17, 18)
PATHWAY_REVIEW_MONTHS = 6
WITHOUT_PATHWAY_PLAN = ("Qualifying",)  # qualifying care leavers are owed advice, not a pathway plan


def _in_touch(data: CombinedExtracts, cells: pl.DataFrame, *, ages: tuple[int, ...]) -> pl.DataFrame:
    """Care leavers of one of `ages` at E (not died), in the numerator where the LA is in touch."""
    rows = care_leavers_aged(data, cells, ages)
    return share_of(rows, code_is("in_touch", "Yes"), ["date_of_birth", "age_at_period_end", "in_touch"])


def _aged(id: str, number: int, ages: tuple[int, ...], definition: str, edge_cases: str) -> Member:
    """Measure `number`: care leavers aged `ages` (a range) the LA is in touch with."""
    subject = f"care leavers aged {ages[0]}-{ages[-1]} the local authority is in touch with"
    return Member(id, number, f"{subject[0].upper()}{subject[1:]} (%)", None, definition, edge_cases, {"ages": ages})


measure_family(
    _in_touch,
    [
        _aged(
            "care_leavers_in_touch_17_18_pct", 41, YOUNGER_CARE_LEAVER_AGES,
            """Denominator: care leavers aged 17 or 18 at E, excluding `LA in Touch` = Died; numerator:
            `LA in Touch` = Yes (No, Refu, NREQ and Rhom are in the denominator only). A blank date of
            birth is left out (counted).""",
            "blank date of birth: left out, counted; `No`, `Refu`, `NREQ`, `Rhom`: denominator only",
        ),
        _aged(
            "care_leavers_in_touch_19_21_pct", 42, CARE_LEAVER_AGES,
            "As 41 for care leavers aged 19, 20 or 21 at E (measure 22's denominator).", "as 41",
        ),
    ],
    unit="pct",
    polarity="high",
    source="care_leavers",
    kind="attribute",
    reads=("in_touch",),
    needs=("date_of_birth",),
    benchmark=False,
)


@measure(
    id="care_leavers_pathway_review_6m_pct",
    number=88,
    label="Care leavers with a pathway plan reviewed in the last 6 months (%)",
    unit="pct",
    polarity="high",
    source="care_leavers",
    kind="attribute",
    reads=("in_touch", "pathway_review_date"),
    needs=("eligibility",),
    blank_means={"pathway_review_date": "counted as not reviewed"},
    benchmark=False,
    edge_cases="blank eligibility: left out, counted; blank review date: not reviewed",
)
def care_leavers_pathway_review_6m_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: the young people of List 9 in the extract of E's month who are owed a pathway
    plan: `Eligibility Category` Relevant, Former relevant or Eligible (not Qualifying), excluding
    `LA in Touch` = Died; numerator: `Latest Pathway Plan Review Date` in `(E - 6 months, E]`. A
    blank review date counts as not reviewed; a blank eligibility is left out (counted)."""
    cells = cells.with_columns(months_back_expr("period_end", PATHWAY_REVIEW_MONTHS).alias("six_months_before"))
    rows = attribute_rows(cells, data.by_extract["care_leavers"]).filter(
        ~code_is("eligibility", *WITHOUT_PATHWAY_PLAN) & ~code_is("in_touch", "Died")
    )
    return share_of(
        rows,
        dated_within("pathway_review_date", "six_months_before"),
        ["eligibility", "in_touch", "pathway_review_date", "six_months_before"],
    )
