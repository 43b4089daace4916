"""Sign-off of a month: the head of performance locks an LA's scorecard at an as-at date.

Signing stores the whole computed scorecard as it stood (`Scorecard.to_json()`, with who signed
and when written into its `sign_off`), so what was signed can be shown exactly as signed
whatever is loaded later. While a month is signed, its analysis cannot be edited. A new
version needs an explicit re-open (with a reason); the re-opened version is kept, marked with
who re-opened it, when and why, and the next sign-off is version + 1. Sign-off and re-open
write their audit event in the same transaction, so neither can happen unaudited. Both hold the
store's write lock (`Store.write_transaction`) from before they look at the month, so two
admins signing one month at once sign it once: the second waits, then finds it signed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from csc_scorecard.issues import UserError
from csc_scorecard.store import audit, tables
from csc_scorecard.store.db import Store


class MonthSignedOff(UserError):
    """The month is signed off: its figures and analysis are frozen until an admin re-opens it."""


@dataclass(frozen=True)
class SignOffRecord:
    la_code: str
    as_at: date
    version: int
    signed_by: str
    signed_at: datetime
    snapshot: dict  # the scorecard JSON as signed
    reopened_by: str | None = None
    reopened_at: datetime | None = None
    reopen_reason: str | None = None

    @property
    def active(self) -> bool:
        return self.reopened_at is None


def month_target(la_code: str, as_at: date) -> str:
    """How the audit log names a month of an LA: `343 2023-12-31`."""
    return f"{la_code} {as_at.isoformat()}"


def current(store: Store, la_code: str, as_at: date, connection: sa.Connection | None = None) -> SignOffRecord | None:
    """The sign-off in force for the month (not re-opened), or None when the month is open."""
    query = sa.select(tables.sign_offs).where(
        tables.sign_offs.c.la_code == la_code,
        tables.sign_offs.c.as_at == as_at,
        tables.sign_offs.c.reopened_at.is_(None),
    )
    if connection is not None:
        row = connection.execute(query).mappings().first()
    else:
        with store.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
    return _record(row) if row else None


def history(store: Store, la_code: str, as_at: date) -> list[SignOffRecord]:
    """Every signed version of the month, oldest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(tables.sign_offs)
            .where(tables.sign_offs.c.la_code == la_code, tables.sign_offs.c.as_at == as_at)
            .order_by(tables.sign_offs.c.version)
        ).mappings().all()
    return [_record(r) for r in rows]


def signed_months(store: Store, la_code: str) -> list[date]:
    """The as-at dates of the LA that are signed off now, oldest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(tables.sign_offs.c.as_at)
            .where(tables.sign_offs.c.la_code == la_code, tables.sign_offs.c.reopened_at.is_(None))
            .order_by(tables.sign_offs.c.as_at)
        ).all()
    return [r.as_at for r in rows]


def refuse_if_signed(store: Store, la_code: str, as_at: date, connection: sa.Connection | None = None) -> None:
    """MonthSignedOff naming the version in force, when the month is signed off."""
    signed = current(store, la_code, as_at, connection)
    if signed is not None:
        raise MonthSignedOff(
            f"{_month(as_at)} is already signed off (version {signed.version}, by {signed.signed_by} "
            f"on {signed.signed_at:%d %b %Y %H:%M}); re-open it first to sign a new version"
        )


def sign(store: Store, la_code: str, as_at: date, snapshot: dict, signed_by: str, *, client: str | None = None) -> SignOffRecord:
    """Sign the month off with `snapshot` (its scorecard JSON); refused when it is already signed."""
    if snapshot.get("as_at") != as_at.isoformat():
        raise ValueError(f"the scorecard is as at {snapshot.get('as_at')}, not {as_at}")
    signed_at = audit.now().replace(microsecond=0)  # the snapshot keeps seconds: the record matches it
    with store.write_transaction() as conn:
        refuse_if_signed(store, la_code, as_at, conn)
        version = 1 + (
            conn.execute(
                sa.select(sa.func.max(tables.sign_offs.c.version)).where(
                    tables.sign_offs.c.la_code == la_code, tables.sign_offs.c.as_at == as_at
                )
            ).scalar_one()
            or 0
        )
        frozen = dict(snapshot, sign_off={"by": signed_by, "at": signed_at.isoformat(timespec="seconds"), "version": version})
        conn.execute(
            tables.sign_offs.insert().values(
                la_code=la_code, as_at=as_at, version=version, signed_by=signed_by, signed_at=signed_at,
                snapshot=json.dumps(frozen, ensure_ascii=False),
            )
        )
        audit.append(store, signed_by, "sign_off", month_target(la_code, as_at), f"version {version}", connection=conn, client=client)
    return SignOffRecord(la_code, as_at, version, signed_by, signed_at, frozen)


def reopen(store: Store, la_code: str, as_at: date, reopened_by: str, reason: str, *, client: str | None = None) -> SignOffRecord:
    """Re-open a signed month so that it can change and be signed again; the reason is required."""
    reason = " ".join(reason.split())
    if not reason:
        raise UserError("give a reason for re-opening the month: it is kept in the audit log")
    reopened_at = audit.now()
    with store.write_transaction() as conn:
        signed = current(store, la_code, as_at, conn)
        if signed is None:
            raise UserError(f"{_month(as_at)} is not signed off, so there is nothing to re-open")
        conn.execute(
            tables.sign_offs.update()
            .where(
                tables.sign_offs.c.la_code == la_code,
                tables.sign_offs.c.as_at == as_at,
                tables.sign_offs.c.version == signed.version,
            )
            .values(reopened_by=reopened_by, reopened_at=reopened_at, reopen_reason=reason)
        )
        audit.append(
            store, reopened_by, "reopen", month_target(la_code, as_at), f"version {signed.version}: {reason}", connection=conn, client=client
        )
    return SignOffRecord(
        la_code, as_at, signed.version, signed.signed_by, signed.signed_at, signed.snapshot, reopened_by, reopened_at, reason
    )


def _month(as_at: date) -> str:
    return f"The month as at {as_at:%d %B %Y}"


def _record(row) -> SignOffRecord:
    return SignOffRecord(
        la_code=row["la_code"],
        as_at=row["as_at"],
        version=row["version"],
        signed_by=row["signed_by"],
        signed_at=row["signed_at"],
        snapshot=json.loads(row["snapshot"]),
        reopened_by=row["reopened_by"],
        reopened_at=row["reopened_at"],
        reopen_reason=row["reopen_reason"],
    )
