"""A month's computed figures (`build.gather`, `explore`'s trends and drill-through rows), and the
extracts combined that every month's figures start from (`build.combined_rows`), kept in this
process until what they read changes; a month's gathered figures also on disk, for the next
command.

Computing them reads every extract and every measure (most of a build); a month's page is
rebuilt after each analysis edit and sign-off, which change no figure. So the web app, which
builds months again and again in one process, computes them once per month, layout and LA while
the LA's `figures_version` (its extracts loaded, withdrawn or purged; population estimates, or
its manual or regional figures loaded; another LA's loads change nothing here) is unchanged, and assembles the scorecard from them with the current
analysis text each time.

A command is a process of its own, so `build.gather`'s figures are also kept in the store's
cache folder (`store/computed_cache.py`) under the figures version, the code that computed
them (`code_fingerprint`, taken when this module is imported: the code this process runs) and
the month, LA and measures: a second `scorecard build` of a month, or the dashboard's first view
of a month the command line built, reads them instead of computing them (about a second for
the demo LA). A process whose package files have changed since it started writes nothing there.

Each caller gets its own copy of the lists and dicts in them; the frames are polars', which no
operation changes in place.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from csc_scorecard.code_fingerprint import code_fingerprint
from csc_scorecard.store import computed_cache
from csc_scorecard.store.db import Store
from csc_scorecard.store.versions import figures_version

if TYPE_CHECKING:
    from csc_scorecard.scorecard.build import Inputs

MAX_ENTRIES = 64  # values kept (least recently used first out): a month's figures are a few MiB
CODE = code_fingerprint()  # the package as this process loaded it (None: unknown, nothing kept on disk)

_lock = threading.Lock()
_kept: OrderedDict[tuple, tuple[tuple, object]] = OrderedDict()
_keep_in_process = True  # False: a command that builds one month (`one_month_only`)

T = TypeVar("T")


def kept(store: Store, la_code: str, key: tuple, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave for `key` in this store at the LA's current figures version.

    Only for values computed from the LA's extracts and reference figures alone (never analysis
    text or sign-offs), which nothing may change in place once returned."""
    return _kept_at(store, (la_code, *key), figures_version(store, la_code), compute)


def _kept_at(store: Store, key: tuple, version: tuple, compute: Callable[[], T]) -> T:
    full_key = (str(store.engine.url), str(store.path), *key)
    with _lock:
        found = _kept.get(full_key)
        if found is not None and found[0] == version:
            _kept.move_to_end(full_key)
            return found[1]
    value = compute()
    if not _keep_in_process:
        return value
    with _lock:
        _kept[full_key] = (version, value)
        _kept.move_to_end(full_key)
        while len(_kept) > MAX_ENTRIES:
            _kept.popitem(last=False)
    return value


def gathered(store: Store, as_at: date, la_code: str, measures: list[str],
             gather: Callable[[Store, date, str, list[str]], Inputs]) -> Inputs:
    """`gather(store, as_at, la_code, measures)`, or a copy of what it gave at this figures
    version: kept in this process, else read from the store's cache folder."""
    version = figures_version(store, la_code)  # read before computing: a change meanwhile makes a new version
    key = ("gather", as_at, la_code, tuple(measures))
    inputs = _kept_at(store, key, version, lambda: _on_disk(store, version, as_at, la_code, measures, gather))
    return _copy(inputs)


def _on_disk(store: Store, version: tuple, as_at: date, la_code: str, measures: list[str],
             gather: Callable[[Store, date, str, list[str]], Inputs]) -> Inputs:
    if CODE is None:  # a file of the package could not be read: nothing on disk can be trusted to be this code's
        return gather(store, as_at, la_code, measures)
    key = {"what": "gather", "figures_version": list(version), "code": CODE, "as_at": as_at, "la_code": la_code,
           "measures": list(measures)}
    entry = computed_cache.read(store, key)
    if entry is not None:
        return _inputs_from(*entry)
    inputs = gather(store, as_at, la_code, measures)
    # Kept only when still current: not after a purge meanwhile (which empties the folder), nor
    # when this process's code is no longer the package's.
    if figures_version(store, la_code) == version and code_fingerprint() == CODE:
        computed_cache.write(store, key, *_entry_of(inputs))
    return inputs


def _entry_of(inputs: Inputs) -> computed_cache.Entry:
    values = {"la_code": inputs.la_code, "extracts": inputs.extracts, "data_quality": inputs.data_quality,
              "breakdowns": list(inputs.breakdowns)}
    frames = {"series": inputs.series, "regional": inputs.regional}
    frames |= {f"breakdown {index}": frame for index, frame in enumerate(inputs.breakdowns.values())}
    return values, frames


def _inputs_from(values: dict, frames: dict) -> Inputs:
    from csc_scorecard.scorecard.build import Inputs

    return Inputs(
        series=frames["series"], la_code=values["la_code"], extracts=values["extracts"],
        data_quality=values["data_quality"], regional=frames["regional"],
        breakdowns={measure: frames[f"breakdown {index}"] for index, measure in enumerate(values["breakdowns"])},
    )


def _copy(inputs: Inputs) -> Inputs:
    return replace(inputs, extracts=copy.deepcopy(inputs.extracts), data_quality=copy.deepcopy(inputs.data_quality),
                   edits={}, breakdowns=dict(inputs.breakdowns))


@contextmanager
def one_month_only() -> Iterator[None]:
    """Within it, keep nothing in this process (the disk cache still serves and is still
    written): a command that builds one month would only hold the combined extracts (about
    25 MiB for the demo LA) through its rendering, where the all-outputs build's peak is set."""
    global _keep_in_process
    before, _keep_in_process = _keep_in_process, False
    try:
        yield
    finally:
        _keep_in_process = before


def forget() -> None:
    """Drop every kept month (tests; a process that wants its memory back)."""
    with _lock:
        _kept.clear()
