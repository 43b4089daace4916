"""The audit log: who did what, when and from where (logins, uploads, drill-through views and
downloads, analysis edits, sign-offs and re-opens, user administration). Append-only: this
module only inserts, and the database refuses UPDATE and DELETE of its rows (`audit_guard.py`).

Each entry also stores a SHA-256 hash of the previous entry's hash and its own fields, so an
entry changed, removed or slipped in behind the triggers' back breaks the chain, and `verify`
names the first entry where it breaks. Appends are serialised: each first updates the one-row
`audit_chain` table, which takes the database's write lock (SQLite) or the row's lock
(PostgreSQL) before the last entry is read, so two appends at once never chain from the same
entry.

An event names its target (an indicator, a month, a file name) and may carry a short detail
(a count of rows, a reason), never child-level data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa

from csc_scorecard.store import tables
from csc_scorecard.store.db import Store

GENESIS_HASH = "0" * 64  # what the first entry chains from
_HASHED_FIELDS = ("id", "at", "user_name", "action", "target", "detail", "client")


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: datetime
    user_name: str | None
    action: str
    target: str | None
    detail: str | None
    client: str | None = None


@dataclass(frozen=True)
class ChainCheck:
    """What `verify` found: how many entries, and the first broken one (None when intact)."""

    entries: int
    broken_id: int | None = None
    problem: str | None = None
    last_hash: str = GENESIS_HASH

    @property
    def intact(self) -> bool:
        return self.problem is None


def now() -> datetime:
    """The current UTC time without tzinfo, as every table of the store keeps times."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def entry_hash(previous_hash: str, entry: Mapping) -> str:
    """SHA-256 (hex) of the previous entry's hash followed by this entry's fields, as JSON."""
    fields = [previous_hash] + [entry[name] for name in _HASHED_FIELDS]
    fields[2] = entry["at"].isoformat(sep=" ")
    text = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def append(
    store: Store,
    user_name: str | None,
    action: str,
    target: str | None = None,
    detail: str | None = None,
    connection: sa.Connection | None = None,
    *,
    client: str | None = None,
) -> None:
    """Add one event, chained to the last; pass `connection` to make it part of the caller's
    transaction. Alone it may wait for a load that holds the store (StoreBusy if too long), so
    the web server calls it off its event loop."""
    if connection is not None:
        _append(connection, user_name, action, target, detail, client)
        return
    with store.append_transaction() as conn:  # waits for a running load rather than failing after 10 s
        _append(conn, user_name, action, target, detail, client)


def _append(conn: sa.Connection, user_name, action, target, detail, client) -> None:
    log, chain = tables.audit_log, tables.audit_chain
    # Updating the head first takes the write lock, so the entry read next is still the last
    # one when this one is inserted.
    conn.execute(chain.update().where(chain.c.id == 1).values(last_hash=chain.c.last_hash))
    last = conn.execute(sa.select(log.c.id, log.c.hash).order_by(log.c.id.desc()).limit(1)).first()
    entry = {
        "id": last.id + 1 if last else 1, "at": now(), "user_name": user_name, "action": action,
        "target": target, "detail": detail, "client": client,
    }
    entry["hash"] = entry_hash(last.hash if last else GENESIS_HASH, entry)
    conn.execute(log.insert().values(**entry))
    conn.execute(chain.update().where(chain.c.id == 1).values(last_id=entry["id"], last_hash=entry["hash"]))


def read(store: Store, limit: int = 200, before_id: int | None = None, action: str | None = None, *,
         user_name: str | None = None, since: datetime | None = None, until: datetime | None = None) -> list[AuditEvent]:
    """The newest `limit` events (older than event `before_id` when given), newest first; only
    those of `action`, of `user_name`, and at or after `since` and before `until` (UTC) when given."""
    log = tables.audit_log
    query = sa.select(log).order_by(log.c.id.desc()).limit(limit)
    if before_id is not None:
        # bound as a 64-bit integer: PostgreSQL's id column is 32-bit, and a larger number must
        # still mean "older than every entry", not an out-of-range error
        query = query.where(log.c.id < sa.bindparam("before_id", before_id, type_=sa.BigInteger()))
    if action is not None:
        query = query.where(log.c.action == action)
    if user_name is not None:
        query = query.where(log.c.user_name == user_name)
    if since is not None:
        query = query.where(log.c.at >= since)
    if until is not None:
        query = query.where(log.c.at < until)
    with store.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [_event(r) for r in rows]


def verify(store: Store) -> ChainCheck:
    """Recompute the chain from the first entry; stop at the first entry whose stored hash is not
    the hash of the entry before and its own fields, or when the chain's head does not name the
    last entry (entries removed from the end)."""
    log, chain = tables.audit_log, tables.audit_chain
    previous, count, last_id = GENESIS_HASH, 0, None
    with store.engine.connect() as conn:
        rows = conn.execution_options(yield_per=1000).execute(sa.select(log).order_by(log.c.id)).mappings()
        for row in rows:
            if row["hash"] != entry_hash(previous, row):
                rows.close()
                return ChainCheck(count, row["id"], f"{_describe(row)}: its hash does not match its fields and the entry before it")
            previous, count, last_id = row["hash"], count + 1, row["id"]
        head = conn.execute(sa.select(chain.c.last_id, chain.c.last_hash)).first()
    if head is None or (head.last_id, head.last_hash) != (last_id, previous):
        named = "no entry" if head is None or head.last_id is None else f"entry {head.last_id}"
        found = f"entry {last_id}" if last_id is not None else "no entry"
        return ChainCheck(count, last_id, f"the log ends at {found} but its chain records {named} as the last: entries were removed from the end")
    return ChainCheck(count, last_hash=previous)


def _describe(row) -> str:
    who = f" by {row['user_name']}" if row["user_name"] else ""
    return f"entry {row['id']} ({row['at']:%Y-%m-%d %H:%M:%S}, {row['action']}{who})"


def _event(row) -> AuditEvent:
    return AuditEvent(row["id"], row["at"], row["user_name"], row["action"], row["target"], row["detail"], row["client"])
