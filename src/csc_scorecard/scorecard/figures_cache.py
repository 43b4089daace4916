"""A month's computed figures (`build.gather`) kept in this process until what they read changes.

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
from typing import TYPE_CHECKING

from csc_scorecard.store.db import Store
from csc_scorecard.store.versions import figures_version

if TYPE_CHECKING:
    from csc_scorecard.scorecard.build import Inputs

MAX_MONTHS = 24  # entries kept (least recently used first out): a few MiB each

_lock = threading.Lock()
_kept: OrderedDict[tuple, tuple[tuple, Inputs]] = OrderedDict()


def gathered(store: Store, as_at: date, la_code: str, measures: list[str],
             gather: Callable[[Store, date, str, list[str]], Inputs]) -> Inputs:
    """`gather(store, as_at, la_code, measures)`, or a copy of what it gave at this figures version."""
    key = (str(store.engine.url), str(store.path), as_at, la_code, tuple(measures))
    version = figures_version(store)
    with _lock:
        found = _kept.get(key)
        if found is not None and found[0] == version:
            _kept.move_to_end(key)
            return _copy(found[1])
    inputs = gather(store, as_at, la_code, measures)
    with _lock:
        _kept[key] = (version, inputs)
        _kept.move_to_end(key)
        while len(_kept) > MAX_MONTHS:
            _kept.popitem(last=False)
    return _copy(inputs)


def _copy(inputs: Inputs) -> Inputs:
    return replace(inputs, extracts=copy.deepcopy(inputs.extracts), data_quality=copy.deepcopy(inputs.data_quality),
                   edits={}, breakdowns=dict(inputs.breakdowns))


def forget() -> None:
    """Drop every kept month (tests; a process that wants its memory back)."""
    with _lock:
        _kept.clear()
