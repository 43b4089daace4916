"""How `scorecard benchmarks` shows a benchmark table on a terminal (rich), with reasons for gaps.

Published figures are shown as published (`k` as "<0.5", other symbols as themselves);
computed ones (rates from counts, SN means, quartiles) to one decimal place, rounded half up.
An absent figure is "-" and its reason is given in the notes below the table, with the source
of each measure (kept out of the table so that it fits a terminal).
"""

from __future__ import annotations

from decimal import Decimal

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from csc_scorecard.benchmarks.shipped import Figure
from csc_scorecard.benchmarks.table import BenchmarkTable
from csc_scorecard.display import format_published
from csc_scorecard.ingest.neighbours import LIST_TITLES

COMPUTED_PLACES = 1


def show_figure(figure: Figure) -> str:
    places = None if isinstance(figure.value, Decimal) else COMPUTED_PLACES
    return format_published(figure.value, figure.symbol, places)


def show_number(value) -> str:
    return format_published(value, None, None if value is None else COMPUTED_PLACES)


def title_of(table: BenchmarkTable) -> str:
    reporting_year = f"{table.year - 1}-{str(table.year)[-2:]}"
    region = f", {table.region_name}" if table.region_name else ""
    return (
        f"Published benchmarks for {table.la_name} ({table.la_code}{region}): {reporting_year}, "
        f"{table.release} release, statistical neighbours {LIST_TITLES.get(table.sn_list, table.sn_list)}"
    )


def notes_of(table: BenchmarkTable) -> list[str]:
    """One line per measure with a gap: the distinct reasons, in column order."""
    lines = []
    for row in table.rows:
        reasons = list(dict.fromkeys(row.reasons.values()))
        if reasons:
            lines.append(f"{row.measure}: {'; '.join(reasons)}")
    return lines


def sources_of(table: BenchmarkTable) -> list[str]:
    """One line per source text, naming the measures that come from it."""
    measures_by_source: dict[str, list[str]] = {}
    for row in table.rows:
        if row.source:
            measures_by_source.setdefault(row.source, []).append(row.measure)
    return [f"{', '.join(measures)}: {source}" for source, measures in measures_by_source.items()]


def rich_table(table: BenchmarkTable) -> Group:
    """The table (figures only), then its sources and the reasons for every gap."""
    shown = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    shown.add_column("Measure", overflow="fold")
    for heading in ("LA", "SN", "SNs", "Region", "England", "Q1", "Q3"):
        shown.add_column(heading, justify="right", no_wrap=True)
    shown.add_column("Band", no_wrap=True)
    for row in table.rows:
        shown.add_row(
            row.measure,
            show_figure(row.la),
            show_number(row.sn),
            "-" if row.sn_count is None else f"{row.sn_count}/{len(table.neighbours)}",
            show_figure(row.region),
            show_figure(row.england),
            show_number(row.q1),
            show_number(row.q3),
            row.band or "-",
        )
    parts: list = [Text(title_of(table), style="bold"), shown, Text("Sources", style="bold")]
    parts += [Text("  " + line) for line in sources_of(table)]
    notes = notes_of(table)
    if notes:
        parts.append(Text("Notes", style="bold"))
        parts += [Text("  " + line) for line in notes]
    return Group(*parts)
