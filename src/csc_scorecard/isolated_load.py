"""Read and load (or preview the load of) one uploaded workbook in a separate process with a memory and a time limit.

The dashboard must keep serving while an analyst's file is read, whatever the file holds: a
crafted workbook can ask for gigabytes or minutes (issue 10, a "sheet bomb" passed the upload
size limit and ran past 400 s at 8.7 GB). The worker is a fresh interpreter (spawned, never a
fork of the threaded server) whose address space is capped; past the time limit it is killed.
A worker killed in the middle of a load leaves the store as it was: the load is one
transaction, which the database rolls back.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from csc_scorecard.environment import number_setting
from csc_scorecard.issues import UserError
from csc_scorecard.load_preview import Preview, ShownRow
from csc_scorecard.store.extracts import LoadOutcome

MEMORY_MB = 4096  # the worker's address space: a 20 MB workbook needs far less
TIMEOUT_S = 600
MEMORY_VARIABLE = "SCORECARD_UPLOAD_MEMORY_MB"
TIMEOUT_VARIABLE = "SCORECARD_UPLOAD_TIMEOUT_S"


def load_in_worker(
    store_dir: Path,
    path: Path,
    as_at: date,
    la_code: str,
    period_start: date | None,
    *,
    partial: bool = False,
    accept_drop: bool = False,
    loaded_by: str | None = None,
    on_step: Callable[[str], None] | None = None,
) -> LoadOutcome:
    """`read_annex_a` then `load_annex_a` in a worker; its outcome, or a UserError saying which
    limit stopped it (nothing stored). Limits: $SCORECARD_UPLOAD_MEMORY_MB, $SCORECARD_UPLOAD_TIMEOUT_S.
    `on_step(text)` is told as each list is read and as the load starts (progress)."""
    return _in_worker("load", path, (str(store_dir), str(path), as_at, la_code, period_start, partial, accept_drop, loaded_by),
                      on_step)


def preview_in_worker(store_dir: Path, path: Path, as_at: date, la_code: str, period_start: date | None,
                      rows: list[ShownRow], on_step: Callable[[str], None] | None = None) -> Preview:
    """`read_annex_a` then `load_preview.preview_load` (nothing stored), under the same limits."""
    return _in_worker("preview", path, (str(store_dir), str(path), as_at, la_code, period_start, rows), on_step)


def _in_worker(task: str, path: Path, args: tuple, on_step: Callable[[str], None] | None = None):
    memory_mb = int(number_setting(MEMORY_VARIABLE, MEMORY_MB, lowest=64, highest=1_048_576, whole=True))
    timeout_s = int(number_setting(TIMEOUT_VARIABLE, TIMEOUT_S, lowest=1, highest=86_400, whole=True))
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(sender, memory_mb, task, args), daemon=True)
    worker.start()
    sender.close()
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            if not receiver.poll(max(0.0, deadline - time.monotonic())):
                raise UserError(f"{path.name}: reading it took longer than {timeout_s:,} s, so it was stopped; nothing was stored")
            kind, payload = receiver.recv()
            if kind != "step":
                break
            if on_step is not None:
                on_step(payload)
    except EOFError:  # the worker died without a word: out of memory, most likely
        worker.join(5)
        raise UserError(
            f"{path.name}: reading it needed more than {memory_mb:,} MB of memory, so it was stopped; nothing was stored"
        ) from None
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join(5)
        receiver.close()
    if kind == "user_error":
        raise UserError(payload)
    if kind == "memory":
        raise UserError(f"{path.name}: reading it needed more than {memory_mb:,} MB of memory, so it was stopped; nothing was stored")
    return payload


def _work(sender, memory_mb: int, task: str, args: tuple) -> None:
    """In the worker: cap the address space, then read and load (or preview); send back the result."""
    import resource

    cap = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    from csc_scorecard.ingest.annex_a import read_annex_a
    from csc_scorecard.load_preview import preview_load
    from csc_scorecard.store.db import open_store
    from csc_scorecard.store.extracts import load_annex_a

    store_dir, path, as_at, la_code, period_start, *rest = args
    try:
        store = open_store(Path(store_dir))
        try:
            read = read_annex_a(Path(path), as_at, on_list=lambda listed, title: sender.send(
                ("step", f"List {listed.number} ({title}): {listed.frame.height:,} rows read")))
            if task == "preview":
                sender.send(("step", "Comparing with the extract before it"))
                result = preview_load(store, read, as_at, la_code, period_start, rest[0])
            else:
                partial, accept_drop, loaded_by = rest
                sender.send(("step", "Storing the extract"))
                result = load_annex_a(store, read, as_at, la_code, period_start, partial=partial, accept_drop=accept_drop,
                                      loaded_by=loaded_by)
        finally:
            store.dispose()
        sender.send(("outcome", result))
    except UserError as error:
        sender.send(("user_error", str(error)))
    except Exception as error:
        # Under the cap a failed allocation surfaces as MemoryError or as whatever the code that
        # asked for memory raises: the address space's peak tells which it was.
        if isinstance(error, MemoryError) or _peak_address_space() >= 0.9 * cap:
            sender.send(("memory", None))
        else:  # a fault of ours: say what kind, never the cell values its message may hold
            sender.send(("user_error", f"{Path(path).name}: could not be read ({type(error).__name__}); nothing was stored"))
    finally:
        sender.close()


def _peak_address_space() -> int:
    """This process's peak virtual memory in bytes (Linux /proc; 0 where unknown)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmPeak:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0
