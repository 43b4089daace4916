"""Helpers of the concurrent-load tests (command line and web): same-sized workbooks of
different children, and what the store holds as current afterwards."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from annex_a_builders import REFERRAL_HEADERS, referral, write_workbook
from store_sql import query

RACERS = 3  # loads started at the same moment
ROWS = 20_000  # enough rows that one load's writing lasts long enough for the others to start


def december_workbook(path: Path, children: int, prefix: str) -> Path:
    """A List 3 of `children` referrals in December 2023, child ids `prefix`1, `prefix`2, ..."""
    rows = [referral(f"{prefix}{n}", date(2023, 12, 1 + n % 28)) for n in range(1, children + 1)]
    return write_workbook(path, {"List 3": [REFERRAL_HEADERS, *rows]})


def current(store_dir: Path) -> list[tuple]:
    """(as_at, file_name, List 3 rows stored for it) of every current extract, oldest first."""
    return query(
        store_dir,
        "SELECT e.as_at, e.file_name, (SELECT count(*) FROM list_referrals r WHERE r.extract_id = e.id)"
        " FROM extracts e WHERE e.superseded_by IS NULL ORDER BY e.as_at",
    )
