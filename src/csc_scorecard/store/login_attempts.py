"""Login attempts, kept so that repeated failed logins can be slowed (password guessing).

The count that matters is the failures within a recent window for one user name, or from one
client address, since the last success for that name or address. Kept in the store rather
than in memory so that it survives a restart of the server and is shared by its workers.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from csc_scorecard.store import tables
from csc_scorecard.store.audit import now
from csc_scorecard.store.db import Store
from csc_scorecard.store.users import normalise_name


def record(store: Store, user_name: str, client: str, succeeded: bool) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            tables.login_attempts.insert().values(at=now(), user_name=normalise_name(user_name)[:200], client=client, succeeded=succeeded)
        )


def recent_failures(store: Store, user_name: str, client: str, window: timedelta) -> int:
    """The larger of: failures for `user_name`, failures from `client`, each since the later of
    the window's start and that name's (address's) last success."""
    since = now() - window
    table = tables.login_attempts
    with store.engine.connect() as conn:
        counts = []
        for column, value in ((table.c.user_name, normalise_name(user_name)[:200]), (table.c.client, client)):
            last_success = conn.execute(
                sa.select(sa.func.max(table.c.at)).where(column == value, table.c.succeeded.is_(True))
            ).scalar_one()
            start = max(since, last_success) if last_success is not None else since
            counts.append(
                conn.execute(
                    sa.select(sa.func.count()).select_from(table).where(column == value, table.c.succeeded.is_(False), table.c.at > start)
                ).scalar_one()
            )
    return max(counts)


def forget_before(store: Store, cutoff_days: int = 30) -> None:
    """Delete attempts older than `cutoff_days` (they no longer matter for throttling)."""
    with store.engine.begin() as conn:
        conn.execute(tables.login_attempts.delete().where(tables.login_attempts.c.at < now() - timedelta(days=cutoff_days)))
