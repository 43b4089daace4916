"""Measures 14-21 (List 8), hand-made cases; population 10,000. One extract as at 2023-12-31,
so the attribute measures (15-18) read it for period ends in December 2023."""

from csc_scorecard.measures.combine import combine
from csc_scorecard.measures.series import measure_rows

from .extract_builders import TEST_LA, children, d, extract_set, one_cell


def cla(child, start, ceased=None, status="C2", reason=None, dob=None, **extra):
    row = {
        "child_id": child,
        "cla_start_date": d(start),
        "cla_ceased_date": d(ceased) if ceased else None,
        "legal_status": status,
        "reason_ceased": reason,
        "date_of_birth": d(dob) if dob else None,
    }
    for name, value in extra.items():
        row[name] = d(value) if name.endswith("_date") and value else value
    return row


def test_looked_after_stock_leaves_out_short_breaks():
    es = extract_set(
        children_in_care=[
            cla("V", "2022-01-01"),  # looked after
            cla("W", "2023-01-01", status="V3"),  # short breaks only: not counted
            cla("X", "2023-02-01", status="V4"),  # short breaks ...
            cla("X", "2023-06-01", status="C1"),  # ... and an interim care order: counted once
            cla("Y", "2023-03-01", "2023-12-31"),  # ceased on E: not looked after at E
        ]
    )
    # at 2023-12-31: V, X = 2 -> 2.0 per 10,000
    cell = one_cell(es, "cla_rate", "2023-12-31", 12)
    assert (cell["numerator"], cell["value"]) == (2, 2.0)
    assert children(measure_rows(es, "cla_rate", d("2023-12-31"), 12, TEST_LA), "numerator") == ["V", "X"]


MISSING_ABSENT = [
    # 6 months to 2023-12-31: S = 2023-07-01
    cla("A", "2022-01-01", missing_episodes_12m=2, absent_episodes_12m=0),  # in care: missing
    cla("B", "2023-03-01", "2023-07-01", missing_episodes_12m=0, absent_episodes_12m=1),  # ceased on S: in
    cla("C", "2023-01-01", "2023-06-30", missing_episodes_12m=5, absent_episodes_12m=5),  # ceased before S
    cla("D", "2023-12-31", missing_episodes_12m=0, absent_episodes_12m=0),  # started on E: in
    cla("SB", "2022-01-01", status="V3", missing_episodes_12m=3, absent_episodes_12m=3),  # short breaks
]


def test_missing_and_absent():
    es = extract_set(children_in_care=MISSING_ABSENT)
    # denominator: A, B, D = 3. Missing: A = 1 -> 100/3. Absent: B = 1 -> 100/3.
    missing = one_cell(es, "cla_missing_pct", "2023-12-31", 6)
    absent = one_cell(es, "cla_absent_pct", "2023-12-31", 6)
    assert (missing["numerator"], missing["denominator"], missing["value"]) == (1, 3, 100 / 3)
    assert (absent["numerator"], absent["denominator"], absent["value"]) == (1, 3, 100 / 3)
    assert children(measure_rows(es, "cla_missing_pct", d("2023-12-31"), 6, TEST_LA), "denominator") == ["A", "B", "D"]


def test_attribute_measure_without_an_extract_in_the_month_is_absent():
    es = extract_set(children_in_care=MISSING_ABSENT)
    cell = one_cell(es, "cla_missing_pct", "2023-11-30", 6)
    assert (cell["value"], cell["numerator"], cell["reason"]) == (None, None, "no extract in this month")


HEALTH = [
    # E = 2023-12-31; E - 12 months = 2022-12-31; E - 6 months = 2023-06-30
    # F: looked after from exactly E - 12 months; dental 2023-01-01 is in (2022-12-31, E];
    #    aged 13, health 2022-12-31 is not in (2022-12-31, E]
    cla("F", "2022-12-31", dob="2010-05-05", last_dental_check_date="2023-01-01", last_health_assessment_date="2022-12-31"),
    # G: looked after for less than 12 months
    cla("G", "2023-01-01", dob="2010-05-05", last_dental_check_date="2023-06-01", last_health_assessment_date="2023-06-01"),
    # H: ceased on E
    cla("H", "2020-01-01", "2023-12-31", dob="2010-05-05", last_dental_check_date="2023-06-01"),
    # I: under 5 (aged 3); health assessment 2023-05-31, seven months ago: outside (E - 6 months, E]
    #    (it would count for a child of 5); dental 2023-05-31 is within 12 months
    cla("I", "2021-01-01", dob="2020-03-01", last_dental_check_date="2023-05-31", last_health_assessment_date="2023-05-31"),
    # J: under 5 (aged 4), health 2023-07-01: within six months
    cla("J", "2021-01-01", dob="2019-06-01", last_health_assessment_date="2023-07-01"),
    # K: blank date of birth: counted as aged 5 or over; health 2023-02-01 within 12 months
    cla("K", "2021-01-01", last_health_assessment_date="2023-02-01"),
    # L: aged exactly 5 at E (born 2018-12-31): the 12-month rule; health 2023-03-01
    cla("L", "2021-01-01", dob="2018-12-31", last_health_assessment_date="2023-03-01"),
    # M: short breaks
    cla("M", "2020-01-01", status="V4", dob="2010-01-01", last_dental_check_date="2023-06-01", last_health_assessment_date="2023-06-01"),
]


def test_dental_checks():
    es = extract_set(children_in_care=HEALTH)
    # denominator: F, I, J, K, L = 5; numerator (dental in the last 12 months): F, I = 2
    cell = one_cell(es, "cla_dental_pct", "2023-12-31", 6)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 5, 40.0)
    assert cell["window_start"] == d("2023-12-31")  # a snapshot


def test_health_assessments_six_monthly_for_under_fives():
    es = extract_set(children_in_care=HEALTH)
    # denominator as dental (5); numerator: J (under 5, within 6 months), K (blank date of
    # birth, within 12 months), L (aged 5, within 12 months) = 3 -> 60.0
    cell = one_cell(es, "cla_health_pct", "2023-12-31", 12)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (3, 5, 60.0)
    rows = measure_rows(es, "cla_health_pct", d("2023-12-31"), 12, TEST_LA)
    assert children(rows, "numerator") == ["J", "K", "L"]
    assert dict(zip(rows["child_id"], rows["age_at_period_end"], strict=True)) == {
        "F": 13, "I": 3, "J": 4, "K": None, "L": 5,
    }
    blank = [i for i in combine(es).issues if i.column == "Date of Birth"]
    assert [i.row for i in blank] == [7]  # K, the 6th data row


CEASED = [
    # 6 months to 2023-12-31: 2023-07-01 .. 2023-12-31
    cla("N", "2020-01-01", "2023-08-01", reason="E11", dob="2007-08-01"),  # adopted; aged exactly 16
    cla("O", "2020-01-01", "2023-09-01", reason="E12", dob="2005-09-01"),  # adopted; aged exactly 18
    cla("P", "2020-01-01", "2023-10-01", reason="E45", dob="2005-10-02"),  # SGO; 18 tomorrow: 17
    cla("Q", "2020-01-01", "2023-07-15", reason="E11", dob="2010-01-01"),  # ceased twice: the
    cla("Q", "2023-08-01", "2023-11-01", reason="E4A", dob="2010-01-01"),  # latest (E4A) counts
    cla("R", "2020-01-01", "2023-09-01", status="V3", reason="E11", dob="2005-01-01"),  # short breaks
    cla("BEFORE", "2020-01-01", "2023-06-30", reason="E11", dob="2005-01-01"),  # before the window
    cla("T", "2020-01-01", "2023-08-01", reason="E13", dob="2007-08-02"),  # 16 tomorrow: aged 15
    cla("U", "2023-10-01", "2023-09-15", reason="E17", dob="2005-01-01"),  # ceased before it started
    cla("V", "2020-01-01", "2023-11-15", reason="E17"),  # blank date of birth
]


def test_ceased_adopted_and_sgo():
    es = extract_set(children_in_care=CEASED)
    # denominator: N, O, P, Q, T, U, V = 7 children (Q once; R short breaks; BEFORE before the window)
    adopted = one_cell(es, "cla_ceased_adopted_pct", "2023-12-31", 6)
    sgo = one_cell(es, "cla_ceased_sgo_pct", "2023-12-31", 6)
    # adopted: N, O = 2 (Q's latest ceasing is E4A); SGO: P = 1
    assert (adopted["numerator"], adopted["denominator"], adopted["value"]) == (2, 7, 100 * 2 / 7)
    assert (sgo["numerator"], sgo["denominator"], sgo["value"]) == (1, 7, 100 / 7)
    rows = measure_rows(es, "cla_ceased_adopted_pct", d("2023-12-31"), 6, TEST_LA)
    assert rows.filter(rows["child_id"] == "Q")["reason_ceased"].to_list() == ["E4A"]


def test_ceased_aged_16_plus_who_stayed_until_18():
    es = extract_set(children_in_care=CEASED)
    # denominator: aged 16+ at ceasing: N (16), O (18), P (17) = 3 (T is 15, Q 13; U is a
    # data error and V has no date of birth: both left out); numerator: O = 1
    cell = one_cell(es, "cla_ceased_16plus_to18_pct", "2023-12-31", 6)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (1, 3, 100 / 3)
    rows = measure_rows(es, "cla_ceased_16plus_to18_pct", d("2023-12-31"), 6, TEST_LA)
    assert dict(zip(rows["child_id"], rows["age_at_ceasing"], strict=True)) == {"N": 16, "O": 18, "P": 17}
    issues = combine(es).issues
    assert [i.row for i in issues if "ceased to be looked after before it started" in i.message] == [10]
    assert [i.row for i in issues if i.column == "Date of Birth"] == [11]
