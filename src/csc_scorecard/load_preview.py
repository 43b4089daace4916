"""What loading a workbook would change, worked out before anything is stored (issue 16).

The dashboard shows it on the upload's confirm step: the rows per list against the extract it
would be compared with (the one it replaces, else the latest earlier one), how many children
are in both, the confirmations the load needs (a different or non-month-end date, a partial
workbook, a fall in rows), and the figures of months already shown that would move, each with
its value now and after. The figures are computed by the measures themselves on the store's
current extracts with the workbook added in memory (superseding the extract it replaces), so
they are exactly what the month would show after the load. Signed-off months are listed apart:
their scorecard stays as signed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import polars as pl

from csc_scorecard.dates import months_back, months_with_data, scorecard_month
from csc_scorecard.display import format_half_up
from csc_scorecard.ingest.annex_a import AnnexARead
from csc_scorecard.ingest.schema import load_schema
from csc_scorecard.issues import Issue, refuses
from csc_scorecard.measures.combine import combine
from csc_scorecard.measures.registry import get
from csc_scorecard.measures.series import compute_series
from csc_scorecard.store.db import Store
from csc_scorecard.store.extract_set import MEASURED_LISTS, ExtractSet
from csc_scorecard.store.extracts import (
    LoadChecks, extract_set, infer_period_start, list_schema, load_checks, read_list_rows,
)
from csc_scorecard.store.reference import manual_values, population_overrides
from csc_scorecard.store.signoff import signed_months

MOVE_MONTHS = 12  # month ends, up to the workbook's, whose figures are compared
CHILD = "child_id"
WINDOWS = (12, 6)  # the scorecard's window lengths: rolling 12 months, and the 6-month columns


@dataclass(frozen=True)
class ShownRow:
    """A scorecard row as the config shows it: the preview names and rounds figures the same way."""

    id: str
    label: str
    decimals: int


@dataclass
class ListComparison:
    number: int
    title: str
    before: int | None  # rows in the extract compared with (None: it had no such list)
    now: int | None  # rows in this workbook (None: it has no such list)
    children_before: int | None
    children_now: int | None
    children_in_both: int | None


@dataclass
class FigureMove:
    month: date
    indicator_id: str
    label: str
    window: str  # "12 months", "6 months" (to the month end) or "at the month end" (a snapshot)
    before: str  # as the scorecard shows it ("-" for no figure)
    after: str
    change: str  # signed difference, e.g. "+1.3", or "" when one side has no figure
    signed: bool  # the month is signed off: its scorecard stays as signed


@dataclass
class Preview:
    file: str
    as_at: date
    period_start: date
    period_start_source: str
    counts: dict[str, int]
    issues: list[Issue]
    refused: bool  # a file-level error: it cannot be loaded at all
    checks: LoadChecks | None = None
    lists: list[ListComparison] = field(default_factory=list)
    moves: list[FigureMove] = field(default_factory=list)
    months_compared: list[date] = field(default_factory=list)
    new_month: bool = False  # the month of the as-at date had no figures before

    @property
    def month(self) -> date:
        """The month whose scorecard this extract is the data of."""
        return scorecard_month(self.as_at)


def preview_load(store: Store, read: AnnexARead, as_at: date, la_code: str, period_start: date | None,
                 rows: list[ShownRow]) -> Preview:
    """The preview of loading `read` as the extract of `la_code` at `as_at` (nothing stored)."""
    counts = {name: listed.frame.height for name, listed in read.lists.items()}
    if period_start is None:
        period_start, source = infer_period_start(read, as_at)
    else:
        source = "given"
    preview = Preview(read.file, as_at, period_start, source, counts, list(read.issues), refuses(read.issues, False))
    if preview.refused:
        return preview
    checks = load_checks(store, read, as_at, la_code, period_start)
    preview.checks = checks
    preview.lists = _list_comparisons(store, read, checks)
    before = extract_set(store, [la_code])
    after = _with_workbook(before, read, la_code, as_at, period_start, checks)
    preview.moves, preview.months_compared, preview.new_month = _moves(store, la_code, before, after, preview.month, rows)
    return preview


def _list_comparisons(store: Store, read: AnnexARead, checks: LoadChecks) -> list[ListComparison]:
    schema = load_schema()
    out = []
    for name, spec in sorted(schema.lists.items(), key=lambda item: item[1].number):
        listed = read.lists.get(name)
        had = name in checks.previous_counts
        if listed is None and not had:
            continue
        now_children = before_children = None
        if CHILD in {column.name for column in spec.columns}:  # lists of adopters have no child
            if listed is not None:
                now_children = set(listed.frame[CHILD].drop_nulls().to_list())
            if had:
                before_children = set(read_list_rows(store, name, [checks.previous_id])[CHILD].drop_nulls().to_list())
        both = len(now_children & before_children) if now_children is not None and before_children is not None else None
        out.append(ListComparison(
            spec.number, spec.title, checks.previous_counts.get(name), listed.frame.height if listed is not None else None,
            None if before_children is None else len(before_children), None if now_children is None else len(now_children), both,
        ))
    return out


def _with_workbook(current: ExtractSet, read: AnnexARead, la_code: str, as_at: date, period_start: date,
                   checks: LoadChecks) -> ExtractSet:
    """The current extracts as they would be after the load: the workbook added (under an id
    above every stored one, as the next load would get) and the extract it replaces left out."""
    ids = current.extracts["extract_id"]
    new_id = (ids.max() or 0) + 1 if ids.len() else 1
    kept = ~pl.col("extract_id").is_in(list(checks.replaced_ids))
    extracts = pl.concat([
        current.extracts.filter(kept),
        pl.DataFrame([(new_id, la_code, as_at, period_start)], schema=current.extracts.schema, orient="row"),
    ])
    lists = {name: rows.filter(kept) for name, rows in current.lists.items()}
    for name, listed in read.lists.items():
        if name not in MEASURED_LISTS:
            continue
        schema = list_schema(name)
        added = listed.frame.with_columns(pl.lit(new_id).alias("extract_id")).select(list(schema)).cast(schema)
        lists[name] = pl.concat([lists[name], added]) if name in lists else added
    presence = current.presence if current.presence is not None else pl.DataFrame(schema={"extract_id": pl.Int64, "list_name": pl.String})
    presence = pl.concat([
        presence.filter(kept),
        pl.DataFrame([(new_id, name) for name in read.lists], schema=presence.schema, orient="row"),
    ])
    return ExtractSet(extracts=extracts, lists=lists, presence=presence)


def _moves(store: Store, la_code: str, before: ExtractSet, after: ExtractSet, month: date,
           rows: list[ShownRow]) -> tuple[list[FigureMove], list[date], bool]:
    """The shown rows' figures (12 and 6 months to each month end, or the snapshot) that differ as displayed,
    for the MOVE_MONTHS month ends to the workbook's month that had figures before."""
    months_before = _months_with_data(before.extracts)
    ends = [months_back(month, k) for k in range(MOVE_MONTHS - 1, -1, -1)]
    compared = [end for end in ends if end in months_before]
    if not compared:
        return [], [], True
    ids = [row.id for row in rows]
    population, manual = population_overrides(store), manual_values(store, la_code)
    old = compute_series(combine(before), ids, compared, WINDOWS, la_codes=[la_code], population=population, manual=manual)
    new = compute_series(combine(after), ids, compared, WINDOWS, la_codes=[la_code], population=population, manual=manual)
    key = ["measure", "months", "period_end"]
    joined = old.select(*key, pl.col("value").alias("old")).join(
        new.select(*key, pl.col("value").alias("new")), on=key, how="full", coalesce=True)
    values = {(r["measure"], r["months"], r["period_end"]): (r["old"], r["new"]) for r in joined.iter_rows(named=True)}
    signed = set(signed_months(store, la_code))
    moves = []
    for end in compared:
        for row in rows:
            snapshot = get(row.id).snapshot
            for months in WINDOWS[:1] if snapshot else WINDOWS:
                was, now = values.get((row.id, months, end), (None, None))
                shown_was, shown_now = _shown(was, row.decimals), _shown(now, row.decimals)
                if shown_was == shown_now:
                    continue
                change = ""
                if was is not None and now is not None:
                    difference = format_half_up(_exact(now, row.decimals) - _exact(was, row.decimals), row.decimals)
                    change = difference if difference.startswith("-") else f"+{difference}"
                window = "at the month end" if snapshot else f"{months} months"
                moves.append(FigureMove(end, row.id, row.label, window, shown_was, shown_now, change, end in signed))
    return moves, compared, month not in months_before


def _months_with_data(extracts: pl.DataFrame) -> set[date]:
    """The months the dashboard lists (`web.views.available_months`)."""
    return set(months_with_data(extracts["as_at"].to_list()))


def _exact(value: float, places: int) -> Decimal:
    return Decimal(format_half_up(Decimal(repr(value)), places))


def _shown(value: float | None, places: int) -> str:
    return "-" if value is None else format_half_up(Decimal(repr(value)), places)
