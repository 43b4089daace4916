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
    from csc_scorecard.progress import progress
    from csc_scorecard.synth import generate_la, write_extract

    with progress(_console(), "[ingest] preparing", total=2) as steps:
        la = generate_la(seed=SEED, start=date(2021, 1, 1), end=AS_AT, scale=5.0)
        steps.done("generated the synthetic LA (5x the demo's)")
        write_extract(la, path, as_at=AS_AT, months=12)
        steps.done(f"wrote {path.name}")


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


def forget_kept_figures(store: Path) -> None:
    """Empty the month figures a store keeps on disk between commands (store/computed_cache.py),
    as a load leaves them for the month it changes: the next build computes them."""
    from csc_scorecard.store.computed_cache import FOLDER
    from csc_scorecard.store.extracts import CACHE_FOLDER

    shutil.rmtree(store / CACHE_FOLDER / FOLDER, ignore_errors=True)


def _console():
    """Where preparation reports progress (progress.py: a bar on a terminal, else plain lines)."""
    from rich.console import Console

    return Console(soft_wrap=True)


def prepare_demo_store(work: Path) -> None:
    """The demo LA (24 monthly extracts to 2023-12-31) loaded into a store, once."""
    if (_demo_store(work) / "scorecard.sqlite").exists():
        return
    from csc_scorecard.demo import load_demo_data

    shutil.rmtree(work / "demo", ignore_errors=True)
    load_demo_data(work / "demo", _demo_store(work), _console())  # its progress: per extract loaded


def run_series(work: Path) -> int:
    """The reference 23 measures x 36 month ends x 12- and 6-month windows for one LA, from the
    store (the library measures are left out, so results stay comparable over time)."""
    from csc_scorecard.measures.registry import reference_ids
    from csc_scorecard.measures.series import compute_series
    from csc_scorecard.store.db import open_store
    from csc_scorecard.store.extracts import extract_set

    store = open_store(_demo_store(work))
    ends = _month_ends(36)
    frame = compute_series(extract_set(store, ["343"]), reference_ids(), ends, [12, 6], la_codes=["343"])
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
    """`scorecard build` of every output (render_all's formats) from the loaded store (after start-up: imports done),
    the PDF printed by a worker process started first, as the command does (its memory is not in the peak)."""
    from csc_scorecard.render import render_all
    from csc_scorecard.render.pdf_worker import PdfPrinter
    from csc_scorecard.scorecard.build import build_scorecard
    from csc_scorecard.store.db import open_store

    forget_kept_figures(_demo_store(work))  # computed, not read from an earlier command's
    printer = PdfPrinter.start()
    try:
        store = open_store(_demo_store(work))
        scorecard = build_scorecard(store, AS_AT)
        store.dispose()
        render_all(scorecard, work / "build-out", pdf_printer=printer)
    finally:
        printer.close()
    return len(scorecard.rows)


def baseline_build(work: Path) -> int:
    """Computing the scorecard's figures without rendering (gather + assemble)."""
    from csc_scorecard.scorecard.build import build_scorecard
    from csc_scorecard.store.db import open_store

    forget_kept_figures(_demo_store(work))
    store = open_store(_demo_store(work))
    scorecard = build_scorecard(store, AS_AT)
    store.dispose()
    return len(scorecard.rows)


# ---- national: 153 synthetic LAs x 5 years, every measure at 60 month ends ----
#
# Each LA is ONE long extract as at 2023-12-31 with period start 2019-01-01 (the synthetic
# history starts on 2019-01-01 and keeps flows from 2017, so the 12-month counts are complete).
# The lists the measures read (store.extract_set.MEASURED_LISTS) are written as one Parquet
# file per list holding every LA (`extract_id` 1..153 in la_code order), plus extracts.parquet;
# the run reads the seven lists, and their columns, that the reference measures read.

NATIONAL_PERIOD_START = date(2019, 1, 1)
NATIONAL_MONTH_ENDS = 60  # the 60 month ends 2019-01-31 .. 2023-12-31
NATIONAL_WINDOWS = [12, 6]  # the window lengths the scorecard shows
NATIONAL_POPULATION_YEAR = 2023
NATIONAL_REFERENCE_CHILDREN = 54_000  # children aged 0-17 of the LA the generator's volumes copy
NATIONAL_MIN_SCALE = 0.1  # the generator fails below about 0.05 (no adoption at all); two LAs are this small
NATIONAL_SEED_BASE = 10_000
NATIONAL_WORKERS = 2

# The date each list's rows are counted by in the baseline (a flow's defining date, an episode's start).
_NATIONAL_DEFINING_DATE = {
    "referrals": "referral_date",
    "assessments": ("assessment_authorised_date", "assessment_start_date"),
    "s47_icpc": "s47_start_date",
    "children_in_need": "cin_start_date",
    "child_protection": "cpp_start_date",
    "children_in_care": "cla_start_date",
    "care_leavers": "latest_contact_date",
}


def _national_folder(work: Path) -> Path:
    return work / "national"


def _national_las() -> list[tuple[int, str, float]]:
    """(extract_id, la_code, scale) for the 153 LAs with a 2023 estimate, in la_code order; scale
    is the LA's children aged 0-17 over the generator's reference LA (at least NATIONAL_MIN_SCALE).
    Read with the csv module: the parent process must not start polars' thread pool before
    bench/run.py forks its measuring children (a fork then can deadlock)."""
    import csv
    from importlib import resources

    source = resources.files("csc_scorecard").joinpath("data/population/ons_mid_year_0_17.csv")
    with source.open(newline="") as handle:
        latest = {
            row["old_la_code"]: int(row["population"])
            for row in csv.DictReader(handle)
            if row["time_period"] == str(NATIONAL_POPULATION_YEAR)
        }
    return [
        (index + 1, code, max(NATIONAL_MIN_SCALE, latest[code] / NATIONAL_REFERENCE_CHILDREN))
        for index, code in enumerate(sorted(latest))
    ]


def _national_generate_one(task: tuple[int, str, float, str]) -> str:
    """Generate one LA, cut its long extract and write each measured list to parts/<list>/<id>.parquet."""
    import polars as pl

    from csc_scorecard.ingest.schema import load_schema
    from csc_scorecard.measures.annex_lists import POLARS_TYPES
    from csc_scorecard.store.extract_set import MEASURED_LISTS
    from csc_scorecard.synth import extract_at, generate_la

    extract_id, la_code, scale, parts = task
    la = generate_la(seed=NATIONAL_SEED_BASE + extract_id, start=NATIONAL_PERIOD_START, end=AS_AT, scale=scale)
    lists = extract_at(la, AS_AT, months=None)
    for name in MEASURED_LISTS:
        columns = load_schema().lists[name].columns
        schema = {"extract_id": pl.Int64, "source_row": pl.Int64} | {c.name: POLARS_TYPES[c.type] for c in columns}
        frame = lists[name].with_columns(
            pl.lit(extract_id, pl.Int64).alias("extract_id"),
            pl.int_range(2, lists[name].height + 2, dtype=pl.Int64).alias("source_row"),  # header in row 1
        ).select([pl.col(c).cast(t) for c, t in schema.items()])
        folder = Path(parts) / name
        folder.mkdir(parents=True, exist_ok=True)
        frame.write_parquet(folder / f"{extract_id:04d}.parquet")
    return la_code


def _national_merge(task: tuple[str, str, list[tuple[int, str, float]]]) -> None:
    """One list's per-LA parts into <list>.parquet (or, for "extracts", the extracts register)."""
    import polars as pl

    name, folder, las = task
    folder = Path(folder)
    if name == "extracts":
        pl.DataFrame(
            {
                "extract_id": [i for i, _, _ in las],
                "la_code": [code for _, code, _ in las],
                "as_at": [AS_AT] * len(las),
                "period_start": [NATIONAL_PERIOD_START] * len(las),
            },
            schema={"extract_id": pl.Int64, "la_code": pl.String, "as_at": pl.Date, "period_start": pl.Date},
        ).write_parquet(folder / "extracts.parquet")
        return
    pl.scan_parquet(folder / "parts" / name / "*.parquet").sort("extract_id", "source_row").sink_parquet(
        folder / f"{name}.parquet"
    )


def prepare_national(work: Path) -> None:
    """Generate the 153 LAs once (cached in work/national), in NATIONAL_WORKERS spawned processes:
    all polars work happens there, none in this process (see `_national_las`)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from csc_scorecard.progress import progress
    from csc_scorecard.store.extract_set import MEASURED_LISTS

    folder = _national_folder(work)
    if (folder / "complete").exists():
        return
    shutil.rmtree(folder, ignore_errors=True)
    parts = folder / "parts"
    las = _national_las()
    tasks = sorted(((i, code, scale, str(parts)) for i, code, scale in las), key=lambda t: -t[2])  # largest first
    with ProcessPoolExecutor(NATIONAL_WORKERS, mp_context=multiprocessing.get_context("spawn")) as pool, \
            progress(_console(), "[national] generating LAs", total=len(tasks)) as steps:
        for _, (_, code, _, _) in zip(pool.map(_national_generate_one, tasks), tasks):
            steps.done(f"LA {code}")
        list(pool.map(_national_merge, [(name, str(folder), las) for name in (*MEASURED_LISTS, "extracts")]))
    shutil.rmtree(parts)
    (folder / "complete").write_text(f"{len(las)} LAs\n")


def _national_extract_set(work: Path):
    """The lists and columns the reference measures' series read (`columns.columns_to_read`), as
    `extract_set` hands a store's over."""
    import polars as pl

    from csc_scorecard.measures.columns import columns_to_read
    from csc_scorecard.measures.registry import reference_ids
    from csc_scorecard.store.extract_set import ExtractSet

    folder = _national_folder(work)
    columns = columns_to_read(list(reference_ids()), breakdowns=False)
    # Scans: each list is read when the measures reach it (compute_series combines one list at a time).
    lists = {name: pl.scan_parquet(folder / f"{name}.parquet").select("extract_id", "source_row", *read)
             for name, read in columns.items()}
    return ExtractSet(extracts=pl.read_parquet(folder / "extracts.parquet"), lists=lists, columns=columns)


def run_national(work: Path) -> int:
    """The reference 23 measures x 60 month ends x 12- and 6-month windows for all 153 LAs, from
    reading the Parquet files to the series (rows: the input rows read, as for the baseline)."""
    import polars as pl

    from csc_scorecard.measures.registry import reference_ids
    from csc_scorecard.measures.series import compute_series

    extract_set = _national_extract_set(work)
    series = compute_series(extract_set, reference_ids(), _month_ends(NATIONAL_MONTH_ENDS), NATIONAL_WINDOWS)
    assert series.height == 23 * 153 * NATIONAL_MONTH_ENDS * len(NATIONAL_WINDOWS), series.height
    return sum(scan.select(pl.len()).collect().item() for scan in extract_set.lists.values())  # (from the files' metadata)


def baseline_national(work: Path) -> int:
    """The floor: scan the same Parquet files and count rows per LA and month of each list's date."""
    import polars as pl

    folder = _national_folder(work)
    rows = 0
    for name, column in _NATIONAL_DEFINING_DATE.items():
        day = pl.coalesce(*column) if isinstance(column, tuple) else pl.col(column)
        counts = (
            pl.scan_parquet(folder / f"{name}.parquet")
            .group_by("extract_id", (day.dt.year() * 12 + day.dt.month()).alias("month"))
            .agg(pl.len())
            .collect()
        )
        rows += int(counts["len"].sum())
    return rows


def _month_ends(count: int) -> list[date]:
    from csc_scorecard.dates import months_back

    return [months_back(AS_AT, k) for k in range(count - 1, -1, -1)]


# ---- web: 50 signed-in clients reading the scorecard page, then an indicator page, on 127.0.0.1 ----
#
# The dashboard (`scorecard serve`, the production server and logging) runs in a subprocess over
# a copy of the demo store with a viewer; 50 asyncio clients, each with its own session cookie,
# sign in through the login form, then each GETs WEB_PAGE again and again (one request in flight
# per client) for WEB_SECONDS; then the same with WEB_INDICATOR_PAGE on a fresh server (the
# scenario's figures are the scorecard page's, the indicator page's are reported beside them
# under `indicator`). The page is requested once before the window, so the window
# measures pages served from the app's cache, not the one cold build (reported as `cold_ms`).
# Every loop is bounded in time and count and only 127.0.0.1 is ever addressed. Any response
# other than the expected status fails the scenario.

WEB_CLIENTS = 50
WEB_SECONDS = 30.0  # the load window (the no-error check asks a minute: BENCH_WEB_SECONDS=60)
WEB_MAX_SECONDS = 120.0  # the most BENCH_WEB_SECONDS may ask for
WEB_MAX_REQUESTS_PER_CLIENT = 200_000
WEB_PAGE = f"/scorecard/{AS_AT.isoformat()}"
WEB_INDICATOR_PAGE = f"/indicator/assessments_45wd_pct?as_at={AS_AT.isoformat()}"  # trend, XmR chart, drivers
WEB_BASELINE_PAGE = "/login"  # signed in: a redirect to "/" after the same session and user checks
WEB_USER = "bench-viewer"
WEB_PASSWORD = "a bench password of no value"
WEB_START_TIMEOUT = 60.0
WEB_REQUEST_TIMEOUT = 30.0


def _web_store(work: Path) -> Path:
    return work / "web" / "store"


def web_prepare(work: Path) -> None:
    """The demo store copied to work/web/store (so the other scenarios' store is left alone), with a viewer."""
    prepare_demo_store(work)
    store_dir = _web_store(work)
    if (store_dir / "scorecard.sqlite").exists():
        return
    from csc_scorecard.store.db import open_store
    from csc_scorecard.store.users import add_user

    shutil.rmtree(store_dir, ignore_errors=True)
    shutil.copytree(_demo_store(work), store_dir)
    store = open_store(store_dir)
    add_user(store, WEB_USER, WEB_PASSWORD, "viewer")  # the production hasher: login is outside the window
    store.dispose()


def _web_free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _web_start_server(work: Path, store: Path | None = None):
    """`scorecard serve` on 127.0.0.1 in a subprocess (over the web store, or `store`); returns
    (process, base URL) once it answers."""
    import subprocess
    import sys
    import time

    import httpx

    port = _web_free_port()
    log = (store or _web_store(work)).parent / "server.log"
    with log.open("w") as output:  # the server keeps its own copy of the file handle
        process = subprocess.Popen(
            [sys.executable, "-m", "csc_scorecard", "serve", "--store", str(store or _web_store(work)), "--host", "127.0.0.1", "--port", str(port)],
            stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + WEB_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}: see {log}")
        try:
            if httpx.get(url + "/login", timeout=2.0).status_code == 200:
                return process, url
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    _web_stop_server(process)
    raise RuntimeError(f"the server did not answer within {WEB_START_TIMEOUT:.0f} s")


def _web_stop_server(process) -> None:
    import subprocess

    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)


async def _web_sign_in(client) -> None:
    import re

    page = await client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = await client.post("/login", data={"csrf_token": token, "name": WEB_USER, "password": WEB_PASSWORD, "next": "/"})
    if response.status_code != 303:
        raise RuntimeError(f"sign-in failed with {response.status_code}")


def _web_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), to say where a window's time went."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _web_load(url: str, path: str, expected: int, seconds: float, server_pid: int) -> dict:
    """Sign the clients in, warm the page, then request it from every client for `seconds`."""
    import asyncio
    import time

    import httpx

    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    clients = [httpx.AsyncClient(base_url=url, limits=limits, timeout=WEB_REQUEST_TIMEOUT) for _ in range(WEB_CLIENTS)]
    try:
        # the cold first request before the other clients sign in: a cold page can take longer
        # than the server keeps an idle connection open (uvicorn: 5 s), which would reset theirs
        await _web_sign_in(clients[0])
        started = time.perf_counter()
        warm = await clients[0].get(path)
        cold_ms = (time.perf_counter() - started) * 1000
        if warm.status_code != expected:
            raise RuntimeError(f"{path} answered {warm.status_code}, expected {expected}")
        signing_in = asyncio.Semaphore(4)  # a few at a time: 49 logins at once waited past the timeout on a busy machine

        async def sign_in(client) -> None:
            async with signing_in:
                await _web_sign_in(client)

        await asyncio.gather(*(sign_in(client) for client in clients[1:]))
        # signing in takes longer than the server keeps an idle connection (uvicorn: 5 s) on a busy
        # machine, and a request sent as the server closes one fails: each client starts the
        # window on a new connection, with its session cookie
        signed_in = clients
        clients = [httpx.AsyncClient(base_url=url, limits=limits, timeout=WEB_REQUEST_TIMEOUT, cookies=c.cookies) for c in signed_in]
        await asyncio.gather(*(client.aclose() for client in signed_in))
        latencies: list[float] = []
        unexpected: dict[int, int] = {}
        server_cpu, client_cpu = _web_cpu_seconds(server_pid), time.process_time()
        window_start = time.perf_counter()
        end = window_start + seconds

        async def reader(client) -> None:
            for _ in range(WEB_MAX_REQUESTS_PER_CLIENT):
                if time.perf_counter() >= end:
                    return
                sent = time.perf_counter()
                response = await client.get(path)
                latencies.append(time.perf_counter() - sent)
                if response.status_code != expected:
                    unexpected[response.status_code] = unexpected.get(response.status_code, 0) + 1

        await asyncio.gather(*(reader(client) for client in clients))
        window = time.perf_counter() - window_start
        server_cpu, client_cpu = _web_cpu_seconds(server_pid) - server_cpu, time.process_time() - client_cpu
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))
    if unexpected:
        raise RuntimeError(f"{path}: {sum(unexpected.values())} responses other than {expected}: {unexpected}")
    latencies.sort()
    p95 = latencies[max(0, -(-95 * len(latencies) // 100) - 1)]  # nearest rank
    return {
        "rows": len(latencies),
        "seconds": window,
        "requests_per_second": round(len(latencies) / window, 1),
        "p95_ms": round(p95 * 1000, 1),
        "cold_ms": round(cold_ms, 1),
        # CPU per response in the window: the server's, and the load generator's (same machine)
        "server_cpu_ms": round(server_cpu * 1000 / max(1, len(latencies)), 3),
        "client_cpu_ms": round(client_cpu * 1000 / max(1, len(latencies)), 3),
    }


def _web_measure(work: Path, path: str, expected: int) -> dict:
    import asyncio
    import os

    seconds = min(float(os.environ.get("BENCH_WEB_SECONDS", WEB_SECONDS)), WEB_MAX_SECONDS)
    process, url = _web_start_server(work)
    try:
        figures = asyncio.run(_web_load(url, path, expected, seconds, process.pid))
    finally:
        _web_stop_server(process)
    print(f"[web]   {path}: {figures['requests_per_second']:,.0f} req/s, p95 {figures['p95_ms']} ms, CPU per response: "
          f"server {figures['server_cpu_ms']} ms, clients {figures['client_cpu_ms']} ms", flush=True)
    return figures


def web_run(work: Path) -> dict:
    """50 signed-in clients GET the scorecard page as at 2023-12-31 for WEB_SECONDS (rows: responses, all 200),
    then an indicator page of that month for as long (its figures under `indicator`)."""
    figures = _web_measure(work, WEB_PAGE, 200)
    figures["indicator"] = _web_measure(work, WEB_INDICATOR_PAGE, 200)
    return figures


def web_baseline(work: Path) -> dict:
    """The same clients GET /login for the same time: signed in, it redirects (303) after the same
    session and user checks, so the ratio is the scorecard page's own cost."""
    return _web_measure(work, WEB_BASELINE_PAGE, 303)


# ---- web pages of the monthly cycle (issue 16): each a signed-in user's request, time per request ----
#
# A fresh copy of the demo store per run (signing off changes it) with an analyst and an admin;
# the server is `scorecard serve` as above. Each page is timed as a browser meets it: a form post
# and the page its redirect leads to count as one. The month the load window used is left alone:
# "first view" is of months nothing has viewed yet, so each is built on its request.

PAGES_MONTHS = ("2023-11-30", "2023-10-31", "2023-09-30")  # one first view (and one sign-off) each
PAGES_INDICATOR = "assessments_45wd_pct"
PAGES_REPEAT = 5  # indicator, drill-through and save: the median of this many requests
PAGES_TARGET_SECONDS = 1.0
PAGES_ADMIN = "bench-admin"


def _pages_store(work: Path) -> Path:
    return work / "web-pages" / "store"


def _pages_fresh_store(work: Path) -> None:
    from csc_scorecard.store.db import open_store
    from csc_scorecard.store.users import add_user

    store_dir = _pages_store(work)
    shutil.rmtree(store_dir, ignore_errors=True)
    shutil.copytree(_demo_store(work), store_dir)
    forget_kept_figures(store_dir)  # the first view of a month computes it, as after a load
    store = open_store(store_dir)
    add_user(store, PAGES_ADMIN, WEB_PASSWORD, "admin")  # the admin may edit analysis and sign off
    store.dispose()


def _first_drill_link(page_text: str) -> str:
    """The indicator page's first "Children behind this figure" link (its column depends on the layout)."""
    import html
    import re

    found = re.search(r'href="(/drill/[^"/]+\?[^"]*column=[^"]+)"', page_text)
    if found is None:
        raise RuntimeError("the indicator page offers no drill-through link")
    return html.unescape(found.group(1))


def _csrf(page_text: str) -> str:
    import re

    return re.search(r'name="csrf_token" value="([^"]+)"', page_text).group(1)


async def _pages_timings(url: str, server_pid: int) -> list[dict]:
    """Sign the admin in, then time each page of the cycle (seconds per request, and the
    server's CPU seconds per request: the steadier figure on a shared machine)."""
    import statistics
    import time

    import httpx

    async with httpx.AsyncClient(base_url=url, timeout=WEB_REQUEST_TIMEOUT, follow_redirects=True) as client:
        page = await client.get("/login")
        signed = await client.post("/login", data={"csrf_token": _csrf(page.text), "name": PAGES_ADMIN,
                                                   "password": WEB_PASSWORD, "next": "/"}, follow_redirects=False)
        if signed.status_code != 303:
            raise RuntimeError(f"sign-in failed with {signed.status_code}")

        server_cpu: list[float] = []

        async def timed(method: str, path: str, **kwargs) -> tuple[float, str]:
            cpu = _web_cpu_seconds(server_pid)
            started = time.perf_counter()
            response = await client.request(method, path, **kwargs)
            seconds = time.perf_counter() - started
            server_cpu.append(_web_cpu_seconds(server_pid) - cpu)
            if response.status_code != 200:
                raise RuntimeError(f"{method} {path} answered {response.status_code} (after redirects)")
            return seconds, response.text

        figures = []

        def note(what: str, times: list[float]) -> None:
            cpu = server_cpu[-len(times):]
            figures.append({"page": what, "requests": len(times), "seconds": round(statistics.median(times), 3),
                            "worst": round(max(times), 3), "cpu_seconds": round(statistics.median(cpu), 3)})

        first_views = [(await timed("GET", f"/scorecard/{month}"))[0] for month in PAGES_MONTHS]
        note("first view of a month (cold: built on the request)", first_views)
        month = PAGES_MONTHS[0]
        indicator = f"/indicator/{PAGES_INDICATOR}?as_at={month}"
        times, text = [], ""
        for _ in range(PAGES_REPEAT):
            seconds, text = await timed("GET", indicator)
            times.append(seconds)
        note("indicator page", times)
        drill = _first_drill_link(text)
        note("drill-through page (first of its pages)", [(await timed("GET", drill))[0] for _ in range(PAGES_REPEAT)])
        token = _csrf(text)
        saves = []
        for n in range(PAGES_REPEAT):
            form = {"csrf_token": token, "as_at": month, "text": f"Bench edit {n}: the figure is steady."}
            saves.append((await timed("POST", f"/analysis/{PAGES_INDICATOR}", data=form))[0])
        note("save an analysis edit (post, then the indicator page it returns to)", saves)
        signs = [(await timed("POST", f"/signoff/{m}", data={"csrf_token": token}))[0] for m in PAGES_MONTHS]
        note("sign off a month (post, then the month's page it returns to)", signs)
    return figures


def pages_run(work: Path) -> dict:
    """The issue-16 page times on a fresh copy of the demo store (rows: the requests timed)."""
    import asyncio

    _pages_fresh_store(work)
    process, url = _web_start_server(work, _pages_store(work))
    try:
        figures = asyncio.run(_pages_timings(url, process.pid))
    finally:
        _web_stop_server(process)
    for figure in figures:
        figure["target_seconds"] = PAGES_TARGET_SECONDS
        figure["met"] = figure["seconds"] < PAGES_TARGET_SECONDS
    return {"rows": sum(f["requests"] for f in figures), "seconds": sum(f["seconds"] * f["requests"] for f in figures),
            "details": figures}


def pages_baseline(work: Path) -> dict:
    """The same server answering /login to a signed-out client: the floor of one request."""
    import statistics
    import time

    import httpx

    _pages_fresh_store(work)
    process, url = _web_start_server(work, _pages_store(work))
    try:
        times = []
        with httpx.Client(base_url=url, timeout=WEB_REQUEST_TIMEOUT) as client:
            for _ in range(PAGES_REPEAT):
                started = time.perf_counter()
                if client.get("/login").status_code != 200:
                    raise RuntimeError("/login did not answer 200")
                times.append(time.perf_counter() - started)
    finally:
        _web_stop_server(process)
    return {"rows": len(times), "seconds": statistics.median(times) * len(times)}


# ---- cli: each command as a user runs it, a whole process, beside `python -c "import csc_scorecard"` ----

CLI_RUNS = 5  # runs per command; the median is reported (the first run also warms the OS file cache)
CLI_BUILD_MONTH = AS_AT.isoformat()


def _scorecard_command() -> list[str]:
    """The `scorecard` console script beside this Python, else `python -m csc_scorecard`."""
    import sys

    script = Path(sys.executable).with_name("scorecard")
    return [str(script)] if script.exists() else [sys.executable, "-m", "csc_scorecard"]


def _cli_commands(work: Path) -> list[tuple[str, list[str], float | None]]:
    """(what, arguments, target seconds) of each command the cli scenario times."""
    store = str(_demo_store(work))
    out = str(work / "cli-out")
    return [
        ("scorecard --help", ["--help"], None),
        ("scorecard series referrals_rate (12 months)",
         ["series", "referrals_rate", "--months", "12", "--from", "2023-01", "--to", "2023-12", "--store", store], 0.8),
        ("scorecard benchmarks --la 343 --year 2023", ["benchmarks", "--la", "343", "--year", "2023"], 0.8),
        ("scorecard build, every output (html, pdf, xlsx, docx, json)",
         ["build", "--as-at", CLI_BUILD_MONTH, "--store", store, "--out", out], 2.0),
        ("scorecard build --format html,json",
         ["build", "--as-at", CLI_BUILD_MONTH, "--store", store, "--out", out, "--format", "html,json"], 1.0),
    ]


def run_process(arguments: list[str]) -> dict:
    """One whole process: wall seconds, CPU seconds (user + system) and peak memory (MiB) of it
    alone, measured by bench/one_process.py; fails naming the command when it fails."""
    import json
    import subprocess
    import sys

    runner = Path(__file__).resolve().parent / "one_process.py"
    report = subprocess.run([sys.executable, str(runner), *arguments], capture_output=True, text=True, check=True)
    figures = json.loads(report.stdout)
    if figures.pop("exit") != 0:
        raise RuntimeError(f"{' '.join(arguments)} failed: {figures['error']}")
    figures.pop("error")
    return figures


def _median_of_runs(arguments: list[str], runs: int = CLI_RUNS, before_each: Callable[[], None] | None = None) -> dict:
    import statistics

    measured = []
    for _ in range(runs):
        if before_each is not None:
            before_each()
        measured.append(run_process(arguments))
    return {
        "seconds": round(statistics.median(m["seconds"] for m in measured), 3),
        "cpu_seconds": round(statistics.median(m["cpu_seconds"] for m in measured), 3),
        "peak_mib": round(max(m["peak_mib"] for m in measured), 1),
        "runs": runs,
    }


def _cli_detail(what: str, figures: dict, target: float | None) -> dict:
    return {"page": what, **figures, "target_seconds": target, "met": None if target is None else figures["seconds"] < target}


def cli_run(work: Path) -> dict:
    """Each command of `_cli_commands`, CLI_RUNS times (rows: commands; seconds: their medians
    added up). A build is timed cold, its month's figures emptied before each run (the first
    build after a load: what the targets are about), then warm (the figures an earlier build kept)."""
    details = []
    for what, arguments, target in _cli_commands(work):
        command = _scorecard_command() + arguments
        if arguments[0] != "build":
            details.append(_cli_detail(what, _median_of_runs(command), target))
            continue
        cold = _median_of_runs(command, before_each=lambda: forget_kept_figures(_demo_store(work)))
        warm = _median_of_runs(command)  # the last cold run kept the figures these read
        details.append(_cli_detail(f"{what}: cold, the first build after a load", cold, target))
        details.append(_cli_detail(f"{what}: warm, figures kept by an earlier build", warm, None))
    return {"rows": len(details), "seconds": sum(d["seconds"] for d in details), "details": details}


def cli_baseline(work: Path) -> dict:
    """`python -c "import csc_scorecard"`: the floor of any command (seconds: the median of CLI_RUNS)."""
    import sys

    figures = _median_of_runs([sys.executable, "-c", "import csc_scorecard"])
    return {"rows": 1, "seconds": figures["seconds"], "cpu_seconds": figures["cpu_seconds"]}


# ---- load: one more monthly extract into a store that holds 24 ----
#
# A synthetic LA (the demo's seed and volumes) to 2024-01-31: its 24 extracts 2022-01 .. 2023-12
# are loaded once into work/load/store-24; each run copies that store (not timed) and times
# `scorecard load` of the 25th, 2024-01-31, as a whole process, then the next
# `scorecard build --format html,json` of the new month.

LOAD_NEW = date(2024, 1, 31)
LOAD_RUNS = 3


def _load_folder(work: Path) -> Path:
    return work / "load"


def _load_workbook(work: Path) -> Path:
    return _load_folder(work) / "annex_a" / f"annex_a_{LOAD_NEW.isoformat()}.xlsx"


def load_prepare(work: Path) -> None:
    """Generate the LA to LOAD_NEW, write its 25 monthly extracts and load the first 24, once."""
    import os

    folder = _load_folder(work)
    if (folder / "complete").exists():
        return
    from csc_scorecard.demo import DEMO_LA, DEMO_SEED, FIRST_EXTRACT, HISTORY_START
    from csc_scorecard.ingest.annex_a import read_annex_a
    from csc_scorecard.progress import progress
    from csc_scorecard.store.db import open_store
    from csc_scorecard.store.extracts import load_annex_a
    from csc_scorecard.synth import generate_la, write_monthly_extracts

    shutil.rmtree(folder, ignore_errors=True)
    la = generate_la(seed=DEMO_SEED, start=HISTORY_START, end=LOAD_NEW)
    files = write_monthly_extracts(la, folder / "annex_a", FIRST_EXTRACT, LOAD_NEW, months=12, workers=os.cpu_count() or 1)
    store = open_store(folder / "store-24")
    try:
        with progress(_console(), "[load] loading 24 extracts", total=len(files) - 1) as steps:
            for path in files[:-1]:
                as_at = date.fromisoformat(path.stem.removeprefix("annex_a_"))
                outcome = load_annex_a(store, read_annex_a(path, as_at=as_at), as_at, DEMO_LA)
                assert outcome.status == "loaded", outcome.message
                steps.done(path.name)
    finally:
        store.dispose()
    (folder / "complete").write_text("24 extracts loaded\n")


def _load_scratch(work: Path) -> Path:
    return _load_folder(work) / "scratch"


def _load_copy_store(work: Path) -> None:
    shutil.rmtree(_load_scratch(work), ignore_errors=True)
    shutil.copytree(_load_folder(work) / "store-24", _load_scratch(work))


def load_run(work: Path) -> dict:
    """`scorecard load` of the 25th extract (median of LOAD_RUNS, each into a fresh copy of the
    24-extract store), then the next `build --format html,json` of that month."""
    command = _scorecard_command()
    store = str(_load_scratch(work))
    load = _median_of_runs(command + ["load", str(_load_workbook(work)), "--store", store], LOAD_RUNS,
                           before_each=lambda: _load_copy_store(work))
    build = _median_of_runs(command + ["build", "--as-at", LOAD_NEW.isoformat(), "--store", store, "--out",
                                       str(_load_folder(work) / "out"), "--format", "html,json"], LOAD_RUNS,
                            before_each=lambda: forget_kept_figures(_load_scratch(work)))  # each the next build: cold
    details = [
        {"page": "scorecard load (the 25th extract)", **load, "target_seconds": 2.0, "met": load["seconds"] < 2.0},
        {"page": "the next scorecard build --format html,json", **build, "target_seconds": 1.0,
         "met": build["seconds"] < 1.0},
    ]
    return {"rows": 2, "seconds": load["seconds"] + build["seconds"], "details": details}


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
    "national": Scenario(
        prepare_national,
        run_national,
        baseline_national,
        "scan the same Parquet files, count rows per LA and month",
        "target (issue 12): ratio under 10 (goal 5), peak under 4 GiB",
    ),
    "web": Scenario(
        web_prepare,
        web_run,
        web_baseline,
        "the same 50 clients GET /login (signed in: a 303 after the same session and user checks)",
        "target: >= 200 requests/s and p95 < 100 ms for the scorecard page, no response but 200",
    ),
    "pages": Scenario(
        web_prepare,
        pages_run,
        pages_baseline,
        "one signed-out GET /login on the same server (median)",
        "target: each page of the monthly cycle under 1 s per request (issue 16)",
    ),
    "cli": Scenario(
        prepare_demo_store,
        cli_run,
        cli_baseline,
        'python -c "import csc_scorecard" (median of 5)',
        "targets (whole processes, issue 12): series and benchmarks < 0.8 s, build < 2 s, html+json < 1 s",
    ),
    "load": Scenario(
        load_prepare,
        load_run,
        cli_baseline,
        'python -c "import csc_scorecard" (median of 5)',
        "target: loading one more extract into a store of 24 < 2 s (issue 12)",
    ),
}
