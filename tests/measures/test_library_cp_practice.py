"""Library measures 72-79 (List 7) of the children on a plan at E: visited in the last 10
working days, seen alone, reviews up to date, latest category; hand-made cases, E = 2023-12-31
(docs/measures.md)."""

from csc_scorecard.measures.series import measure_rows

from .extract_builders import TEST_LA, children, d, extract_set, one_cell
from .test_counted import _excluded


def plan(child, start, end=None, visit=None, alone=None, review=None, category=None, extract_id=1):
    return {"child_id": child, "cpp_start_date": d(start), "cpp_end_date": d(end) if end else None,
            "last_statutory_visit_date": d(visit) if visit else None, "seen_alone": alone,
            "latest_review_date": d(review) if review else None, "latest_abuse_category": category,
            "previous_cpps": 0, "extract_id": extract_id}


# Working days up to E = Sun 2023-12-31 (25, 26 December are bank holidays): after 12 Dec: 13-15,
# 18-22, 27-29 = 11; after 13 Dec: 10; after 14 Dec: 9; after 20 Dec: 21, 22, 27-29 = 5.
# E - 3 months = 2023-09-30; E - 6 months = 2023-06-30.
PLANS = [
    plan("A", "2023-01-01", visit="2023-12-13", alone="Yes", review="2023-07-01", category="NEG"),  # WD 10
    plan("B", "2023-09-30", visit="2023-12-12", alone="No", category="EMO"),  # WD 11; 3 months old on E
    plan("C", "2023-10-01", category="PHY"),  # no visit yet; under 3 months old
    plan("D", "2022-01-01", visit="2023-12-31", review="2023-06-30", category="MUL"),  # WD 0; alone blank
    plan("F", "2021-05-01", "2023-12-31", visit="2023-06-01", alone="Yes", review="2023-06-01", category="NEG"),  # ended on E
    plan("G", "2023-05-01", visit="2023-12-20", alone="Unknown", review="2023-04-01"),  # WD 5; review of an earlier plan
    plan("H", "2023-11-01", visit="2023-12-14", alone="Yes", category="SAB"),  # WD 9
    plan("I", "2023-02-01", visit="2023-12-29", alone="Yes", review="2023-12-01", category="NEG"),  # WD 0
]


def _cell(measure_id):
    return one_cell(extract_set(child_protection=PLANS), measure_id, "2023-12-31", 12)


def test_children_on_a_plan_visited_in_the_last_10_working_days():
    # on a plan at E: A, B, C, D, G, H, I = 7 (F ended on E); visited: A (10), D (0), G (5), H (9),
    # I (0) = 5; B (11) and C (no visit) not -> 500/7
    cell = _cell("cpp_visited_10wd_pct")
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (5, 7, 500 / 7)
    rows = measure_rows(extract_set(child_protection=PLANS), "cpp_visited_10wd_pct", d("2023-12-31"), 12, TEST_LA)
    assert children(rows, "numerator") == ["A", "D", "G", "H", "I"]
    assert dict(zip(rows["child_id"], rows["working_days_since_visit"])) == {
        "A": 10, "B": 11, "C": None, "D": 0, "G": 5, "H": 9, "I": 0,
    }


def test_children_seen_alone_at_their_last_visit():
    # visited and answered: A (Yes), B (No), G (Unknown), H (Yes), I (Yes) = 5; Yes: 3 -> 60.0.
    # C has no visit, D no answer: left out and counted (as is F's row: the extract's rows are
    # checked before the plans open at E are chosen; F has both, so it is not)
    cell = _cell("cpp_seen_alone_pct")
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (3, 5, 60.0)
    assert _excluded(cell) == {"blank Date of the Last Statutory Visit": 1, "blank Was the Child Seen Alone?": 1}


def test_plans_of_three_months_or_more_reviewed_in_the_last_six_months():
    # started on or before 2023-09-30: A, B, D, G, I = 5 (C, H are younger); reviewed in
    # (2023-06-30, 2023-12-31] on or after the plan's start: A (1 Jul), I (1 Dec) = 2 -> 40.0.
    # B has no review; D's (30 Jun) is a day too old; G's (1 Apr) predates its plan
    cell = _cell("cpp_reviews_up_to_date_pct")
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 5, 40.0)
    rows = measure_rows(extract_set(child_protection=PLANS), "cpp_reviews_up_to_date_pct", d("2023-12-31"), 12, TEST_LA)
    assert children(rows, "numerator") == ["A", "I"] and children(rows, "denominator") == ["A", "B", "D", "G", "I"]


def test_plans_by_latest_category_add_up_to_all_the_children_with_a_category():
    # with a category at E: A, B, C, D, H, I = 6 (G blank: left out, counted)
    # NEG: A, I = 2; EMO: B; PHY: C; SAB: H; MUL: D
    expected = {"cpp_category_neglect_pct": 2, "cpp_category_emotional_pct": 1, "cpp_category_physical_pct": 1,
                "cpp_category_sexual_pct": 1, "cpp_category_multiple_pct": 1}
    for name, count in expected.items():
        cell = _cell(name)
        assert (cell["numerator"], cell["denominator"], cell["value"]) == (count, 6, count * 100 / 6), name
        assert _excluded(cell) == {"blank Latest Category of Abuse": 1}


def test_the_latest_category_is_read_from_the_extract_of_the_month():
    # one plan, listed as neglect in November's extract and as emotional abuse in December's
    es = extract_set(
        [{"extract_id": 1, "la_code": TEST_LA, "as_at": d("2023-11-30"), "period_start": d("2021-01-01")},
         {"extract_id": 2, "la_code": TEST_LA, "as_at": d("2023-12-31"), "period_start": d("2021-01-01")}],
        child_protection=[plan("A", "2023-01-01", category="NEG", extract_id=1),
                          plan("A", "2023-01-01", category="EMO", extract_id=2)],
    )
    november = one_cell(es, "cpp_category_neglect_pct", "2023-11-30", 1)
    december = one_cell(es, "cpp_category_neglect_pct", "2023-12-31", 1)
    assert (november["numerator"], november["denominator"], december["numerator"], december["denominator"]) == (1, 1, 0, 1)
