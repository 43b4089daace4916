"""`make bench`: time each scenario against a baseline measured in the same run, print a table, write results.json.

Absolute times drift on a shared machine, so every figure is paired with a baseline run here and
now (the ratio is what to compare between runs). Each measurement runs in a fresh child process
so that its peak memory (ru_maxrss) is its own. Synthetic inputs are cached under bench/work/.

    python bench/run.py                 # every scenario
    python bench/run.py ingest series   # some of them
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

BENCH = Path(__file__).resolve().parent
WORK = BENCH / "work"
sys.path.insert(0, str(BENCH))

from scenarios import SCENARIOS  # noqa: E402  (bench/scenarios.py, beside this file)


@dataclass
class Result:
    scenario: str
    rows: int
    seconds: float
    rows_per_second: float
    peak_memory_mib: float
    baseline: str
    baseline_seconds: float
    ratio: float
    note: str = ""


def _child(function: Callable[[], int], queue) -> None:
    from scenarios import _warm_imports

    _warm_imports()
    start = time.perf_counter()
    rows = function()
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((rows, seconds, peak_kib / 1024))


def measure(function: Callable[[], int]) -> tuple[int, float, float]:
    """(rows, seconds, peak MiB) of `function` run once in a fresh process."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_child, args=(function, queue))
    process.start()
    outcome = queue.get()
    process.join()
    if process.exitcode != 0:
        raise RuntimeError(f"benchmark child exited with {process.exitcode}")
    return outcome


def main(names: list[str]) -> None:
    WORK.mkdir(exist_ok=True)
    chosen = names or list(SCENARIOS)
    unknown = [n for n in chosen if n not in SCENARIOS]
    if unknown:
        sys.exit(f"unknown scenario(s) {', '.join(unknown)}; choose from {', '.join(SCENARIOS)}")
    results = []
    for name in chosen:
        scenario = SCENARIOS[name]
        print(f"[{name}] preparing ...", flush=True)
        scenario.prepare(WORK)
        print(f"[{name}] baseline: {scenario.baseline_name} ...", flush=True)
        _, baseline_seconds, _ = measure(lambda: scenario.baseline(WORK))
        print(f"[{name}] measuring ...", flush=True)
        rows, seconds, peak = measure(lambda: scenario.run(WORK))
        results.append(
            Result(name, rows, round(seconds, 3), round(rows / seconds, 1) if seconds else 0.0, round(peak, 1),
                   scenario.baseline_name, round(baseline_seconds, 3), round(seconds / baseline_seconds, 3), scenario.target)
        )
    print()
    header = f"{'scenario':<10} {'rows':>12} {'seconds':>9} {'rows/s':>12} {'peak MiB':>9} {'baseline s':>11} {'ratio':>7}  baseline / target"
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r.scenario:<10} {r.rows:>12,} {r.seconds:>9.3f} {r.rows_per_second:>12,.0f} {r.peak_memory_mib:>9.1f} "
              f"{r.baseline_seconds:>11.3f} {r.ratio:>7.3f}  {r.baseline}; {r.note}")
    (BENCH / "results.json").write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")
    print(f"\nwrote {BENCH / 'results.json'}")


if __name__ == "__main__":
    main(sys.argv[1:])
