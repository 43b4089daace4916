"""Library measures 72-79, from List 7 (child protection plans): visits, the child seen alone,
reviews up to date, and the latest category of abuse, of the children on a plan at E.

All are attribute measures, read from the one extract of E's month: the last visit, whether the
child was seen alone then, the latest review and the latest category are true only at the
extract's date (a later extract's last visit says nothing about the visit before an earlier E).
"""

from __future__ import annotations

import polars as pl

from csc_scorecard.dates import months_back_expr, working_days_between
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.registry import Member, measure, measure_family
from csc_scorecard.measures.rows import (
    attribute_rows,
    code_is,
    dated_within,
    open_at_end_of_extract,
    share_of,
    within_working_days_of_end,
)

VISITED_WITHIN_WORKING_DAYS = 10
FIRST_REVIEW_MONTHS = 3  # the first review conference is due within 3 months of the plan's start
REVIEW_EVERY_MONTHS = 6  # then every 6 months

_PLAN = ("cpp_start_date", "cpp_end_date")


def on_a_plan_at_end(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Children on a plan at E in the extract of E's month (started `<= E`, end blank or `> E`),
    one each (the latest-starting plan)."""
    return open_at_end_of_extract(attribute_rows(cells, data.by_extract["child_protection"]), *_PLAN)


def _declared(column: str, *, needs_visit: bool = False) -> dict:
    reads = (*_PLAN, "last_statutory_visit_date", column) if needs_visit else (*_PLAN, column)
    return {
        "unit": "pct",
        "source": "child_protection",
        "kind": "attribute",
        "reads": reads,
        "benchmark": False,
    }


@measure(
    id="cpp_visited_10wd_pct",
    number=72,
    label="Children on a child protection plan visited in the last 10 working days (%)",
    polarity="high",
    needs=("cpp_start_date",),
    blank_means={"last_statutory_visit_date": "counted as not visited"},
    **_declared("last_statutory_visit_date"),
    edge_cases="""visited on `E`: `WD = 0`, visited. A blank visit date counts as not visited (a
        plan started the day before `E` is in the denominator: the child waits for a first visit). A
        visit dated after `E` (only for an `E` before its extract's date) cannot show the visit
        before `E`: not counted as visited""",
)
def cpp_visited_10wd_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: distinct children on a plan at E (started `<= E`, end blank or `> E`) in the
    extract of E's month; numerator: `Date of the Last Statutory Visit` on or before E with
    WD(visit, E) <= 10. A blank visit date counts as not visited (a plan that started a day
    before E is in the denominator too: it is the child's wait for a first visit)."""
    rows = working_days_between(on_a_plan_at_end(data, cells), "last_statutory_visit_date", "period_end", "working_days_since_visit")
    visited = within_working_days_of_end("last_statutory_visit_date", "working_days_since_visit", VISITED_WITHIN_WORKING_DAYS)
    return share_of(rows, visited, [*_PLAN, "last_statutory_visit_date", "working_days_since_visit"])


@measure(
    id="cpp_seen_alone_pct",
    number=73,
    label="Children on a child protection plan seen alone at their last visit (%)",
    polarity="high",
    needs=("cpp_start_date", "last_statutory_visit_date", "seen_alone"),
    **_declared("seen_alone", needs_visit=True),
    edge_cases="""blank visit date or answer: left out, counted (a plan not yet visited is counted
        under "blank Date of the Last Statutory Visit"); `No`, `Unknown`: denominator only""",
)
def cpp_seen_alone_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: children on a plan at E (as 72) whose last statutory visit is on or before E;
    numerator: `Was the Child Seen Alone?` = Yes (No and Unknown: denominator only). A blank
    visit date or answer is left out (counted); a visit dated after E (an E before its
    extract's date) cannot say what happened at the visit before E and is left out."""
    rows = on_a_plan_at_end(data, cells).filter(pl.col("last_statutory_visit_date") <= pl.col("period_end"))
    return share_of(rows, code_is("seen_alone", "Yes"), [*_PLAN, "last_statutory_visit_date", "seen_alone"])


@measure(
    id="cpp_reviews_up_to_date_pct",
    number=74,
    label="Child protection plans of 3 months or more reviewed in the last 6 months (%)",
    polarity="high",
    needs=("cpp_start_date",),
    blank_means={"latest_review_date": "counted as not reviewed"},
    **_declared("latest_review_date"),
    edge_cases="""E = 2023-12-31: plans started on or before 2023-09-30 are in the denominator
        (2023-10-01: not yet); a review on 2023-07-01 counts, on 2023-06-30 does not. A blank review
        date counts as not reviewed; a review before the plan's start belongs to an earlier plan and
        does not count. List 7 holds only the latest review: whether every review was in time (DfE's
        measure) cannot be told, so this is "up to date at `E`", not DfE's figure""",
)
def cpp_reviews_up_to_date_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: children on a plan at E (as 72) whose plan started on or before E - 3 months
    (its first review is due by then); numerator: `Date of latest review conference` on or after
    the plan's start and in `(E - 6 months, E]`. A blank review date counts as not reviewed.
    Only the latest review is listed: whether every earlier review was in time cannot be told."""
    cells = cells.with_columns(
        months_back_expr("period_end", FIRST_REVIEW_MONTHS).alias("first_review_due"),
        months_back_expr("period_end", REVIEW_EVERY_MONTHS).alias("six_months_before"),
    )
    rows = on_a_plan_at_end(data, cells).filter(pl.col("cpp_start_date") <= pl.col("first_review_due"))
    reviewed = dated_within("latest_review_date", "six_months_before") & (
        pl.col("latest_review_date") >= pl.col("cpp_start_date")
    )
    return share_of(rows, reviewed, [*_PLAN, "latest_review_date", "six_months_before"])


def _latest_category(data: CombinedExtracts, cells: pl.DataFrame, *, code: str) -> pl.DataFrame:
    """Children on a plan at E (as 72), in the numerator where the latest category is `code`."""
    rows = on_a_plan_at_end(data, cells)
    return share_of(rows, code_is("latest_abuse_category", code), [*_PLAN, "latest_abuse_category"])


def _category(number: int, code: str, name: str, subject: str, definition: str, edge_cases: str = "as 75") -> Member:
    """Measure `number`: the share of children on a plan whose latest category is `code`."""
    return Member(
        id=f"cpp_category_{name}_pct", number=number,
        label=f"Children on a child protection plan under {subject} (%)",
        phrase=None,
        definition=definition, edge_cases=edge_cases, argument={"code": code},
    )


measure_family(
    _latest_category,
    [
        _category(
            75, "NEG", "neglect", "the category of neglect",
            "Denominator: children on a plan at E (as 72); numerator: `Latest Category of Abuse` = Neglect. A blank "
            "category is left out (counted).",
            "blank category: left out, counted. The latest category can change during a plan, so it is read from the "
            "extract of `E`'s month. 75-79 add up to 100% of the children counted. DfE publishes the same shares at "
            "31 March",
        ),
        _category(76, "EMO", "emotional", "the category of emotional abuse", "As 75; numerator: latest category Emotional abuse."),
        _category(77, "PHY", "physical", "the category of physical abuse", "As 75; numerator: latest category Physical abuse."),
        _category(78, "SAB", "sexual", "the category of sexual abuse", "As 75; numerator: latest category Sexual abuse."),
        _category(79, "MUL", "multiple", "multiple categories", "As 75; numerator: latest category Multiple."),
    ],
    polarity="neutral",
    needs=("cpp_start_date", "latest_abuse_category"),
    **_declared("latest_abuse_category"),
)
