"""What happened next to the same child, from another list: the first referral after a contact
or an early help assessment, whether a referral came while a CIN episode was open.

Measures that follow a child from one list into another (List 1 to List 3, List 2 to List 3,
List 3 to List 6) match rows on LA and child id; these are the two matches they need.
"""

from __future__ import annotations

import polars as pl

from csc_scorecard.measures.rows import share_of
from csc_scorecard.measures.windows import in_windows, split_where_reached


def first_on_or_after(rows: pl.DataFrame, date_column: str, later: pl.DataFrame, later_column: str) -> pl.DataFrame:
    """`rows` (`la_code`, `child_id`, `date_column`, ...) with `later_column`: the earliest date
    of the same child's `later` rows on or after the row's own date (null when none)."""
    later = later.select("la_code", "child_id", later_column).drop_nulls().sort(later_column)
    dated = rows.filter(pl.col(date_column).is_not_null()).with_row_index("_row")
    matched = dated.sort(date_column).join_asof(
        later, left_on=date_column, right_on=later_column, by=["la_code", "child_id"], strategy="forward",
        check_sortedness=False,  # sorted on the date overall, so within each child too
    )
    return matched.sort("_row").drop("_row")


def open_on(rows: pl.DataFrame, date_column: str, episodes: pl.DataFrame, start: str, end: str) -> pl.Series:
    """For each of `rows`, was an episode of the same child open on its `date_column`: started
    strictly before it (a blank start: open from the beginning) and ending blank or after it?
    A boolean Series in `rows`' order."""
    pairs = (
        rows.select("la_code", "child_id", date_column).with_row_index("_row")
        .join(episodes.select("la_code", "child_id", start, end), on=["la_code", "child_id"])
        .filter(
            (pl.col(start).is_null() | (pl.col(start) < pl.col(date_column)))
            & (pl.col(end).is_null() | (pl.col(end) > pl.col(date_column)))
        )
    )
    hits = pairs["_row"].unique()
    return pl.repeat(False, rows.height, dtype=pl.Boolean, eager=True).scatter(hits, True)


def followed_within(
    rows: pl.DataFrame, date_column: str, later: pl.DataFrame, later_column: str, deadline: pl.Expr, name: str,
    cells: pl.DataFrame,
) -> pl.DataFrame:
    """A percentage of events followed by a later event of the same child: each of `rows` dated
    in the window is in the denominator; in the numerator at the period ends on or after the
    first `later` date on or after its own, when that date is on or before `deadline` (an
    expression of `date_column`). The drill-through shows that date as `name`."""
    followed = first_on_or_after(rows, date_column, later, later_column).with_columns(
        pl.when(pl.col(later_column) <= deadline).then(pl.col(later_column)).alias(name)
    )
    counted = split_where_reached(in_windows(followed, date_column, cells), name, cells, "_followed_by_period_end")
    return share_of(counted, pl.col("_followed_by_period_end"), [date_column, name])
