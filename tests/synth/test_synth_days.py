"""Day arithmetic of the simulation: working days, birthdays, ages, month shifts (hand-worked)."""

from datetime import date

import numpy as np

from csc_scorecard.synth.days import (
    NO_DATE,
    WorkingDays,
    add_months,
    add_years,
    completed_years,
    day_number,
    days_to_series,
    from_day_number,
)


def days(*values: date) -> np.ndarray:
    return np.array([day_number(v) for v in values])


def test_working_days_skip_weekends_and_one_off_bank_holidays():
    calendar = WorkingDays(2022, 2023)
    # (Fri 5 May 2023, Tue 9 May]: Sat, Sun, Mon 8 May (coronation holiday) are not working days -> 1
    assert calendar.between(days(date(2023, 5, 5)), days(date(2023, 5, 9))).tolist() == [1]
    # Fri 16 Sep 2022 + 1 working day: Mon 19 Sep is the Queen's funeral -> Tue 20 Sep
    assert from_day_number(calendar.add(days(date(2022, 9, 16)), np.array([1]))[0]) == date(2022, 9, 20)
    # from a Saturday, 1 working day later is the Monday (the Saturday itself is not counted)
    assert from_day_number(calendar.add(days(date(2023, 6, 3)), np.array([1]))[0]) == date(2023, 6, 5)
    # same day: 0
    assert calendar.between(days(date(2023, 6, 5)), days(date(2023, 6, 5))).tolist() == [0]


def test_working_days_add_and_between_agree_over_christmas():
    calendar = WorkingDays(2022, 2024)
    # Fri 22 Dec 2023 + 3 working days: 25, 26 Dec are holidays; 27, 28, 29 Dec count -> Fri 29 Dec
    end = calendar.add(days(date(2023, 12, 22)), np.array([3]))
    assert from_day_number(end[0]) == date(2023, 12, 29)
    assert calendar.between(days(date(2023, 12, 22)), end).tolist() == [3]


def test_birthdays_and_ages_treat_29_february_as_28_february():
    assert from_day_number(add_years(days(date(2020, 2, 29)), 18)[0]) == date(2038, 2, 28)
    assert from_day_number(add_years(days(date(2004, 2, 29)), 20)[0]) == date(2024, 2, 29)
    assert completed_years(days(date(2005, 3, 10)), day_number(date(2023, 3, 9))).tolist() == [17]
    assert completed_years(days(date(2005, 3, 10)), day_number(date(2023, 3, 10))).tolist() == [18]
    # born 29 Feb 2008: 18 on 28 Feb 2026 (not a leap year), still 15 on 28 Feb 2024 (a leap year)
    assert completed_years(days(date(2008, 2, 29)), day_number(date(2026, 2, 28))).tolist() == [18]
    assert completed_years(days(date(2008, 2, 29)), day_number(date(2024, 2, 28))).tolist() == [15]


def test_add_months_clips_to_the_length_of_the_month():
    assert from_day_number(add_months(days(date(2023, 3, 31)), -1)[0]) == date(2023, 2, 28)
    assert from_day_number(add_months(days(date(2024, 2, 29)), -12)[0]) == date(2023, 2, 28)
    assert from_day_number(add_months(days(date(2023, 1, 15)), 13)[0]) == date(2024, 2, 15)


def test_no_date_becomes_null():
    series = days_to_series("d", np.array([day_number(date(2023, 1, 2)), NO_DATE]))
    assert series.to_list() == [date(2023, 1, 2), None]
