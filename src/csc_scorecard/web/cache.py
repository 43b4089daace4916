"""Pages' expensive parts kept between requests until the store changes.

Building a month's scorecard reads every extract and computes every measure (about a second
for the demo LA); a page that needed that on every request could serve only one or two a
second. So the app keeps what it computed (a month's scorecard, an indicator's trend and chart,
the months with data; and in a second cache, pages' rendered parts and each user's comparison
with their last view, `page_parts.py`) under a key, together with the store's
*version* (`store/versions.page_version`, and the time the own benchmark values file the
layout names was saved): one cheap query per request over what a page can depend on, which
changes whenever an extract is loaded, withdrawn or purged, an analysis edited, a month signed
off or re-opened, or population, manual, regional or own benchmark figures loaded (by this app
or by `scorecard load` beside it). A value computed at another version is computed again.

One computation runs per key at a time (others asking for the same key wait for it rather
than repeating it), and the number of entries is bounded (least recently used first out).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from csc_scorecard.store.db import Store
from csc_scorecard.store.versions import page_version

MAX_ENTRIES = 256


class NotCached(LookupError):
    """`get(..., only_cached=True)` found no value kept for the key at the version."""


def store_version(store: Store) -> tuple:
    """The store's version: equal tuples mean nothing a page shows has changed in between."""
    return page_version(store)


def _saved_at(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


class StoreCache:
    """Values computed from one store, each kept with the store version it was computed at."""

    def __init__(self, store: Store, max_entries: int = MAX_ENTRIES, files: tuple[Path, ...] = ()) -> None:
        self.store = store
        self.max_entries = max_entries
        self.files = files  # files outside the store that pages depend on (the layout's own values file)
        self._entries: OrderedDict[Hashable, tuple[tuple, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[Hashable, threading.Lock] = {}

    def version(self) -> tuple:
        """The store's version, and when each of `files` was last saved (None while missing)."""
        return store_version(self.store) + tuple(_saved_at(path) for path in self.files)

    def get(self, key: Hashable, compute: Callable[[], Any], version: tuple | None = None, *,
            only_cached: bool = False) -> Any:
        """The value under `key` at the store's `version` (read now when not given), computed
        by `compute()` when there is none, or NotCached then when `only_cached` (so a page can
        answer from the event loop when all it needs is kept, and go to a worker thread to
        compute). A failed computation keeps nothing."""
        version = self.version() if version is None else version
        found = self._lookup(key, version)
        if found is not None:
            return found[0]
        if only_cached:
            raise NotCached(key)
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            found = self._lookup(key, version)  # computed by another request meanwhile
            if found is not None:
                return found[0]
            value = compute()
            with self._lock:
                self._entries[key] = (version, value)
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    old, _ = self._entries.popitem(last=False)
                    self._key_locks.pop(old, None)
            return value

    def _lookup(self, key: Hashable, version: tuple) -> tuple[Any] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != version:
                return None
            self._entries.move_to_end(key)
            return (entry[1],)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
