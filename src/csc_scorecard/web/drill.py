"""The drill-through table as people read it (issue 16): plain column names, the child's team
and worker from the list row it came from, filters (in or out of the numerator, team, worker,
a date range on the date that put the row in the figure) and pages of PAGE_ROWS.

The rows themselves are the measure's own (`scorecard.explore`), so the list and the figure
agree; this module only joins, filters, names and pages them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from csc_scorecard.ingest.schema import load_schema
from csc_scorecard.measures.registry import get
from csc_scorecard.store.db import Store
from csc_scorecard.store.extracts import read_list_rows

PAGE_ROWS = 50
HIDDEN = ("la_code", "months")  # the same on every row: said above the table
LABELS = {
    "period_end": "Period end",
    "child_id": "Child",
    "in_numerator": "In the numerator",
    "in_denominator": "In the denominator",
    "extract_id": "Extract",
    "source_row": "Row in the sheet",
    "allocated_team": "Team",
    "allocated_worker": "Worker",
}
WHO = ("allocated_team", "allocated_worker")


@dataclass(frozen=True)
class DrillFilters:
    numerator: str = ""  # "in", "out" or "" (all)
    team: str = ""
    worker: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @property
    def active(self) -> bool:
        return bool(self.numerator or self.team or self.worker or self.date_from or self.date_to)


@dataclass(frozen=True)
class DrillTable:
    rows: pl.DataFrame  # the filtered rows of this page, columns renamed to their plain names
    all_rows: pl.DataFrame  # every filtered row (plain names), for the CSV
    total: int  # rows before filtering
    matching: int  # rows after filtering
    page: int
    pages: int
    teams: list[str]
    workers: list[str]
    date_column: str | None  # the plain name of the date the range filters on
    has_team: bool


def drill_table(store: Store, indicator_id: str, rows: pl.DataFrame, filters: DrillFilters, page: int) -> DrillTable:
    spec = get(indicator_id)
    with_who = _with_team_and_worker(store, spec.source, rows)
    has_team = all(column in with_who.columns for column in WHO)
    date_column = spec.dated_by if spec.dated_by in with_who.columns else next(
        (c for c, t in with_who.schema.items() if t == pl.Date and c != "period_end"), None)
    teams = sorted(with_who["allocated_team"].drop_nulls().unique().to_list()) if has_team else []
    workers = sorted(with_who["allocated_worker"].drop_nulls().unique().to_list()) if has_team else []
    kept = _filtered(with_who, filters, has_team, date_column)
    pages = max(1, -(-kept.height // PAGE_ROWS))
    page = min(max(page, 1), pages)
    names = plain_names(indicator_id, kept.columns)
    shown = kept.drop([c for c in HIDDEN if c in kept.columns])
    renamed = shown.rename({c: names[c] for c in shown.columns})
    return DrillTable(
        rows=renamed.slice((page - 1) * PAGE_ROWS, PAGE_ROWS), all_rows=renamed, total=rows.height, matching=kept.height,
        page=page, pages=pages, teams=teams, workers=workers,
        date_column=names.get(date_column) if date_column else None, has_team=has_team,
    )


def plain_names(indicator_id: str, columns: list[str]) -> dict[str, str]:
    """Each column's name as the Annex A template heads it (dates and details), or as LABELS says."""
    source = get(indicator_id).source
    headers = {}
    if source in load_schema().lists:
        headers = {c.name: c.header for c in load_schema().lists[source].columns}
    return {c: LABELS.get(c) or headers.get(c) or c.replace("_", " ").capitalize() for c in columns}


def _with_team_and_worker(store: Store, source: str, rows: pl.DataFrame) -> pl.DataFrame:
    """The rows with the team and worker of the list row each came from (when the list has them)."""
    schema = load_schema().lists.get(source)
    if rows.is_empty() or schema is None or not all(c in {col.name for col in schema.columns} for c in WHO):
        return rows
    ids = rows["extract_id"].unique().to_list()
    who = read_list_rows(store, source, ids).select("extract_id", "source_row", *WHO)
    return rows.join(who, on=["extract_id", "source_row"], how="left", maintain_order="left")


def _filtered(rows: pl.DataFrame, filters: DrillFilters, has_team: bool, date_column: str | None) -> pl.DataFrame:
    if filters.numerator == "in":
        rows = rows.filter(pl.col("in_numerator"))
    elif filters.numerator == "out":
        rows = rows.filter(~pl.col("in_numerator"))
    if has_team and filters.team:
        rows = rows.filter(pl.col("allocated_team") == filters.team)
    if has_team and filters.worker:
        rows = rows.filter(pl.col("allocated_worker") == filters.worker)
    if date_column and filters.date_from:
        rows = rows.filter(pl.col(date_column) >= filters.date_from)
    if date_column and filters.date_to:
        rows = rows.filter(pl.col(date_column) <= filters.date_to)
    return rows
