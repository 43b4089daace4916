"""Values computed from a store, kept as files in its cache folder so that the next command
need not compute them again.

An entry is some JSON values and some polars frames, under a key that the caller makes
exact (what the value read in the store, the code that computed it, what was asked). Its file
is named by the digest of the key and repeats the key, so a file is only ever read for its own
key. The formats hold data only (JSON, Arrow IPC; never pickle, which would run code from a
file); a digest of the frames' bytes is checked before they are decoded. An entry is written
whole to a temporary file and then renamed, so a reader never sees half of one, even while
another process writes the same entry or after one was killed; a file that cannot be read (cut
short, damaged, of another format) is reported as no entry, and the caller computes the value
again. The folder is bounded to MAX_BYTES, the least recently used entries dropped first.

The entries sit beside the extracts' Parquet copies, as private as they are (data-quality
items quote cell values); `forget` empties them (a purge), and a restore empties the whole cache.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import time
from pathlib import Path

import polars as pl

from csc_scorecard.store.db import PRIVATE_FILE, PRIVATE_FOLDER, Store
from csc_scorecard.store.extracts import CACHE_FOLDER

FOLDER = "figures"  # inside the store's cache folder
SUFFIX = ".entry"
MAGIC = b"csc-scorecard computed values\n"
LENGTH_BYTES = 8  # the header's length, big-endian, after MAGIC
MAX_BYTES = 128 * 1024 * 1024  # about 280 of the demo LA's months (450 KB each)
STALE_PARTIAL_S = 3600  # a temporary file this old was left by a killed process

Entry = tuple[dict, dict[str, pl.DataFrame | None]]  # (JSON values, frames by name)


def folder(store: Store) -> Path:
    return store.path / CACHE_FOLDER / FOLDER


def key_text(key: dict) -> str:
    """The key as canonical JSON (sorted, dates and times as their ISO text)."""
    return json.dumps(key, sort_keys=True, separators=(",", ":"), default=_iso)


def entry_path(store: Store, key: dict) -> Path:
    return folder(store) / (hashlib.blake2b(key_text(key).encode(), digest_size=20).hexdigest() + SUFFIX)


def read(store: Store, key: dict) -> Entry | None:
    """The entry kept for `key`, or None when there is none or it cannot be read."""
    path = entry_path(store, key)
    try:
        content = path.read_bytes()
    except OSError:
        return None
    try:
        entry = _decode(content, key_text(key))
    except Exception:  # noqa: BLE001 - whatever a damaged file holds, the answer is to compute again
        return None
    if entry is not None:
        _touch(path)
    return entry


def write(store: Store, key: dict, values: dict, frames: dict[str, pl.DataFrame | None]) -> None:
    """Keep `values` (JSON-able) and `frames` under `key`, replacing any entry for it; then drop
    the least recently used entries beyond MAX_BYTES. A failure to write (a full disk, a
    read-only folder) leaves no entry and is not an error: the value was computed."""
    path = entry_path(store, key)
    partial = path.with_name(f".{path.stem}.{os.getpid()}.{secrets.token_hex(4)}.partial")
    try:
        for where in (path.parent.parent, path.parent):  # the cache folder, then ours: private as made
            where.mkdir(exist_ok=True, mode=PRIVATE_FOLDER)
        content = _encode(key_text(key), values, frames)
        descriptor = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE)
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
        os.replace(partial, path)
    except OSError:
        partial.unlink(missing_ok=True)
        return
    _bound(path.parent, keep=path)


def forget(store: Store) -> None:
    """Delete every entry (and any temporary file) of the store."""
    for path in _files(folder(store)):
        path.unlink(missing_ok=True)


def _encode(key: str, values: dict, frames: dict[str, pl.DataFrame | None]) -> bytes:
    parts = []
    for frame in frames.values():
        if frame is None:
            parts.append(b"")
            continue
        buffer = io.BytesIO()
        frame.write_ipc(buffer)
        parts.append(buffer.getvalue())
    payload = b"".join(parts)
    header = json.dumps({
        "key": key,
        "values": values,
        "frames": [[name, None if frame is None else len(part)] for (name, frame), part in zip(frames.items(), parts)],
        "digest": hashlib.blake2b(payload).hexdigest(),
    }, default=_iso).encode()
    return MAGIC + len(header).to_bytes(LENGTH_BYTES, "big") + header + payload


def _decode(content: bytes, key: str) -> Entry | None:
    """The entry in `content` if it is whole and for `key`, else None."""
    if not content.startswith(MAGIC):
        return None
    start = len(MAGIC) + LENGTH_BYTES
    length = int.from_bytes(content[len(MAGIC):start], "big")
    header = json.loads(content[start:start + length])
    payload = content[start + length:]
    if header["key"] != key or hashlib.blake2b(payload).hexdigest() != header["digest"]:
        return None
    frames: dict[str, pl.DataFrame | None] = {}
    offset = 0
    for name, size in header["frames"]:
        if size is None:
            frames[name] = None
            continue
        frames[name] = pl.read_ipc(io.BytesIO(payload[offset:offset + size]))
        offset += size
    if offset != len(payload):
        return None
    return header["values"], frames


def _bound(where: Path, keep: Path) -> None:
    """Drop the least recently used entries while the folder holds more than MAX_BYTES (never
    `keep`, the one just written), and temporary files left by killed processes."""
    entries = []
    now = time.time()
    for path in _files(where):
        try:
            status = path.stat()
        except OSError:
            continue  # removed by another process meanwhile
        if path.name.endswith(".partial"):
            if now - status.st_mtime > STALE_PARTIAL_S:
                path.unlink(missing_ok=True)
        else:
            entries.append((status.st_mtime, status.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= MAX_BYTES:
            break
        if path != keep:
            path.unlink(missing_ok=True)
            total -= size


def _files(where: Path) -> list[Path]:
    try:
        return [p for p in where.iterdir() if p.name.endswith((SUFFIX, ".partial"))]
    except OSError:
        return []


def _touch(path: Path) -> None:
    """Mark the entry used now (its modification time orders the dropping)."""
    try:
        os.utime(path)
    except OSError:
        pass


def _iso(value) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")
