"""Plain date arithmetic for the synth tests, written independently of the generator's own."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, clipped to the month's length (written independently of synth)."""
    year, month = day.year, day.month - months
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def completed_years(born: date, at: date) -> int:
    """Whole years from `born` to `at`; a 29 February birthday is on 28 February in other years."""
    birthday_day = born.day
    if born.month == 2 and born.day == 29 and not calendar.isleap(at.year):
        birthday_day = 28
    return at.year - born.year - ((at.month, at.day) < (born.month, birthday_day))


def window_first_day(as_at: date) -> date:
    """First day of the 12 months to `as_at`: (as_at - 12 months) + 1 day."""
    return months_before(as_at, 12) + timedelta(days=1)
