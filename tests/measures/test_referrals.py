"""Measures 1 and 2 (List 3), hand-made cases. Population 10,000 throughout, so a rate over n
months is count x 12/n."""

from csc_scorecard.measures.series import measure_rows

from .extract_builders import TEST_LA, children, d, extract_set, one_cell


def referral(child, date, last12=0, source="1A"):
    return {"child_id": child, "referral_date": d(date), "referral_source": source, "referrals_last_12m": last12}


REFERRALS = [
    referral("A", "2023-01-01"),  # first day of the 12 months to 2023-12-31
    referral("a ", "2023-12-31"),  # last day; the same child after trimming and upper-casing
    referral("B", "2022-12-31"),  # the day before the window
    referral("B", "2023-07-01"),  # first day of the 6 months to 2023-12-31
    referral("C", "2023-06-30"),  # last day before the 6-month window
]


def test_referral_rate_counts_rows_with_the_date_in_the_window():
    es = extract_set(referrals=REFERRALS)
    # 12 months (2023-01-01..2023-12-31): A 01-01, A 12-31, B 07-01, C 06-30 = 4 referrals;
    # 4 / 10,000 x 10,000 x 12/12 = 4.0
    twelve = one_cell(es, "referrals_rate", "2023-12-31", 12)
    assert (twelve["numerator"], twelve["denominator"], twelve["value"]) == (4, 10_000, 4.0)
    # 6 months (2023-07-01..2023-12-31): A 12-31, B 07-01 = 2; annualised 2 x 12/6 = 4.0
    six = one_cell(es, "referrals_rate", "2023-12-31", 6)
    assert (six["numerator"], six["value"]) == (2, 4.0)
    # 1 month (2023-07-01..2023-07-31): B 07-01 = 1; 1 x 12 = 12.0
    one = one_cell(es, "referrals_rate", "2023-07-31", 1)
    assert (one["numerator"], one["value"]) == (1, 12.0)


def test_referral_rate_drill_through_lists_the_referrals_counted():
    es = extract_set(referrals=REFERRALS)
    rows = measure_rows(es, "referrals_rate", d("2023-12-31"), 6, TEST_LA)
    assert sorted(rows["referral_date"].to_list()) == [d("2023-07-01"), d("2023-12-31")]
    assert children(rows, "numerator") == ["A", "B"]


def test_rereferral_exactly_12_months_later_counts_a_day_later_does_not():
    es = extract_set(
        referrals=[
            # P: previous 2022-03-15; 2023-03-15 - 12 months = 2022-03-15 <= previous: numerator
            referral("P", "2022-03-15"),
            referral("P", "2023-03-15"),
            # Q: previous 2022-03-15; 2023-03-16 - 12 months = 2022-03-16 > previous: not
            referral("Q", "2022-03-15"),
            referral("Q", "2023-03-16"),
            # R: nothing earlier in the data, but the file's count says 1: numerator
            referral("R", "2023-05-10", last12=1),
            # S: two referrals the same day (different sources): neither is strictly earlier
            referral("S", "2023-08-01", source="2A"),
            referral("S", "2023-08-01", source="6"),
        ]
    )
    # denominator: referrals dated 2023-01-01..2023-12-31 = P, Q, R, S, S = 5
    # numerator: P (date rule), R (count) = 2; value 100 x 2/5 = 40.0
    cell = one_cell(es, "rereferrals_pct", "2023-12-31", 12)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (2, 5, 40.0)
    rows = measure_rows(es, "rereferrals_pct", d("2023-12-31"), 12, TEST_LA)
    assert children(rows, "numerator") == ["P", "R"]
    assert children(rows, "denominator") == ["P", "Q", "R", "S", "S"]


def test_rereferral_from_29_february():
    # 2024-02-29 - 12 months = 2023-02-28 (clipped); a previous referral on 2023-02-28 counts,
    # one on 2023-02-27 does not.
    es = extract_set(
        [{"extract_id": 1, "la_code": TEST_LA, "as_at": d("2024-02-29"), "period_start": d("2023-01-01")}],
        referrals=[
            referral("T", "2023-02-28"),
            referral("T", "2024-02-29"),
            referral("U", "2023-02-27"),
            referral("U", "2024-02-29"),
        ],
    )
    cell = one_cell(es, "rereferrals_pct", "2024-02-29", 1)
    assert (cell["numerator"], cell["denominator"], cell["value"]) == (1, 2, 50.0)
