"""Small real December 2023 extracts (List 3 only) whose figures a later one restates, for the
tests of revised figures (issue 16), with the figures worked out by hand from the rows.

Re-referrals within 12 months (spec/indicators.md, measure 2: referrals with `Number of
Referrals in Last 12 Months` >= 1 over referrals in the window; each child is referred once):
FIRST has C1 (Feb 2023, no earlier referral), C2 (Aug, 1 earlier), C3 (Sep) and C4 (Oct):
rolling 12 months 1 of 4 = 25.0%, rolling 6 months (Jul-Dec) 1 of 3 = 33.3%. SECOND adds C5
(Nov, 2 earlier): 2 of 5 = 40.0% and 2 of 4 = 50.0%. An extract as at an earlier month that
lists some of the same rows moves nothing (the newest extract's rows win, spec "how extracts
combine"). The referrals rate moves too: per 10,000 children of Sefton's ONS mid-2023 estimate
(54,154, the shipped population file), 4 referrals in 12 months = 0.74 -> 0.7 and 3 in 6 months
annualised = 1.11 -> 1.1; then 5 = 0.92 -> 0.9 and 4 in 6 months = 1.48 -> 1.5.
"""

from __future__ import annotations

import re
from datetime import date

from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook

from csc_scorecard.ingest.annex_a import read_annex_a
from csc_scorecard.store.extracts import load_annex_a

DEC = date(2023, 12, 31)
YEAR_START = date(2023, 1, 1)  # the period start given: the rolling 12 months are covered
FIRST = [referral("C1", date(2023, 2, 1)), referral("C2", date(2023, 8, 1), prior=1), referral("C3", date(2023, 9, 1)),
         referral("C4", date(2023, 10, 1))]
SECOND = [*FIRST, referral("C5", date(2023, 11, 1), prior=2)]
RATE_LABEL = "Referrals received (annual rate per 10,000 of children)*"
REREFERRALS_LABEL = "Referrals to social care that were within 12 months of a previous referral (%)*"
# (indicator, column) -> the figure as shown with FIRST and with SECOND (worked out above)
WITH_FIRST = {("referrals_rate", "rolling_12m"): "0.7", ("referrals_rate", "rolling_6m"): "1.1",
              ("rereferrals_pct", "rolling_12m"): "25.0%", ("rereferrals_pct", "rolling_6m"): "33.3%"}
WITH_SECOND = {("referrals_rate", "rolling_12m"): "0.9", ("referrals_rate", "rolling_6m"): "1.5",
               ("rereferrals_pct", "rolling_12m"): "40.0%", ("rereferrals_pct", "rolling_6m"): "50.0%"}
MOVED_BY = "loading annex_a_2023-12-31_v2.xlsx (as at 31 Dec 2023)"


def load(store, tmp_path, name: str, as_at: date, rows: list[list]) -> int:
    """Load a List 3 of `rows` as the extract at `as_at` (period from YEAR_START); its id."""
    path = write_workbook(tmp_path / name, {"List 3": [REFERRAL_HEADERS, *rows]})
    outcome = load_annex_a(store, read_annex_a(path, as_at), as_at, "343", YEAR_START)
    assert outcome.status in ("loaded", "replaced"), outcome.message
    return outcome.extract_id


def load_first(store, tmp_path) -> int:
    return load(store, tmp_path, "annex_a_2023-12-31.xlsx", DEC, FIRST)


def load_second(store, tmp_path) -> int:
    """The extract that replaces FIRST and moves the referral figures (MOVED_BY)."""
    return load(store, tmp_path, "annex_a_2023-12-31_v2.xlsx", DEC, SECOND)


def listed(page: str) -> dict[tuple[str, str], list[str]]:
    """(indicator, column) -> the texts of the cells of its row of the revised figures' table
    (indicator, figure, then, now, changed by); a figure listed twice fails."""
    rows = re.findall(r'<tr data-indicator="([^"]+)" data-column="([^"]+)" data-was="[^"]*">(.*?)</tr>', page, re.S)
    found: dict[tuple[str, str], list[str]] = {}
    for indicator, column, cells in rows:
        assert (indicator, column) not in found, f"{indicator} {column} listed twice"
        found[(indicator, column)] = [" ".join(re.sub(r"<[^>]+>", " ", cell).split())
                                      for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", cells, re.S)]
    return found
