"""Which load moved a figure of a month not signed off (issue 16).

A figure that differs from the one its analysis was written against, or from the one a user
last saw, is computed again with the extracts as they stood after each load or withdrawal in
between (extracts never change once loaded, and the register keeps when each was loaded and
withdrawn), and the first load or withdrawal after which it shows its value now is named.

Population, manual and regional figures are replaced whole by a load, so their values before a
load are not known: the figures are computed with those loaded now. A figure the extracts in
between do not move is put down to the reference files loaded since (else to a change of the
configuration or the software); one they do move but from another value than the one then, to
the extract and those files.

Cheap by design: only the changed rows' measures and LA columns (no drivers, history or text),
only the sets of extracts in between, each set computed once while the store's figures are
unchanged (`figures_cache.kept`). With more than MAX_SCANNED sets in between, halving the
sequence (about log2 n sets) finds a load after which the figure took its value now, instead of
computing every set: the first such load when the figure moved once, one of them when it moved
back and forth.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import polars as pl

from csc_scorecard.config import ScorecardConfig
from csc_scorecard.dates import months_back
from csc_scorecard.measures.columns import columns_to_read
from csc_scorecard.measures.registry import get, lists_read
from csc_scorecard.measures.series import compute_series
from csc_scorecard.scorecard.build import HISTORY_MONTHS, Inputs, la_cell_display, month_ends_to
from csc_scorecard.scorecard.figures_cache import kept
from csc_scorecard.scorecard.model import LA_COLUMNS
from csc_scorecard.store.db import Store
from csc_scorecard.store.extracts import extract_set, extracts_frame
from csc_scorecard.store.reference import manual_values, population_overrides

MAX_SCANNED = 4  # sets of extracts computed one by one; beyond, halving
_TICK = timedelta(microseconds=1)


@dataclass(frozen=True)
class Change:
    """A figure shown `before` at `since` and `now` now."""

    indicator_id: str
    column: str
    before: str
    now: str
    since: datetime
    start_ids: frozenset[int] | None = None  # the extracts current at `since`, when kept (a user's view)


@dataclass(frozen=True)
class Cause:
    text: str  # what changed the figure, in words ("loading annex_a_2024-01-31.xlsx (as at 31 Jan 2024)")
    file: str | None  # the extract's file that moved it (None: no extract did)


@dataclass(frozen=True)
class _Event:
    at: datetime
    words: str
    file: str


def causes(store: Store, config: ScorecardConfig, la_code: str, as_at: date, changes: list[Change],
           reference_files: Callable[[datetime], list[str]]) -> dict[Change, Cause]:
    """What changed each figure; `reference_files(since)`: the population, manual and regional
    files loaded since then (`store.month_views.reference_files_loaded_since`)."""
    if not changes:
        return {}
    register = extracts_frame(store, [la_code], include_superseded=True).to_dicts()  # a few dozen: plain Python is quicker
    rows = _rows(config, {change.indicator_id for change in changes})
    shape = tuple((row.id, row.decimals, columns) for row, columns in rows)
    computed: dict[frozenset[int], dict] = {}  # each set once in this call (kept asks the store's version)
    files: dict[datetime, list[str]] = {}

    def figures(ids: frozenset[int]) -> dict[str, dict[str, str]]:
        if ids not in computed:
            computed[ids] = kept(store, la_code, ("revision_cause", as_at, shape, ids),
                                 lambda: la_figures(store, la_code, as_at, rows, ids))
        return computed[ids]

    def references(since: datetime) -> list[str]:
        if since not in files:
            files[since] = reference_files(since)
        return files[since]

    return {change: _cause(change, register, figures, references(change.since)) for change in changes}


def _rows(config: ScorecardConfig, indicator_ids: set[str]) -> list[tuple]:
    """(row config, its LA columns) of each row of the layout asked for, once."""
    found: dict[str, tuple] = {}
    for section in config.sections:
        for row in section.rows:
            if row.id in indicator_ids and row.id not in found:
                found[row.id] = (row, tuple(c for c in section.columns if c in LA_COLUMNS))
    return list(found.values())


def la_figures(store: Store, la_code: str, as_at: date, rows: list[tuple], extract_ids: frozenset[int]
               ) -> dict[str, dict[str, str]]:
    """The rows' LA figures as shown, computed with the extracts `extract_ids` (current or not)
    and the reference figures loaded now: the series cells those columns read, nothing else."""
    measures = [row.id for row, _ in rows]
    # only the columns these measures' series read, each list read and combined in its turn
    data = extract_set(store, [la_code], lists_read(measures), columns_to_read(measures, breakdowns=False),
                       on_demand=True, extract_ids=extract_ids)
    manual = any(get(m).kind == "manual" for m in measures)  # their earliest value is looked up over the history
    ends = month_ends_to(as_at, HISTORY_MONTHS) if manual else [months_back(as_at, 12), as_at]
    series = compute_series(data, measures, ends, [12, 6], la_codes=[la_code], population=population_overrides(store),
                            manual=manual_values(store, la_code))
    inputs = Inputs(series=series, la_code=la_code)
    return {row.id: {column: la_cell_display(get(row.id), row, column, as_at, inputs) for column in columns}
            for row, columns in rows}


def extracts_current_at(register: list[dict], at: datetime) -> frozenset[int]:
    """The extracts that counted at `at`: per as-at date, the latest loaded by then and not
    withdrawn by then (a load replaces the extract of its date; a withdrawal makes the latest
    earlier one count again)."""
    latest: dict[date, int] = {}
    for extract in register:
        if extract["loaded_at"] <= at and (extract["withdrawn_at"] is None or extract["withdrawn_at"] > at):
            latest[extract["as_at"]] = max(extract["id"], latest.get(extract["as_at"], extract["id"]))
    return frozenset(latest.values())


def _named(extract: dict) -> str:
    return f"{extract['file_name']} (as at {extract['as_at']:%d %b %Y})"


def _load(extract: dict) -> _Event:
    return _Event(extract["loaded_at"], f"loading {_named(extract)}", extract["file_name"])


def _withdrawal(extract: dict) -> _Event:
    return _Event(extract["withdrawn_at"], f"withdrawing {_named(extract)}", extract["file_name"])


def _events_since(register: list[dict], since: datetime) -> list[_Event]:
    """The loads and withdrawals after `since`, oldest first."""
    events = []
    for extract in register:
        if extract["loaded_at"] > since:
            events.append(_load(extract))
        if extract["withdrawn_at"] is not None and extract["withdrawn_at"] > since:
            events.append(_withdrawal(extract))
    return sorted(events, key=lambda e: e.at)


def _latest_load(register: list[dict], ids: frozenset[int], until: datetime | None = None) -> _Event | None:
    """The load of the newest of the extracts `ids` (loaded by `until`, when given)."""
    found = [e for e in register if e["id"] in ids and (until is None or e["loaded_at"] <= until)]
    return _load(max(found, key=lambda e: e["loaded_at"])) if found else None


def _cause(change: Change, register: list[dict], figures: Callable[[frozenset[int]], dict], references: list[str]) -> Cause:
    def value(ids: frozenset[int]) -> str | None:
        return figures(ids).get(change.indicator_id, {}).get(change.column)

    start = change.start_ids if change.start_ids is not None else extracts_current_at(register, change.since)
    events = _events_since(register, change.since)
    if value(start) != change.before:
        # a load still being stored when the analysis was saved (or the view kept) counts as after it
        load = _latest_load(register, start, until=change.since)
        earlier = extracts_current_at(register, load.at - _TICK) if load is not None else None
        if earlier is not None and value(earlier) == change.before:
            start, events = earlier, [load, *events]
    steps = _distinct_steps(register, start, events)
    if value(steps[-1][1]) != change.now:
        return Cause("not traced to a load: the loaded data now give another figure than the one shown", None)
    loaded = f"loading {', '.join(references)}" if references else None
    if value(start) == change.now:
        return Cause(loaded or "no load since: a change of the configuration or of the software", None)
    index, halved = _first_with_value(value, steps, change.now)
    event = steps[index][0]
    text = event.words
    if halved:
        text += f" (found by halving the {len(steps) - 1} loads and withdrawals in between)"
    if loaded and value(start) != change.before:
        text += f", and {loaded}"
    return Cause(text, event.file)


def _distinct_steps(register: list[dict], start: frozenset[int], events: list[_Event]) -> list[tuple]:
    """(event, the extracts counting after it), from (None, start), leaving out events that
    changed no set (a superseded extract withdrawn); the last set is the extracts current now."""
    steps: list[tuple] = [(None, start)]
    for event in events:
        ids = extracts_current_at(register, event.at)
        if ids != steps[-1][1]:
            steps.append((event, ids))
    current = frozenset(e["id"] for e in register if e["superseded_by"] is None and e["withdrawn_at"] is None)
    if steps[-1][1] != current:
        # what counts now decides: a load stored while the view was kept, or a withdrawal in the
        # second of `since` (its time is kept to the second, so it may read as before it)
        gone = [e for e in register if e["id"] in steps[-1][1] - current and e["withdrawn_at"] is not None]
        event = _withdrawal(max(gone, key=lambda e: e["withdrawn_at"])) if gone else _latest_load(register, current - steps[-1][1])
        if event is not None:
            steps.append((event, current))
        elif len(steps) > 1:
            steps[-1] = (steps[-1][0], current)
    return steps


def _first_with_value(value: Callable, steps: list[tuple], now: str) -> tuple[int, bool]:
    """(index of the step after which the figure shows `now`, whether found by halving). The
    first step does not show it and the last does."""
    last = len(steps) - 1
    if last <= MAX_SCANNED:
        return next(k for k in range(1, last + 1) if value(steps[k][1]) == now), False
    low, high = 0, last
    while high - low > 1:
        middle = (low + high) // 2
        if value(steps[middle][1]) == now:
            high = middle
        else:
            low = middle
    return high, True
