"""Measures 3 and 4 (List 4), hand-made cases; 12 months to 2023-12-31, population 10,000."""

from csc_scorecard.measures.combine import combine
from csc_scorecard.measures.series import measure_rows

from .extract_builders import TEST_LA, children, d, extract_set, one_cell


def assessment(child, start, authorised):
    return {
        "child_id": child,
        "assessment_start_date": d(start),
        "assessment_authorised_date": d(authorised) if authorised else None,
    }


ASSESSMENTS = [
    # same-day completion: WD = 0
    assessment("SAME", "2023-10-02", "2023-10-02"),
    # Fri 2023-09-01 -> Fri 2023-11-03: Mon 4 Sep - Fri 27 Oct is 8 full weeks = 40 working
    # days; Mon 30, Tue 31 Oct, Wed 1, Thu 2, Fri 3 Nov make 45. No bank holiday in between.
    assessment("WD45", "2023-09-01", "2023-11-03"),
    # authorised on Sat 2023-11-04: the Saturday is not a working day, WD is still 45
    assessment("SAT45", "2023-09-01", "2023-11-04"),
    # Mon 2023-11-06: WD = 46
    assessment("WD46", "2023-09-01", "2023-11-06"),
    # Fri 2023-03-31 -> Fri 2023-06-09 crosses Good Friday 7 Apr, Easter Monday 10 Apr, May Day
    # 1 May, the Coronation 8 May and Spring bank holiday 29 May:
    # Apr 3-6 (4), 11-14 (8), 17-21 (13), 24-28 (18), May 2-5 (22), 9-12 (26), 15-19 (31),
    # 22-26 (36), May 30 - Jun 2 (40), Jun 5-9 (45). WD = 45 (it would be 50 without holidays).
    assessment("HOL45", "2023-03-31", "2023-06-09"),
    # Mon 2023-06-12: WD = 46
    assessment("HOL46", "2023-03-31", "2023-06-12"),
    # authorised before it started: a data error, out of measure 4 but still completed (3)
    assessment("ERR", "2023-05-10", "2023-05-01"),
    # still open: in neither
    assessment("OPEN", "2023-12-01", None),
    # completed before the window
    assessment("OLD", "2022-11-01", "2022-12-30"),
]


def test_assessment_rate_counts_authorisations_in_the_window():
    es = extract_set(assessments=ASSESSMENTS)
    # 2023: SAME, WD45, SAT45, WD46, HOL45, HOL46, ERR = 7; 7 x 12/12 = 7.0
    cell = one_cell(es, "assessments_rate", "2023-12-31", 12)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (7, 10_000, 7.0)


def test_assessments_within_45_working_days():
    es = extract_set(assessments=ASSESSMENTS)
    # denominator: the 7 above less ERR = 6; numerator: SAME (0), WD45, SAT45, HOL45 = 4
    cell = one_cell(es, "assessments_45wd_pct", "2023-12-31", 12)
    assert (cell["numerator"], cell["denominator"]) == (4, 6)
    assert cell["value"] == 100 * 4 / 6
    rows = measure_rows(es, "assessments_45wd_pct", d("2023-12-31"), 12, TEST_LA)
    assert children(rows, "numerator") == ["HOL45", "SAME", "SAT45", "WD45"]
    days = dict(zip(rows["child_id"], rows["working_days"], strict=True))
    assert days == {"SAME": 0, "WD45": 45, "SAT45": 45, "WD46": 46, "HOL45": 45, "HOL46": 46}


def test_authorisation_before_start_is_reported_without_child_data():
    es = extract_set(assessments=ASSESSMENTS)
    issues = [i for i in combine(es).issues if "authorised before it started" in i.message]
    assert len(issues) == 1
    assert issues[0].sheet == "List 4"
    assert issues[0].row == 8  # ERR is the 7th data row: spreadsheet row 8
    assert issues[0].column == "Continuous Assessment Date of Authorisation"
    assert issues[0].value == "2023-05-01"
    assert "ERR" not in str(issues[0])
