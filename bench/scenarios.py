"""The benchmark scenarios of `make bench`: what is measured, on which synthetic input, against which baseline.

Each scenario prepares its input once (cached in bench/work/), then `run` and `baseline` each
return the number of rows they processed; bench/run.py times them in fresh processes.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

SEED = 7
AS_AT = date(2023, 12, 31)


def _ingest_workbook(work: Path) -> Path:
    return work / f"annex_a_5x_seed{SEED}_{AS_AT}.xlsx"


def prepare_ingest(work: Path) -> None:
    """A 12-month Annex A extract of an LA five times the demo LA's size."""
    path = _ingest_workbook(work)
    if path.exists():
        return
    from csc_scorecard.synth import generate_la, write_extract

    la = generate_la(seed=SEED, start=date(2021, 1, 1), end=AS_AT, scale=5.0)
    write_extract(la, path, as_at=AS_AT, months=12)


def run_ingest(work: Path) -> int:
    """Read, validate and load the workbook into a fresh store (what `scorecard load` does)."""
    from csc_scorecard.ingest.annex_a import read_annex_a
    from csc_scorecard.store.db import open_store
    from csc_scorecard.store.extracts import load_annex_a

    store_dir = work / "ingest-store"
    shutil.rmtree(store_dir, ignore_errors=True)
    store = open_store(store_dir)
    read = read_annex_a(_ingest_workbook(work), as_at=AS_AT)
    outcome = load_annex_a(store, read, AS_AT, "343")
    assert outcome.status == "loaded", outcome.message
    store.dispose()
    return sum(outcome.counts.values())


def baseline_ingest(work: Path) -> int:
    """pandas.read_excel on openpyxl, every sheet: what the sector's existing Python tools do."""
    import pandas

    sheets = pandas.read_excel(_ingest_workbook(work), sheet_name=None, engine="openpyxl")
    return sum(len(frame) for frame in sheets.values())


def _demo_store(work: Path) -> Path:
    return work / "demo" / "store"


def prepare_demo_store(work: Path) -> None:
    """The demo LA (24 monthly extracts to 2023-12-31) loaded into a store, once."""
    if (_demo_store(work) / "scorecard.sqlite").exists():
        return
    from rich.console import Console

    from csc_scorecard.demo import load_demo_data

    shutil.rmtree(work / "demo", ignore_errors=True)
    load_demo_data(work / "demo", _demo_store(work), Console(quiet=True))


def run_series(work: Path) -> int:
    """All 23 measures x 36 month ends x 12- and 6-month windows for one LA, from the store."""
    from csc_scorecard.measures.series import compute_series
    from csc_scorecard.store.db import open_store
    from csc_scorecard.store.extracts import extract_set

    store = open_store(_demo_store(work))
    ends = _month_ends(36)
    frame = compute_series(extract_set(store, ["343"]), None, ends, [12, 6], la_codes=["343"])
    store.dispose()
    return frame.height


def baseline_series(work: Path) -> int:
    """Reading the same rows from the store: the floor under any computation on them."""
    from csc_scorecard.store.db import open_store
    from csc_scorecard.store.extracts import extract_set

    store = open_store(_demo_store(work))
    rows = sum(frame.height for frame in extract_set(store, ["343"]).lists.values())
    store.dispose()
    return rows


def run_build(work: Path) -> int:
    """`scorecard build` of all four outputs from the loaded store (after start-up: imports done)."""
    from csc_scorecard.render import render_all
    from csc_scorecard.scorecard.build import build_scorecard
    from csc_scorecard.store.db import open_store

    store = open_store(_demo_store(work))
    scorecard = build_scorecard(store, AS_AT)
    store.dispose()
    render_all(scorecard, work / "build-out")
    return len(scorecard.rows)


def baseline_build(work: Path) -> int:
    """Computing the scorecard's figures without rendering (gather + assemble)."""
    from csc_scorecard.scorecard.build import build_scorecard
    from csc_scorecard.store.db import open_store

    store = open_store(_demo_store(work))
    scorecard = build_scorecard(store, AS_AT)
    store.dispose()
    return len(scorecard.rows)


def _month_ends(count: int) -> list[date]:
    from csc_scorecard.calendar import months_back

    return [months_back(AS_AT, k) for k in range(count - 1, -1, -1)]


def _warm_imports() -> None:
    """Start-up cost is not the scenario: import the heavy modules before timing."""
    import csc_scorecard.measures.series  # noqa: F401
    import csc_scorecard.render  # noqa: F401
    import csc_scorecard.scorecard.build  # noqa: F401


@dataclass
class Scenario:
    prepare: Callable[[Path], None]
    run: Callable[[Path], int]
    baseline: Callable[[Path], int]
    baseline_name: str
    target: str


SCENARIOS = {
    "ingest": Scenario(
        prepare_ingest,
        run_ingest,
        baseline_ingest,
        "pandas read_excel (openpyxl), all sheets",
        "target: ratio <= 0.2 (5x faster) and under 5 s",
    ),
    "build": Scenario(
        prepare_demo_store,
        run_build,
        baseline_build,
        "computing the figures only (no rendering)",
        "target: under 3 s after start-up for html, pdf, xlsx and json",
    ),
    "series": Scenario(
        prepare_demo_store,
        run_series,
        baseline_series,
        "reading the same extracts' rows from the store",
        "target: all measures x 36 month ends under 2 s",
    ),
}
