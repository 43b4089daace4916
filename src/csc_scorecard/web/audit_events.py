"""Audit entries written by the web server's request handlers, off its event loop.

Alone, an entry may wait for a load that holds the store (on SQLite, one writer at a time:
`Store.append_transaction`), and the server must go on answering other requests meanwhile.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool

from csc_scorecard.store import audit
from csc_scorecard.store.db import Store


async def audited(store: Store, user_name: str | None, action: str, target: str | None = None, detail: str | None = None,
                  *, client: str | None = None) -> None:
    """`audit.append` in a worker thread."""
    await run_in_threadpool(audit.append, store, user_name, action, target, detail, client=client)
