"""Working days and window arithmetic (spec/indicators.md, "Conventions"), worked by hand."""

from datetime import date, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from csc_scorecard.dates import (
    add_years_anniversary,
    add_years_expr,
    age_at,
    age_at_expr,
    bank_holidays,
    is_working_day,
    month_end,
    months_back,
    months_back_expr,
    months_with_data,
    scorecard_month,
    window_start,
    window_start_expr,
    working_days,
    working_days_between,
)

from .extract_builders import d

# ---- WD(a, b): working days d with a < d <= b ----


def test_jubilee_thursday_and_friday_are_not_working_days():
    # Wed 2022-06-01 -> Mon 2022-06-06: Thu 2 Jun (Spring bank holiday, moved), Fri 3 Jun
    # (Platinum Jubilee), Sat 4, Sun 5 are not working days; Mon 6 is. WD = 1.
    assert working_days(d("2022-06-01"), d("2022-06-06")) == 1
    # Tue 31 May -> Wed 8 Jun: Wed 1, Mon 6, Tue 7, Wed 8 = 4.
    assert working_days(d("2022-05-31"), d("2022-06-08")) == 4


def test_queens_funeral_is_not_a_working_day():
    # Fri 2022-09-16 -> Tue 2022-09-20: Sat 17, Sun 18, Mon 19 (State Funeral) no; Tue 20 yes.
    assert working_days(d("2022-09-16"), d("2022-09-20")) == 1


def test_coronation_and_may_day_are_not_working_days():
    # Fri 2023-05-05 -> Tue 2023-05-09: Sat 6, Sun 7, Mon 8 (Coronation) no; Tue 9 yes.
    assert working_days(d("2023-05-05"), d("2023-05-09")) == 1
    # Fri 2023-04-28 -> Fri 2023-05-12: Mon 1 May (May Day) no, Tue 2 - Fri 5 = 4,
    # Mon 8 (Coronation) no, Tue 9 - Fri 12 = 4. WD = 8.
    assert working_days(d("2023-04-28"), d("2023-05-12")) == 8


def test_christmas_substitute_days():
    # Fri 2022-12-23 -> Wed 2022-12-28: Sat 24, Sun 25 (Christmas Day), Mon 26 (Boxing Day),
    # Tue 27 (Christmas Day, substitute) are not working days; Wed 28 is. WD = 1.
    assert working_days(d("2022-12-23"), d("2022-12-28")) == 1
    # Fri 2022-12-30 -> Tue 2023-01-03: Sat 31, Sun 1 Jan, Mon 2 Jan (New Year substitute) no.
    assert working_days(d("2022-12-30"), d("2023-01-03")) == 1


def test_same_day_is_zero_even_on_a_holiday_or_weekend():
    for day in ("2023-10-02", "2023-10-07", "2022-12-27"):  # a Monday, a Saturday, a holiday
        assert working_days(d(day), d(day)) == 0


def test_weekend_to_monday():
    # Sat 2023-03-11 -> Mon 2023-03-13: Sun 12 no, Mon 13 yes.
    assert working_days(d("2023-03-11"), d("2023-03-13")) == 1
    # Fri 2023-03-10 -> Mon 2023-03-13: Sat, Sun no; Mon yes.
    assert working_days(d("2023-03-10"), d("2023-03-13")) == 1
    # Fri -> Sun: nothing.
    assert working_days(d("2023-03-10"), d("2023-03-12")) == 0


def test_b_before_a_counts_backwards():
    assert working_days(d("2022-06-06"), d("2022-06-01")) == -1


def test_bank_holidays_include_the_one_off_days_and_leave_out_weekend_ones():
    hols = bank_holidays(2022, 2023)
    for day in ("2022-06-02", "2022-06-03", "2022-09-19", "2022-12-26", "2022-12-27", "2023-01-02", "2023-05-08"):
        assert d(day) in hols
    assert d("2022-12-25") not in hols  # a Sunday
    assert not is_working_day(d("2022-09-19"))
    assert is_working_day(d("2022-09-20"))


def _count_day_by_day(a: date, b: date) -> int:
    """A second method: walk the days."""
    days = 0
    current = a
    while current < b:
        current += timedelta(days=1)
        days += is_working_day(current)
    return days


dates_2021_2024 = st.dates(min_value=date(2021, 1, 1), max_value=date(2024, 12, 31))


@settings(max_examples=200, deadline=None)
@given(dates_2021_2024, st.integers(min_value=0, max_value=120))
def test_working_days_agrees_with_walking_the_days(a, span):
    b = a + timedelta(days=span)
    assert working_days(a, b) == _count_day_by_day(a, b)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(dates_2021_2024, dates_2021_2024), min_size=1, max_size=30))
def test_vectorised_working_days_equal_the_scalar(pairs):
    frame = pl.DataFrame({"a": [p[0] for p in pairs], "b": [p[1] for p in pairs]})
    result = working_days_between(frame, "a", "b")["working_days"].to_list()
    assert result == [working_days(a, b) for a, b in pairs]


def test_vectorised_working_days_null_when_a_date_is_missing():
    frame = pl.DataFrame({"a": [None, d("2023-01-03")], "b": [d("2023-01-04"), None]}, schema={"a": pl.Date, "b": pl.Date})
    assert working_days_between(frame, "a", "b")["working_days"].to_list() == [None, None]


# ---- windows ----


def test_window_start_for_month_ends():
    assert window_start(d("2023-12-31"), 12) == d("2023-01-01")
    assert window_start(d("2023-12-31"), 6) == d("2023-07-01")
    assert window_start(d("2023-06-30"), 6) == d("2023-01-01")
    assert window_start(d("2023-06-30"), 12) == d("2022-07-01")
    assert window_start(d("2023-12-31"), 1) == d("2023-12-01")
    assert window_start(d("2024-02-29"), 1) == d("2024-02-01")  # a leap-year month end
    assert window_start(d("2023-02-28"), 12) == d("2022-03-01")


def test_window_start_for_other_dates():
    # the day after the same day-of-month n months earlier:
    assert window_start(d("2023-03-15"), 1) == d("2023-02-16")  # 2023-02-15 + 1
    # 2023-05-30 is not a month end (May has 31 days); 3 months earlier is "2023-02-30",
    # clipped to 2023-02-28; the day after is 2023-03-01.
    assert window_start(d("2023-05-30"), 3) == d("2023-03-01")
    assert window_start(d("2024-05-30"), 3) == d("2024-03-01")  # 2024-02-29 + 1
    assert window_start(d("2023-03-30"), 1) == d("2023-03-01")  # "2023-02-30" -> 02-28, +1
    assert window_start(d("2024-02-28"), 12) == d("2023-03-01")  # 2024-02-28 is not a month end


def test_consecutive_one_month_windows_tile():
    ends = [month_end(date(2023, m, 1)) for m in range(1, 13)]
    for previous, current in zip(ends, ends[1:], strict=False):
        assert window_start(current, 1) == previous + timedelta(days=1)


def test_months_back():
    assert months_back(d("2023-12-31"), 12) == d("2022-12-31")
    assert months_back(d("2023-04-30"), 6) == d("2022-10-31")  # month end -> month end
    assert months_back(d("2024-02-29"), 12) == d("2023-02-28")
    assert months_back(d("2025-02-28"), 12) == d("2024-02-29")  # a month end, 12 month ends back
    assert months_back(d("2023-03-15"), 1) == d("2023-02-15")
    assert months_back(d("2023-03-30"), 1) == d("2023-02-28")  # clipped


def test_the_month_an_extract_is_the_data_of_at_the_edges():
    # the last month end on or before the as-at date
    assert scorecard_month(d("2024-01-31")) == d("2024-01-31")  # the last day of a month: that month
    assert scorecard_month(d("2024-02-01")) == d("2024-01-31")  # the first day: the month before
    assert scorecard_month(d("2024-01-13")) == d("2023-12-31")  # mid-month: the month before
    assert scorecard_month(d("2024-01-30")) == d("2023-12-31")  # a day short of the month end
    assert scorecard_month(d("2024-02-28")) == d("2024-01-31")  # 2024 is a leap year: not yet February's end
    assert scorecard_month(d("2024-02-29")) == d("2024-02-29")
    assert scorecard_month(d("2023-01-01")) == d("2022-12-31")  # across a year


def test_months_with_data_one_each_newest_first():
    # 13 Jan and 31 Dec are both December's; 1 Feb is January's; 31 Jan is January's too
    as_ats = [d("2024-01-13"), d("2023-12-31"), d("2024-02-01"), d("2024-01-31")]
    assert months_with_data(as_ats) == [d("2024-01-31"), d("2023-12-31")]
    assert months_with_data([]) == []


def test_anniversaries_and_ages():
    assert add_years_anniversary(d("2020-02-29"), 2) == d("2022-02-28")
    assert add_years_anniversary(d("2020-02-29"), 4) == d("2024-02-29")
    assert add_years_anniversary(d("2021-03-10"), 2) == d("2023-03-10")
    # born 2004-02-29: in 2022 the birthday is 28 February
    assert age_at(d("2004-02-29"), d("2022-02-27")) == 17
    assert age_at(d("2004-02-29"), d("2022-02-28")) == 18
    assert age_at(d("2004-02-29"), d("2024-02-28")) == 19  # leap year: birthday is the 29th
    assert age_at(d("2004-02-29"), d("2024-02-29")) == 20
    assert age_at(d("2005-08-10"), d("2023-08-10")) == 18
    assert age_at(d("2005-08-10"), d("2023-08-09")) == 17


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
            st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
            st.integers(min_value=1, max_value=36),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_vectorised_month_arithmetic_equals_the_scalar(cases):
    frame = pl.DataFrame(
        {"a": [c[0] for c in cases], "b": [c[1] for c in cases], "n": [c[2] for c in cases]},
        schema={"a": pl.Date, "b": pl.Date, "n": pl.Int64},
    )
    out = frame.select(
        window_start_expr("a", "n").alias("start"),
        months_back_expr("a", "n").alias("back"),
        add_years_expr("a", 2).alias("plus2"),
        age_at_expr("a", "b").alias("age"),
    )
    assert out["start"].to_list() == [window_start(a, n) for a, _, n in cases]
    assert out["back"].to_list() == [months_back(a, n) for a, _, n in cases]
    assert out["plus2"].to_list() == [add_years_anniversary(a, 2) for a, _, _ in cases]
    assert out["age"].to_list() == [age_at(a, b) for a, b, _ in cases]
