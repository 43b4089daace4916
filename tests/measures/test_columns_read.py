"""Every measure computes from the columns it declares (`MeasureSpec.columns_read`): read from
the store with only the columns `columns.columns_to_read` names for it, one list at a time,
its series and breakdowns are those computed from every column; and a column not read is
missing, never a silent blank (issue 12: a month's figures read only what they need)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from csc_scorecard.analysis.drivers import DRIVER_MONTHS
from csc_scorecard.dates import months_back
from csc_scorecard.measures.breakdown import breakdown_counts, series_breakdowns
from csc_scorecard.measures.columns import columns_to_read
from csc_scorecard.measures.combine import combine
from csc_scorecard.measures.registry import MEASURES, lists_read, lists_read_per_extract
from csc_scorecard.measures.series import compute_series
from csc_scorecard.store.db import open_store
from csc_scorecard.store.extracts import extract_set, read_list_rows
from csc_scorecard.store.reference import manual_values, population_overrides

LA = "343"
AS_AT = date(2023, 12, 31)
ENDS = [months_back(AS_AT, k) for k in range(24, -1, -1)]
DRIVER_CELLS = [(months_back(AS_AT, back), DRIVER_MONTHS) for back in (0, 6, 12)]
COUNTED = [m.id for m in MEASURES if m.kind != "manual"]


@pytest.fixture(scope="module")
def store(synthetic_store):
    opened = open_store(synthetic_store, create=False)
    yield opened
    opened.dispose()


@pytest.fixture(scope="module")
def every_column(store):
    """The synthetic LA's 13 extracts combined from every column of every list."""
    return combine(extract_set(store, [LA]))


def figures(store, data, measure_id):
    counted = {}
    series = compute_series(data, measure_id, ENDS, [12, 6, 1], la_codes=[LA], population=population_overrides(store),
                            manual=manual_values(store, LA), counted_rows=counted)
    counts = breakdown_counts(data, measure_id, DRIVER_CELLS, LA, counted[measure_id])
    return series, counts.sort(pl.all())


@pytest.mark.parametrize("measure_id", COUNTED)
def test_a_measure_read_with_its_declared_columns_alone_gives_the_same_figures(store, every_column, measure_id):
    only_declared = combine(
        extract_set(store, [LA], lists_read([measure_id]), columns_to_read([measure_id]), on_demand=True),
        own_rows=lists_read_per_extract([measure_id]),
    )
    series, counts = figures(store, only_declared, measure_id)
    expected_series, expected_counts = figures(store, every_column, measure_id)
    assert series["numerator"].drop_nulls().len() > 0  # the comparison is of figures, not of empty cells
    assert_frame_equal(series, expected_series)
    assert_frame_equal(counts, expected_counts)


def test_the_lists_read_in_part_hold_the_declared_columns_and_nothing_is_completed_blank(store):
    # referrals_rate reads the referral date, and is broken down by source, team, age, gender
    # and ethnicity; combining reads the child and its key (child, date, source)
    assert columns_to_read(["referrals_rate"]) == {
        "referrals": ("child_id", "gender", "ethnicity", "date_of_birth", "referral_date", "referral_source", "allocated_team"),
    }
    data = combine(extract_set(store, [LA], ["referrals"], columns_to_read(["referrals_rate"]), on_demand=True))
    assert "referrals_last_12m" not in data.current["referrals"].columns
    # re-referrals read referrals_last_12m, which was not read: an error, never a blank column counted as 0
    with pytest.raises(pl.exceptions.ColumnNotFoundError):
        compute_series(data, "rereferrals_pct", [AS_AT], 12, la_codes=[LA])


def test_rows_read_in_part_are_the_same_rows_in_the_same_order(store):
    ids = extract_set(store, [LA], ()).extracts["extract_id"].to_list()
    full = read_list_rows(store, "children_in_care", ids[::-1])  # asked in any order: read in extract order
    part = read_list_rows(store, "children_in_care", ids, ("legal_status", "cla_start_date"))
    assert part.columns == ["extract_id", "source_row", "cla_start_date", "legal_status"]
    assert_frame_equal(part, full.select(part.columns))
    assert full.select(pl.col("extract_id").is_sorted()).item() and full.height > 0


def test_only_the_lists_an_attribute_measure_reads_keep_each_extracts_own_rows(store):
    # cla_dental_pct reads each extract's own List 8; cla_rate reads the combined rows alone
    assert lists_read_per_extract(["cla_dental_pct", "cla_rate", "referrals_rate"]) == ("children_in_care",)
    data = combine(extract_set(store, [LA], ["referrals", "children_in_care"]), own_rows=("children_in_care",))
    assert set(data.by_extract) == {"children_in_care"} and set(data.current) == {"referrals", "children_in_care"}


def test_the_measures_of_a_series_broken_down_together_give_each_ones_own_breakdown(store, every_column):
    # gather breaks every measure of its series down at once, each list's rows categorised once;
    # the second method: each measure evaluated again at the drivers' cells and broken down alone
    counted = {}
    compute_series(every_column, COUNTED, ENDS, [12, 6, 1], la_codes=[LA], population=population_overrides(store),
                   counted_rows=counted)
    together = series_breakdowns(every_column, counted, DRIVER_CELLS)
    # gather keeps only the rows counted at the drivers' cells (a month's memory): the same counts
    only_there = {}
    compute_series(every_column, COUNTED, ENDS, [12, 6, 1], la_codes=[LA], population=population_overrides(store),
                   counted_rows=only_there, counted_at=DRIVER_CELLS)
    assert sum(r.rows.height for r in only_there.values()) < sum(r.rows.height for r in counted.values()) / 2
    narrowed = series_breakdowns(every_column, only_there, DRIVER_CELLS)
    assert list(together) == COUNTED
    for measure_id in COUNTED:
        alone = breakdown_counts(every_column, measure_id, DRIVER_CELLS, LA)
        assert_frame_equal(together[measure_id].sort(pl.all()), alone.sort(pl.all()), check_row_order=True)
        assert_frame_equal(narrowed[measure_id].sort(pl.all()), alone.sort(pl.all()), check_row_order=True)
    assert sum(frame.height for frame in together.values()) > 1000
