"""`scorecard build` and `scorecard series`: read the store, compute, and write what the user asked for.

Shared by the command line and the web app so that both produce the same files.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

from rich.console import Console

from csc_scorecard.dates import is_month_end, month_end, months_with_data, scorecard_month, shift_months
from csc_scorecard.config import ScorecardConfig, default_config, default_la_code, read_config
from csc_scorecard.issues import UserError
from csc_scorecard.measures.columns import columns_to_read
from csc_scorecard.measures.registry import get, lists_read
from csc_scorecard.render import parse_formats
from csc_scorecard.store.db import open_store, store_path
from csc_scorecard.store.extracts import extract_set
from csc_scorecard.store.reference import manual_values, population_overrides

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str, option: str) -> date:
    """`2023-12` -> 2023-12-31 (the month end)."""
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise UserError(f"{option} {text!r} is not a month: expected YYYY-MM, e.g. 2023-12")
    return month_end(date(int(match[1]), int(match[2]), 1))


def month_ends(first: date, last: date) -> list[date]:
    if last < first:
        raise UserError(f"--to {last:%Y-%m} is before --from {first:%Y-%m}")
    ends, current = [], first
    while current <= last:
        ends.append(current)
        current = month_end(shift_months(current.replace(day=1), 1))
    return ends


def load_config(path: Path | None) -> ScorecardConfig:
    return read_config(path) if path else default_config()


def series_output(measure: str, months: int, start: str, end: str, output: str, la: str | None, store_option: Path | None) -> str:
    """The monthly series of one measure for one LA as JSON (spec/scorecard.md) or CSV text."""
    from csc_scorecard.measures.series import compute_series, series_json  # numpy and the measures: not for a build

    if output not in ("json", "csv"):
        raise UserError(f"--format {output!r}: choose json or csv")
    spec = get(measure)
    ends = month_ends(parse_month(start, "--from"), parse_month(end, "--to"))
    la_code = la or default_la_code()
    store = open_store(store_path(str(store_option) if store_option else None), create=False)
    try:
        read = extract_set(store, [la_code], lists_read([spec.id]), columns_to_read([spec.id]), on_demand=True)
        frame = compute_series(
            read, spec.id, ends, months, la_codes=[la_code],
            population=population_overrides(store), manual=manual_values(store, la_code),
        )
    finally:
        store.dispose()
    items = series_json(frame)
    if output == "json":
        return json.dumps(items, indent=2) + "\n"
    buffer = io.StringIO()
    columns = ["period_end", "value", "numerator", "denominator", "reason", "excluded"]
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for item in items:
        # rows left out of the figure, "blank Date of Birth: 2; ..." (empty when none)
        excluded = "; ".join(f"{reason}: {rows}" for reason, rows in item.get("excluded", {}).items())
        writer.writerow({**item, "excluded": excluded})
    return buffer.getvalue()


def check_extracts(store, la_code: str) -> None:
    """An LA with no extract in the store has nothing to export: say so rather than write empty figures."""
    from csc_scorecard.store.extracts import extracts_frame

    if extracts_frame(store, [la_code]).is_empty():
        raise UserError(f"the store {store.path} holds no extract for LA {la_code}: load an Annex A workbook first (scorecard load)")


def check_extract_in_month(store, as_at: date, la_code: str) -> None:
    """A scorecard for a month with no extract of its own (`dates.months_with_data`, the months
    the dashboard lists) would show figures not covered, or none of the attribute measures:
    refuse it, naming the latest extract and the month it is the data of."""
    from csc_scorecard.store.extracts import extracts_frame

    as_ats = extracts_frame(store, [la_code])["as_at"].to_list()
    if not as_ats or not is_month_end(as_at) or as_at in months_with_data(as_ats):
        return  # no extract at all, or a day that is not a month end: the build itself says so
    latest = max(as_ats)
    next_end = month_end(shift_months(as_at.replace(day=1), 1))
    raise UserError(
        f"no extract for LA {la_code} is the data of {as_at:%B %Y}: that needs one as at {as_at:%d %B %Y}, or a later "
        f"day before {next_end:%d %B %Y}; the latest loaded extract is as at {latest.isoformat()} (the data of "
        f"{scorecard_month(latest):%B %Y}); load {as_at:%B}'s Annex A, or pass --allow-missing to build from the extracts loaded"
    )


def build_outputs(as_at: date, config_path: Path | None, formats: str, out: Path, publication: bool,
                  la: str | None, store_option: Path | None, console: Console | None = None,
                  allow_missing: bool = False, pdf_printer=None) -> dict[str, Path]:
    """Compute the scorecard as at `as_at` and render it in each chosen format into `out`.
    A PDF is printed by a worker process (`render/pdf_worker.py`, started here unless the caller
    started one sooner as `pdf_printer`), so its WeasyPrint import overlaps the figures and its
    layout the other outputs; the worker is ended whatever happens."""
    from csc_scorecard.render import render_all
    from csc_scorecard.render.pdf_worker import PdfPrinter
    from csc_scorecard.scorecard.build import month_scorecard

    from csc_scorecard.progress import progress

    try:
        chosen = parse_formats(formats)
        if pdf_printer is None and "pdf" in chosen:
            pdf_printer = PdfPrinter.start()
        config = load_config(config_path)
        la_code = la or config.local_authority.old_la_code
        store = open_store(store_path(str(store_option) if store_option else None), create=False)
        with progress(console, "Building", total=1 + len(chosen)) as steps:
            try:
                if not allow_missing:
                    check_extract_in_month(store, as_at, la_code)
                scorecard, _ = month_scorecard(store, as_at, config, la_code, publication)
            finally:
                store.dispose()
            steps.done(f"computed the scorecard as at {as_at}")
            return render_all(scorecard, out, chosen, on_output=lambda kind, path: steps.done(f"wrote {path.name}"),
                              pdf_printer=pdf_printer if "pdf" in chosen else None)
    finally:
        if pdf_printer is not None:
            pdf_printer.close()


def rows(count: int) -> str:
    return f"{count:,} row" + ("" if count == 1 else "s")


def export_outputs(start: str, end: str, layout: Path | None, output_format: str, out: Path, la: str | None,
                   store_option: Path | None, console: Console) -> list[Path]:
    """`scorecard export`: the tidy tables (export/tables.py) of the month ends from `start` to
    `end` (YYYY-MM) written into `out`; the paths written."""
    from csc_scorecard.export.tables import export_tables
    from csc_scorecard.export.write import EXPORT_FORMATS, write_tables
    from csc_scorecard.progress import progress

    if output_format not in EXPORT_FORMATS:
        raise UserError(f"--format {output_format!r}: choose {', '.join(EXPORT_FORMATS)}")
    ends = month_ends(parse_month(start, "--from"), parse_month(end, "--to"))
    config = load_config(layout)
    la_code = la or config.local_authority.old_la_code
    store = open_store(store_path(str(store_option) if store_option else None), create=False)
    try:
        check_extracts(store, la_code)
        with progress(console, "Exporting", total=5) as steps:
            tables = export_tables(store, config, la_code, ends, lambda name, table: steps.done(f"{name}: {rows(table.height)}"))
            paths = write_tables(tables.named(), output_format, out)
            steps.done(f"wrote {len(paths)} file(s) to {out}")
    finally:
        store.dispose()
    return paths
