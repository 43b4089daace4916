"""England and Wales working days and the month arithmetic of spec/indicators.md ("Conventions").

Every date rule a measure uses lives here, once, in two forms that must agree: a scalar
function for one date (used by tests, the CLI and readers) and a polars expression for whole
columns (used by the measures, which run over many LAs and month ends at once).

- `WD(a, b)`: the number of working days `d` with `a < d <= b`; weekends and England and Wales
  bank holidays (the `holidays` package, GB subdivision ENG, which includes one-off days such as
  2022-06-03, 2022-09-19 and 2023-05-08 and substitute days such as 2022-12-27) are not working
  days. Same day gives 0; `b` before `a` gives minus the working days in `b < d <= a`.
- The window of `n` months ending `E`: for a month-end `E` the 1st of the month `n - 1` months
  before `E`'s month; for any other `E` the day after the same day-of-month `n` months earlier,
  clipped to that month's length.
- "`E - k` months": for a month-end `E` the month end `k` months earlier; for any other `E` the
  same day-of-month `k` months earlier, clipped.
- Anniversaries and ages: a 29 February date falls on 28 February in other years.
"""

from __future__ import annotations

import bisect
import calendar
from datetime import date, timedelta
from functools import lru_cache

import polars as pl

# Bank holidays are generated for this span of years at most: a date outside it (a typing
# error such as 0223-01-05) is counted with weekends only, instead of asking `holidays` for
# thousands of years.
_FIRST_HOLIDAY_YEAR = 1900
_LAST_HOLIDAY_YEAR = 2200

# 1970-01-01 (day 0 of polars' Date) was a Thursday: day + 3 counts from Monday 1969-12-29.
_DAYS_FROM_MONDAY = 3


@lru_cache(maxsize=64)
def bank_holidays(first_year: int, last_year: int) -> tuple[date, ...]:
    """England and Wales bank holidays falling on a weekday, in date order, for the years given.

    A holiday on a weekend (e.g. Christmas Day 2022, a Sunday) is left out: the day is not a
    working day anyway, and its substitute (2022-12-27) is in the list.
    """
    import holidays  # its 250 countries load at the first call: only for a command that counts working days

    first = max(first_year, _FIRST_HOLIDAY_YEAR)
    last = min(last_year, _LAST_HOLIDAY_YEAR)
    if first > last:
        return ()
    days = holidays.country_holidays("GB", subdiv="ENG", years=range(first, last + 1))
    return tuple(sorted(d for d in days if d.weekday() < 5))


def is_working_day(d: date) -> bool:
    """True for a Monday-Friday that is not an England and Wales bank holiday."""
    return d.weekday() < 5 and d not in bank_holidays(d.year, d.year)


def _weekdays_through(day_number: int) -> int:
    """Weekdays from Monday 1969-12-29 up to and including the day `day_number` (days since
    1970-01-01); only differences of this count are meaningful."""
    t = day_number + _DAYS_FROM_MONDAY
    return 5 * (t // 7) + min(t % 7 + 1, 5)


def working_days(a: date, b: date) -> int:
    """`WD(a, b)`: working days `d` with `a < d <= b` (negative when `b` is before `a`)."""
    epoch = date(1970, 1, 1)
    weekdays = _weekdays_through((b - epoch).days) - _weekdays_through((a - epoch).days)
    hols = bank_holidays(min(a.year, b.year), max(a.year, b.year))
    holidays_between = bisect.bisect_right(hols, b) - bisect.bisect_right(hols, a)
    return weekdays - holidays_between


def working_days_expr(a: str | pl.Expr, b: str | pl.Expr, first_year: int, last_year: int) -> pl.Expr:
    """`WD(a, b)` over two Date columns (null where either is null), as an Int64 expression.

    The bank holidays of `first_year..last_year` are used: pass a span that holds every date
    of both columns (`working_days_between` works it out from the data).
    """
    a = pl.col(a) if isinstance(a, str) else a
    b = pl.col(b) if isinstance(b, str) else b

    def weekdays_through(d: pl.Expr) -> pl.Expr:
        t = d.to_physical().cast(pl.Int64) + _DAYS_FROM_MONDAY
        return 5 * (t // 7) + pl.min_horizontal(t % 7 + 1, pl.lit(5, pl.Int64))

    hols = pl.Series("bank_holidays", bank_holidays(first_year, last_year), dtype=pl.Date)
    holidays_between = pl.lit(hols).search_sorted(b, side="right").cast(pl.Int64) - pl.lit(
        hols
    ).search_sorted(a, side="right").cast(pl.Int64)
    return (
        pl.when(a.is_not_null() & b.is_not_null())
        .then(weekdays_through(b) - weekdays_through(a) - holidays_between)
        .otherwise(None)
    )


def working_days_between(frame: pl.DataFrame, a: str, b: str, name: str = "working_days") -> pl.DataFrame:
    """`frame` with a column `name` = `WD(frame[a], frame[b])`, holidays spanning its dates."""
    years = pl.concat([frame[a], frame[b]]).dt.year().drop_nulls()
    if years.is_empty():
        return frame.with_columns(pl.lit(None, pl.Int64).alias(name))
    return frame.with_columns(working_days_expr(a, b, int(years.min()), int(years.max())).alias(name))


# ---- month arithmetic (scalar) ----


def month_end(d: date) -> date:
    """The last day of `d`'s month."""
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def is_month_end(d: date) -> bool:
    return d == month_end(d)


def shift_months(d: date, k: int) -> date:
    """The same day-of-month `k` months later (negative: earlier), clipped to the month's length."""
    month_index = d.year * 12 + (d.month - 1) + k
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last_day))


def scorecard_month(as_at: date) -> date:
    """The month end whose scorecard an extract at `as_at` is the data of: the last month end on
    or before `as_at` (its own month end when it is one; else the month before, which is not
    complete at `as_at`: indicators.md's coverage gives a stock at `E` only from an extract as at
    `E` or later, and a flow only over a window the extract reaches the end of)."""
    return as_at if is_month_end(as_at) else months_back(month_end(as_at), 1)


def months_with_data(as_ats) -> list[date]:
    """The month ends with an extract of their own, newest first: `scorecard_month` of each
    extract's as-at date. The one rule for which months exist: the dashboard lists these, and
    `scorecard build` refuses any other month unless `--allow-missing`. A month end `E` has one
    when an extract's as-at date is `E`, or a later day before the next month end; so an extract
    of 31 January or 1 February is January's data, one of 13 January December's."""
    return sorted({scorecard_month(as_at) for as_at in as_ats}, reverse=True)


def months_back(e: date, k: int) -> date:
    """"`E - k` months": the month end `k` months earlier for a month-end `E`, else the same
    day-of-month `k` months earlier (clipped)."""
    if is_month_end(e):
        return month_end(shift_months(e.replace(day=1), -k))
    return shift_months(e, -k)


def window_start(e: date, n: int) -> date:
    """First day `S` of the window of `n` months ending `E` (the window is `S..E` inclusive)."""
    if n < 1:
        raise ValueError(f"a window has at least 1 month, not {n}")
    if is_month_end(e):
        return shift_months(e.replace(day=1), -(n - 1))
    return shift_months(e, -n) + timedelta(days=1)


def add_years_anniversary(d: date, years: int) -> date:
    """`d` plus whole calendar years; 29 February lands on 28 February in a non-leap year."""
    return shift_months(d, 12 * years)


def age_at(dob: date, d: date) -> int:
    """Completed years between `dob` and `d`; a 29 February birthday falls on 28 February in
    other years (so such a child turns 18 on 28 February of a non-leap year)."""
    years = d.year - dob.year
    if add_years_anniversary(dob, years) > d:
        years -= 1
    return years


# ---- month arithmetic (polars expressions; same rules) ----


def _as_expr(x: str | pl.Expr) -> pl.Expr:
    return pl.col(x) if isinstance(x, str) else x


def _months_offset(k: int | str | pl.Expr, sign: int) -> str | pl.Expr:
    """An `offset_by` argument for `sign * k` months; `k` a number, a column name or expression."""
    if isinstance(k, int):
        return f"{sign * k}mo"
    k_expr = _as_expr(k)
    return pl.format("{}mo", (k_expr * sign).cast(pl.Int64))


def is_month_end_expr(d: str | pl.Expr) -> pl.Expr:
    d = _as_expr(d)
    return d == d.dt.month_end()


def shift_months_expr(d: str | pl.Expr, k: int | str | pl.Expr) -> pl.Expr:
    """Same day-of-month `k` months later (negative: earlier), clipped (polars clips too)."""
    return _as_expr(d).dt.offset_by(_months_offset(k, 1))


def months_back_expr(e: str | pl.Expr, k: int | str | pl.Expr) -> pl.Expr:
    """Vectorised `months_back`."""
    e = _as_expr(e)
    back = _months_offset(k, -1)
    return (
        pl.when(is_month_end_expr(e))
        .then(e.dt.month_start().dt.offset_by(back).dt.month_end())
        .otherwise(e.dt.offset_by(back))
    )


def window_start_expr(e: str | pl.Expr, n: int | str | pl.Expr) -> pl.Expr:
    """Vectorised `window_start`; `n` a number or a column of month counts (each >= 1)."""
    e = _as_expr(e)
    n_expr = pl.lit(n, pl.Int64) if isinstance(n, int) else _as_expr(n)
    return (
        pl.when(is_month_end_expr(e))
        .then(e.dt.month_start().dt.offset_by(_months_offset(n_expr - 1, -1)))
        .otherwise(e.dt.offset_by(_months_offset(n_expr, -1)).dt.offset_by("1d"))
    )


def add_years_expr(d: str | pl.Expr, years: int) -> pl.Expr:
    """Vectorised `add_years_anniversary`."""
    return _as_expr(d).dt.offset_by(f"{12 * years}mo")


def age_at_expr(dob: str | pl.Expr, d: str | pl.Expr) -> pl.Expr:
    """Vectorised `age_at` (Int64; null where either date is null): the birthday's month and day
    (29 February read as 28 February in a non-leap year) compared with `d`'s."""
    dob, d = _as_expr(dob), _as_expr(d)
    years = (d.dt.year().cast(pl.Int64) - dob.dt.year().cast(pl.Int64))
    birthday = dob.dt.month().cast(pl.Int64) * 100 + dob.dt.day().cast(pl.Int64)
    birthday = pl.when((birthday == 229) & ~d.dt.is_leap_year()).then(228).otherwise(birthday)
    day_of_year = d.dt.month().cast(pl.Int64) * 100 + d.dt.day().cast(pl.Int64)
    return years - (day_of_year < birthday).cast(pl.Int64)
