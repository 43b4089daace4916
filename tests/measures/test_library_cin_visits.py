"""Library measures 70 and 71 (List 6): children in need not seen in the last 20 working days at
E, and CIN closures; hand-made cases, population 10,000 (docs/measures.md)."""

from csc_scorecard.measures.series import measure_rows

from .extract_builders import TEST_LA, children, d, extract_set, one_cell


def cin(child, start, closed=None, seen=None):
    return {"child_id": child, "cin_start_date": d(start) if start else None,
            "cin_closure_date": d(closed) if closed else None, "last_seen_date": d(seen) if seen else None,
            "primary_need": "N1"}


# E = 2023-12-31 (a Sunday). Working days after 2023-11-28 up to E: 29, 30 Nov; 1, 4-8, 11-15,
# 18-22, 27-29 Dec (25 and 26 December are bank holidays) = 2 + 1 + 5 + 5 + 5 + 3 = 21.
CASES = [
    cin("A", "2023-01-01", seen="2023-11-29"),  # WD(29 Nov, E) = 20: seen
    cin("B", "2023-01-01", seen="2023-11-28"),  # WD = 21: not seen
    cin("C", "2023-06-01"),  # never seen on record: counts as not seen
    cin("D", "2023-01-01", "2023-12-31", seen="2023-10-01"),  # closed on E: not open
    cin("E", None, seen="2023-12-31"),  # blank start counts as open (as measure 10); seen on E: WD = 0
    cin("G", "2022-01-01", "2022-06-01", seen="2022-05-01"),  # G's closed episode ...
    cin("G", "2023-03-01", seen="2023-12-15"),  # ... and the open one, seen: WD = 8
]


def test_children_in_need_not_seen_in_the_last_20_working_days():
    # open at E: A, B, C, E, G = 5; not seen within 20 working days: B, C -> 40.0
    es = extract_set(children_in_need=CASES)
    cell = one_cell(es, "cin_not_seen_20wd_pct", "2023-12-31", 12)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 5, 40.0)
    rows = measure_rows(es, "cin_not_seen_20wd_pct", d("2023-12-31"), 12, TEST_LA)
    assert children(rows, "numerator") == ["B", "C"] and children(rows, "denominator") == ["A", "B", "C", "E", "G"]
    assert dict(zip(rows["child_id"], rows["working_days_since_seen"])) == {"A": 20, "B": 21, "C": None, "E": 0, "G": 8}


def test_not_seen_is_read_from_the_extract_of_the_month_only():
    # the only extract is at 31 Dec 2023: at 30 Nov no extract of that month, no figure
    cell = one_cell(extract_set(children_in_need=CASES), "cin_not_seen_20wd_pct", "2023-11-30", 12)
    assert (cell["value"], cell["reason"]) == (None, "no extract in this month")


def test_cin_closures_rate_counts_episodes_closed_in_the_window():
    es = extract_set(children_in_need=[
        cin("A", "2023-01-01", "2023-12-31"),  # closed on E
        cin("B", "2023-01-01", "2023-07-01"),  # first day of the 6-month window
        cin("C", "2023-01-01", "2023-06-30"),  # the day before it
        cin("D", "2022-01-01", "2023-01-01"),  # first day of the 12-month window
        cin("D", "2021-01-01", "2022-12-31"),  # D's earlier episode: closed before the 12 months
        cin("F", "2023-10-01", "2023-09-01"),  # closed before it started: only the closure is read, counts
        cin("H", "2023-02-01"),  # open
    ])
    # 12 months: A, B, C, D, F = 5 -> 5 / 10,000 x 10,000 = 5.0
    # 6 months (Jul-Dec): A, B, F = 3 -> 3 x 12/6 = 6.0
    twelve = one_cell(es, "cin_closures_rate", "2023-12-31", 12)
    six = one_cell(es, "cin_closures_rate", "2023-12-31", 6)
    assert (twelve["numerator"], twelve["value"], six["numerator"], six["value"]) == (5, 5.0, 3, 6.0)
    rows = measure_rows(es, "cin_closures_rate", d("2023-12-31"), 6, TEST_LA)
    assert children(rows, "numerator") == ["A", "B", "F"]
