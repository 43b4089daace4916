"""Load and validate input files for the command line and the web upload: detect, read, store, report.

One path for both, so an upload in the dashboard is checked exactly as `scorecard load` checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from csc_scorecard.ingest.annex_a import AnnexARead, read_annex_a
from csc_scorecard.ingest.detect import KIND_LABELS, date_in_file_name, detect_kind
from csc_scorecard.ingest.schema import load_schema
from csc_scorecard.issues import Issue, Scope, Severity, UserError, refuses
from csc_scorecard.progress import progress
from csc_scorecard.store.db import open_store, store_path
from csc_scorecard.store.extracts import LoadOutcome, load_annex_a


@dataclass
class WorkbookPlan:
    path: Path
    as_at: date
    note: str | None  # a warning about how the as-at date was chosen


def resolve_as_at(path: Path, as_at: date | None) -> WorkbookPlan:
    """The as-at date of a workbook: the flag, else the ISO date in its file name (spec/scorecard.md)."""
    named = date_in_file_name(path)
    if as_at is not None:
        note = None
        if named is not None and named != as_at:
            note = f"the file name says {named} but --as-at {as_at} was given: using {as_at}"
        return WorkbookPlan(path, as_at, note)
    if named is None:
        raise UserError(f"{path}: an Annex A workbook needs its as-at date: give --as-at YYYY-MM-DD or put the date in the file name (annex_a_2023-12-31.xlsx)")
    return WorkbookPlan(path, named, None)


def load_files(
    files: list[Path],
    as_at: date | None,
    period_start: date | None,
    la: str | None,
    store_option: Path | None,
    console: Console,
    *,
    partial: bool = False,
    accept_drop: bool = False,
    strict: bool = False,
) -> bool:
    """`scorecard load`: every file all or nothing; True when every file loaded (or was already there).
    `partial` and `accept_drop` override the two refusals of `store.extracts.load_annex_a`; a file
    is refused for a file-level error, and with `strict` for any error (row-level too)."""
    from csc_scorecard.config import default_la_code

    la_code = la or default_la_code()
    kinds = [(path, detect_kind(path)) for path in files]
    plans = {path: resolve_as_at(path, as_at) for path, kind in kinds if kind == "annex_a"}
    store = open_store(store_path(str(store_option) if store_option else None))
    ok = True
    try:
        for path, kind in kinds:
            console.print(f"[bold]{escape(str(path))}[/]: {KIND_LABELS[kind]}")
            if kind != "annex_a":
                load_reference_file(store, path, kind, la_code, console)
                continue
            plan = plans[path]
            if plan.note:
                console.print(f"  [yellow]warning:[/] {escape(plan.note)}")
            with progress(console, f"  reading {path.name}") as steps:
                read = read_annex_a(path, as_at=plan.as_at, on_list=lambda listed, title: steps.done(
                    f"List {listed.number} ({title}): {listed.frame.height:,} rows read"))
                outcome = load_annex_a(store, read, plan.as_at, la_code, period_start, partial=partial,
                                       accept_drop=accept_drop, loaded_by="command line", strict=strict)
                steps.done(f"stored ({outcome.status})")
            print_outcome(console, outcome)
            ok = ok and outcome.status != "refused"
    finally:
        store.dispose()
    return ok


def load_reference_file(store, path: Path, kind: str, la_code: str, console: Console) -> None:
    console.print(f"  [green]{escape(store_reference_file(store, path, kind, la_code))}[/]")


def read_reference_file(path: Path, kind: str):
    """A population, manual, regional or own benchmark CSV read whole and checked (any problem
    is a UserError), as a frame. Its reader, and what checks it (the measures' and benchmarks'
    declarations), are imported here: loading a workbook does not need them (issue 12)."""
    if kind in ("population", "ees_population"):
        from csc_scorecard.ingest.population import read_population_csv

        return read_population_csv(path)
    if kind == "manual":
        from csc_scorecard.ingest.manual import read_manual_csv
        from csc_scorecard.measures.registry import manual_units

        return read_manual_csv(path, manual_units())
    if kind == "regional":
        from csc_scorecard.ingest.regional import read_regional_csv
        from csc_scorecard.measures.registry import measure_ids

        return read_regional_csv(path, measure_ids())
    if kind == "own_benchmarks":
        from csc_scorecard.benchmarks.own_values import benchmark_units
        from csc_scorecard.ingest.own_benchmarks import read_own_benchmarks_csv

        return read_own_benchmarks_csv(path, benchmark_units())
    raise ValueError(kind)


def store_reference_file(store, path: Path, kind: str, la_code: str) -> str:
    """Population, manual, regional and own benchmark CSVs: read whole (any problem is a UserError), then
    stored; says what was loaded. One path for `scorecard load` and the dashboard's upload."""
    from csc_scorecard.store.reference import save_manual_values, save_own_benchmarks, save_population, save_regional_values

    if kind not in ("population", "ees_population", "manual", "regional", "own_benchmarks"):
        raise UserError(f"{path}: loading {KIND_LABELS[kind]} is not available yet in this version")
    frame = read_reference_file(path, kind)
    if kind in ("population", "ees_population"):
        count = save_population(store, frame, path.name)
        return (f"loaded {count:,} population estimates ({frame['old_la_code'].n_unique()} LAs); "
                "they take precedence over the shipped ONS estimates")
    if kind == "manual":
        count = save_manual_values(store, frame, la_code, path.name)
        return f"loaded {count} manual indicator values for LA {la_code}"
    if kind == "regional":
        count = save_regional_values(store, frame, la_code, path.name)
        return f"loaded {count} regional figures for LA {la_code}"
    count = save_own_benchmarks(store, frame, la_code, path.name)
    return f"loaded {count} own benchmark values for LA {la_code}, replacing any stored for the same measure and year"


def validate_files(files: list[Path], as_at: date | None, console: Console, strict: bool = False) -> bool:
    """`scorecard validate`: the loader's checks only; True when `load` would take every file
    (no file-level error; with `strict`, no error at all)."""
    ok = True
    for path in files:
        kind = detect_kind(path)
        console.print(f"[bold]{escape(str(path))}[/]: {KIND_LABELS[kind]}")
        if kind in ("population", "ees_population"):
            console.print(f"  {read_reference_file(path, kind).height:,} population estimates, no problems")
            continue
        if kind == "manual":
            console.print(f"  {read_reference_file(path, kind).height} manual indicator values, no problems")
            continue
        if kind == "regional":
            console.print(f"  {read_reference_file(path, kind).height} regional figures, no problems")
            continue
        if kind == "own_benchmarks":
            console.print(f"  {read_reference_file(path, kind).height} own benchmark values, no problems")
            continue
        if kind != "annex_a":
            raise UserError(f"{path}: validating {KIND_LABELS[kind]} is not available yet in this version")
        plan = resolve_as_at(path, as_at) if (as_at or date_in_file_name(path)) else None
        read = read_annex_a(path, as_at=plan.as_at if plan else None)
        print_counts(console, read)
        print_issues(console, read.issues)
        refused = refuses(read.issues, strict)
        console.print("  [red]load would refuse this file[/]" if refused else "  load would take this file")
        ok = ok and not refused
    return ok


def print_outcome(console: Console, outcome: LoadOutcome) -> None:
    colour = {"loaded": "green", "replaced": "green", "unchanged": "cyan", "refused": "red"}[outcome.status]
    console.print(f"  [{colour}]{escape(outcome.message)}[/]")
    if outcome.period_start is not None:
        console.print(f"  period start {outcome.period_start} ({outcome.period_start_source})")
    print_list_counts(console, outcome.counts)
    print_issues(console, outcome.issues)


def print_counts(console: Console, read: AnnexARead) -> None:
    print_list_counts(console, {name: listed.frame.height for name, listed in read.lists.items()})


def print_list_counts(console: Console, counts: dict[str, int]) -> None:
    if not counts:
        return
    schema = load_schema()
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("List", justify="right")
    table.add_column("Name")
    table.add_column("Rows", justify="right")
    for name, spec in schema.lists.items():
        if name in counts:
            table.add_row(str(spec.number), spec.title, f"{counts[name]:,}")
    console.print(table)


def print_issues(console: Console, issues: list[Issue]) -> None:
    errors = [i for i in issues if i.severity is Severity.ERROR]
    warnings = [i for i in issues if i.severity is Severity.WARNING]
    if errors or warnings:
        in_rows = sum(1 for i in errors if i.scope is Scope.ROW)
        detail = f" ({in_rows} in rows, kept with the cell blank unless --strict)" if in_rows else ""
        console.print(f"  {len(errors)} error(s){detail}, {len(warnings)} warning(s)")
    for issue in errors + warnings:
        colour = "red" if issue.severity is Severity.ERROR else "yellow"
        console.print(f"  [{colour}]{escape(str(issue))}[/]", soft_wrap=True)
