"""Combining extracts, coverage and the choice of extract for attribute measures
(spec/indicators.md, "Inputs and how extracts combine")."""

import polars as pl

from csc_scorecard.measures.combine import combine, merge_intervals
from csc_scorecard.measures.series import compute_series

from .extract_builders import POPULATION_10000, TEST_LA, d, extract_set, one_cell


def extract(extract_id, as_at, period_start, la=TEST_LA):
    return {"extract_id": extract_id, "la_code": la, "as_at": d(as_at), "period_start": d(period_start)}


def referral(child, date, last12=0, extract_id=1, source="1A"):
    return {"extract_id": extract_id, "child_id": child, "referral_date": d(date), "referral_source": source, "referrals_last_12m": last12}


def test_duplicate_key_in_one_extract_keeps_the_last_row_and_reports_the_other():
    # "ab " and "AB" are one child once trimmed and upper-cased: same key (child, date, source)
    es = extract_set(referrals=[referral("ab ", "2023-05-01", last12=0), referral("AB", "2023-05-01", last12=3)])
    data = combine(es)
    assert data.current["referrals"]["referrals_last_12m"].to_list() == [3]
    (issue,) = data.issues
    assert (issue.sheet, issue.row, issue.column) == ("List 3", 2, "Referral Source")
    assert "last one in the file is used" in issue.message
    # the kept row says 3 earlier referrals: a re-referral
    cell = one_cell(es, "rereferrals_pct", "2023-12-31", 12)
    assert (cell["numerator"], cell["denominator"]) == (1, 1)


def test_rows_dated_after_the_as_at_date_are_left_out_of_every_measure():
    es = extract_set(
        referrals=[referral("A", "2023-11-01"), referral("B", "2024-01-05")],
        child_protection=[
            # a plan "ending" after the as-at date: the whole row is left out, even of the stock
            {"child_id": "C", "cpp_start_date": d("2023-01-01"), "cpp_end_date": d("2024-02-01")},
        ],
    )
    data = combine(es)
    assert data.current["referrals"]["child_id"].to_list() == ["A"]
    assert data.current["child_protection"].is_empty()
    late = sorted((i.sheet, i.column, i.value) for i in data.issues)
    assert late == [
        ("List 3", "Date of referral", "2024-01-05"),
        ("List 7", "Child Protection Plan End Date", "2024-02-01"),
    ]
    assert one_cell(es, "cpp_rate", "2023-12-31", 12)["numerator"] == 0


def test_newest_extract_wins_per_key():
    es = extract_set(
        [extract(1, "2023-06-30", "2023-01-01"), extract(2, "2023-12-31", "2023-01-01")],
        referrals=[referral("X", "2023-03-01", last12=0, extract_id=1), referral("X", "2023-03-01", last12=2, extract_id=2)],
    )
    current = combine(es).current["referrals"]
    assert (current["extract_id"].to_list(), current["referrals_last_12m"].to_list()) == ([2], [2])


def test_an_older_row_the_newer_extract_would_have_listed_is_dropped():
    es = extract_set(
        [extract(1, "2023-06-30", "2022-07-01"), extract(2, "2023-12-31", "2023-01-01")],
        referrals=[
            referral("KEPT", "2022-12-15", extract_id=1),  # before the newer period: kept
            referral("GONE", "2023-02-01", extract_id=1),  # in the newer period, not listed: dropped
            referral("NEW", "2023-08-01", extract_id=2),
        ],
        assessments=[
            # defining date = authorisation, else start
            {"extract_id": 1, "child_id": "OPEN", "assessment_start_date": d("2022-12-20")},  # kept
            {"extract_id": 1, "child_id": "DONE", "assessment_start_date": d("2022-12-20"),
             "assessment_authorised_date": d("2023-02-01")},  # dropped
        ],
    )
    data = combine(es)
    assert sorted(data.current["referrals"]["child_id"].to_list()) == ["KEPT", "NEW"]
    assert data.current["assessments"]["child_id"].to_list() == ["OPEN"]
    # 12 months to 2023-06-30 (2022-07-01..2023-06-30): KEPT only
    assert one_cell(es, "referrals_rate", "2023-06-30", 12)["numerator"] == 1


def plan(child, start, end=None, extract_id=1):
    return {"extract_id": extract_id, "child_id": child, "cpp_start_date": d(start), "cpp_end_date": d(end) if end else None}


def test_an_episode_open_at_the_older_as_at_that_the_newer_does_not_list_stops_counting():
    es = extract_set(
        [extract(1, "2023-06-30", "2023-01-01"), extract(2, "2023-12-31", "2023-07-01")],
        child_protection=[
            plan("GONE", "2023-02-01", extract_id=1),  # open at 2023-06-30, absent from extract 2
            plan("BOTH", "2023-02-01", extract_id=1),  # open at 2023-06-30 ...
            plan("BOTH", "2023-02-01", "2023-09-15", extract_id=2),  # ... ended in extract 2
        ],
    )
    # at 2023-06-30 (extract 1's as-at): both open
    assert one_cell(es, "cpp_rate", "2023-06-30", 12)["numerator"] == 2
    # at 2023-07-31: GONE is treated as closed from extract 1's as-at date on; BOTH is open
    assert one_cell(es, "cpp_rate", "2023-07-31", 12)["numerator"] == 1
    # GONE creates no ceasing: plans ended in Jul-Dec 2023 are BOTH only
    cell = one_cell(es, "cpp_ended_2y_pct", "2023-12-31", 6)
    assert (cell["numerator"], cell["denominator"]) == (0, 1)


def test_merge_intervals_joins_touching_and_overlapping_periods():
    frame = pl.DataFrame(
        {
            "g": ["a", "a", "a", "a", "b"],
            "start": [d("2022-01-01"), d("2022-07-01"), d("2022-09-01"), d("2023-07-01"), d("2022-01-01")],
            "end": [d("2022-06-30"), d("2022-12-31"), d("2022-10-31"), d("2023-12-31"), d("2022-03-31")],
        }
    )
    merged = merge_intervals(frame, ["g"], "start", "end")
    assert merged.rows() == [
        ("a", d("2022-01-01"), d("2022-12-31")),  # 06-30 and 07-01 touch; 09-01..10-31 inside
        ("a", d("2023-07-01"), d("2023-12-31")),  # a gap of six months before it
        ("b", d("2022-01-01"), d("2022-03-31")),
    ]


def test_coverage_of_windows_and_snapshots():
    es = extract_set(
        [
            extract(1, "2022-06-30", "2022-01-01"),
            extract(2, "2022-12-31", "2022-07-01"),
            extract(3, "2023-12-31", "2023-07-01"),
        ],
        referrals=[referral("A", "2022-03-01", extract_id=1)],
        children_in_need=[{"extract_id": 3, "child_id": "A", "cin_start_date": d("2021-01-01")}],
    )
    # extracts 1 and 2 tile 2022; extract 3 covers Jul-Dec 2023; Jan-Jun 2023 is not covered
    assert one_cell(es, "referrals_rate", "2022-12-31", 12)["numerator"] == 1
    not_covered = one_cell(es, "referrals_rate", "2023-12-31", 12)
    assert (not_covered["value"], not_covered["numerator"], not_covered["reason"]) == (
        None, None, "not covered by the loaded extracts",
    )
    assert one_cell(es, "referrals_rate", "2023-12-31", 6)["reason"] is None
    assert one_cell(es, "cin_rate", "2023-03-31", 12)["reason"] == "not covered by the loaded extracts"
    assert one_cell(es, "cin_rate", "2023-07-31", 12)["numerator"] == 1


def leaver(child, dob, suitability, extract_id):
    return {"extract_id": extract_id, "child_id": child, "date_of_birth": d(dob), "in_touch": "Yes",
            "accommodation_suitability": suitability}


def test_attribute_measures_read_the_newest_extract_of_the_month_alone():
    extracts = [extract(1, "2023-11-30", "2023-06-01"), extract(2, "2023-12-15", "2023-07-01"), extract(3, "2023-12-31", "2023-07-01")]
    leavers = [
        leaver("A", "2003-01-01", "Suitable", 1),
        leaver("A", "2003-01-01", "Unsuitable", 2),
        leaver("B", "2003-01-01", "Unsuitable", 2),
        leaver("A", "2003-01-01", "Suitable", 3),
    ]
    es = extract_set(extracts, care_leavers=leavers)
    # E = 2023-12-31: extract 3 (as at 2023-12-31) alone: A suitable, 1 of 1
    cell = one_cell(es, "care_leavers_suitable_pct", "2023-12-31", 6)
    assert (cell["numerator"], cell["denominator"]) == (1, 1)
    # without extract 3, December's newest is extract 2 (2023-12-15): A and B unsuitable
    es_without_3 = extract_set(extracts[:2], care_leavers=leavers[:3])
    cell = one_cell(es_without_3, "care_leavers_suitable_pct", "2023-12-31", 6)
    assert (cell["numerator"], cell["denominator"]) == (0, 2)
    # November: extract 1
    cell = one_cell(es, "care_leavers_suitable_pct", "2023-11-30", 6)
    assert (cell["numerator"], cell["denominator"]) == (1, 1)
    # October: none
    assert one_cell(es, "care_leavers_suitable_pct", "2023-10-31", 6)["reason"] == "no extract in this month"


def test_many_las_at_once():
    es = extract_set(
        [extract(1, "2023-12-31", "2023-01-01", la="998"), extract(2, "2023-12-31", "2023-01-01", la=TEST_LA)],
        referrals=[
            referral("A", "2023-02-01", extract_id=1),
            referral("A", "2023-03-01", extract_id=1),  # the same child id in another LA ...
            referral("A", "2023-02-01", extract_id=2),  # ... is another child
        ],
    )
    population = pl.concat([POPULATION_10000, POPULATION_10000.with_columns(pl.lit("998").alias("old_la_code"))])
    series = compute_series(es, "rereferrals_pct", [d("2023-12-31")], 12, population=population)
    got = {r["la_code"]: (r["numerator"], r["denominator"]) for r in series.iter_rows(named=True)}
    # LA 998: 2023-03-01 follows 2023-02-01 -> 1 of 2; LA 999: 0 of 1
    assert got == {"998": (1, 2), TEST_LA: (0, 1)}


def test_a_list_not_loaded_gives_a_reason():
    es = extract_set(referrals=[referral("A", "2023-02-01")])
    cell = one_cell(es, "assessments_rate", "2023-12-31", 12)
    assert (cell["value"], cell["reason"]) == (None, "no List 4 (Assessments) in the loaded extracts")


def cin(child, extract_id, closure, start=None, need="N1"):
    return {"extract_id": extract_id, "child_id": child, "cin_start_date": d(start) if start else None,
            "cin_closure_date": d(closure), "primary_need": need}


def test_the_newest_extract_wins_a_key_with_a_blank_in_it_and_an_la_with_one_extract_keeps_every_row():
    # List 6 with a blank start keys on (child, closure date): X is one episode in extracts 1 and
    # 2 of LA 999 (extract 2's row wins); LA 998's one extract lists the same key, another child
    es = extract_set(
        [extract(1, "2023-06-30", "2023-01-01"), extract(2, "2023-12-31", "2023-07-01"),
         extract(3, "2023-12-31", "2023-01-01", la="998")],
        children_in_need=[
            cin("X", 1, "2023-03-01", need="N1"), cin("Y", 1, "2023-05-01", start="2023-01-01"),
            cin("X", 2, "2023-03-01", need="N2"), cin("X", 3, "2023-03-01", need="N3"),
        ],
    )
    current = combine(es).current["children_in_need"]
    # in extract order: LA 998's extract, then LA 999's by as-at date
    assert current.select("extract_id", "child_id", "primary_need").rows() == [
        (3, "X", "N3"), (1, "Y", "N1"), (2, "X", "N2"),
    ]
