"""The register of every loaded extract, and withdrawing one (issue 16).

A withdrawn extract stays in the store (its rows and data-quality report, for the record) but
no longer counts: it is neither current nor an earlier version that can come back. Withdrawing
the current extract of an as-at date makes the newest extract loaded before it for that date
current again, when there is one that is not withdrawn; otherwise that date has no extract
(and its month may have no data). The change and its audit entry are one transaction. A
signed-off month keeps its signed scorecard until it is re-opened, like after any load.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from csc_scorecard.issues import UserError
from csc_scorecard.store import audit, tables
from csc_scorecard.store.db import Store

X = tables.extracts


@dataclass(frozen=True)
class RegisteredExtract:
    id: int
    as_at: date
    file_name: str
    rows: int  # over every list it held
    loaded_by: str | None  # None: loaded before the store recorded it
    loaded_at: datetime
    superseded_by: int | None
    withdrawn_at: datetime | None
    withdrawn_by: str | None
    withdrawn_reason: str | None

    @property
    def status(self) -> str:
        if self.withdrawn_at is not None:
            return "withdrawn"
        return "superseded" if self.superseded_by is not None else "current"


@dataclass(frozen=True)
class Withdrawn:
    extract: RegisteredExtract
    current_again: RegisteredExtract | None  # the extract of the same date that counts again


def register(store: Store, la_code: str) -> list[RegisteredExtract]:
    """Every extract of the LA ever loaded, newest as-at first (then newest load first)."""
    rows = sa.select(sa.func.coalesce(sa.func.sum(tables.extract_lists.c.rows), 0)).where(
        tables.extract_lists.c.extract_id == X.c.id).scalar_subquery()
    with store.engine.connect() as conn:
        found = conn.execute(
            sa.select(X.c.id, X.c.as_at, X.c.file_name, rows.label("rows"), X.c.loaded_by, X.c.loaded_at, X.c.superseded_by,
                      X.c.withdrawn_at, X.c.withdrawn_by, X.c.withdrawn_reason)
            .where(X.c.la_code == la_code).order_by(X.c.as_at.desc(), X.c.id.desc())
        ).all()
    return [RegisteredExtract(*row) for row in found]


def withdraw(store: Store, la_code: str, extract_id: int, by: str, reason: str, *, client: str | None = None) -> Withdrawn:
    """Withdraw one extract (see the module's rules), audited; a UserError when it cannot be."""
    reason = reason.strip()
    if not reason:
        raise UserError("Give a reason for withdrawing the extract: it is kept with it and in the audit log.")
    with store.write_transaction() as conn:
        row = conn.execute(sa.select(X).where(X.c.id == extract_id, X.c.la_code == la_code)).mappings().first()
        if row is None:
            raise UserError(f"There is no extract {extract_id} for LA {la_code}.")
        if row["withdrawn_at"] is not None:
            raise UserError(f"The extract {row['file_name']} (as at {row['as_at']}) was already withdrawn "
                            f"by {row['withdrawn_by']} on {row['withdrawn_at']:%d %b %Y}.")
        conn.execute(X.update().where(X.c.id == extract_id).values(
            withdrawn_at=audit.now().replace(microsecond=0), withdrawn_by=by, withdrawn_reason=reason))
        again = None
        if row["superseded_by"] is None:  # it was current: the newest earlier load of its date counts again
            again = conn.execute(
                sa.select(X.c.id).where(X.c.la_code == la_code, X.c.as_at == row["as_at"], X.c.withdrawn_at.is_(None))
                .order_by(X.c.id.desc()).limit(1)
            ).scalar()
            if again is not None:
                conn.execute(X.update().where(X.c.id == again).values(superseded_by=None))
        detail = f"as at {row['as_at']}: {reason}"
        if again is not None:
            detail += f"; extract {again} of that date is current again"
        elif row["superseded_by"] is None:
            detail += "; no extract of that date is left"
        audit.append(store, by, "withdraw_extract", f"extract {extract_id} {row['file_name']}", detail[:500], conn, client=client)
    extracts = {e.id: e for e in register(store, la_code)}
    return Withdrawn(extracts[extract_id], extracts.get(again) if again is not None else None)
