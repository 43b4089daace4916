"""Library measures 93-95 (List 11, adopters): households approved, average days from enquiry
to approval, approved households waiting more than 3 months for a match; and List 11's rows
identified by the adopter. Hand-made cases, days counted by hand (docs/measures.md)."""

from csc_scorecard.measures.combine import combine
from csc_scorecard.measures.series import measure_rows

from .extract_builders import TEST_LA, children, d, extract_set, one_cell
from .test_counted import _excluded


def adopter(adopter_id, family, enquiry, approved=None, matched=None, left=None):
    return {"adopter_id": adopter_id, "family_id": family, "enquiry_date": d(enquiry),
            "application_approved_date": d(approved) if approved else None,
            "matched_date": d(matched) if matched else None, "left_process_date": d(left) if left else None}


ADOPTERS = [
    # a couple, one household: 10 Jan - 10 Jun 2023 = 21 + 28 + 31 + 30 + 31 + 10 = 151 days
    adopter("P1", "F1", "2023-01-10", "2023-06-10"),
    adopter("P2", "f1 ", "2023-01-10", "2023-06-10"),
    # alone: 1 Feb - 30 Sep 2023 = 28 + 31 + 30 + 31 + 30 + 31 + 31 + 29 = 241
    adopter("P3", None, "2023-02-01", "2023-09-30"),
    # 1 Nov 2022 - 1 Oct 2023 = 30 + 31 + 31 + 28 + 31 + 30 + 31 + 30 + 31 + 31 + 30 = 334; matched 1 Dec
    adopter("P4", "F2", "2022-11-01", "2023-10-01", matched="2023-12-01"),
    # approved before the enquiry: a data error, out of 93 and 94 (matched: not waiting either)
    adopter("P5", None, "2023-03-01", "2023-02-01", matched="2023-04-01"),
    # approved before the 12 months; left the process (on hold) 1 Jun 2023
    adopter("P6", None, "2022-01-01", "2022-12-31", left="2023-06-01"),
    adopter("P7", None, "2023-05-01"),  # not approved
    # 1 Mar - 1 Oct 2023 = 31 + 30 + 31 + 30 + 31 + 31 + 30 = 214
    adopter("P8", None, "2023-03-01", "2023-10-01"),
]


def _cell(measure_id, months, end="2023-12-31"):
    return one_cell(extract_set(adopters=ADOPTERS), measure_id, end, months)


def test_households_approved_in_the_window():
    # 12 months: F1 (P1 and P2: one household), P3, F2, P8 = 4; 6 months (Jul-Dec): P3, F2, P8 = 3
    twelve, six = _cell("adopters_approved", 12), _cell("adopters_approved", 6)
    assert (twelve["value"], six["value"]) == (4.0, 3.0)
    assert _excluded(twelve) == {"approved before the enquiry was received": 1}
    rows = measure_rows(extract_set(adopters=ADOPTERS), "adopters_approved", d("2023-12-31"), 12, TEST_LA)
    assert children(rows, "numerator") == ["F1", "F2", "P3", "P8"]


def test_average_days_from_enquiry_to_approval():
    # 12 months: 151 + 241 + 334 + 214 = 940 over 4 = 235.0; 6 months: 241 + 334 + 214 = 789 over 3 = 263.0
    twelve, six = _cell("adopters_enquiry_to_approval_days", 12), _cell("adopters_enquiry_to_approval_days", 6)
    assert (twelve["numerator"], twelve["denominator"], twelve["value"]) == (940, 4, 235.0)
    assert (six["numerator"], six["denominator"], six["value"]) == (789, 3, 263.0)


def test_approved_households_waiting_more_than_three_months():
    # waiting at 31 Dec: F1 (approved 10 Jun), P3 (30 Sep), P8 (1 Oct); P4 matched 1 Dec, P5
    # matched, P6 left. Over 3 months: F1 (10 Sep passed), P3 (30 Sep + 3 months = 30 Dec, E is
    # after it); not P8 (1 Jan 2024) -> 2 of 3
    at_end = _cell("adopters_waiting_3m_pct", 12)
    assert (at_end["numerator"], at_end["denominator"], at_end["value"]) == (2, 3, 200 / 3)
    # on 30 Dec P3 has waited exactly 3 months, not more: 1 of 3
    day_before = _cell("adopters_waiting_3m_pct", 12, "2023-12-30")
    assert (day_before["numerator"], day_before["denominator"]) == (1, 3)
    # at 30 Nov P4 is waiting too (matched 1 Dec), for under 2 months: F1 over; P3, P4, P8 not -> 1 of 4
    november = _cell("adopters_waiting_3m_pct", 12, "2023-11-30")
    assert (november["numerator"], november["denominator"]) == (1, 4)
    rows = measure_rows(extract_set(adopters=ADOPTERS), "adopters_waiting_3m_pct", d("2023-12-31"), 12, TEST_LA)
    assert children(rows, "numerator") == ["F1", "P3"] and children(rows, "denominator") == ["F1", "P3", "P8"]


def test_an_adopter_without_an_identifier_is_left_out_and_reported():
    es = extract_set(adopters=[adopter("P1", None, "2023-01-10", "2023-06-10"), adopter(" ", None, "2023-02-01", "2023-07-01")])
    combined = combine(es)
    assert combined.current["adopters"]["child_id"].to_list() == ["P1"]
    messages = [i.message for i in combined.issues]
    assert messages == ["extract as at 2023-12-31, List 11 (Adopters): row has no Individual adopter identifier; "
                        "left out of every measure"]
