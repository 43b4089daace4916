"""A month's computed figures (`build.gather`, `explore`'s trends and drill-through rows), and the
extracts combined that every month's figures start from (`build.combined_rows`), kept in this
process until what they read changes.

Computing them reads every extract and every measure (most of a build); a month's page is
rebuilt after each analysis edit and sign-off, which change no figure. So the web app, which
builds months again and again in one process, computes them once per month, layout and LA while
the store's `figures_version` (extracts loaded, withdrawn or purged; population, manual or
regional figures loaded) is unchanged, and assembles the scorecard from them with the current
analysis text each time. A one-off command computes them once either way.

Each caller gets its own copy of the lists and dicts in them; the frames are polars', which no
operation changes in place.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from csc_scorecard.store.db import Store
from csc_scorecard.store.versions import figures_version

if TYPE_CHECKING:
    from csc_scorecard.scorecard.build import Inputs

MAX_ENTRIES = 64  # values kept (least recently used first out): a month's figures are a few MiB

_lock = threading.Lock()
_kept: OrderedDict[tuple, tuple[tuple, object]] = OrderedDict()

T = TypeVar("T")


def kept(store: Store, key: tuple, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave for `key` in this store at the current figures version.

    Only for values computed from the extracts and reference figures alone (never analysis text
    or sign-offs), which nothing may change in place once returned."""
    full_key = (str(store.engine.url), str(store.path), *key)
    version = figures_version(store)
    with _lock:
        found = _kept.get(full_key)
        if found is not None and found[0] == version:
            _kept.move_to_end(full_key)
            return found[1]
    value = compute()
    with _lock:
        _kept[full_key] = (version, value)
        _kept.move_to_end(full_key)
        while len(_kept) > MAX_ENTRIES:
            _kept.popitem(last=False)
    return value


def gathered(store: Store, as_at: date, la_code: str, measures: list[str],
             gather: Callable[[Store, date, str, list[str]], Inputs]) -> Inputs:
    """`gather(store, as_at, la_code, measures)`, or a copy of what it gave at this figures version."""
    inputs = kept(store, ("gather", as_at, la_code, tuple(measures)), lambda: gather(store, as_at, la_code, measures))
    return _copy(inputs)


def _copy(inputs: Inputs) -> Inputs:
    return replace(inputs, extracts=copy.deepcopy(inputs.extracts), data_quality=copy.deepcopy(inputs.data_quality),
                   edits={}, breakdowns=dict(inputs.breakdowns))


def forget() -> None:
    """Drop every kept month (tests; a process that wants its memory back)."""
    with _lock:
        _kept.clear()
