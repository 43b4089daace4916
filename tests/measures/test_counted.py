"""Rows a measure cannot count (a blank column it needs, a data error it applies) are left out of
that measure only, before it computes, and counted by reason in the cells they would have been in."""

from csc_scorecard.measures.combine import combine
from csc_scorecard.measures.registry import MEASURES
from csc_scorecard.measures.series import compute_series, series_json

from .extract_builders import POPULATION_10000, TEST_LA, d, extract_set, one_cell

# List 4, as at 2023-12-31:
#   A: complete, started 1 Mar, authorised 20 Mar 2023 (WD = 13: within 45)
#   B: blank start, authorised 15 Jun 2023
#   C: authorised 1 Sep 2023 before its start 10 Sep 2023 (a data error)
#   D: started 1 Nov 2023, not authorised yet (no event: in no window, not "left out")
ASSESSMENTS = extract_set(
    assessments=[
        {"child_id": "A", "assessment_start_date": d("2023-03-01"), "assessment_authorised_date": d("2023-03-20")},
        {"child_id": "B", "assessment_start_date": None, "assessment_authorised_date": d("2023-06-15")},
        {"child_id": "C", "assessment_start_date": d("2023-09-10"), "assessment_authorised_date": d("2023-09-01")},
        {"child_id": "D", "assessment_start_date": d("2023-11-01"), "assessment_authorised_date": None},
    ]
)
BLANK_START = "blank Continuous Assessment Start Date"


def _excluded(cell: dict) -> dict | None:
    return None if cell["excluded"] is None else {e["reason"]: e["rows"] for e in cell["excluded"]}


def test_the_rate_needs_only_the_authorisation_date_so_it_counts_b_and_c():
    cell = one_cell(ASSESSMENTS, "assessments_rate", "2023-12-31", 12)
    # A, B and C authorised in 2023; 3 / 10,000 x 10,000 = 3.0; D is no event, nothing left out
    assert (cell["numerator"], cell["value"], _excluded(cell)) == (3, 3.0, None)


def test_the_timeliness_leaves_out_b_and_c_and_says_why():
    cell = one_cell(ASSESSMENTS, "assessments_45wd_pct", "2023-12-31", 12)
    # only A is counted: 1 of 1 within 45 working days
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (1, 1, 100.0)
    assert _excluded(cell) == {BLANK_START: 1, "authorised before it started": 1}


def test_a_left_out_row_is_counted_only_in_the_windows_that_hold_its_date():
    # Jul-Dec 2023 holds C (1 Sep) but not A (Mar) or B (Jun): nothing counted, C left out
    cell = one_cell(ASSESSMENTS, "assessments_45wd_pct", "2023-12-31", 6)
    assert (cell["denominator"], cell["value"], cell["reason"]) == (0, None, "zero denominator")
    assert _excluded(cell) == {"authorised before it started": 1}
    # Jan-Jun 2023 holds A and B
    assert _excluded(one_cell(ASSESSMENTS, "assessments_45wd_pct", "2023-06-30", 6)) == {BLANK_START: 1}


def test_series_json_carries_the_counts_left_out_when_there_are_any():
    series = compute_series(
        ASSESSMENTS, "assessments_45wd_pct", [d("2023-06-30"), d("2023-12-31")], 6,
        la_codes=[TEST_LA], population=POPULATION_10000,
    )
    items = series_json(series)
    assert [item.get("excluded") for item in items] == [{BLANK_START: 1}, {"authorised before it started": 1}]
    no_excluded = series_json(
        compute_series(ASSESSMENTS, "assessments_rate", [d("2023-12-31")], 12, la_codes=[TEST_LA], population=POPULATION_10000)
    )
    assert "excluded" not in no_excluded[0]


# List 8, as at 2023-12-31: three ceasings in 2023
#   X: blank date of birth, adopted (E11) 1 Oct 2023
#   Y: born 1 Jun 2005, ceased (E13) 15 Nov 2023 aged 18
#   Z: a short break (V3) with a blank date of birth: out of scope of every looked-after measure
CEASINGS = extract_set(
    children_in_care=[
        {"child_id": "X", "cla_start_date": d("2020-01-01"), "cla_ceased_date": d("2023-10-01"),
         "reason_ceased": "E11", "legal_status": "C2", "date_of_birth": None},
        {"child_id": "Y", "cla_start_date": d("2019-05-01"), "cla_ceased_date": d("2023-11-15"),
         "reason_ceased": "E13", "legal_status": "C2", "date_of_birth": d("2005-06-01")},
        {"child_id": "Z", "cla_start_date": d("2023-01-05"), "cla_ceased_date": d("2023-09-01"),
         "reason_ceased": "E13", "legal_status": "V3", "date_of_birth": None},
    ]
)


def test_a_blank_date_of_birth_is_left_out_of_measure_21_only():
    adopted = one_cell(CEASINGS, "cla_ceased_adopted_pct", "2023-12-31", 12)
    # X and Y ceased; X adopted: 1 of 2; X needs no date of birth here
    assert (adopted["numerator"], adopted["denominator"], _excluded(adopted)) == (1, 2, None)
    stayed = one_cell(CEASINGS, "cla_ceased_16plus_to18_pct", "2023-12-31", 12)
    # Y only (aged 18 at ceasing): 1 of 1; X left out; Z is a short break, not counted as left out
    assert (stayed["numerator"], stayed["denominator"]) == (1, 1)
    assert _excluded(stayed) == {"blank Date of Birth": 1}


def test_the_data_quality_report_names_the_measures_from_their_declarations():
    messages = [i.message for i in combine(CEASINGS).issues]
    assert messages == [
        "extract as at 2023-12-31, List 8 (Children in care): blank date of birth; "
        "counted as aged 5 or over in measure 18, left out of measures 21 and 80",  # 80: stability, under 16
    ] * 2
    errors = [i.message.split(": ", 1)[1] for i in combine(ASSESSMENTS).issues]
    # measures 4, 63 and 64 compare the two dates (the 45 days, the mean and median days)
    assert errors == ["authorised before it started; left out of measures 4, 63 and 64"]


def test_a_stock_leaves_out_an_episode_with_a_blank_start_at_every_period_end_it_is_open():
    es = extract_set(
        child_protection=[
            {"child_id": "P", "cpp_start_date": d("2023-01-01")},
            {"child_id": "Q", "cpp_start_date": None},
        ]
    )
    for end in ("2023-06-30", "2023-12-31"):
        cell = one_cell(es, "cpp_rate", end, 12)
        # P open: 1 / 10,000 x 10,000 = 1.0; Q (blank start) left out
        assert (cell["numerator"], cell["value"]) == (1, 1.0)
        assert _excluded(cell) == {"blank Child Protection Plan Start Date": 1}


def test_children_in_need_count_a_blank_start_as_the_spec_says():
    es = extract_set(children_in_need=[{"child_id": "N", "cin_start_date": None}])
    cell = one_cell(es, "cin_rate", "2023-12-31", 12)
    assert (cell["numerator"], _excluded(cell)) == (1, None)


def test_an_attribute_measure_counts_a_left_out_row_in_the_cell_that_reads_its_extract():
    es = extract_set(
        care_leavers=[
            {"child_id": "L1", "date_of_birth": d("2003-05-01"), "in_touch": "YES", "accommodation_suitability": "Suitable"},
            {"child_id": "L2", "date_of_birth": None, "in_touch": "YES", "accommodation_suitability": "Suitable"},
        ]
    )
    cell = one_cell(es, "care_leavers_suitable_pct", "2023-12-31", 12)
    # L1 is 20 at 31 Dec 2023 (the denominator); L2 has no date of birth
    assert (cell["denominator"], _excluded(cell)) == (1, {"blank Date of Birth": 1})
    # November reads no extract: not computed, nothing counted
    assert _excluded(one_cell(es, "care_leavers_suitable_pct", "2023-11-30", 12)) is None


def test_every_declaration_needs_only_columns_of_its_list_that_it_reads():
    from csc_scorecard.measures.annex_lists import list_spec

    for m in MEASURES:
        if m.kind == "manual":
            continue
        columns = set(list_spec(m.source).column_names)
        assert set(m.needs) <= set(m.reads) <= columns, m.id
        assert set(m.breakdowns) <= columns, m.id
    # the documented exception: CIN counts a blank start (spec measure 10)
    assert [m.id for m in MEASURES if m.kind == "stock" and not m.needs] == ["cin_rate"]


def test_a_row_left_out_of_21_is_left_out_before_the_childs_latest_ceasing_is_chosen():
    # W ceased twice in 2023: 1 Mar aged 17 (born 1 Jan 2006), and 1 Oct with a ceasing dated
    # before its start (a data error). Measure 19 counts W at the latest ceasing, 1 Oct; measure
    # 21 never sees the 1 Oct row, so W counts at 1 Mar: aged 17, in the denominator, not 18.
    es = extract_set(
        children_in_care=[
            {"child_id": "W", "cla_start_date": d("2022-06-01"), "cla_ceased_date": d("2023-03-01"),
             "reason_ceased": "E13", "legal_status": "C2", "date_of_birth": d("2006-01-01")},
            {"child_id": "W", "cla_start_date": d("2023-11-01"), "cla_ceased_date": d("2023-10-01"),
             "reason_ceased": "E11", "legal_status": "C2", "date_of_birth": d("2006-01-01")},
        ]
    )
    adopted = one_cell(es, "cla_ceased_adopted_pct", "2023-12-31", 12)
    assert (adopted["numerator"], adopted["denominator"]) == (1, 1)  # 1 Oct, E11
    stayed = one_cell(es, "cla_ceased_16plus_to18_pct", "2023-12-31", 12)
    assert (stayed["numerator"], stayed["denominator"]) == (0, 1)
    assert _excluded(stayed) == {"ceased to be looked after before it started": 1}
