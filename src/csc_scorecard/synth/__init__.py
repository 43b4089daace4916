"""The synthetic local authority: realistic Annex A workbooks from a fictional LA's history.

For the demo, the tests and the benchmarks. `generate_la` simulates the LA (deterministic for a
seed; volumes of the reference LA times `scale`), `extract_at` cuts the eleven lists as the LA
would have produced them at a date, `write_workbook` writes them as an .xlsx (optionally with
real-world untidiness), and the two helpers write one extract or a monthly series:

    la = generate_la(seed=1)
    write_monthly_extracts(la, "out/", date(2023, 1, 31), date(2023, 12, 31))
"""

from __future__ import annotations

import multiprocessing
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import TypeVar

from csc_scorecard.synth.extract import extract_at, period_start
from csc_scorecard.synth.truth import SyntheticLA, generate_la
from csc_scorecard.synth.workbook import write_workbook

T = TypeVar("T")

__all__ = [
    "SyntheticLA",
    "extract_at",
    "generate_la",
    "map_with_la",
    "month_ends",
    "period_start",
    "write_extract",
    "write_monthly_extracts",
    "write_workbook",
]


def write_extract(la: SyntheticLA, path: str | Path, as_at: date, months: int | None = 12,
                  messy: bool = False) -> Path:
    """One extract as at `as_at` written to `path` (messy spellings seeded by the LA's seed and the date)."""
    return write_workbook(extract_at(la, as_at, months), path, messy=messy, seed=_messy_seed(la, as_at))


def write_monthly_extracts(la: SyntheticLA, folder: str | Path, first_as_at: date, last_as_at: date,
                           months: int | None = 12, messy: bool = False, workers: int = 1) -> list[Path]:
    """An extract as at each month end from `first_as_at`'s month to `last_as_at`'s month.

    A date inside a month stands for that month's end. Files are named `annex_a_YYYY-MM-DD.xlsx`
    (the as-at date, which `scorecard load` reads from the name). With `workers` > 1 the
    workbooks are written by that many processes (writing is most of the demo's time); each
    file's bytes are the same either way.
    """
    folder = Path(folder)
    jobs = [(folder / f"annex_a_{as_at.isoformat()}.xlsx", as_at, months, messy) for as_at in month_ends(first_as_at, last_as_at)]
    return list(map_with_la(la, _write_one, jobs, workers))


def map_with_la(la: SyntheticLA, function: Callable[..., T], jobs: list[tuple], workers: int = 1) -> Iterator[T]:
    """`function(la, *job)` for each job, in order, yielded as each is ready.

    With `workers` > 1 the jobs run in that many spawned processes, each receiving the LA once
    (spawned, never forked: polars' threads do not survive a fork); `function` must then be a
    module-level function. Results are the same either way.
    """
    if workers <= 1 or len(jobs) <= 1:
        yield from (function(la, *job) for job in jobs)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_take_la, initargs=(la,)) as pool:
        yield from pool.map(_call_with_la, [(function, job) for job in jobs])


_WORKER_LA: SyntheticLA | None = None


def _take_la(la: SyntheticLA) -> None:
    global _WORKER_LA
    _WORKER_LA = la


def _call_with_la(task: tuple[Callable, tuple]):
    function, job = task
    return function(_WORKER_LA, *job)


def _write_one(la: SyntheticLA, path: Path, as_at: date, months: int | None, messy: bool) -> Path:
    return write_extract(la, path, as_at, months, messy)


def month_ends(first: date, last: date) -> list[date]:
    """The last day of every month from `first`'s month to `last`'s month, in order."""
    if last < first:
        raise ValueError(f"last as-at {last} is before first {first}")
    ends = []
    index, stop = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
    while index <= stop:
        year, month = (index + 1) // 12, (index + 1) % 12 + 1
        ends.append(date.fromordinal(date(year, month, 1).toordinal() - 1))
        index += 1
    return ends


def _messy_seed(la: SyntheticLA, as_at: date) -> int:
    return zlib.crc32(f"{la.seed}:{as_at.isoformat()}".encode())
