"""Putting each child's rows together (`by_child`), checked by hand and against a plain sort,
including the path taken when two children's keys hash alike."""

from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csc_scorecard.measures import by_child
from csc_scorecard.measures.by_child import child_runs, max_before_in_child

ROWS = pl.DataFrame(
    {
        "la_code": ["1", "1", "2", "1", "2", "1"],
        "child_id": ["A", "B", "A", "A", "A", "A"],
        "day": [30, 5, 7, 10, 3, 20],
        "value": [4, 9, None, 1, 6, None],
    }
)


def _by_child(frame: pl.DataFrame) -> dict:
    """Each child's (day, value, earlier maximum) in the order child_runs gave."""
    runs = child_runs(frame, ["la_code", "child_id"], ["day"]).with_columns(
        max_before_in_child(pl.col("value")).alias("earlier_max")
    )
    assert runs["_child"].is_sorted()
    out: dict = {}
    for la, child, day, value, earlier, number in runs.select(
        "la_code", "child_id", "day", "value", "earlier_max", "_child"
    ).iter_rows():
        out.setdefault((la, child, number), []).append((day, value, earlier))
    return out


def test_each_childs_rows_are_together_in_order_with_the_largest_earlier_value():
    # 1/A: days 10 (1), 20 (null), 30 (4): earlier maxima none, 1, 1 (a null is skipped).
    # 2/A: days 3 (6), 7 (null): none, 6. 1/B: day 5 alone: none.
    got = _by_child(ROWS)
    assert sorted(got.values()) == sorted([
        [(10, 1, None), (20, None, 1), (30, 4, 1)],
        [(3, 6, None), (7, None, 6)],
        [(5, 9, None)],
    ])
    assert sorted(number for _, _, number in got) == [0, 1, 2]


def test_children_whose_keys_hash_alike_are_still_kept_apart(monkeypatch):
    # Every key hashing to 0: the runs are found by sorting on the keys themselves instead.
    monkeypatch.setattr(by_child, "_key_hash", lambda keys: pl.lit(0, pl.UInt64))
    collided = _by_child(ROWS)
    monkeypatch.undo()
    assert sorted(collided.values()) == sorted(_by_child(ROWS).values())


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["1", "2"]), st.sampled_from(["A", "B", "C"]), st.integers(0, 50),
                          st.none() | st.integers(-100, 100)), max_size=30))
def test_the_earlier_maximum_matches_a_plain_loop(rows):
    frame = pl.DataFrame(rows, schema=["la_code", "child_id", "day", "value"], orient="row")
    runs = child_runs(frame.with_row_index("n"), ["la_code", "child_id"], ["day", "n"]).with_columns(
        max_before_in_child(pl.col("value")).alias("earlier_max")
    )
    for la, child, day, n, earlier in runs.select("la_code", "child_id", "day", "n", "earlier_max").iter_rows():
        before = [
            v for (l2, c2, d2, v), n2 in zip(rows, range(len(rows)))
            if (l2, c2) == (la, child) and (d2, n2) < (day, n) and v is not None
        ]
        assert earlier == (max(before) if before else None)


def _previous_dates(rows: list[tuple]) -> list:
    """Each row's previous date by a plain loop: the latest date of the same LA and child
    strictly before its own (None for an undated row or when there is none)."""
    return [
        max((d2 for l2, c2, d2 in rows if (l2, c2) == (la, child) and d2 is not None and d2 < day), default=None)
        if day is not None else None
        for la, child, day in rows
    ]


DAYS = st.none() | st.dates(min_value=date(2019, 1, 1), max_value=date(2019, 3, 31))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["1", "2"]), st.sampled_from(["A", "B", "C"]), DAYS), max_size=30))
def test_the_previous_date_matches_a_plain_loop(rows):
    frame = pl.DataFrame(rows, schema={"la_code": pl.String, "child_id": pl.String, "day": pl.Date}, orient="row")
    got = by_child.with_previous_date(frame, "day", "previous")
    assert got["previous"].to_list() == _previous_dates(rows)
    assert got.drop("previous").equals(frame)


def test_the_previous_date_is_the_same_when_keys_hash_alike_or_dates_span_centuries(monkeypatch):
    # 1/A on 1 March and 10 March 2019 and twice on 5 March; 1/B on 2 March; 2/A on 1 March; one undated.
    rows = [("1", "A", date(2019, 3, 10)), ("1", "A", date(2019, 3, 1)), ("1", "B", date(2019, 3, 2)),
            ("1", "A", date(2019, 3, 5)), ("2", "A", date(2019, 3, 1)), ("1", "A", None), ("1", "A", date(2019, 3, 5))]
    expected = [date(2019, 3, 5), None, None, date(2019, 3, 1), None, None, date(2019, 3, 1)]
    frame = pl.DataFrame(rows, schema={"la_code": pl.String, "child_id": pl.String, "day": pl.Date}, orient="row")
    assert by_child.with_previous_date(frame, "day", "previous")["previous"].to_list() == expected
    # Dates more than 2^16 days apart: sorted on the key instead.
    wide = frame.vstack(pl.DataFrame([("3", "A", date(1800, 1, 1))], schema=frame.schema, orient="row"))
    assert by_child.with_previous_date(wide, "day", "previous")["previous"].to_list() == [*expected, None]
    # Every key hashing alike: the children are told apart by their keys (sorted on the key).
    monkeypatch.setattr(by_child, "_key_hash", lambda keys: pl.lit(0, pl.UInt64))
    assert by_child.with_previous_date(frame, "day", "previous")["previous"].to_list() == expected


RUNS = st.lists(st.tuples(st.sampled_from([0, 1]), st.sampled_from(["A", "B"]), st.integers(0, 6), st.integers(1, 3),
                          st.integers(0, 9)), max_size=20)


def _one_row_per_child_by_loop(rows: list[tuple]) -> list[tuple]:
    """Per block, child and cell, the (block, child, cell, order, n) of the row that counts
    there: the latest by order, then by its number n (block b's cells are 10b, 10b + 1, ...)."""
    chosen: dict = {}
    for n, (block, child, start, length, order) in enumerate(rows):
        for cell in range(10 * block + start, 10 * block + start + length):
            best = chosen.get((block, child, cell))
            if best is None or (order, n) > best:
                chosen[(block, child, cell)] = (order, n)
    return sorted((block, child, cell, order, n) for (block, child, cell), (order, n) in chosen.items())


@settings(max_examples=60, deadline=None)
@given(RUNS, st.booleans())
def test_one_row_per_child_keeps_the_latest_row_of_each_cell(rows, keys_hash_alike):
    from csc_scorecard.measures.rows import one_row_per_child

    frame = pl.DataFrame(
        [(10 * block + start, 10 * block + start + length, block, child, order, 1, n)
         for n, (block, child, start, length, order) in enumerate(rows)],
        schema={"cell_from": pl.Int64, "cell_to": pl.Int64, "_block": pl.Int64, "child_id": pl.String,
                "order": pl.Int64, "extract_id": pl.Int64, "source_row": pl.Int64},
        orient="row",
    )
    if keys_hash_alike:  # the children are then told apart by sorting on the key
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(by_child, "_key_hash", lambda keys: pl.lit(0, pl.UInt64))
            got = one_row_per_child(frame, ["order"])
    else:
        got = one_row_per_child(frame, ["order"])
    cells = sorted(
        (block, child, cell, order, n)
        for start, end, block, child, order, _, n in got.iter_rows()
        for cell in range(start, end)
    )
    assert cells == _one_row_per_child_by_loop(rows)
