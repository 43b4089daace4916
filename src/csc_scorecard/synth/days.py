"""Dates as day numbers for the vectorised simulation: conversions, birthdays and working days.

The generator works on numpy arrays of int64 day numbers (days since 1970-01-01, the same
origin as polars' Date), so that thousands of children move through their histories in a few
array operations. `NO_DATE` marks "never happened / still open"; it sorts after every real day,
so "ended after E" is a plain comparison, and it becomes null when frames are built.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import numpy as np
import polars as pl

EPOCH = date(1970, 1, 1)
NO_DATE = 100_000_000  # far beyond any real day number; null in the frames


def day_number(value: date) -> int:
    return (value - EPOCH).days


def from_day_number(value: int) -> date:
    return EPOCH + timedelta(days=int(value))


def split_ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month (1-12) and day of month of each day number."""
    as_days = np.asarray(days, dtype="int64").astype("datetime64[D]")
    years = as_days.astype("datetime64[Y]")
    months = as_days.astype("datetime64[M]")
    year = years.astype("int64") + 1970
    month = (months - years.astype("datetime64[M]")).astype("int64") + 1
    day = (as_days - months.astype("datetime64[D]")).astype("int64") + 1
    return year, month, day


def _is_leap(year: np.ndarray) -> np.ndarray:
    return ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)


def from_ymd(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    first = (np.asarray(year, dtype="int64") - 1970).astype("datetime64[Y]").astype("datetime64[M]")
    first = first + (np.asarray(month, dtype="int64") - 1)
    return first.astype("datetime64[D]").astype("int64") + np.asarray(day, dtype="int64") - 1


def add_years(days: np.ndarray, years: int | np.ndarray) -> np.ndarray:
    """The same calendar day `years` later; 29 February falls on 28 February in other years."""
    year, month, day = split_ymd(days)
    target = year + years
    day = np.where((month == 2) & (day == 29) & ~_is_leap(target), 28, day)
    return from_ymd(target, month, day)


def add_months(days: np.ndarray, months: int) -> np.ndarray:
    """The same day of month `months` later, clipped to the length of the target month."""
    year, month, day = split_ymd(days)
    index = year * 12 + (month - 1) + months
    target_year, target_month = index // 12, index % 12 + 1
    month_start = from_ymd(target_year, target_month, np.ones_like(day))
    next_month_start = from_ymd((index + 1) // 12, (index + 1) % 12 + 1, np.ones_like(day))
    return np.minimum(month_start + day - 1, next_month_start - 1)


def completed_years(birth: np.ndarray, at: np.ndarray | int) -> np.ndarray:
    """Whole years from birth to `at` (a 29 February birthday counts on 28 February)."""
    by, bm, bd = split_ymd(birth)
    ay, am, ad = split_ymd(np.broadcast_to(np.asarray(at, dtype="int64"), np.shape(birth)))
    bd = np.where((bm == 2) & (bd == 29) & ~_is_leap(ay), 28, bd)
    before_birthday = (am < bm) | ((am == bm) & (ad < bd))
    return ay - by - before_birthday.astype("int64")


def days_to_series(name: str, days: np.ndarray) -> pl.Series:
    """A polars Date series; NO_DATE becomes null."""
    values = np.asarray(days, dtype="int64")
    series = pl.Series(name, values, dtype=pl.Int64)
    return series.set(pl.Series(values >= NO_DATE), None).cast(pl.Int32).cast(pl.Date)


class WorkingDays:
    """England and Wales working days (weekends and bank holidays excluded), vectorised."""

    def __init__(self, first_year: int, last_year: int) -> None:
        bank_holidays = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
        self.holidays = np.array(sorted(bank_holidays), dtype="datetime64[D]")

    def add(self, start: np.ndarray, count: np.ndarray) -> np.ndarray:
        """The day `end` with exactly `count` working days in (start, end] (count >= 1)."""
        begin = np.asarray(start, dtype="int64").astype("datetime64[D]")
        end = np.busday_offset(begin, np.asarray(count, dtype="int64"), roll="backward", holidays=self.holidays)
        return end.astype("int64")

    def between(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """How many working days d with start < d <= end (0 when end <= start)."""
        begin = np.asarray(start, dtype="int64") + 1
        stop = np.asarray(end, dtype="int64") + 1
        counted = np.busday_count(
            begin.astype("datetime64[D]"), np.maximum(stop, begin).astype("datetime64[D]"), holidays=self.holidays
        )
        return counted.astype("int64")
