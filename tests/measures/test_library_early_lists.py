"""Library measures 43-55 (List 1, contacts) and 56-58 (List 2, early help), hand-made cases;
population 10,000 (docs/measures.md)."""

import pytest

from csc_scorecard.measures.series import measure_rows

from .extract_builders import TEST_LA, children, d, extract_set, one_cell
from .test_counted import _excluded


def contact(child, day, source="1A"):
    return {"child_id": child, "contact_date": d(day), "contact_source": source}


def referral(child, day):
    return {"child_id": child, "referral_date": d(day), "referral_source": "1A", "referral_nfa": "No"}


CONTACTS = [
    contact("A", "2023-01-15", "6"),  # police
    contact("B", "2023-03-01", "2A"),  # school
    contact("C", "2023-06-30", "3A"),  # GP: health
    contact("D", "2023-07-01", "1C"),  # self: individual
    contact("E", "2023-09-10", "5D"),  # early help: LA services
    contact("F", "2023-11-20", "10"),  # unknown source: in the denominator
    contact("G", "2023-12-31", None),  # blank source: in the rate, left out of the shares
    contact("H", "2022-12-31", "6"),  # before every window below
]


def test_contacts_rate_counts_contacts_in_the_window_annualised():
    es = extract_set(contacts=CONTACTS)
    # 12 months of 2023: A-G = 7 contacts -> 7 / 10,000 x 10,000 = 7.0
    year = one_cell(es, "contacts_rate", "2023-12-31", 12)
    # Jul-Dec 2023: D, E, F, G = 4 -> 4 x 12/6 = 8.0
    half = one_cell(es, "contacts_rate", "2023-12-31", 6)
    assert (year["numerator"], year["value"], half["numerator"], half["value"]) == (7, 7.0, 4, 8.0)


@pytest.mark.parametrize(
    ("measure_id", "numerator"),
    [
        ("contacts_police_pct", 1),  # A
        ("contacts_schools_pct", 1),  # B
        ("contacts_health_pct", 1),  # C
        ("contacts_individual_pct", 1),  # D
        ("contacts_la_services_pct", 1),  # E
        ("contacts_unknown_source_pct", 1),  # F
        ("contacts_education_pct", 0),
        ("contacts_housing_pct", 0),
        ("contacts_legal_agency_pct", 0),
        ("contacts_other_pct", 0),
        ("contacts_anonymous_pct", 0),
    ],
)
def test_contacts_by_source_group(measure_id, numerator):
    # 2023: A-F have a source = 6 (G's blank source: left out, counted); each group's share of 6
    cell = one_cell(extract_set(contacts=CONTACTS), measure_id, "2023-12-31", 12)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (numerator, 6, 100 * numerator / 6)
    assert _excluded(cell) == {"blank Contact Source": 1}


def test_the_source_groups_of_one_window_add_up_to_all_contacts_with_a_source():
    es = extract_set(contacts=CONTACTS)
    groups = ["individual", "schools", "education", "health", "housing", "la_services", "police",
              "legal_agency", "other", "anonymous", "unknown_source"]
    total = sum(one_cell(es, f"contacts_{g}_pct", "2023-12-31", 12)["numerator"] for g in groups)
    assert total == 6


FOLLOWED = {
    "contacts": [
        contact("P", "2023-11-01"),  # referred the same day
        contact("Q", "2023-11-01"),  # referred 30 days later (1 Dec): within
        contact("R", "2023-11-01"),  # referred 31 days later (2 Dec): not within
        contact("S", "2023-11-15"),  # referred only before the contact
        contact("T", "2023-11-25"),  # referred 3 Dec: within 30 days, but after a 30 Nov period end
        contact("U", "2023-11-05"),  # another child (V) was referred
    ],
    "referrals": [
        referral("P", "2023-11-01"),
        referral("Q", "2023-12-01"),
        referral("R", "2023-12-02"),
        referral("S", "2023-11-10"),
        referral("T", "2023-12-03"),
        referral("V", "2023-11-06"),
    ],
}


def test_contacts_followed_by_a_referral_within_30_days_by_the_period_end():
    es = extract_set(**FOLLOWED)
    # November (1 month to 30 Nov): 6 contacts; referred within 30 days and by 30 Nov: P only -> 100/6
    november = one_cell(es, "contacts_to_referral_30d_pct", "2023-11-30", 1)
    assert (november["numerator"], november["denominator"]) == (1, 6)
    # Nov-Dec (2 months to 31 Dec): the same 6; P, Q (day 30 is within) and T (3 Dec, by 31 Dec) -> 50.0
    two_months = one_cell(es, "contacts_to_referral_30d_pct", "2023-12-31", 2)
    assert (two_months["numerator"], two_months["denominator"], two_months["value"]) == (3, 6, 50.0)
    rows = measure_rows(es, "contacts_to_referral_30d_pct", d("2023-12-31"), 2, TEST_LA)
    assert children(rows, "numerator") == ["P", "Q", "T"]
    assert rows.filter(rows["child_id"] == "Q")["referral_within_30_days"].to_list() == [d("2023-12-01")]


def test_contacts_followed_by_a_referral_need_the_referrals_list():
    cell = one_cell(extract_set(contacts=FOLLOWED["contacts"]), "contacts_to_referral_30d_pct", "2023-12-31", 2)
    assert (cell["value"], cell["reason"]) == (None, "no List 3 (Referrals) in the loaded extracts")


def early_help(child, start, completed=None):
    return {"child_id": child, "eh_assessment_start_date": d(start),
            "eh_assessment_completion_date": d(completed) if completed else None, "eh_organisation": "Family hub"}


EARLY_HELP = [
    # WD(3 Jul 2023, 1 Sep 2023): July 4-31 = 20 weekdays; August 23 weekdays less the bank
    # holiday of 28 August = 22; 1 September = 1: 43
    early_help("A", "2023-07-03", "2023-09-01"),  # 43: within
    early_help("B", "2023-07-03", "2023-09-06"),  # 43 + 4, 5, 6 Sep = 46: not within
    early_help("C", "2023-07-03", "2023-09-05"),  # 43 + 4, 5 Sep = 45: within (<= 45)
    early_help("D", "2023-10-01", "2023-09-15"),  # completed before it started: data error
    early_help("E", "2023-11-01"),  # not completed
    early_help("F", "2023-05-01", "2023-06-15"),  # completed in the first half of 2023
]


def test_early_help_assessments_started_rate():
    es = extract_set(early_help=EARLY_HELP)
    # Jul-Dec 2023: A, B, C, D (its start is the only date read), E = 5 -> 5 x 12/6 = 10.0
    half = one_cell(es, "eh_assessments_rate", "2023-12-31", 6)
    # 2023: the same and F = 6 -> 6.0
    year = one_cell(es, "eh_assessments_rate", "2023-12-31", 12)
    assert (half["numerator"], half["value"], year["numerator"], year["value"]) == (5, 10.0, 6, 6.0)


def test_early_help_assessments_completed_within_45_working_days():
    es = extract_set(early_help=EARLY_HELP)
    # completed Jul-Dec 2023: A, B, C (D is a data error: left out, counted); within 45: A, C -> 200/3
    cell = one_cell(es, "eh_assessments_45wd_pct", "2023-12-31", 6)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 3, 200 / 3)
    assert _excluded(cell) == {"completed before it started": 1}
    rows = measure_rows(es, "eh_assessments_45wd_pct", d("2023-12-31"), 6, TEST_LA)
    assert dict(zip(rows["child_id"], rows["working_days"])) == {"A": 43, "B": 46, "C": 45}


REFERRED_AFTER_EARLY_HELP = {
    "early_help": [
        early_help("A", "2023-02-28"),  # referred the same day
        early_help("B", "2023-03-15"),  # referred 1 Sep 2023
        early_help("C", "2023-01-10"),  # referred only before the assessment
        early_help("D", "2023-04-01"),  # never referred
        early_help("E", "2022-07-15"),  # referred 15 Jul 2023: exactly 12 months after, within
        early_help("F", "2022-07-15"),  # referred 16 Jul 2023: a day late
    ],
    "referrals": [
        referral("A", "2023-02-28"),
        referral("B", "2023-09-01"),
        referral("C", "2022-12-01"),
        referral("E", "2023-07-15"),
        referral("F", "2023-07-16"),
    ],
}


def test_early_help_followed_by_a_referral_within_12_months():
    es = extract_set(**REFERRED_AFTER_EARLY_HELP)
    # 18 months to 31 Dec 2023 (from 1 Jul 2022): A-F = 6; referred within 12 months by E: A, B, E -> 50.0
    cell = one_cell(es, "eh_to_referral_12m_pct", "2023-12-31", 18)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (3, 6, 50.0)
    # 12 months to 30 Jun 2023: the same 6; by 30 June only A's referral had come -> 100/6
    earlier = one_cell(es, "eh_to_referral_12m_pct", "2023-06-30", 12)
    assert (earlier["numerator"], earlier["denominator"]) == (1, 6)
    rows = measure_rows(es, "eh_to_referral_12m_pct", d("2023-12-31"), 18, TEST_LA)
    assert children(rows, "numerator") == ["A", "B", "E"]
