"""Helpers of the concurrency tests (command line, store and web): same-sized workbooks of
different children, what the store holds as current afterwards, and functions started at once."""

from __future__ import annotations

import threading
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


def race(functions) -> list:
    """Run the functions at the same moment, each in its own thread; each one's result, or the
    exception it raised."""
    barrier = threading.Barrier(len(functions))
    outcomes = [None] * len(functions)

    def run(i):
        barrier.wait()
        try:
            outcomes[i] = functions[i]()
        except Exception as error:  # noqa: BLE001 - the outcome under test
            outcomes[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(functions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    return outcomes
