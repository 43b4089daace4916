"""Each child's rows side by side and in order, without sorting millions of rows on text.

Several rules look at a child's other rows: the previous referral (measure 2) or enquiry, a second CIN
episode open at once (reported by `combine`), a child's one row per cell (`rows.one_row_per_child`).
Sorting every row on LA code and child id to put them together is the slowest step a measure can
take, so rows are sorted on a 64-bit hash of the key instead (integers), then on the order wanted.
Rows of two children whose keys hash alike would be interleaved: that is checked (a row whose
hash equals the previous row's but whose key differs), and only then are the rows sorted on the
key itself. Either way the result is the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    import numpy as np

_CHILD_BLOCK = 1 << 32  # each child's band in `max_before_in_child`


def child_runs(frame: pl.DataFrame, keys: list[str], order_by: list[str]) -> pl.DataFrame:
    """`frame` sorted so that the rows of one child (same `keys`) are consecutive and in
    `order_by` order (nulls first), with `_child`: 0 for the first child, 1 for the next, ..."""
    if frame.is_empty():
        return frame.with_columns(pl.lit(None, pl.Int64).alias("_child"))
    new_child = pl.any_horizontal([pl.col(k).ne_missing(pl.col(k).shift(1)) for k in keys])
    hashed = frame.with_columns(_key_hash(keys).alias("_key_hash")).sort("_key_hash", *order_by, nulls_last=False)
    hashed = hashed.with_columns(new_child.alias("_new_child"))
    collided = hashed.select((pl.col("_key_hash") == pl.col("_key_hash").shift(1)) & pl.col("_new_child")).to_series()
    if collided.any():
        hashed = frame.sort(*keys, *order_by, nulls_last=False).with_columns(new_child.alias("_new_child"))
    runs = hashed.with_columns((pl.col("_new_child").cast(pl.Int64).cum_sum() - 1).alias("_child"))
    return runs.drop("_new_child", "_key_hash", strict=False)


def may_repeat(frame: pl.DataFrame, columns: list[str]) -> pl.Series:
    """True for every row whose `columns` values another row shares, and (rarely, when two
    different values hash alike) a few more: a cheap filter before an exact per-group step.
    Found by sorting the rows' 64-bit hashes, which is much faster than grouping the rows."""
    import numpy as np  # (here: a build that keeps its figures never loads numpy)
    hashes = frame.select(pl.struct(columns).hash()).to_series()
    ordered = np.sort(hashes.to_numpy())  # (numpy's sort: a third of the time of polars' here)
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    return hashes.is_in(pl.Series(repeated, dtype=pl.UInt64).unique().implode())


def _key_hash(keys: list[str]) -> pl.Expr:
    return pl.struct(keys).hash()


def max_before_in_child(values: pl.Expr) -> pl.Expr:
    """Over `child_runs` rows: the largest of `values` (integers above -2^31 and below 2^31 - 1;
    nulls ignored) on the same child's earlier rows; null on a child's first row or when those
    are all null. One running maximum over every row, each child's values lifted into a band of
    their own above the previous child's, so that no child sees another's."""
    band = pl.col("_child") * _CHILD_BLOCK
    lifted = (values.cast(pl.Int64) + (_CHILD_BLOCK // 2 + 1)).fill_null(0) + band  # 0: nothing seen yet
    before = lifted.cum_max().shift(1) - band
    return pl.when(before >= 1).then(before - (_CHILD_BLOCK // 2 + 1))


def child_order(keys: pl.DataFrame, within: np.ndarray, bits: int) -> tuple[np.ndarray, np.ndarray] | None:
    """The order that puts the rows of each child (equal rows of `keys`) together and, within
    a child, in order of `within` (integers from 0 to 2^`bits` - 1), by one numpy sort of a
    64-bit number per row: the key's hash with its lowest `bits` bits replaced by `within`;
    with, for each row in that order, whether it is its child's first. Children are told apart
    by their keys themselves; None when two children's hashes agree above those bits (the
    caller then sorts on the keys)."""
    import numpy as np  # (here: a build that keeps its figures never loads numpy)
    hashes = keys.with_columns(_key_hash(keys.columns).alias("_hash"))["_hash"].to_numpy()
    low = np.uint64((1 << bits) - 1)
    order = np.argsort((hashes & ~low) | within.astype(np.uint64))
    new_child = np.ones(len(order), dtype=bool)
    new_child[1:] = keys[order].select(
        pl.any_horizontal(pl.col(k).ne_missing(pl.col(k).shift(1)) for k in keys.columns)
    ).to_series().to_numpy()[1:]
    high = hashes[order] >> np.uint64(bits)
    if (new_child[1:] & (high[1:] == high[:-1])).any():
        return None
    return order, new_child


def with_previous_date(rows: pl.DataFrame, date_column: str, name: str) -> pl.DataFrame:
    """`rows` (`la_code`, `child_id`, `date_column`, ...) with `name`: the same child's latest
    `date_column` strictly before the row's own, among `rows` (null when none, and for a row
    without a date): a child's previous referral (measure 2) or previous section 47 enquiry.

    The dated rows are put in order of child, then date (days after the earliest) by
    `child_order`; when it cannot (hashes alike) or the dates span 2^16 days or more, by
    sorting on the key (`_with_previous_date_sorted`). Either way the result is the same."""
    import numpy as np  # (here: a build that keeps its figures never loads numpy)
    days = rows[date_column].to_physical().cast(pl.Int64)
    first, last = days.min(), days.max()
    if first is None or last - first >= 1 << _DATE_BITS:
        return _with_previous_date_sorted(rows, date_column, name)
    at = np.flatnonzero(days.is_not_null().to_numpy())
    day = days.fill_null(0).to_numpy()[at] - first
    keys = rows.select("la_code", "child_id")
    found = child_order(keys if len(at) == rows.height else keys[at], day, _DATE_BITS)
    if found is None:
        return _with_previous_date_sorted(rows, date_column, name)
    order, new_child = found
    at, day = at[order], day[order]
    starts_day = new_child.copy()
    starts_day[1:] |= day[1:] != day[:-1]
    # Each row's first row of the same child and date; the row before that, if of the same
    # child, holds the latest earlier date.
    group_start = np.maximum.accumulate(np.where(starts_day, np.arange(len(at)), 0))
    has_previous = ~new_child[group_start]
    values = np.zeros(rows.height, dtype=np.int32)
    known = np.zeros(rows.height, dtype=bool)
    values[at] = np.where(has_previous, day[np.maximum(group_start - 1, 0)] + first, 0)
    known[at] = has_previous
    column = pl.select(pl.when(pl.Series(known)).then(pl.Series(values)).cast(pl.Date)).to_series()
    return rows.with_columns(column.alias(name))


_DATE_BITS = 16  # days a date may lie after the earliest to share the sort key with the hash


def _with_previous_date_sorted(rows: pl.DataFrame, date_column: str, name: str) -> pl.DataFrame:
    """`with_previous_date` by sorting the rows of children with more than one (`child_runs`).

    With a child's rows in date order, the first of each run of equal dates carries the date
    before it; a row's previous date is the latest of those carried on the child's rows up to
    its own. A child with one row has no previous date: only the rows of children with more
    (`may_repeat`) are put in order."""
    date = pl.col(date_column)
    keys = ["la_code", "child_id", date_column]
    repeats = may_repeat(rows, ["la_code", "child_id"])
    runs = child_runs(rows.select(keys).with_row_index("_row").filter(repeats), ["la_code", "child_id"], [date_column])
    same_child = (pl.col("_child") == pl.col("_child").shift(1)).fill_null(False)
    first_of_its_date = ~same_child | date.ne_missing(date.shift(1))
    carried = pl.when(first_of_its_date & same_child).then(date.shift(1).to_physical())
    runs = runs.with_columns(carried.alias("_carried"))
    previous = pl.max_horizontal(max_before_in_child(pl.col("_carried")), pl.col("_carried"))
    runs = runs.select("_row", pl.when(date.is_not_null()).then(previous.cast(pl.Int32).cast(pl.Date)).alias("_previous"))
    in_row_order = pl.repeat(None, rows.height, dtype=pl.Date, eager=True).scatter(runs["_row"], runs["_previous"])
    return rows.with_columns(in_row_order.alias(name))
