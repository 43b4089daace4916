"""`scorecard demo`: the synthetic LA, configured as Sefton (343), loaded month by month to 2023-12-31.

Every LA figure it produces is synthetic demonstration data (the store is marked so, and every
output says so); the benchmark columns are the real published figures for Sefton, so a user
sees what the scorecard looks like for a real LA without any real child's data.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from rich.console import Console

from csc_scorecard.ingest.annex_a import AnnexARead, read_annex_a
from csc_scorecard.issues import UserError
from csc_scorecard.loading import print_issues, print_list_counts, resolve_as_at
from csc_scorecard.progress import progress
from csc_scorecard.store.db import open_store, store_path
from csc_scorecard.store.extracts import is_empty, load_annex_a
from csc_scorecard.synth import SyntheticLA, generate_la, map_with_la, month_ends, write_extract

DEMO_SEED = 2023
DEMO_LA = "343"
HISTORY_START = date(2020, 1, 1)
FIRST_EXTRACT = date(2022, 1, 31)  # 24 monthly extracts: two years of attribute measures
AS_AT = date(2023, 12, 31)
REGIONAL_QUARTER_END = date(2023, 9, 30)
# The North West figures of the regional report's Q2, as printed in the reference scorecard
# (spec/000_178bbe641db9b051.txt, column "RIG Q2 NW"); the demo's own LA column is computed.
REGIONAL_NW = {
    "referrals_rate": 507, "rereferrals_pct": 22.5, "assessments_rate": 833, "assessments_45wd_pct": 79.6,
    "s47_rate": 200.7, "icpc_rate": 65.8, "icpc_15wd_pct": 79.3, "cin_rate": 365.5, "cpp_rate": 50.2,
    "cpp_repeat_pct": 10.9,
}
MANUAL_VALUES = """indicator_id,period_end,value,label
agency_sw_pct,2023-04-30,50,
agency_sw_pct,2023-09-30,49,
unregulated_placements,2022-12-31,36,
unregulated_placements,2023-04-30,38,
unregulated_placements,2023-12-31,30,
"""
# Own benchmark values for the two rows DfE publishes in no table the project ships, as the
# reference scorecard prints them for Sefton 2022-23 (rows 3 and 21): what an LA adds itself.
OWN_BENCHMARKS = """indicator_id,year,area,value
assessments_rate,2023,la,919
assessments_rate,2023,sn,667
assessments_rate,2023,region,597
assessments_rate,2023,england,557
cla_ceased_16plus_to18_pct,2023,la,100
cla_ceased_16plus_to18_pct,2023,sn,91
cla_ceased_16plus_to18_pct,2023,region,81
cla_ceased_16plus_to18_pct,2023,england,79
"""


def load_demo_data(out: Path, store_dir: Path, console: Console) -> None:
    """Generate the synthetic LA's extracts into `out/annex_a`, load them, the manual values, the
    regional figures and the own benchmark values."""
    from csc_scorecard.benchmarks.own_values import benchmark_units
    from csc_scorecard.ingest.manual import read_manual_csv
    from csc_scorecard.ingest.own_benchmarks import read_own_benchmarks_csv
    from csc_scorecard.scorecard.build import mark_synthetic
    from csc_scorecard.ingest.regional import read_regional_csv
    from csc_scorecard.measures.registry import manual_units, measure_ids
    from csc_scorecard.store.reference import save_manual_values, save_own_benchmarks, save_regional_values

    out.mkdir(parents=True, exist_ok=True)
    store = open_store(store_dir)
    try:
        if not is_empty(store):
            raise UserError(f"the store {store_dir} already holds data; the demo needs an empty store (give --out with a new folder, or --store)")
        mark_synthetic(store_dir)
        console.print(f"Generating the synthetic LA (seed {DEMO_SEED}, configured as Sefton {DEMO_LA}) ...")
        la = generate_la(seed=DEMO_SEED, start=HISTORY_START, end=AS_AT)
        workbooks = out / "annex_a"
        last = None
        files = []
        with progress(console, "Writing, reading and loading extracts", total=len(month_ends(FIRST_EXTRACT, AS_AT))) as steps:
            for path, as_at, read in written_and_read(la, workbooks, os.cpu_count() or 1):
                outcome = load_annex_a(store, read, as_at, DEMO_LA)
                if outcome.status == "refused":
                    print_issues(console, outcome.issues)
                    raise UserError(f"{path}: the demo's own extract did not load")
                last = outcome
                files.append(path)
                steps.done(f"{path.name}: {sum(outcome.counts.values()):,} rows in {len(outcome.counts)} lists")
        console.print(f"Wrote {len(files)} monthly Annex A extracts to {workbooks}")
        manual = out / "manual.csv"
        manual.write_text(MANUAL_VALUES)
        save_manual_values(store, read_manual_csv(manual, manual_units()), DEMO_LA, manual.name)
        regional = out / "regional.csv"
        regional.write_text(demo_regional_csv(store))
        save_regional_values(store, read_regional_csv(regional, measure_ids()), DEMO_LA, regional.name)
        own = out / "own_benchmarks.csv"
        own.write_text(OWN_BENCHMARKS)
        save_own_benchmarks(store, read_own_benchmarks_csv(own, benchmark_units()), DEMO_LA, own.name)
        console.print(f"Loaded {len(files)} extracts, {manual.name}, {regional.name} and {own.name} into the store {store_dir}")
        if last is not None:
            console.print(f"Rows per list in the extract at {AS_AT}:")
            print_list_counts(console, last.counts)
    finally:
        store.dispose()


def written_and_read(la: SyntheticLA, folder: Path, workers: int) -> Iterator[tuple[Path, date, AnnexARead]]:
    """(workbook, as-at, what the loader read from it) for each monthly extract, in month order.

    Each workbook is written to `folder` and read back by the real loader (`read_annex_a`, the
    same call as `scorecard load`) in one of `workers` spawned processes, while this process
    stores the months already read: writing and reading are most of the demo's time. Loading
    stays here and in order, as `scorecard load` of the files one by one would.
    """
    jobs = [(folder / f"annex_a_{as_at.isoformat()}.xlsx", as_at) for as_at in month_ends(FIRST_EXTRACT, AS_AT)]
    return map_with_la(la, _write_and_read, jobs, workers)


def _write_and_read(la: SyntheticLA, path: Path, as_at: date) -> tuple[Path, date, AnnexARead]:
    write_extract(la, path, as_at, months=12)
    plan = resolve_as_at(path, None)  # the date from the file name, as `scorecard load` takes it
    return path, plan.as_at, read_annex_a(path, as_at=plan.as_at)


def demo_regional_csv(store) -> str:
    """Q2 2023-24 regional figures: the demo LA's own (12 months for rows 1-5, 6 months for the
    others, as the scorecard's sections use) and the North West's as printed in the reference."""
    from csc_scorecard.measures.series import compute_series
    from csc_scorecard.store.extracts import extract_set

    from csc_scorecard.measures.combine import combine

    data = combine(extract_set(store, [DEMO_LA]))  # combined once for all ten measures
    lines = ["source,period_end,period_label,area,indicator_id,value"]
    for measure, region_value in REGIONAL_NW.items():
        months = 12 if measure in ("referrals_rate", "rereferrals_pct", "assessments_rate", "assessments_45wd_pct", "s47_rate") else 6
        value = compute_series(data, measure, [REGIONAL_QUARTER_END], months, la_codes=[DEMO_LA])["value"][0]
        if value is not None:
            lines.append(f"RIG,{REGIONAL_QUARTER_END},Q2,la,{measure},{value:.1f}")
        lines.append(f"RIG,{REGIONAL_QUARTER_END},Q2,region,{measure},{region_value}")
    return "\n".join(lines) + "\n"


FULL_FORMATS = "html,json"  # the library layout: one long document, for reading on screen and for tools


def run_demo(out: Path, store_option: Path | None, console: Console) -> dict[str, Path]:
    """The whole demo: data, store, every output (html, pdf, xlsx, docx, json) as at 2023-12-31
    and the tidy export of its 24 months, then the full library layout
    (`data/layouts/annex-a-full.yaml`) into `out/full` (html, json); prints the paths. Returns
    them, the full layout's as "full html" and "full json"."""
    chosen = store_option or (store_path(None) if os.environ.get("SCORECARD_STORE") else out / "store")
    load_demo_data(out, chosen, console)
    return write_demo_outputs(out, chosen, console)


def write_demo_outputs(out: Path, store_dir: Path, console: Console) -> dict[str, Path]:
    """Every scorecard output as at AS_AT into `out`, the CSV export of the months from the
    first extract's into `out/export` and the full library layout into `out/full`; prints where
    they are. The full layout is built in a second process meanwhile (`_full_layout`): the
    outputs are the last third of the demo and the machine's other core was idle (issue 12)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from csc_scorecard.config import FULL_LAYOUT
    from csc_scorecard.outputs import build_outputs, export_outputs
    from csc_scorecard.render import FORMATS

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        full_layout = pool.submit(_full_layout, out, store_dir)
        paths = build_outputs(AS_AT, None, ",".join(FORMATS), out, False, DEMO_LA, store_dir, console)
        export = out / "export"
        export_outputs(f"{FIRST_EXTRACT:%Y-%m}", f"{AS_AT:%Y-%m}", None, "csv", export, DEMO_LA, store_dir, console)
        paths["export"] = export
        console.print(f"\nThe demo scorecard as at {AS_AT} (synthetic demonstration data):")
        for kind, path in paths.items():
            console.print(f"{kind:>6}: {path.resolve()}")
        console.print("(export: figures, measures, benchmarks and las as CSV, for Power BI or Excel: see the README)")
        full = full_layout.result()
    console.print(f"\nEvery library measure in one scorecard ({FULL_LAYOUT.name}):")
    for kind, path in full.items():
        console.print(f"{kind:>6}: {path.resolve()}")
    return paths | {f"full {kind}": path for kind, path in full.items()}


def _full_layout(out: Path, store_dir: Path) -> dict[str, Path]:
    """The full library layout (`data/layouts/annex-a-full.yaml`) as at AS_AT into `out/full`,
    in html and json (run in a worker process: its progress is not shown)."""
    from csc_scorecard.config import FULL_LAYOUT
    from csc_scorecard.outputs import build_outputs

    return build_outputs(AS_AT, FULL_LAYOUT, FULL_FORMATS, out / "full", False, DEMO_LA, store_dir, None)
