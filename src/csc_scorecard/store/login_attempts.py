"""Login attempts, kept so that repeated failed logins can be slowed (password guessing).

Two counts matter, each within a recent window:
- failures for one user name from one client address, since that pair's last success: the
  limit a person who mistypes meets. Counting the pair, not the name alone, means no one can
  lock another person out by failing on purpose from their own computer;
- failures from one client address for any name: a higher limit that stops one computer
  trying many names. It does not hold back a name that has signed in from that address before
  (within the 30 days attempts are kept): a flood from a shared address (an office's NAT, a
  proxy) must not lock out the people who use it.
An admin clears a name's failures with `scorecard users unlock NAME`. Kept in the store rather
than in memory so that it survives a restart of the server and is shared by its workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from csc_scorecard.store import audit, tables
from csc_scorecard.store.audit import now
from csc_scorecard.store.db import Store
from csc_scorecard.store.users import normalise_name


@dataclass(frozen=True)
class RecentFailures:
    name_from_client: int  # for this name from this address, since the pair's last success
    from_client: int  # from this address, for any name
    signed_in_here_before: bool  # this name has succeeded from this address (within the kept attempts)


def _name(user_name: str) -> str:
    return normalise_name(user_name)[:200]


def record(store: Store, user_name: str, client: str, succeeded: bool) -> None:
    """Keep one attempt, waiting for a running load rather than failing (`Store.append_transaction`)."""
    with store.append_transaction() as conn:
        conn.execute(tables.login_attempts.insert().values(at=now(), user_name=_name(user_name), client=client, succeeded=succeeded))


def recent_failures(store: Store, user_name: str, client: str, window: timedelta) -> RecentFailures:
    """The failures within `window` for `user_name` from `client` (since that pair's last
    success) and from `client` for any name, and whether the pair has ever succeeded."""
    since = now() - window
    table = tables.login_attempts
    pair = sa.and_(table.c.user_name == _name(user_name), table.c.client == client)
    failed = sa.and_(table.c.succeeded.is_(False), table.c.at > since)
    with store.engine.connect() as conn:
        last_success = conn.execute(sa.select(sa.func.max(table.c.at)).where(pair, table.c.succeeded.is_(True))).scalar_one()
        start = max(since, last_success) if last_success is not None else since
        for_pair = conn.execute(sa.select(sa.func.count()).select_from(table).where(pair, failed, table.c.at > start)).scalar_one()
        from_client = conn.execute(sa.select(sa.func.count()).select_from(table).where(table.c.client == client, failed)).scalar_one()
    return RecentFailures(for_pair, from_client, last_success is not None)


def unlock(store: Store, user_name: str, *, actor: str | None = None, client: str | None = None) -> int:
    """Forget every failed login for `user_name` (from any address), audited as done by `actor`
    from `client`; how many were forgotten."""
    name = _name(user_name)
    with store.write_transaction() as conn:
        cleared = conn.execute(
            tables.login_attempts.delete().where(tables.login_attempts.c.user_name == name, tables.login_attempts.c.succeeded.is_(False))
        ).rowcount
        audit.append(store, actor, "user_unlock", name, f"{cleared} failed logins forgotten", connection=conn, client=client)
    return cleared


def forget_before(store: Store, cutoff_days: int = 30) -> None:
    """Delete attempts older than `cutoff_days` (they no longer matter for throttling)."""
    with store.engine.begin() as conn:
        conn.execute(tables.login_attempts.delete().where(tables.login_attempts.c.at < now() - timedelta(days=cutoff_days)))
