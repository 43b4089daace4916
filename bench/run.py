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
import queue as queue_module
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
    # scenarios that serve requests (web) over a timed window of their own: in that window
    requests_per_second: float | None = None
    p95_ms: float | None = None
    # scenarios made of several timed things (cli commands, web pages): one line each, its
    # seconds (median), CPU seconds where measured, peak MiB, target and ratio to the baseline
    details: list[dict] | None = None
    baseline_each_seconds: float | None = None  # the baseline's one command or request


def _child(function: Callable[[], int | dict], queue) -> None:
    from scenarios import _warm_imports

    _warm_imports()
    start = time.perf_counter()
    outcome = function()
    seconds = time.perf_counter() - start
    extras: dict = {}
    if isinstance(outcome, dict):  # {"rows", "seconds" of its own timed window, other figures}
        extras = dict(outcome)
        rows = extras.pop("rows")
        seconds = extras.pop("seconds", seconds)
    else:
        rows = outcome
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((rows, seconds, peak_kib / 1024, extras))


def measure(function: Callable[[], int | dict]) -> tuple[int, float, float, dict]:
    """(rows, seconds, peak MiB, extra figures) of `function` run once in a fresh process.

    A scenario returns its rows, or a dict with `rows`, optionally `seconds` (a window it timed
    itself, e.g. a load test's, used instead of the whole call's time) and other figures."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_child, args=(function, queue))
    process.start()
    while True:  # never wait forever on a child that died without answering
        try:
            outcome = queue.get(timeout=5)
            break
        except queue_module.Empty:
            if not process.is_alive():
                raise RuntimeError(f"benchmark child died (exit {process.exitcode}) without a result") from None
    process.join()
    if process.exitcode != 0:
        raise RuntimeError(f"benchmark child exited with {process.exitcode}")
    return outcome


def prepare(function: Callable[[Path], None]) -> None:
    """Prepare inputs in a spawned process: polars started in this process would make the
    forked measuring children deadlock (its thread pool does not survive a fork)."""
    context = multiprocessing.get_context("spawn")
    process = context.Process(target=function, args=(WORK,))
    process.start()
    process.join()
    if process.exitcode != 0:
        raise RuntimeError(f"preparing the benchmark input failed (exit {process.exitcode})")


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
        prepare(scenario.prepare)
        print(f"[{name}] baseline: {scenario.baseline_name} ...", flush=True)
        baseline_rows, baseline_seconds, _, baseline_extras = measure(lambda: scenario.baseline(WORK))
        print(f"[{name}] measuring ...", flush=True)
        rows, seconds, peak, extras = measure(lambda: scenario.run(WORK))
        ratio = seconds / baseline_seconds
        note = scenario.target
        if "requests_per_second" in extras:
            # fixed-length windows: compare the time per request, and say what the baseline served
            ratio = (seconds / rows) / (baseline_seconds / baseline_rows)
            note += (f"; measured {extras['requests_per_second']:,.0f} req/s, p95 {extras['p95_ms']} ms "
                     f"(first request {extras.get('cold_ms')} ms); baseline {baseline_extras.get('requests_per_second'):,.0f} "
                     f"req/s, p95 {baseline_extras.get('p95_ms')} ms")
            indicator = extras.get("indicator")  # web: the indicator page, measured after the scorecard page
            if indicator:
                note += (f"; indicator page {indicator['requests_per_second']:,.0f} req/s, p95 {indicator['p95_ms']} ms "
                         f"(server CPU {indicator['server_cpu_ms']} ms a response, scorecard page {extras['server_cpu_ms']} ms)")
        details = extras.get("details")
        per_request = None
        if details is not None:
            per_request = baseline_seconds / baseline_rows  # the baseline's one command or request
            for detail in details:
                detail["ratio"] = round(detail["seconds"] / per_request, 2)
            ratio = (seconds / rows) / per_request
        results.append(
            Result(name, rows, round(seconds, 3), round(rows / seconds, 1) if seconds else 0.0, round(peak, 1),
                   scenario.baseline_name, round(baseline_seconds, 3), round(ratio, 3), note,
                   extras.get("requests_per_second"), extras.get("p95_ms"), details,
                   None if per_request is None else round(per_request, 3))
        )
    print()
    header = f"{'scenario':<10} {'rows':>12} {'seconds':>9} {'rows/s':>12} {'peak MiB':>9} {'baseline s':>11} {'ratio':>7}  baseline / target"
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r.scenario:<10} {r.rows:>12,} {r.seconds:>9.3f} {r.rows_per_second:>12,.0f} {r.peak_memory_mib:>9.1f} "
              f"{r.baseline_seconds:>11.3f} {r.ratio:>7.3f}  {r.baseline}; {r.note}")
    for r in results:
        if r.details:
            print(f"\n{r.scenario}: each against the baseline ({r.baseline}: "
                  f"{r.baseline_each_seconds:.3f} s)")
            for d in r.details:
                cpu = f"{d['cpu_seconds']:>6.2f}" if "cpu_seconds" in d else f"{'-':>6}"
                peak = f"{d['peak_mib']:>7.1f}" if "peak_mib" in d else f"{'-':>7}"
                target = "" if d.get("target_seconds") is None else (
                    f"target < {d['target_seconds']} s: " + ("met" if d["met"] else "MISSED"))
                print(f"  {d['seconds']:>7.3f} s  cpu {cpu} s  peak {peak} MiB  x{d['ratio']:<7}  {d['page']}  {target}")
    (BENCH / "results.json").write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")
    print(f"\nwrote {BENCH / 'results.json'}")


if __name__ == "__main__":
    main(sys.argv[1:])
