"""Measures 5, 8, 9 (List 5) and 11, 12, 13 (List 7), hand-made cases; population 10,000."""

from csc_scorecard.measures.combine import combine
from csc_scorecard.measures.series import measure_rows

from .extract_builders import TEST_LA, children, d, extract_set, one_cell


def s47(child, start, icpc=None):
    return {"child_id": child, "s47_start_date": d(start), "icpc_date": d(icpc) if icpc else None}


S47S = [
    # Fri 2023-09-01 -> Fri 2023-09-22: Sep 4-8, 11-15, 18-22 = 15 working days
    s47("WD15", "2023-09-01", "2023-09-22"),
    # -> Mon 2023-09-25: 16
    s47("WD16", "2023-09-01", "2023-09-25"),
    # Fri 2022-12-16 -> Wed 2023-01-11 across Christmas: Dec 19-23 (5); Mon 26 Boxing Day and
    # Tue 27 (Christmas substitute) not; Dec 28-30 (8); Mon 2 Jan (New Year substitute) not;
    # Jan 3-6 (12); Jan 9, 10, 11 (15). The s47 started before the window, the ICPC is in it.
    s47("XMAS15", "2022-12-16", "2023-01-11"),
    # same-day conference: WD = 0
    s47("SAME", "2023-10-10", "2023-10-10"),
    # ICPC dated before the s47 start: data error (out of 9; still an s47 and an ICPC)
    s47("ERR", "2023-06-10", "2023-06-05"),
    # no conference yet
    s47("NOICPC", "2023-11-01"),
]


def test_s47_rate_counts_enquiries_started_in_the_window():
    # s47 starts in 2023: WD15, WD16, SAME, ERR, NOICPC = 5 (XMAS15 started 2022-12-16)
    cell = one_cell(extract_set(s47_icpc=S47S), "s47_rate", "2023-12-31", 12)
    assert (cell["numerator"], cell["value"]) == (5, 5.0)


def test_icpc_rate_counts_conferences_in_the_window():
    # ICPCs in 2023: WD15, WD16, XMAS15, SAME, ERR = 5 (ERR reads one date only, so counts)
    cell = one_cell(extract_set(s47_icpc=S47S), "icpc_rate", "2023-12-31", 12)
    assert (cell["numerator"], cell["value"]) == (5, 5.0)
    # 6 months (Jul-Dec 2023): WD15, WD16, SAME = 3; 3 x 12/6 = 6.0
    six = one_cell(extract_set(s47_icpc=S47S), "icpc_rate", "2023-12-31", 6)
    assert (six["numerator"], six["value"]) == (3, 6.0)


def test_icpcs_within_15_working_days():
    es = extract_set(s47_icpc=S47S)
    # denominator: WD15, WD16, XMAS15, SAME = 4 (ERR excluded); numerator WD15, XMAS15, SAME = 3
    cell = one_cell(es, "icpc_15wd_pct", "2023-12-31", 12)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (3, 4, 75.0)
    rows = measure_rows(es, "icpc_15wd_pct", d("2023-12-31"), 12, TEST_LA)
    assert dict(zip(rows["child_id"], rows["working_days"], strict=True)) == {
        "WD15": 15, "WD16": 16, "XMAS15": 15, "SAME": 0,
    }
    issues = [i for i in combine(es).issues if "ICPC dated before" in i.message]
    assert [(i.sheet, i.row, i.value) for i in issues] == [("List 5", 6, "2023-06-05")]


def plan(child, start, end=None, previous=0):
    return {"child_id": child, "cpp_start_date": d(start), "cpp_end_date": d(end) if end else None, "previous_cpps": previous}


def test_cp_plan_stock_counts_distinct_children_with_a_plan_open():
    es = extract_set(
        child_protection=[
            plan("H", "2022-05-01"),  # open
            plan("I", "2023-12-31"),  # starts on E: open at E
            plan("J", "2023-01-01", "2023-12-31"),  # ends on E: not open at E
            plan("K", "2021-01-01", "2021-06-01"),  # K's earlier plan, closed
            plan("K", "2023-02-01"),  # K open
        ]
    )
    # at 2023-12-31: H, I, K = 3 children; a stock is not annualised, whatever the window
    for months in (12, 6):
        cell = one_cell(es, "cpp_rate", "2023-12-31", months)
        assert (cell["numerator"], cell["denominator"], cell["value"]) == (3, 10_000, 3.0)
        assert cell["window_start"] == d("2023-12-31")
    # at 2023-06-30: H, J, K = 3 (I not started)
    rows = measure_rows(es, "cpp_rate", d("2023-06-30"), 12, TEST_LA)
    assert children(rows, "numerator") == ["H", "J", "K"]


def test_repeat_plans():
    es = extract_set(
        child_protection=[
            plan("L", "2021-04-01", "2021-10-01"),  # L's earlier plan, in the loaded data
            plan("L", "2023-03-01", previous=0),  # numerator: an earlier plan is loaded
            plan("M", "2023-05-01", previous=1),  # numerator: the file says so
            plan("N", "2023-06-01", previous=0),  # first plan
            plan("O", "2022-12-31", previous=3),  # started before the window
        ]
    )
    # denominator: plans started in 2023 = L, M, N = 3; numerator L, M = 2
    cell = one_cell(es, "cpp_repeat_pct", "2023-12-31", 12)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 3, 100 * 2 / 3)


def test_plans_lasting_two_years():
    es = extract_set(
        child_protection=[
            plan("P", "2021-03-10", "2023-03-10"),  # exactly 2 years: numerator
            plan("Q", "2021-03-10", "2023-03-09"),  # 2 years less a day: not
            plan("T", "2023-05-01", "2023-04-01"),  # ended before it started: excluded, reported
            plan("U", "2021-01-01"),  # still open
        ]
    )
    cell = one_cell(es, "cpp_ended_2y_pct", "2023-12-31", 12)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (1, 2, 50.0)
    issues = [i for i in combine(es).issues if "plan ended before it started" in i.message]
    assert [(i.row, i.column) for i in issues] == [(4, "Child Protection Plan End Date")]


def test_plan_starting_29_february():
    # 2020-02-29 + 2 years = 2022-02-28: a plan ending then lasted 2 years; one a day earlier not
    es = extract_set(
        child_protection=[plan("R", "2020-02-29", "2022-02-28"), plan("S", "2020-02-29", "2022-02-27")]
    )
    cell = one_cell(es, "cpp_ended_2y_pct", "2022-12-31", 12)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (1, 2, 50.0)
