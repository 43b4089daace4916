"""Library measures 30, 31 (List 5), 32 (List 6), 33, 34 (List 7), hand-made cases; population
10,000 (docs/measures.md)."""

from csc_scorecard.measures.series import measure_rows

from .extract_builders import TEST_LA, children, d, extract_set, one_cell
from .test_counted import _excluded


def s47(child, start, icpc=None, plan=None):
    return {"child_id": child, "s47_start_date": d(start), "icpc_date": d(icpc) if icpc else None,
            "icpc_resulted_in_plan": plan}


ENQUIRIES = [
    s47("A", "2023-10-02", "2023-10-20", plan="Yes"),  # ICPC in October
    s47("B", "2023-10-16", "2023-11-06", plan="No"),  # ICPC in November
    s47("C", "2023-10-20"),  # no ICPC (yet)
    s47("D", "2023-10-25", "2023-10-10", plan="Yes"),  # ICPC before the enquiry: data error
    s47("E", "2023-09-10", "2023-10-01", plan=None),  # ICPC held, outcome blank
]


def test_s47_leading_to_an_icpc_held_by_the_period_end():
    # enquiries started in Oct-Dec 2023 (3 months): A, B, C (D a data error) = 3; ICPC by 31 Dec: A, B -> 200/3
    cell = one_cell(extract_set(s47_icpc=ENQUIRIES), "s47_to_icpc_pct", "2023-12-31", 3)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 3, 200 / 3)
    assert _excluded(cell) == {"ICPC dated before its section 47 enquiry started": 1}


def test_an_icpc_after_the_period_end_does_not_count_at_it():
    # 1 month to 31 Oct: A, B, C started in October; only A's ICPC (20 Oct) is on or before 31 Oct.
    # B's (6 Nov) counts from the November period end on: the same enquiry, two answers by E.
    es = extract_set(s47_icpc=ENQUIRIES)
    october = one_cell(es, "s47_to_icpc_pct", "2023-10-31", 1)
    assert (october["numerator"], october["denominator"]) == (1, 3)
    three_to_november = one_cell(es, "s47_to_icpc_pct", "2023-11-30", 3)  # Sep-Nov: A, B, C, E; ICPCs A, B, E
    assert (three_to_november["numerator"], three_to_november["denominator"]) == (3, 4)
    rows = measure_rows(es, "s47_to_icpc_pct", d("2023-10-31"), 1, TEST_LA)
    assert children(rows, "numerator") == ["A"] and children(rows, "denominator") == ["A", "B", "C"]


def test_icpcs_resulting_in_a_plan():
    # ICPCs in Oct-Dec 2023: A (Yes), B (No), D (Yes: its date is the only one read, it counts),
    # E (blank outcome: left out, counted) -> 2 of 3
    cell = one_cell(extract_set(s47_icpc=ENQUIRIES), "icpc_to_plan_pct", "2023-12-31", 3)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 3, 200 / 3)
    assert _excluded(cell) == {
        "blank Did the Initial Child Protection Conference Result in a Child Protection Plan": 1
    }


def cin(child, start, closed=None, need="N1"):
    return {"child_id": child, "cin_start_date": d(start) if start else None,
            "cin_closure_date": d(closed) if closed else None, "primary_need": need}


def test_children_in_need_whose_primary_need_is_abuse_or_neglect():
    es = extract_set(children_in_need=[
        cin("A", "2023-01-01"),  # N1, open
        cin("B", "2023-02-01", need="N4"),  # open, family in acute stress
        cin("C", "2022-01-01", "2023-12-31"),  # closed on E: not open at E
        cin("D", None),  # blank start, not closed: open at every E (as measure 10)
        cin("E", "2023-03-01", need=None),  # blank need: left out, counted
        cin("F", "2021-01-01", "2022-01-01", need="N4"),  # F's earlier episode ...
        cin("F", "2023-05-01", need="N1"),  # ... and the open one
    ])
    # at 31 Dec 2023: A, B, D, F = 4 children; N1: A, D, F = 3 -> 75.0
    cell = one_cell(es, "cin_abuse_neglect_pct", "2023-12-31", 6)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (3, 4, 75.0)
    assert _excluded(cell) == {"blank Primary Need Code": 1}


def plan(child, start, end=None):
    return {"child_id": child, "cpp_start_date": d(start), "cpp_end_date": d(end) if end else None, "previous_cpps": 0}


def test_cp_plans_started_rate_counts_plans_not_children():
    es = extract_set(child_protection=[
        plan("A", "2023-02-01", "2023-05-01"),
        plan("A", "2023-09-01"),  # A's second plan in the year: counts again
        plan("B", "2023-12-31"),  # starts on E: in the window
        plan("C", "2022-12-31"),  # before the window
    ])
    # 12 months: 3 plans / 10,000 x 10,000 = 3.0; 6 months (Jul-Dec): 2 plans x 12/6 = 4.0
    twelve = one_cell(es, "cpp_started_rate", "2023-12-31", 12)
    six = one_cell(es, "cpp_started_rate", "2023-12-31", 6)
    assert (twelve["numerator"], twelve["value"], six["numerator"], six["value"]) == (3, 3.0, 2, 4.0)


CP_PLANS = [
    plan("A", "2021-12-31"),  # 2 years on 2023-12-31: lasted 2 years at E
    plan("B", "2022-01-01"),  # a day short of 2 years at E
    plan("C", "2020-02-29"),  # 29 Feb + 2 years = 28 Feb 2022: long at E
    plan("D", "2021-01-01", "2023-12-31"),  # ended on E: not open
    plan("E", "2023-12-31"),  # starts on E: open, 0 days
]


def test_open_plans_lasting_two_years_at_the_period_end():
    # open at 31 Dec 2023: A, B, C, E = 4; 2 years or more: A, C -> 50.0
    cell = one_cell(extract_set(child_protection=CP_PLANS), "cpp_open_2y_pct", "2023-12-31", 12)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 4, 50.0)


def test_one_plan_crosses_two_years_between_two_period_ends():
    # C (from 29 Feb 2020) is open at both ends: at 31 Jan 2022 it is not yet 2 years old,
    # at 28 Feb 2022 it is. Open then: A (from 2021-12-31), B (2022-01-01), C, D (2021-01-01) = 4;
    # none of A, B, D is 2 years old at either end.
    es = extract_set(child_protection=CP_PLANS)
    january = one_cell(es, "cpp_open_2y_pct", "2022-01-31", 1)
    february = one_cell(es, "cpp_open_2y_pct", "2022-02-28", 1)
    assert (january["numerator"], january["denominator"], february["numerator"], february["denominator"]) == (0, 4, 1, 4)
    rows = measure_rows(es, "cpp_open_2y_pct", d("2022-02-28"), 1, TEST_LA)
    assert children(rows, "numerator") == ["C"] and children(rows, "denominator") == ["A", "B", "C", "D"]


def test_no_plan_open_gives_no_value():
    # covered from 2021-01-01; at 31 Dec 2022 no plan of these is open yet
    es = extract_set(child_protection=[plan("A", "2023-03-01"), plan("B", "2023-06-01", "2023-09-01")])
    cell = one_cell(es, "cpp_open_2y_pct", "2022-12-31", 12)
    assert (cell["value"], cell["denominator"], cell["reason"]) == (None, 0, "zero denominator")
