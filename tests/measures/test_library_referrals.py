"""Library measures 24-27 (List 3) and 28-29 (List 4), hand-made cases (docs/measures.md)."""

from csc_scorecard.measures.series import measure_rows

from .extract_builders import TEST_LA, children, d, extract_set, one_cell
from .test_counted import _excluded


def referral(child, day, source="1A", nfa="No"):
    return {"child_id": child, "referral_date": d(day), "referral_source": source, "referral_nfa": nfa}


REFERRALS = [
    referral("A", "2023-03-01", source="6", nfa="Yes"),  # police, NFA
    referral("B", "2023-07-10", source="6"),  # police (the store holds the code the loader read)
    referral("C", "2023-08-01", source="2A", nfa="Yes"),  # school, NFA
    referral("D", "2023-09-01", source="2B"),  # education services: not a school
    referral("E", "2023-10-01", source="3A", nfa="Unknown"),  # GP: health; NFA unknown
    referral("F", "2023-11-01", source="3F"),  # other health
    referral("G", "2023-12-01", source="10"),  # unknown source: in the denominator
    referral("H", "2022-12-31", source="6", nfa="Yes"),  # before the 12-month window
]


def test_referrals_nfa_counts_yes_of_all_referrals_in_the_window():
    # 2023: A-G = 7 referrals; NFA Yes: A, C = 2 (E's Unknown is not Yes) -> 200/7
    cell = one_cell(extract_set(referrals=REFERRALS), "referrals_nfa_pct", "2023-12-31", 12)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 7, 200 / 7)


def test_referrals_nfa_leaves_a_blank_answer_out_and_counts_it():
    es = extract_set(referrals=[referral("A", "2023-05-01", nfa="Yes"), referral("B", "2023-05-02", nfa=None)])
    # B has no answer: out of both, counted; A: 1 of 1
    cell = one_cell(es, "referrals_nfa_pct", "2023-05-31", 1)
    assert (cell["numerator"], cell["denominator"], _excluded(cell)) == (1, 1, {"blank Referral NFA?": 1})


def test_referrals_from_the_police():
    # police (code 6): A, B of A-G -> 200/7; H is before the window
    cell = one_cell(extract_set(referrals=REFERRALS), "referrals_police_pct", "2023-12-31", 12)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 7, 200 / 7)


def test_referrals_from_schools_are_2a_only():
    # 2A: C only; D (2B, education services) is not a school -> 100/7
    es = extract_set(referrals=REFERRALS)
    cell = one_cell(es, "referrals_schools_pct", "2023-12-31", 12)
    assert (cell["numerator"], cell["denominator"]) == (1, 7)
    rows = measure_rows(es, "referrals_schools_pct", d("2023-12-31"), 12, TEST_LA)
    assert children(rows, "numerator") == ["C"] and len(children(rows, "denominator")) == 7


def test_referrals_from_health_are_the_3_group():
    # 3A (E) and 3F (F) = 2 of 7
    cell = one_cell(extract_set(referrals=REFERRALS), "referrals_health_pct", "2023-12-31", 12)
    assert (cell["numerator"], cell["denominator"]) == (2, 7)


def test_a_referral_counts_in_each_window_that_holds_it():
    # 6-month windows: to 2023-06-30 holds A (police) alone -> 100%; to 2023-12-31 holds B-G: B -> 100/6
    es = extract_set(referrals=REFERRALS)
    first = one_cell(es, "referrals_police_pct", "2023-06-30", 6)
    second = one_cell(es, "referrals_police_pct", "2023-12-31", 6)
    assert (first["numerator"], first["denominator"], second["numerator"], second["denominator"]) == (1, 1, 1, 6)


def test_a_source_share_of_an_empty_window_has_no_value():
    # no referral in January 2023: zero denominator, no value (never 0)
    cell = one_cell(extract_set(referrals=REFERRALS), "referrals_health_pct", "2023-01-31", 1)
    assert (cell["value"], cell["denominator"], cell["reason"]) == (None, 0, "zero denominator")


def assessment(child, start, authorised=None, seen="Yes", support="Yes"):
    return {
        "child_id": child,
        "assessment_start_date": d(start),
        "assessment_authorised_date": d(authorised) if authorised else None,
        "child_seen": seen,
        "requires_support": support,
    }


ASSESSMENTS = [
    assessment("A", "2023-06-01", "2023-07-15", seen="Yes", support="No"),
    assessment("B", "2023-08-01", "2023-09-01", seen="No", support="Yes"),
    assessment("C", "2023-09-01", "2023-10-01", seen="Unknown", support="No"),
    assessment("D", "2023-11-01", "2023-10-25", seen="Yes", support="Yes"),  # authorised before start: still counts
    assessment("E", "2023-11-01", seen="Yes", support=None),  # open: not completed
    assessment("F", "2023-10-01", "2023-11-20", seen=None, support=None),  # blank answers: left out, counted
]


def test_assessments_child_seen():
    # completed Jul-Dec 2023 with an answer: A, B, C, D = 4; seen: A, D = 2 -> 50.0; F blank: out
    cell = one_cell(extract_set(assessments=ASSESSMENTS), "assessments_child_seen_pct", "2023-12-31", 6)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 4, 50.0)
    assert _excluded(cell) == {"blank Child Seen During Continuous Assessment": 1}


def test_assessments_finding_no_support_needed():
    # A, B, C, D completed with an answer; requires support = No: A, C = 2 of 4 -> 50.0
    es = extract_set(assessments=ASSESSMENTS)
    cell = one_cell(es, "assessments_no_support_pct", "2023-12-31", 6)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 4, 50.0)
    rows = measure_rows(es, "assessments_no_support_pct", d("2023-12-31"), 6, TEST_LA)
    assert children(rows, "numerator") == ["A", "C"]
    assert children(rows, "denominator") == ["A", "B", "C", "D"]
