"""Library measures 41 and 42, from List 9 (care leavers): in touch at 17-18 and at 19-21,
attribute measures read from the one extract of E's month."""

from __future__ import annotations

import polars as pl

from csc_scorecard.measures.care_leavers import CARE_LEAVER_AGES, care_leavers_aged
from csc_scorecard.measures.combine import CombinedExtracts
from csc_scorecard.measures.registry import measure
from csc_scorecard.measures.rows import code_is, shape_rows

YOUNGER_CARE_LEAVER_AGES = (17, 18)


def _in_touch(data: CombinedExtracts, cells: pl.DataFrame, ages: tuple[int, ...]) -> pl.DataFrame:
    rows = care_leavers_aged(data, cells, ages)
    return shape_rows(rows, code_is("in_touch", "Yes"), pl.lit(True), ["date_of_birth", "age_at_period_end", "in_touch"])


_IN_TOUCH = {
    "unit": "pct",
    "polarity": "high",
    "source": "care_leavers",
    "kind": "attribute",
    "snapshot": True,
    "reads": ("date_of_birth", "in_touch"),
    "needs": ("date_of_birth",),
    "benchmark": False,
}


@measure(
    id="care_leavers_in_touch_17_18_pct",
    number=41,
    label="Care leavers aged 17-18 the local authority is in touch with (%)",
    phrase="percentage of care leavers aged 17-18 the local authority is in touch with",
    **_IN_TOUCH,
)
def care_leavers_in_touch_17_18_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """Denominator: care leavers aged 17 or 18 at E, excluding `LA in Touch` = Died; numerator:
    `LA in Touch` = Yes (No, Refu, NREQ and Rhom are in the denominator only). A blank date of
    birth is left out (counted)."""
    return _in_touch(data, cells, YOUNGER_CARE_LEAVER_AGES)


@measure(
    id="care_leavers_in_touch_19_21_pct",
    number=42,
    label="Care leavers aged 19-21 the local authority is in touch with (%)",
    phrase="percentage of care leavers aged 19-21 the local authority is in touch with",
    **_IN_TOUCH,
)
def care_leavers_in_touch_19_21_pct(data: CombinedExtracts, cells: pl.DataFrame) -> pl.DataFrame:
    """As 41 for care leavers aged 19, 20 or 21 at E (measure 22's denominator)."""
    return _in_touch(data, cells, CARE_LEAVER_AGES)
