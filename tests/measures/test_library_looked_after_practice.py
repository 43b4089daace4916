"""Library measures 80-87 (List 8) and 88 (List 9): stability, residential settings, reviews,
visits, IRO contact, return interviews, permanence plans and pathway plan reviews; hand-made
cases, E = 2023-12-31 (docs/measures.md)."""

from csc_scorecard.measures.series import measure_rows

from .extract_builders import TEST_LA, children, d, extract_set, one_cell
from .test_counted import _excluded


def cla(child, start, ceased=None, status="C2", **columns):
    row = {"child_id": child, "cla_start_date": d(start), "cla_ceased_date": d(ceased) if ceased else None,
           "legal_status": status}
    return row | {k: d(v) if (k.endswith("_date") or k == "date_of_birth") and v else v for k, v in columns.items()}


def _cell(measure_id, rows, months=12):
    return one_cell(extract_set(children_in_care=rows), measure_id, "2023-12-31", months)


def test_long_term_stability_of_children_under_16():
    # E - 30 months = 2021-06-30; E - 24 months = 2021-12-31
    rows = [
        cla("S1", "2021-06-30", date_of_birth="2010-01-01", placement_start_date="2021-12-31"),  # in, same placement 2 years
        cla("S2", "2021-07-01", date_of_birth="2010-01-01", placement_start_date="2021-07-01"),  # 2.5 years a day short
        cla("S3", "2020-01-01", date_of_birth="2008-01-01", placement_start_date="2022-01-01"),  # 15 at E; moved a day too late
        cla("S4", "2020-01-01", date_of_birth="2007-12-31", placement_start_date="2020-01-01"),  # 16 on E: out
        cla("S5", "2020-01-01", date_of_birth=None, placement_start_date="2020-01-01"),  # blank birth date: left out
        cla("S6", "2020-01-01", status="V3", date_of_birth="2010-01-01", placement_start_date="2020-01-01"),  # short break
    ]
    # denominator S1, S3; numerator S1 -> 50.0
    cell = _cell("cla_long_term_stability_pct", rows)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (1, 2, 50.0)
    assert _excluded(cell) == {"blank Date of Birth": 1}


def test_children_in_residential_settings():
    rows = [
        cla("R1", "2022-01-01", placement_type="K2"),  # children's home
        cla("R2", "2022-01-01", placement_type="S1"),  # residential school
        cla("R3", "2022-01-01", placement_type="H5"),  # semi-independent: not residential care
        cla("R4", "2022-01-01", placement_type="U4"),  # foster
        cla("R5", "2022-01-01", placement_type="r5"),  # young offender institution (code in any case)
        cla("R6", "2022-01-01", placement_type=None),  # blank: left out
        cla("R7", "2022-01-01", "2023-12-31", placement_type="K1"),  # ceased on E: not looked after at E
    ]
    # at E with a type: R1-R5 = 5; residential: R1, R2, R5 = 3 -> 60.0
    cell = _cell("cla_residential_pct", rows)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (3, 5, 60.0)
    assert _excluded(cell) == {"blank Placement Type": 1}


# WD(2023-11-28, E) = 21 and WD(2023-11-29, E) = 20 (29, 30 Nov; 1 Dec; 3 weeks of December less
# 25 and 26 December; 27-29 Dec). E - 6 months = 2023-06-30.
REVIEWED = [
    cla("R1", "2023-11-28", last_iro_contact_date="2023-12-10"),  # 21 working days in care: first review due
    cla("R2", "2023-11-29", latest_review_date="2023-12-01"),  # 20 working days: not yet due, out
    cla("R3", "2020-01-01", latest_review_date="2023-07-01"),
    cla("R4", "2020-01-01", latest_review_date="2023-06-30", last_iro_contact_date="2023-06-30"),  # a day too old
    cla("R5", "2023-03-01", latest_review_date="2023-02-01", last_iro_contact_date="2023-09-01"),  # review before this period of care
]


def test_statutory_review_in_the_last_six_months():
    # denominator R1, R3, R4, R5; reviewed: R3 -> 25.0
    cell = _cell("cla_review_6m_pct", REVIEWED)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (1, 4, 25.0)
    rows = measure_rows(extract_set(children_in_care=REVIEWED), "cla_review_6m_pct", d("2023-12-31"), 12, TEST_LA)
    # R5, WD(2023-03-01, E): weekdays 2 Mar - 31 Dec by month 22, 20, 23, 22, 21, 23, 21, 22, 22, 21,
    # less the bank holidays 7, 10 Apr; 1, 8, 29 May; 28 Aug; 25, 26 Dec: 217 - 8 = 209
    working_days = dict(zip(rows["child_id"], rows["working_days_in_care"]))
    assert (working_days["R1"], working_days["R5"]) == (21, 209)


def test_iro_contact_in_the_last_six_months():
    # denominator as the review (R1, R3, R4, R5); contact in (2023-06-30, E]: R1 (10 Dec), R5 (1 Sep) -> 50.0
    cell = _cell("cla_iro_contact_6m_pct", REVIEWED)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 4, 50.0)


def test_social_work_visit_in_the_last_six_weeks():
    rows = [
        cla("V1", "2023-01-01", last_sw_visit_date="2023-11-20"),  # E - 42 days is 19 Nov: 20 Nov is within
        cla("V2", "2023-01-01", last_sw_visit_date="2023-11-19"),  # 42 days before E: not within
        cla("V3", "2023-12-30"),  # no visit yet: not visited
        cla("V4", "2023-01-01", last_sw_visit_date="2023-12-31"),
    ]
    cell = _cell("cla_sw_visit_6w_pct", rows)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 4, 50.0)


MISSING = [
    cla("M1", "2022-01-01", missing_episodes_12m=2, return_interview_offered="Yes", return_interview_accepted="Yes"),
    cla("M2", "2022-01-01", "2023-07-01", missing_episodes_12m=1, return_interview_offered="Yes",
        return_interview_accepted="No"),  # ceased on the first day of the 6-month window: in it
    cla("M3", "2022-01-01", "2023-06-30", missing_episodes_12m=3, return_interview_offered="Yes",
        return_interview_accepted="Yes"),  # ceased the day before the 6-month window
    cla("M4", "2022-01-01", missing_episodes_12m=0),  # never missing
    cla("M5", "2022-01-01", missing_episodes_12m=1),  # no offer recorded: not offered
    cla("M6", "2022-01-01", missing_episodes_12m=1, return_interview_offered="No"),
    cla("M7", "2022-01-01"),  # blank missing count: left out, counted
    cla("M8", "2022-01-01", missing_episodes_12m=1, return_interview_offered="Yes"),  # acceptance not recorded
]


def test_missing_children_offered_a_return_interview_and_accepting_it():
    # 6 months (Jul-Dec): missing: M1, M2, M5, M6, M8 = 5; offered: M1, M2, M8 = 3 -> 60.0
    # accepted, of those offered: M1 -> 100/3
    offered = _cell("cla_missing_ri_offered_pct", MISSING, 6)
    accepted = _cell("cla_missing_ri_accepted_pct", MISSING, 6)
    assert (offered["numerator"], offered["denominator"], offered["value"]) == (3, 5, 60.0)
    assert (accepted["numerator"], accepted["denominator"], accepted["value"]) == (1, 3, 100 / 3)
    assert _excluded(offered) == {"blank Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months": 1}
    # 12 months: M3 (ceased 30 Jun) is in the window too: offered 4 of 6, accepted 2 of 4
    twelve_offered = _cell("cla_missing_ri_offered_pct", MISSING, 12)
    twelve_accepted = _cell("cla_missing_ri_accepted_pct", MISSING, 12)
    assert (twelve_offered["numerator"], twelve_offered["denominator"]) == (4, 6)
    assert (twelve_accepted["numerator"], twelve_accepted["denominator"]) == (2, 4)
    rows = measure_rows(extract_set(children_in_care=MISSING), "cla_missing_ri_accepted_pct", d("2023-12-31"), 6, TEST_LA)
    assert children(rows, "numerator") == ["M1"] and children(rows, "denominator") == ["M1", "M2", "M8"]


def test_permanence_plan_recorded_after_four_months():
    # E - 4 months = 2023-08-31
    rows = [
        cla("P1", "2023-08-31", permanence_plan="Adoption"),
        cla("P2", "2023-09-01"),  # under 4 months: out
        cla("P3", "2020-01-01"),  # no plan recorded
        cla("P4", "2022-01-01", permanence_plan="Other"),  # any plan counts
    ]
    cell = _cell("cla_permanence_plan_pct", rows)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 3, 200 / 3)


def test_pathway_plans_reviewed_in_the_last_six_months():
    def leaver(child, eligibility, review=None, in_touch="Yes"):
        return {"child_id": child, "eligibility": eligibility, "in_touch": in_touch,
                "pathway_review_date": d(review) if review else None, "date_of_birth": d("2004-01-01")}

    es = extract_set(care_leavers=[
        leaver("L1", "Relevant", "2023-07-01"),  # within (2023-06-30, 2023-12-31]
        leaver("L2", "Former relevant", "2023-06-30"),  # a day too old
        leaver("L3", "Qualifying", "2023-12-01"),  # owed advice, not a pathway plan: out
        leaver("L4", "Eligible"),  # no review recorded
        leaver("L5", "Former relevant", "2023-12-01", in_touch="Died"),  # out
        leaver("L6", None, "2023-12-01"),  # blank eligibility: left out, counted
    ])
    cell = one_cell(es, "care_leavers_pathway_review_6m_pct", "2023-12-31", 12)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (1, 3, 100 / 3)
    assert _excluded(cell) == {"blank Eligibility Category": 1}
