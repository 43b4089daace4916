"""A figure broken down by its dimensions, from the rows the measure counts: worked by hand on
small extracts, and every dimension's categories add up to the figure."""

import polars as pl

from csc_scorecard.analysis.drivers import compared_cells, drivers, named_driver
from csc_scorecard.measures.breakdown import breakdown_counts, rows_by_category
from csc_scorecard.measures.combine import combine

from .extract_builders import TEST_LA, d, extract_set, one_cell

E = d("2023-12-31")

# List 3 as at 2023-12-31. Comparison: Jan-Jun 2023 (R1, R2); current: Jul-Dec 2023 (R3-R6).
#   R1 10 Feb  police (6)   Team A  Male    WBRI  born 2015-03-01: 7 at referral  -> 5-9
#   R2 15 Mar  school (2A)  Team A  Female  APKN  born 2010-01-01: 13             -> 10-15
#   R3  1 Aug  police       Team B  Male    WBRI  born 2015-03-01: 8              -> 5-9
#   R4  1 Sep  police       Team B  Female  BAFR  born 2020-01-01: 3              -> 0-4
#   R5  1 Oct  police       (blank) Male    (blank) (no date of birth)            -> Not recorded
#   R6  1 Nov  GP (3A)      Team A  Female  WBRI  born 2007-12-01: 15 at referral (16 at E) -> 10-15
REFERRALS = extract_set(
    referrals=[
        {"child_id": "R1", "referral_date": d("2023-02-10"), "referral_source": "6", "allocated_team": "Team A",
         "gender": "Male", "ethnicity": "WBRI", "date_of_birth": d("2015-03-01")},
        {"child_id": "R2", "referral_date": d("2023-03-15"), "referral_source": "2A", "allocated_team": "Team A",
         "gender": "Female", "ethnicity": "APKN", "date_of_birth": d("2010-01-01")},
        {"child_id": "R3", "referral_date": d("2023-08-01"), "referral_source": "6", "allocated_team": "Team B",
         "gender": "Male", "ethnicity": "WBRI", "date_of_birth": d("2015-03-01")},
        {"child_id": "R4", "referral_date": d("2023-09-01"), "referral_source": "6", "allocated_team": "Team B",
         "gender": "Female", "ethnicity": "BAFR", "date_of_birth": d("2020-01-01")},
        {"child_id": "R5", "referral_date": d("2023-10-01"), "referral_source": "6", "allocated_team": "  ",
         "gender": "Male", "ethnicity": None, "date_of_birth": None},
        {"child_id": "R6", "referral_date": d("2023-11-01"), "referral_source": "3A", "allocated_team": "Team A",
         "gender": "Female", "ethnicity": "WBRI", "date_of_birth": d("2007-12-01")},
    ]
)
CELLS = compared_cells("rolling", False, E)  # ((2023-12-31, 6), (2023-06-30, 6))


def _drivers(es, measure_id, cells, rate):
    data = combine(es)
    counts = breakdown_counts(data, measure_id, list(cells), TEST_LA)
    dimensions = list(dict.fromkeys(counts["dimension"].to_list()))
    return drivers(counts, *cells, rate=rate, dimensions=dimensions)


def _table(found, dimension):
    return {(x.category): (x.numerator, x.comparison_numerator, x.share_of_change) for x in found if x.dimension == dimension}


def test_a_rolling_row_compares_the_latest_six_months_with_the_six_before():
    assert CELLS == ((E, 6), (d("2023-06-30"), 6))


def test_referrals_by_source_team_age_ethnicity_and_gender_worked_by_hand():
    found = _drivers(REFERRALS, "referrals_rate", CELLS, rate=True)
    # 4 referrals now, 2 before: a change of +2; share = the category's change / 2
    assert _table(found, "source") == {
        "Education": (0, 1, -0.5),  # only in the comparison
        "Health services": (1, 0, 0.5),  # only in the current period
        "Police": (3, 1, 1.0),
    }
    assert _table(found, "allocated_team") == {"Team A": (1, 2, -0.5), "Team B": (2, 0, 1.0), "Not recorded": (1, 0, 0.5)}
    # age at the referral date: R6 is 15 on 1 Nov (16 only at the period end)
    assert _table(found, "age_band") == {"0-4": (1, 0, 0.5), "5-9": (1, 1, 0.0), "10-15": (1, 1, 0.0), "Not recorded": (1, 0, 0.5)}
    assert _table(found, "ethnicity_group") == {
        "Asian or Asian British": (0, 1, -0.5),
        "Black, African, Caribbean or Black British": (1, 0, 0.5),
        "White": (2, 1, 0.5),
        "Not recorded": (1, 0, 0.5),
    }
    assert _table(found, "gender") == {"Female": (2, 1, 0.5), "Male": (2, 1, 0.5)}
    # a rate's denominator is the population, which Annex A does not break down
    assert {(x.denominator, x.comparison_denominator) for x in found} == {(None, None)}
    # the largest contributor explains all of the change, but only 2 children: not named
    assert named_driver(found) is None


def test_every_dimension_adds_up_to_the_figures_numerator():
    found = _drivers(REFERRALS, "referrals_rate", CELLS, rate=True)
    now = one_cell(REFERRALS, "referrals_rate", "2023-12-31", 6)["numerator"]
    before = one_cell(REFERRALS, "referrals_rate", "2023-06-30", 6)["numerator"]
    assert (now, before) == (4, 2)
    for dimension in ("allocated_team", "source", "age_band", "gender", "ethnicity_group"):
        of_it = [x for x in found if x.dimension == dimension]
        assert sum(x.numerator for x in of_it) == now, dimension
        assert sum(x.comparison_numerator for x in of_it) == before, dimension
        assert sum(x.share_of_change for x in of_it) == 1.0, dimension


# List 4: A and B authorised in the current period within 45 working days; C authorised
# before it started (a data error) and D with a blank start: both left out of measure 4.
ASSESSMENTS = extract_set(
    assessments=[
        {"child_id": "A", "assessment_start_date": d("2023-08-01"), "assessment_authorised_date": d("2023-08-10"),
         "allocated_team": "Team A", "disability": "Yes"},
        {"child_id": "B", "assessment_start_date": d("2023-09-01"), "assessment_authorised_date": d("2023-12-01"),
         "allocated_team": "Team B", "disability": "No"},
        {"child_id": "C", "assessment_start_date": d("2023-10-10"), "assessment_authorised_date": d("2023-10-01"),
         "allocated_team": "Team C", "disability": "No"},
        {"child_id": "D", "assessment_start_date": None, "assessment_authorised_date": d("2023-11-01"),
         "allocated_team": "Team C", "disability": None},
    ]
)


def test_a_percentage_breaks_down_numerator_and_denominator_and_leaves_out_what_the_figure_leaves_out():
    found = _drivers(ASSESSMENTS, "assessments_45wd_pct", CELLS, rate=False)
    # A within 45 WD (7 working days); B 1 Sep to 1 Dec: 65 working days, not within.
    # C and D are left out of the figure, so Team C is in no period and not shown.
    teams = {x.category: (x.numerator, x.denominator, x.comparison_numerator, x.comparison_denominator)
             for x in found if x.dimension == "allocated_team"}
    assert teams == {"Team A": (1, 1, 0, 0), "Team B": (0, 1, 0, 0)}
    disability = {x.category: (x.numerator, x.denominator) for x in found if x.dimension == "disability"}
    assert disability == {"No": (0, 1), "Yes": (1, 1)}
    cell = one_cell(ASSESSMENTS, "assessments_45wd_pct", "2023-12-31", 6)
    assert (cell["numerator"], cell["denominator"]) == (1, 2)


def test_no_change_in_the_numerator_gives_no_shares_and_no_driver():
    # the same two referrals a year apart: a period row compares Jul-Dec 2023 with Jul-Dec 2022
    es = extract_set(referrals=[
        {"child_id": "X", "referral_date": d("2022-08-01"), "referral_source": "6", "gender": "Male"},
        {"child_id": "Y", "referral_date": d("2023-08-01"), "referral_source": "2A", "gender": "Male"},
    ])
    cells = compared_cells("period", False, E)
    assert cells == ((E, 6), (d("2022-12-31"), 6))
    found = _drivers(es, "referrals_rate", cells, rate=True)
    assert _table(found, "source") == {"Education": (1, 0, None), "Police": (0, 1, None)}
    assert _table(found, "gender") == {"Male": (1, 1, None)}
    assert named_driver(found) is None


def test_a_snapshot_compares_the_period_end_with_a_year_earlier_by_placement_and_legal_status():
    # children in care at 31 Dec 2023: P (foster U4, C2, N1), Q (children's home K2, C2, N1),
    # S (foster U6, C1, N2); at 31 Dec 2022: P and R (foster U6, V2, no need; ceased Mar 2023).
    # 3 against 2: a change of +1
    es = extract_set(children_in_care=[
        {"child_id": "P", "cla_start_date": d("2022-01-01"), "legal_status": "C2", "placement_type": "U4",
         "category_of_need": "N1"},
        {"child_id": "Q", "cla_start_date": d("2023-05-01"), "legal_status": "C2", "placement_type": "K2",
         "category_of_need": "N1"},
        {"child_id": "S", "cla_start_date": d("2023-07-01"), "legal_status": "C1", "placement_type": "U6",
         "category_of_need": "N2"},
        {"child_id": "R", "cla_start_date": d("2022-06-01"), "cla_ceased_date": d("2023-03-01"), "legal_status": "V2",
         "placement_type": "U6", "category_of_need": None},
    ])
    cells = compared_cells("rolling", True, E)
    assert cells == ((E, 6), (d("2022-12-31"), 6))
    found = _drivers(es, "cla_rate", cells, rate=True)
    assert _table(found, "placement_type") == {
        "Foster placements": (2, 2, 0.0),
        "Secure homes, children's homes and semi-independent living": (1, 0, 1.0),
    }
    assert _table(found, "legal_status") == {
        "C1: Interim care order": (1, 0, 1.0),
        "C2: Full care order": (2, 1, 1.0),
        "V2: Single period of accommodation under section 20": (0, 1, -1.0),
    }
    assert _table(found, "need") == {"N1: Abuse or neglect": (2, 1, 1.0), "N2: Child's disability": (1, 0, 1.0),
                                     "Not recorded": (0, 1, -1.0)}


def test_care_leavers_are_banded_by_year_of_age():
    es = extract_set(care_leavers=[
        {"child_id": "L1", "date_of_birth": d("2004-06-01"), "in_touch": "Yes", "accommodation_suitability": "Suitable"},
        {"child_id": "L2", "date_of_birth": d("2003-06-01"), "in_touch": "Yes", "accommodation_suitability": "Suitable"},
        {"child_id": "L3", "date_of_birth": d("2002-06-01"), "in_touch": "Yes", "accommodation_suitability": "Unsuitable"},
    ])
    rows = rows_by_category(combine(es), "care_leavers_suitable_pct", [(E, 6)], TEST_LA)
    # ages at 31 Dec 2023: 19, 20, 21
    ages = dict(zip(rows.sort("child_id")["child_id"].to_list(), rows.sort("child_id")["age_band_category"].to_list()))
    assert ages == {"L1": "19", "L2": "20", "L3": "21"}
    assert rows.filter(pl.col("in_numerator")).sort("child_id")["child_id"].to_list() == ["L1", "L2"]


def test_the_rows_a_series_counted_give_the_same_breakdown_as_evaluating_the_measure_again():
    # what the builder does: one series over 12-, 6- and 1-month windows, read at the drivers' cells
    from csc_scorecard.measures.series import compute_series

    es = extract_set(
        referrals=[{"child_id": c, "referral_date": day, "referral_source": "6", "allocated_team": team}
                   for c, day, team in (("A", d("2022-11-01"), "T1"), ("B", d("2023-03-01"), "T2"), ("C", d("2023-09-01"), "T1"))],
        children_in_care=[{"child_id": "P", "cla_start_date": d("2022-01-01"), "legal_status": "C2", "placement_type": "U4"},
                          {"child_id": "Q", "cla_start_date": d("2023-02-01"), "legal_status": "C1", "placement_type": "K2"}],
    )
    data = combine(es)
    ends = [d("2022-12-31"), d("2023-06-30"), E]
    counted = {}
    compute_series(data, ["referrals_rate", "cla_rate"], ends, [12, 6, 1], la_codes=[TEST_LA], counted_rows=counted)
    cells = [(end, 6) for end in ends]
    for measure in ("referrals_rate", "cla_rate"):
        again = breakdown_counts(data, measure, cells, TEST_LA).sort("period_end", "dimension", "category")
        read = breakdown_counts(data, measure, cells, TEST_LA, counted=counted[measure]).sort("period_end", "dimension", "category")
        assert read.equals(again), measure
    # hand-worked: Jul-Dec 2022 holds A (T1), Jan-Jun 2023 B (T2), Jul-Dec 2023 C (T1)
    teams = breakdown_counts(data, "referrals_rate", cells, TEST_LA, counted=counted["referrals_rate"]).filter(
        pl.col("dimension") == "allocated_team").sort("period_end")
    assert teams.select("period_end", "category", "numerator").rows() == [
        (d("2022-12-31"), "T1", 1), (d("2023-06-30"), "T2", 1), (E, "T1", 1)]
    # in care at 31 Dec 2022: P; at 30 Jun and 31 Dec 2023: P and Q
    placed = breakdown_counts(data, "cla_rate", cells, TEST_LA, counted=counted["cla_rate"]).filter(
        pl.col("dimension") == "placement_type").group_by("period_end").agg(pl.col("numerator").sum()).sort("period_end")
    assert placed.rows() == [(d("2022-12-31"), 1), (d("2023-06-30"), 2), (E, 2)]


def test_a_measure_that_shows_a_dimensions_column_keeps_it_beside_the_category():
    # measure 40 (children looked after in foster placements at E) shows each child's placement type
    es = extract_set(children_in_care=[
        {"child_id": "P", "cla_start_date": d("2022-01-01"), "legal_status": "C2", "placement_type": "U4"},
        {"child_id": "Q", "cla_start_date": d("2023-02-01"), "legal_status": "C2", "placement_type": "K2"},
    ])
    rows = rows_by_category(combine(es), "cla_foster_pct", [(E, 6)], TEST_LA).sort("child_id")
    assert rows.select("child_id", "placement_type", "placement_type_category", "in_numerator").rows() == [
        ("P", "U4", "Foster placements", True),
        ("Q", "K2", "Secure homes, children's homes and semi-independent living", False),
    ]
    found = _drivers(es, "cla_foster_pct", [(E, 6), (d("2022-12-31"), 6)], rate=False)
    # at E: 1 of 2 in foster care; a year earlier no extract, nothing counted (the builder shows
    # no drivers when a figure cannot be computed)
    assert {x.category: (x.numerator, x.denominator) for x in found if x.dimension == "placement_type"} == {
        "Foster placements": (1, 1), "Secure homes, children's homes and semi-independent living": (0, 1)}
