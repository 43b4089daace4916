"""Measures 14-21, from List 8 (children in care). Short breaks (legal status V3/V4) are left out
of every one before they compute (`counted.OUT_OF_SCOPE`); the same child still counts through
any other episode.

14 is a stock of the combined rows; 15-18 are attribute measures, read from the one extract
chosen for the period end (`cells.extract_id`); 19-21 are flows of ceasings.
"""

from __future__ import annotations

import polars as pl

from csc_scorecard.dates import age_at_expr, months_back_expr
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.registry import DATE_ORDER, Member, measure, measure_family
from csc_scorecard.measures.rows import (
    SOURCE_COLUMNS,
    attribute_rows,
    code_is,
    dated_within,
    one_row_per_child,
    open_at_end_of_extract,
    share_of,
    stock_of_children,
)
from csc_scorecard.measures.windows import in_windows

ADOPTION_REASONS = ("E11", "E12")
SGO_REASONS = ("E43", "E44", "E45", "E46", "E47", "E48")
UNDER_FIVE_HEALTH_MONTHS = 6
HEALTH_AND_DENTAL_MONTHS = 12
CELL_CHILD = ["cell_from", "cell_to", "child_id"]  # attribute rows: a one-cell run and the child

# What every flow of ceasings declares (19, 20 and the library's 36): its list, its dates, the reason.
CEASINGS = {
    "source": "children_in_care",
    "kind": "flow",
    "reads": ("cla_start_date", "cla_ceased_date", "legal_status", "reason_ceased"),
    "dated_by": "cla_ceased_date",
}


def _looked_after_in_extract(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    return attribute_rows(cells, data.by_extract["children_in_care"])


@measure(
    id="cla_rate",
    number=14,
    label="Children who are looked after (snapshot rate per 10,000 children)",
    phrase="rate of children looked after per 10,000 children",
    unit="rate",
    polarity="neutral",
    source="children_in_care",
    kind="stock",
    reads=("cla_ceased_date", "legal_status"),
    needs=("cla_start_date",),
)
def cla_rate(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Stock at E: distinct children looked after (`Date Started to be Looked After <= E`,
    `Date Ceased` blank or `> E`), short breaks excluded."""
    return stock_of_children(data.current["children_in_care"], "cla_start_date", "cla_ceased_date", cells)


def looked_after_in_window(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Rows of the extract read for each cell looked after at any time in the window (started
    `<= E`, ceased blank or `>= S`): every such row, not yet one per child."""
    return _looked_after_in_extract(data, cells).filter(
        (pl.col("cla_start_date") <= pl.col("period_end"))
        & (pl.col("cla_ceased_date").is_null() | (pl.col("cla_ceased_date") >= pl.col("window_start")))
    )


def _looked_after_in_window_with(data: CombinedExtracts, cells: pl.DataFrame, *, count_column: str) -> pl.DataFrame:
    """Children looked after at any time in the window, one row each; in the numerator when any
    of their rows has `count_column >= 1`."""
    rows = looked_after_in_window(data, cells)
    per_child = rows.sort("cla_start_date").group_by(CELL_CHILD, maintain_order=True).agg(
        pl.col("extract_id").last(),
        pl.col("source_row").last(),
        pl.col("cla_start_date").last(),
        pl.col("cla_ceased_date").last(),
        pl.col(count_column).max(),
    )
    return share_of(per_child, pl.col(count_column) >= 1, ["cla_start_date", "cla_ceased_date", count_column])


# Measures 15 and 16: id, number, title, phrase, the count of episodes in the last 12 months read, definition.
_AWAY = (
    ("cla_missing_pct", 15, "Children looked after who had a missing incident in the period (%)",
     "percentage of children looked after who had a missing incident", "missing_episodes_12m",
     """Denominator: distinct children looked after at any time in the window (started `<= E`,
     ceased blank or `>= S`), short breaks excluded; numerator: those with `Number of Episodes
     the Child has been 'Missing' ... in the last 12 months >= 1` (on any of their rows)."""),
    ("cla_absent_pct", 16, "Children looked after who were away without authorisation in the period (%)",
     "percentage of children looked after who were away without authorisation", "absent_episodes_12m",
     "As measure 15 with the 'Absent' count."),
)

measure_family(
    _looked_after_in_window_with,
    [
        Member(id, number, label, phrase, definition, "", {"count_column": column},
               {"reads": ("cla_start_date", "cla_ceased_date", "legal_status", column)})
        for id, number, label, phrase, column, definition in _AWAY
    ],
    unit="pct",
    polarity="neutral",
    source="children_in_care",
    kind="attribute",
    snapshot=False,
    needs=("cla_start_date",),
)


def looked_after_at_end(data: CombinedExtracts, cells: pl.DataFrame, started_by: str = "period_end") -> pl.DataFrame:
    """Rows of the extract read for each cell of children looked after at E (`Date Started <=
    started_by`, E by default; not ceased by E), one per child (the latest-starting)."""
    return open_at_end_of_extract(_looked_after_in_extract(data, cells), "cla_start_date", "cla_ceased_date", started_by)


def _looked_after_twelve_months(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Rows of children looked after at E continuously for at least 12 months (`Date Started
    <= E - 12 months`, not ceased by E), one per child, with `twelve_months_before` (E - 12
    months) and `six_months_before`."""
    cells = cells.with_columns(
        months_back_expr("period_end", HEALTH_AND_DENTAL_MONTHS).alias("twelve_months_before"),
        months_back_expr("period_end", UNDER_FIVE_HEALTH_MONTHS).alias("six_months_before"),
    )
    return looked_after_at_end(data, cells, started_by="twelve_months_before")


@measure(
    id="cla_dental_pct",
    number=17,
    label="Children looked after who had their teeth checked by a dentist in the last 12 months (%)",
    phrase="percentage of children looked after who had a dental check",
    unit="pct",
    polarity="high",
    source="children_in_care",
    kind="attribute",
    reads=("cla_ceased_date", "legal_status", "last_dental_check_date"),
    needs=("cla_start_date",),
)
def cla_dental_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: children looked after at E continuously for at least 12 months (`Date
    Started <= E - 12 months`, not ceased by E), short breaks excluded; numerator: `Date of Last
    Dental Check` in `(E - 12 months, E]`."""
    rows = _looked_after_twelve_months(data, cells)
    return share_of(
        rows,
        dated_within("last_dental_check_date", "twelve_months_before"),
        ["cla_start_date", "last_dental_check_date", "twelve_months_before"],
    )


@measure(
    id="cla_health_pct",
    number=18,
    label="Children looked after who had their annual health assessment (%)",
    unit="pct",
    polarity="high",
    source="children_in_care",
    kind="attribute",
    reads=("cla_ceased_date", "legal_status", "date_of_birth", "last_health_assessment_date"),
    needs=("cla_start_date",),
    blank_means={"date_of_birth": "counted as aged 5 or over"},
)
def cla_health_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator as 17; numerator: `Date of Last Health Assessment` in `(E - 12 months, E]`
    for a child aged 5 or over at E (or with a blank date of birth), in `(E - 6 months, E]` for
    a child under 5 at E."""
    rows = _looked_after_twelve_months(data, cells).with_columns(
        age_at_expr("date_of_birth", "period_end").alias("age_at_period_end")
    )
    under_five = (pl.col("age_at_period_end") < 5).fill_null(False)
    numerator = (
        pl.when(under_five)
        .then(dated_within("last_health_assessment_date", "six_months_before"))
        .otherwise(dated_within("last_health_assessment_date", "twelve_months_before"))
    )
    return share_of(
        rows,
        numerator,
        ["cla_start_date", "date_of_birth", "age_at_period_end", "last_health_assessment_date"],
    )


def latest_ceasing(data: CombinedExtracts, cells: pl.DataFrame, detail: str) -> pl.DataFrame:
    """Children with `Date Ceased` in the window, one row each: their latest ceasing in it (with
    `detail`, the column the measure reads beside the dates)."""
    ceasings = data.current["children_in_care"].select(*SOURCE_COLUMNS, "cla_start_date", "cla_ceased_date", detail)
    rows = in_windows(ceasings, "cla_ceased_date", cells)
    return one_row_per_child(rows, ["cla_ceased_date", "cla_start_date"])


def _ceased_for(data: CombinedExtracts, cells: pl.DataFrame, *, reasons: tuple[str, ...]) -> pl.DataFrame:
    """Children who ceased to be looked after in the window (measure 19's denominator), in the
    numerator where the reason their care ceased is one of `reasons`."""
    rows = latest_ceasing(data, cells, "reason_ceased")
    return share_of(rows, code_is("reason_ceased", *reasons), ["cla_ceased_date", "reason_ceased"])


measure_family(
    _ceased_for,
    [
        Member(
            "cla_ceased_adopted_pct", 19, "Children who ceased to be looked after in the period who were adopted (%)",
            "percentage of children leaving care who were adopted",
            """Denominator: distinct children with `Date Ceased` in the window (a child's latest ceasing
            in the window), short breaks excluded; numerator: reason ceased `E11` or `E12`.""",
            "", {"reasons": ADOPTION_REASONS},
        ),
        Member(
            "cla_ceased_sgo_pct", 20,
            "Children who ceased to be looked after in the period due to a Special Guardianship Order (%)",
            "percentage of children leaving care under a special guardianship order",
            "As 19; numerator: reason `E43`, `E44`, `E45`, `E46`, `E47` or `E48`.", "", {"reasons": SGO_REASONS},
        ),
    ],
    unit="pct",
    polarity="neutral",
    **CEASINGS,
)


@measure(
    id="cla_ceased_16plus_to18_pct",
    number=21,
    label="Children leaving care over the age of 16 who remained looked after until their 18th birthday (%)",
    phrase="percentage of children leaving care aged 16 or over who stayed looked after until 18",
    unit="pct",
    polarity="high",
    source="children_in_care",
    kind="flow",
    reads=("cla_start_date", "cla_ceased_date", "legal_status", "date_of_birth"),
    needs=("date_of_birth",),
    dated_by="cla_ceased_date",
    data_errors=(DATE_ORDER,),
)
def cla_ceased_16plus_to18_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: children of 19's denominator aged 16 or over at their ceasing date;
    numerator: those aged 18 or over at it. A ceasing with a blank date of birth, or dated
    before its start, is left out (reported)."""
    rows = (
        latest_ceasing(data, cells, "date_of_birth")
        .with_columns(age_at_expr("date_of_birth", "cla_ceased_date").alias("age_at_ceasing"))
        .filter(pl.col("age_at_ceasing") >= 16)
    )
    return share_of(rows, pl.col("age_at_ceasing") >= 18, ["date_of_birth", "cla_ceased_date", "age_at_ceasing"])
