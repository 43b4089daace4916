"""The audit log: who did what and when (logins, uploads, drill-through views and downloads,
analysis edits, sign-offs and re-opens). Append-only: this module only inserts, and the database
refuses UPDATE and DELETE of its rows (migration 0002).

An event names its target (an indicator, a month, a file name) and may carry a short detail
(a count of rows, a reason), never child-level data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa

from csc_scorecard.store import tables
from csc_scorecard.store.db import Store


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: datetime
    user_name: str | None
    action: str
    target: str | None
    detail: str | None


def now() -> datetime:
    """The current UTC time without tzinfo, as every table of the store keeps times."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def append(
    store: Store,
    user_name: str | None,
    action: str,
    target: str | None = None,
    detail: str | None = None,
    connection: sa.Connection | None = None,
) -> None:
    """Add one event; pass `connection` to make it part of the caller's transaction."""
    values = {"at": now(), "user_name": user_name, "action": action, "target": target, "detail": detail}
    if connection is not None:
        connection.execute(tables.audit_log.insert().values(**values))
        return
    with store.engine.begin() as conn:
        conn.execute(tables.audit_log.insert().values(**values))


def read(store: Store, limit: int = 200, before_id: int | None = None, action: str | None = None) -> list[AuditEvent]:
    """The newest `limit` events (older than event `before_id` when given), newest first."""
    query = sa.select(tables.audit_log).order_by(tables.audit_log.c.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(tables.audit_log.c.id < before_id)
    if action is not None:
        query = query.where(tables.audit_log.c.action == action)
    with store.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [AuditEvent(r["id"], r["at"], r["user_name"], r["action"], r["target"], r["detail"]) for r in rows]
