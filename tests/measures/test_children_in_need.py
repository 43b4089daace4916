"""Measure 10 (List 6), a hand-made case; population 10,000."""

from csc_scorecard.measures.combine import combine
from csc_scorecard.measures.series import compute_series, measure_rows

from .extract_builders import POPULATION_10000, TEST_LA, children, d, extract_set


def episode(child, start, closure=None):
    return {"child_id": child, "cin_start_date": d(start) if start else None, "cin_closure_date": d(closure) if closure else None}


EPISODES = [
    episode("A", "2023-01-10"),  # open throughout 2023
    episode("B", "2023-02-01", "2023-06-30"),  # closes on 2023-06-30: not open at that E
    episode("C", "2023-12-31"),  # starts on E
    episode("D", None, "2023-09-01"),  # blank start: open at every E before its closure
    episode("E", "2023-03-01"),  # two open episodes of one child: counted once
    episode("E", "2023-05-01"),
    episode("F", "2023-05-01", "2023-04-01"),  # closed before it started: never open
    episode("G", "2023-06-30", "2023-07-01"),  # open at 2023-06-30 (closure after E)
]


def test_cin_snapshot_counts_distinct_children():
    es = extract_set(children_in_need=EPISODES)
    series = compute_series(es, "cin_rate", [d("2023-06-30"), d("2023-12-31")], [6, 12], population=POPULATION_10000)
    got = {(r["period_end"], r["months"]): (r["numerator"], r["value"]) for r in series.iter_rows(named=True)}
    # 2023-06-30: A, D, E, G = 4 -> 4.0 (a snapshot: 6 months is not doubled)
    # 2023-12-31: A, C, E = 3 -> 3.0
    assert got == {
        (d("2023-06-30"), 6): (4, 4.0),
        (d("2023-06-30"), 12): (4, 4.0),
        (d("2023-12-31"), 6): (3, 3.0),
        (d("2023-12-31"), 12): (3, 3.0),
    }
    assert children(measure_rows(es, "cin_rate", d("2023-06-30"), 12, TEST_LA), "numerator") == ["A", "D", "E", "G"]


def test_cin_reports_blank_start_second_open_episode_and_closure_before_start():
    issues = combine(extract_set(children_in_need=EPISODES)).issues
    messages = sorted((i.row, i.message.split(": ", 1)[1]) for i in issues)
    assert messages == [
        (5, "blank CIN start date; counted as open at every date up to its closure"),
        (7, "a second CIN episode open at the same time as another of the same child; the child is counted once"),
        (8, "closed before it started; left out of measures 10 and 32 (never open)"),  # 32: library
    ]
