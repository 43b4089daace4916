"""Driver arithmetic on hand-made breakdown counts: share of change, the named driver's two
thresholds, and publication suppression."""

from datetime import date

import polars as pl

from csc_scorecard.analysis.drivers import Driver, compared_cells, drivers, named_driver, suppressed_for_publication
from csc_scorecard.measures.breakdown import COUNTS_SCHEMA

E = date(2023, 12, 31)
BEFORE = date(2023, 6, 30)


def counts(rows: list[tuple]) -> pl.DataFrame:
    """(period_end, dimension, category, numerator, denominator) rows, 6-month cells."""
    return pl.DataFrame(
        [(end, 6, dim, cat, num, den) for end, dim, cat, num, den in rows], schema=COUNTS_SCHEMA, orient="row"
    )


def driver(category, numerator, comparison, share, dimension="allocated_team"):
    return Driver(dimension, category, numerator, comparison, None, None, share)


def test_share_of_change_is_the_categorys_change_over_the_figures():
    # Team A 30 -> 20 (-10), Team B 10 -> 12 (+2): the figure 40 -> 32, change -8
    found = drivers(counts([
        (E, "allocated_team", "Team A", 20, 50), (E, "allocated_team", "Team B", 12, 30),
        (BEFORE, "allocated_team", "Team A", 30, 60), (BEFORE, "allocated_team", "Team B", 10, 20),
    ]), (E, 6), (BEFORE, 6), rate=False, dimensions=["allocated_team"])
    assert found == [
        Driver("allocated_team", "Team A", 20, 30, 50, 60, 1.25),  # -10 / -8
        Driver("allocated_team", "Team B", 12, 10, 30, 20, -0.25),  # +2 / -8
    ]
    # Team A explains more than all of the fall, 10 children: named
    assert named_driver(found) == found[0]


def test_categories_are_ordered_with_not_recorded_last_and_age_bands_by_age():
    found = drivers(counts([
        (E, "age_band", "Not recorded", 1, 1), (E, "age_band", "10-15", 1, 1), (E, "age_band", "5-9", 1, 1),
        (E, "age_band", "16-17", 1, 1), (BEFORE, "age_band", "0-4", 1, 1), (BEFORE, "age_band", "Unborn", 1, 1),
    ]), (E, 6), (BEFORE, 6), rate=False, dimensions=["age_band"])
    assert [x.category for x in found] == ["Unborn", "0-4", "5-9", "10-15", "16-17", "Not recorded"]


def test_a_driver_is_named_at_exactly_half_of_the_change_and_five_children():
    # change +10: A +5 (share 0.5, 5 children), B +5: the first of equal shares
    found = [driver("A", 15, 10, 0.5), driver("B", 7, 2, 0.5)]
    assert named_driver(found) == found[0]


def test_no_driver_below_half_of_the_change():
    # change +10: A +4.9 is impossible; A +4 (0.4) and B +3, C +3
    found = [driver("A", 14, 10, 0.4), driver("B", 5, 2, 0.3), driver("C", 5, 2, 0.3)]
    assert named_driver(found) is None


def test_no_driver_below_five_children_even_when_it_is_all_of_the_change():
    # change +4, all in A
    assert named_driver([driver("A", 8, 4, 1.0), driver("B", 3, 3, 0.0)]) is None


def test_a_dimension_with_one_category_is_never_named():
    # every referral is the front door's: it "explains" all of the change and says nothing
    only = driver("Front Door", 100, 80, 1.0)
    police = Driver("source", "Police", 70, 55, None, None, 0.75)
    other = Driver("source", "Other", 30, 25, None, None, 0.25)
    assert named_driver([only, police, other]) == police
    assert named_driver([only]) is None


def test_named_driver_reads_the_rows_json_dicts():
    found = [driver("A", 20, 10, 1.0), driver("B", 5, 5, 0.0)]
    assert named_driver([x.to_json() for x in found]) == found[0]


def test_no_change_means_no_share_and_no_driver():
    found = drivers(counts([
        (E, "gender", "Male", 6, 6), (E, "gender", "Female", 4, 4),
        (BEFORE, "gender", "Male", 4, 4), (BEFORE, "gender", "Female", 6, 6),
    ]), (E, 6), (BEFORE, 6), rate=False, dimensions=["gender"])
    assert [x.share_of_change for x in found] == [None, None]
    assert named_driver(found) is None


def test_compared_cells_by_row_kind():
    assert compared_cells("rolling", False, E) == ((E, 6), (BEFORE, 6))
    assert compared_cells("period", False, E) == ((E, 6), (date(2022, 12, 31), 6))
    assert compared_cells("rolling", True, E) == ((E, 6), (date(2022, 12, 31), 6))
    assert compared_cells("manual", False, E) is None


def test_publication_hides_counts_of_one_to_five_and_one_more_where_one_alone_would_show():
    found = [
        Driver("gender", "Female", 40, 30, 100, 90, 0.5),
        Driver("gender", "Male", 3, 13, 50, 52, 0.5),  # 3 small; its comparison 13 is not
        Driver("gender", "Not recorded", 0, 20, 7, 6, 0.0),
    ]
    shown = suppressed_for_publication(found, 6)
    # numerator: 3 hidden, and the next smallest non-zero (40) with it, else 43 - 40 = 3
    # comparison numerators: none small; denominators 7 and 6 not small (suppress_below 6: 1-5)
    assert shown == [
        Driver("gender", "Female", None, 30, 100, 90, None, suppressed=True),
        Driver("gender", "Male", None, 13, 50, 52, None, suppressed=True),
        Driver("gender", "Not recorded", 0, 20, 7, 6, 0.0),
    ]


def test_publication_hides_no_more_where_two_are_hidden_and_one_more_where_one_is():
    found = [
        Driver("need", "N1", 2, 10, None, None, -1.0),
        Driver("need", "N2", 4, 4, None, None, 0.0),
        Driver("need", "N3", 30, 30, None, None, 0.0),
    ]
    shown = suppressed_for_publication(found, 6)
    # numerators: 2 and 4 hidden, two of them: no more. Comparisons: 4 alone, so the next
    # smallest non-zero, N1's 10, too. N3 keeps its counts and its share.
    assert [(x.numerator, x.comparison_numerator, x.share_of_change, x.suppressed) for x in shown] == [
        (None, None, None, True), (None, None, None, True), (30, 30, 0.0, False),
    ]
