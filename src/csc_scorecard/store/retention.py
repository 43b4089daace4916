"""Retention: remove the child-level rows of old extracts (UK GDPR storage limitation).

`purge(store, before)` deletes, for every extract with an as-at date before `before`, its list
rows, its data-quality items (they quote cell values), its record of which lists it held and
its cached Parquet files; and every month's figures kept on disk (`computed_cache`), which
hold data-quality items too. Its register row stays (file name, as-at date, content hash, when
it was loaded), so the history of loads is kept and the same file cannot be loaded again by
mistake. With no list recorded, the measures treat the extract as holding none: its months
show "not covered", never zero. Signed-off scorecards (figures and text) and the audit log are
kept. The purge is one transaction and is recorded in the audit log.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from csc_scorecard.store import audit, computed_cache, tables
from csc_scorecard.store.db import Store
from csc_scorecard.store.extracts import drop_cache


def purge(store: Store, before: date, actor: str, la_code: str | None = None) -> tuple[int, int]:
    """Purge the extracts (of `la_code`, else every LA) dated before `before`: (extracts, rows)."""
    extracts = tables.extracts
    query = sa.select(extracts.c.id).where(extracts.c.as_at < before)
    if la_code is not None:
        query = query.where(extracts.c.la_code == la_code)
    rows = 0
    with store.write_transaction() as conn:
        ids = [extract_id for (extract_id,) in conn.execute(query)]
        if ids:
            for table in tables.list_tables.values():
                rows += conn.execute(table.delete().where(table.c.extract_id.in_(ids))).rowcount
            conn.execute(tables.load_issues.delete().where(tables.load_issues.c.extract_id.in_(ids)))
            conn.execute(tables.extract_lists.delete().where(tables.extract_lists.c.extract_id.in_(ids)))
        scope = f"LA {la_code}" if la_code else "every LA"
        audit.append(store, actor, "purge", f"before {before.isoformat()}", f"{len(ids)} extracts of {scope}, {rows:,} rows", connection=conn)
    for extract_id in ids:
        drop_cache(store, extract_id)
    computed_cache.forget(store)
    return len(ids), rows
