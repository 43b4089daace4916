"""Library measures 59 (referrals of children already open as CIN), 60 (assessments open past
45 working days), 61 (repeat section 47 enquiries) and 62 (open children with no allocated
worker), hand-made cases (docs/measures.md)."""

from csc_scorecard.measures.series import REASON_NOT_COVERED, compute_series, measure_rows

from .extract_builders import POPULATION_10000, TEST_LA, children, d, extract_set, one_cell


def referral(child, day):
    return {"child_id": child, "referral_date": d(day), "referral_source": "1A", "referral_nfa": "No"}


def cin(child, start, closed=None, worker=None):
    return {"child_id": child, "cin_start_date": d(start) if start else None,
            "cin_closure_date": d(closed) if closed else None, "primary_need": "N1", "allocated_worker": worker}


def test_referrals_of_children_already_open_as_children_in_need():
    es = extract_set(
        referrals=[
            referral("A", "2023-05-01"),  # CIN open since January: already open
            referral("B", "2023-05-01"),  # the episode it opened starts on the referral date: not
            referral("C", "2023-06-01"),  # episode closed on the referral date: not
            referral("D", "2023-06-01"),  # episode closed the day after: already open
            referral("E", "2023-07-01"),  # episode with a blank start, closed in August: open
            referral("F", "2023-07-01"),  # no episode
        ],
        children_in_need=[
            cin("A", "2023-01-01"),
            cin("B", "2023-05-01"),
            cin("C", "2022-01-01", "2023-06-01"),
            cin("D", "2022-01-01", "2023-06-02"),
            cin("E", None, "2023-08-01"),
        ],
    )
    # 2023: 6 referrals; already open: A, D, E -> 50.0
    cell = one_cell(es, "referrals_open_cin_pct", "2023-12-31", 12)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (3, 6, 50.0)
    rows = measure_rows(es, "referrals_open_cin_pct", d("2023-12-31"), 12, TEST_LA)
    assert children(rows, "numerator") == ["A", "D", "E"]


def assessment(child, start, authorised=None, worker=None):
    return {"child_id": child, "assessment_start_date": d(start),
            "assessment_authorised_date": d(authorised) if authorised else None, "allocated_worker": worker}


# WD(start, 31 Dec 2023): November has 22 weekdays; December 21 less Christmas Day and Boxing Day = 19.
OPEN_ASSESSMENTS = [
    assessment("A", "2023-10-20"),  # Fri: 23-27, 30, 31 Oct = 7; 7 + 22 + 19 = 48 > 45
    assessment("B", "2023-10-25"),  # Wed: 26, 27, 30, 31 Oct = 4; 45: not more than 45
    assessment("C", "2023-10-24"),  # Tue: 5 + 22 + 19 = 46 > 45
    assessment("D", "2023-06-01", "2023-12-31"),  # authorised on E: not open at E
]


def test_assessments_open_more_than_45_working_days_at_the_period_end():
    es = extract_set(assessments=OPEN_ASSESSMENTS)
    cell = one_cell(es, "assessments_open_past_45wd", "2023-12-31", 6)
    assert (cell["numerator"], cell["value"]) == (2, 2.0)  # A and C
    rows = measure_rows(es, "assessments_open_past_45wd", d("2023-12-31"), 6, TEST_LA)
    assert children(rows, "numerator") == ["A", "C"]
    assert dict(zip(rows["child_id"], rows["working_days_open"])) == {"A": 48, "B": 45, "C": 46}


def test_open_assessments_are_read_from_the_extract_of_the_month_only():
    # the only extract is as at 31 Dec: a 30 Nov period end has none of its own
    cell = one_cell(extract_set(assessments=OPEN_ASSESSMENTS), "assessments_open_past_45wd", "2023-11-30", 6)
    assert (cell["value"], cell["reason"]) == (None, "no extract in this month")


def s47(child, start):
    return {"child_id": child, "s47_start_date": d(start)}


ENQUIRIES = [
    s47("A", "2022-08-01"), s47("A", "2023-08-01"),  # exactly 12 months after the previous: a repeat
    s47("B", "2022-07-31"), s47("B", "2023-08-01"),  # 12 months and a day: not a repeat
    s47("C", "2023-09-01"), s47("C", "2023-10-01"),  # the second is a repeat of the first
    s47("D", "2023-11-01"),
]


def test_section_47_enquiries_with_another_in_the_previous_12_months():
    es = extract_set(s47_icpc=ENQUIRIES)
    # Jul-Dec 2023: A, B, C (twice), D = 5; repeats: A's and C's second -> 40.0
    cell = one_cell(es, "s47_repeat_12m_pct", "2023-12-31", 6)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 5, 40.0)
    rows = measure_rows(es, "s47_repeat_12m_pct", d("2023-12-31"), 6, TEST_LA)
    assert sorted(rows.filter(rows["in_numerator"])["s47_start_date"].to_list()) == [d("2023-08-01"), d("2023-10-01")]


def test_repeat_section_47_enquiries_need_the_12_months_before_the_window():
    # an extract from 1 Jan 2023: Jul-Dec 2023 needs List 5 from 1 Jul 2022
    extracts = [{"extract_id": 1, "la_code": TEST_LA, "as_at": d("2023-12-31"), "period_start": d("2023-01-01")}]
    es = extract_set(extracts, s47_icpc=[s for s in ENQUIRIES if s["s47_start_date"] >= d("2023-01-01")])
    assert one_cell(es, "s47_repeat_12m_pct", "2023-12-31", 6)["reason"] == REASON_NOT_COVERED


def plan(child, start, worker=None):
    return {"child_id": child, "cpp_start_date": d(start), "previous_cpps": 0, "allocated_worker": worker}


def care(child, start, worker=None, legal_status="C2"):
    return {"child_id": child, "cla_start_date": d(start), "legal_status": legal_status, "allocated_worker": worker}


def test_open_children_with_no_allocated_worker():
    es = extract_set(
        children_in_need=[
            cin("A", "2023-01-01", worker="Jo Smith"),
            cin("B", "2023-02-01", worker=None),  # no worker on the CIN row, but one on the plan
            cin("E", "2023-01-01", "2023-12-01", worker=None),  # closed before E: not open
            cin("G", "2023-03-01", worker=" n/a "),  # a word for none
        ],
        child_protection=[plan("B", "2023-03-01", worker="Sam Jones")],
        children_in_care=[
            care("C", "2023-04-01", worker="Unallocated"),
            care("F", "2023-05-01", worker=None, legal_status="V3"),  # short break: out of scope
        ],
        assessments=[assessment("D", "2023-12-01", worker=None)],  # open assessment, no worker
    )
    # open at 31 Dec 2023: A, B, C, D, G = 5 children; no worker: C, D, G -> 60.0
    cell = one_cell(es, "open_children_unallocated_pct", "2023-12-31", 6)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (3, 5, 60.0)
    rows = measure_rows(es, "open_children_unallocated_pct", d("2023-12-31"), 6, TEST_LA)
    assert children(rows, "denominator") == ["A", "B", "C", "D", "G"]
    assert children(rows, "numerator") == ["C", "D", "G"]
    b = rows.filter(rows["child_id"] == "B").row(0, named=True)
    assert (b["list"], b["worker"]) == (7, "Sam Jones")


def test_average_caseload_of_the_workers_named_at_the_period_end():
    es = extract_set(
        children_in_need=[
            cin("A", "2023-01-01", worker="Jo Smith"),
            cin("B", "2023-02-01", worker="jo  smith"),  # the same worker: case and spaces aside
            cin("D", "2023-03-01", worker="Unallocated"),  # no worker: in no caseload
            cin("E", "2023-01-01", "2023-12-01", worker="Kim Lee"),  # closed before E
        ],
        child_protection=[plan("A", "2023-03-01", worker="Jo Smith"), plan("B", "2023-03-01", worker="Sam Jones")],
        children_in_care=[care("C", "2023-04-01", worker="Sam Jones")],
        assessments=[assessment("F", "2023-12-01", worker="Jo Smith")],
    )
    # allocations: Jo (A, B, F), Sam (B, C) = 5 (A's plan and CIN rows name Jo twice: one
    # allocation); workers: Jo, Sam = 2 -> 2.5 children each
    cell = one_cell(es, "caseload_mean", "2023-12-31", 6)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (5, 2, 2.5)
    rows = measure_rows(es, "caseload_mean", d("2023-12-31"), 6, TEST_LA)
    assert sorted(zip(rows["child_id"], rows["worker_caseload"])) == [("A", 3), ("B", 2), ("B", 3), ("C", 2), ("F", 3)]
    assert rows["in_denominator"].sum() == 2


TIMED = [
    assessment("A", "2023-07-03", "2023-09-01"),  # 43 working days (July 20, August 22, 1 Sep)
    assessment("B", "2023-07-03", "2023-09-06"),  # 46
    assessment("C", "2023-07-03", "2023-09-05"),  # 45
    assessment("D", "2023-10-02", "2023-10-02"),  # same day: 0
    assessment("G", "2023-10-02", "2023-10-03"),  # 1
    assessment("E", "2023-11-01", "2023-10-25"),  # authorised before it started: data error
    assessment("F", "2023-11-01"),  # open: not completed
]


def test_mean_working_days_to_authorisation():
    es = extract_set(assessments=TIMED)
    # Jul-Dec: 43 + 46 + 45 + 0 + 1 = 135 over 5 -> 27.0 (E left out, counted)
    half = one_cell(es, "assessments_mean_wd", "2023-12-31", 6)
    assert (half["numerator"], half["denominator"], half["value"]) == (135, 5, 27.0)
    assert half["excluded"] == [{"reason": "authorised before it started", "rows": 1}]
    # Jul-Sep: 43 + 46 + 45 = 134 over 3
    quarter = one_cell(es, "assessments_mean_wd", "2023-09-30", 3)
    assert (quarter["numerator"], quarter["denominator"], quarter["value"]) == (134, 3, 134 / 3)


def test_median_working_days_to_authorisation():
    es = extract_set(assessments=TIMED)
    # Jul-Dec: 0, 1, 43, 45, 46 -> 43; numerator 43 x 5 = 215
    half = one_cell(es, "assessments_median_wd", "2023-12-31", 6)
    assert (half["numerator"], half["denominator"], half["value"]) == (215, 5, 43.0)
    # Oct-Dec: 0, 1 -> 0.5, the mean of the two middle values; numerator 0.5 x 2 = 1
    autumn = one_cell(es, "assessments_median_wd", "2023-12-31", 3)
    assert (autumn["numerator"], autumn["denominator"], autumn["value"]) == (1, 2, 0.5)
    # Jul-Sep: 43, 45, 46 -> 45
    summer = one_cell(es, "assessments_median_wd", "2023-09-30", 3)
    assert (summer["numerator"], summer["denominator"], summer["value"]) == (135, 3, 45.0)
    # no assessment authorised in January 2023: no value, never 0
    january = one_cell(es, "assessments_median_wd", "2023-01-31", 1)
    assert (january["value"], january["reason"]) == (None, "zero denominator")
    rows = measure_rows(es, "assessments_median_wd", d("2023-12-31"), 3, TEST_LA)
    assert dict(zip(rows["child_id"], rows["working_days"])) == {"D": 0, "G": 1}


def test_medians_of_several_cells_at_once_are_each_their_own():
    # the same rows counted over two period ends in one call: Jul-Sep 45, Oct-Dec 0.5 (as above)
    series = compute_series(
        extract_set(assessments=TIMED), "assessments_median_wd", [d("2023-09-30"), d("2023-12-31")], 3,
        la_codes=[TEST_LA], population=POPULATION_10000,
    ).sort("period_end")
    assert series["value"].to_list() == [45.0, 0.5]
