"""The as-at date a workbook's file name suggests, for the dashboard's upload form.

LAs name their exports in several ways: `annex_a_2023-12-31.xlsx` (this tool's own and the
demo's), `Annex_A_2024_Jan.xlsx` and `Annex_A_Jan_2022.xlsx` (the LIIA pipeline's samples),
`AnnexA 31.01.2024.xlsx`, `annex_a_20240131.xlsx`, `Annex A January 2024.xlsx`. A full date is
taken as it is; a month and year stand for that month's end. The command line keeps its own
stricter rule (`detect.date_in_file_name`, an ISO date only): the dashboard always shows the
suggestion for the user to confirm before anything is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from csc_scorecard.dates import month_end

MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), start=1) for name in names}

_SEP = r"[-_. ]"
_MONTH_NAME = "|".join(sorted(MONTHS, key=len, reverse=True))
# Tried in order; each gives (year, month, day or None). Digits are never part of a longer number.
_PATTERNS = (
    (re.compile(rf"(?<!\d)(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})(?!\d)"), ("y", "m", "d")),
    (re.compile(rf"(?<!\d)(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}})(?!\d)"), ("d", "m", "y")),
    (re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)"), ("y", "m", "d")),
    (re.compile(rf"(?<![a-z])({_MONTH_NAME})(?![a-z]){_SEP}*(\d{{4}})(?!\d)", re.IGNORECASE), ("m", "y")),
    (re.compile(rf"(?<!\d)(\d{{4}}){_SEP}*({_MONTH_NAME})(?![a-z])", re.IGNORECASE), ("y", "m")),
    (re.compile(rf"(?<!\d)(\d{{4}}){_SEP}(\d{{1,2}})(?!\d)(?!{_SEP}\d)"), ("y", "m")),  # not the start of a bad full date
)


@dataclass(frozen=True)
class NamedDate:
    as_at: date
    text: str  # the part of the name it was read from, e.g. "2024_Jan"
    whole_date: bool  # False when the name gives a month and year only (as_at is the month end)


def as_at_in_file_name(name: str) -> NamedDate | None:
    """The first valid date the file name gives (see the module's list of forms), or None."""
    for pattern, parts in _PATTERNS:
        for match in pattern.finditer(name):
            found = dict(zip(parts, match.groups()))
            month = found["m"]
            month_number = int(month) if month.isdigit() else MONTHS[month.lower()]
            try:
                day = date(int(found["y"]), month_number, int(found.get("d") or 1))
            except ValueError:
                continue
            if "d" in found:
                return NamedDate(day, match.group(0), True)
            return NamedDate(month_end(day), match.group(0), False)
    return None
